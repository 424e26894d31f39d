// Turns class probabilities into what the person reads: the leading class, or "uncertain" when
// no class is confidently ahead.

import type { UncertainBand } from '../model/modelCard';

/** The band for a model whose card chooses none: the leading class must reach 0.6 and lead the runner-up by 0.2. */
export const DEFAULT_BAND: UncertainBand = { minProbability: 0.6, minMargin: 0.2 };

export interface Verdict {
  /** The most probable class. */
  label: string;
  probability: number;
  uncertain: boolean;
  /** True when the leading class is not `real`. */
  manipulated: boolean;
}

/** `band` is the model card's (chosen on val, see training/tracelens_train/calibrate.py). */
export function verdictOf(probabilities: number[], classes: string[], band: UncertainBand = DEFAULT_BAND): Verdict {
  if (probabilities.length !== classes.length || classes.length === 0)
    throw new Error(`${probabilities.length} probabilities for ${classes.length} classes`);
  const order = probabilities.map((p, i) => [p, i] as const).sort((a, b) => b[0] - a[0]);
  const [top, topIndex] = order[0];
  const second = order[1]?.[0] ?? 0;
  const label = classes[topIndex];
  return {
    label,
    probability: top,
    uncertain: top < band.minProbability || top - second < band.minMargin,
    manipulated: label !== 'real',
  };
}
