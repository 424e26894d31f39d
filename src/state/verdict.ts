// Turns class probabilities into what the person reads: the leading class, or "uncertain" when
// no class is confidently ahead.

/** The leading class must reach this probability to be stated as the verdict. */
export const CONFIDENT_PROBABILITY = 0.6;
/** ...and lead the runner-up by at least this much. */
export const CONFIDENT_MARGIN = 0.2;

export interface Verdict {
  /** The most probable class. */
  label: string;
  probability: number;
  uncertain: boolean;
  /** True when the leading class is not `real`. */
  manipulated: boolean;
}

export function verdictOf(probabilities: number[], classes: string[]): Verdict {
  if (probabilities.length !== classes.length || classes.length === 0)
    throw new Error(`${probabilities.length} probabilities for ${classes.length} classes`);
  const order = probabilities.map((p, i) => [p, i] as const).sort((a, b) => b[0] - a[0]);
  const [top, topIndex] = order[0];
  const second = order[1]?.[0] ?? 0;
  const label = classes[topIndex];
  return {
    label,
    probability: top,
    uncertain: top < CONFIDENT_PROBABILITY || top - second < CONFIDENT_MARGIN,
    manipulated: label !== 'real',
  };
}
