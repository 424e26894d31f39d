// Turns class probabilities into what the person reads. Two rules, chosen by the model card:
// - a card with a "p-manipulated" `decision` says real or manipulated first, from
//   P(manipulated) = 1 - P(real) and the card's threshold and uncertain range (chosen on val), and
//   reports the kind of manipulation as the non-real class the face looks most like;
// - a card without one names the leading class, or "uncertain" when no class is confidently ahead
//   (the card's `uncertainBand`, or DEFAULT_BAND).
// Every place that states a verdict (the table and its filters and sort, the details, the printable
// report, the exports, the classroom's gallery, `npm run evaluate`) asks a card's Judge (judgeFor)
// and passes that one object around; when a verdict should not be trusted is reliability.ts, and a
// face's warnings that hold its verdict at "uncertain" (HOLDS_VERDICT) are applied here.

import type { ModelCard, UncertainBand, VerdictDecision } from '../model/modelCard';
import { HOLDS_VERDICT, type ReliabilityWarning } from './reliability';

/** The band for a model whose card chooses none: the leading class must reach 0.6 and lead the runner-up by 0.2. */
export const DEFAULT_BAND: UncertainBand = { minProbability: 0.6, minMargin: 0.2 };

/** What decides a verdict: a card's p-manipulated `decision`, or its (or the default) uncertain band. */
export type VerdictRule = UncertainBand | VerdictDecision;

export interface Verdict {
  /**
   * What the face is said to be, or leans to when uncertain: `real`, or else the kind of manipulation.
   * Top-class rule: the most probable class. p-manipulated: `real`, or the most probable non-real class.
   */
  label: string;
  /**
   * The probability the verdict is stated with. Top-class rule: P(label). p-manipulated: P(manipulated)
   * when the verdict is (or leans) manipulated, P(real) when it is (or leans) real.
   */
  probability: number;
  uncertain: boolean;
  /** True when the verdict is, or (uncertain) leans, manipulated. */
  manipulated: boolean;
  /** Set when the card's p-manipulated decision made the verdict (then `probability` may be P(manipulated)). */
  rule?: 'p-manipulated';
  /** Set when the rule would have stated this verdict and a face's warning holds it at uncertain (HOLDS_VERDICT). */
  heldBy?: ReliabilityWarning['code'];
}

/** A p-manipulated decision whose band starts at 0 never states "real" (nothing on val was reliably real). */
export function neverStatesReal(decision: Pick<VerdictDecision, 'uncertain'>): boolean {
  return decision.uncertain[0] <= 0;
}

/** The rule a model card asks for: its `decision` when it has one, else its uncertain band (undefined: the default band). */
export function verdictRule(card: Pick<ModelCard, 'decision' | 'uncertainBand'> | null | undefined): VerdictRule | undefined {
  return card?.decision ?? card?.uncertainBand;
}

const isDecision = (rule: VerdictRule): rule is VerdictDecision => 'rule' in rule && rule.rule === 'p-manipulated';

/** P(manipulated) = 1 - P(real); null for a model without a `real` class. */
export function pManipulated(probabilities: readonly number[], classes: readonly string[]): number | null {
  const real = classes.indexOf('real');
  return real < 0 ? null : 1 - probabilities[real];
}

/** What a verdict looks like: its colour class and mark (colour never carries the meaning alone). */
export type VerdictTone = 'real' | 'fake' | 'uncertain';

export function verdictTone(v: Verdict): VerdictTone {
  return v.uncertain ? 'uncertain' : v.manipulated ? 'fake' : 'real';
}

/** A model card's judgement: its classes and its rule, the one way a face's probabilities become a verdict. */
export interface Judge {
  /** The card's classes, in the network's output order. */
  readonly classes: string[];
  /** The card's rule (verdictRule(card)); undefined: the default band. */
  readonly rule: VerdictRule | undefined;
  /**
   * The verdict on one face's probabilities (in the card's class order), held at uncertain when one of
   * the face's reliability warnings says so (a face's `reliability`; omitted: none).
   */
  verdict(probabilities: number[], reliability?: readonly ReliabilityWarning[]): Verdict;
  /** P(manipulated) = 1 - P(real); null for a model without a `real` class. */
  pManipulated(probabilities: readonly number[]): number | null;
}

type JudgedCard = Pick<ModelCard, 'classes' | 'decision' | 'uncertainBand'>;
const judges = new WeakMap<JudgedCard, Judge>();

/**
 * The card's Judge. The same card gives the same object, so a React or zustand selector that
 * returns it does not change with every render.
 */
export function judgeFor(card: JudgedCard): Judge {
  let judge = judges.get(card);
  if (!judge) {
    judge = judgeOf(card.classes, verdictRule(card));
    judges.set(card, judge);
  }
  return judge;
}

/** A Judge from classes and a rule directly (judgeFor reads them from a card). */
export function judgeOf(classes: string[], rule: VerdictRule | undefined): Judge {
  return {
    classes,
    rule,
    verdict: (probabilities, reliability) => held(verdictOf(probabilities, classes, rule), reliability),
    pManipulated: (probabilities) => pManipulated(probabilities, classes),
  };
}

/** The verdict, uncertain if one of the warnings holds it (and it was stated), saying which. */
export function held(v: Verdict, reliability: readonly ReliabilityWarning[] | undefined): Verdict {
  const by = v.uncertain ? undefined : reliability?.find((w) => HOLDS_VERDICT.has(w.code));
  return by ? { ...v, uncertain: true, heldBy: by.code } : v;
}

/** `rule` is the model card's (see verdictRule; chosen on val, see training/tracelens_train/calibrate.py). Use judgeFor(card).verdict. */
export function verdictOf(probabilities: number[], classes: string[], rule: VerdictRule = DEFAULT_BAND): Verdict {
  if (probabilities.length !== classes.length || classes.length === 0)
    throw new Error(`${probabilities.length} probabilities for ${classes.length} classes`);
  if (isDecision(rule)) return decide(probabilities, classes, rule);
  const order = probabilities.map((p, i) => [p, i] as const).sort((a, b) => b[0] - a[0]);
  const [top, topIndex] = order[0];
  const second = order[1]?.[0] ?? 0;
  const label = classes[topIndex];
  return {
    label,
    probability: top,
    uncertain: top < rule.minProbability || top - second < rule.minMargin,
    manipulated: label !== 'real',
  };
}

/**
 * pm >= uncertain[1]: manipulated; pm < uncertain[0]: real; in between uncertain, leaning
 * manipulated when pm >= threshold. The kind is the most probable non-real class (the first in
 * card order on a tie).
 */
function decide(probabilities: number[], classes: string[], d: VerdictDecision): Verdict {
  const real = classes.indexOf('real');
  if (real < 0) throw new Error(`a "p-manipulated" decision needs a class named "real" (classes: ${classes.join(', ')})`);
  const pm = 1 - probabilities[real];
  const [low, high] = d.uncertain;
  // low <= threshold <= high (the card parser checks), so the side is the threshold's alone.
  const manipulated = pm >= d.threshold;
  let kind = -1;
  probabilities.forEach((p, i) => {
    if (i !== real && (kind < 0 || p > probabilities[kind])) kind = i;
  });
  return {
    label: manipulated ? classes[kind] : 'real',
    probability: manipulated ? pm : probabilities[real],
    uncertain: pm >= low && pm < high,
    manipulated,
    rule: 'p-manipulated',
  };
}

/**
 * The verdict as one token, as the exports and `npm run evaluate --predictions` write it:
 * `real`, `manipulated:<kind>`, `uncertain:real` or `uncertain:manipulated:<kind>` (leaning).
 */
export function verdictCode(v: Verdict): string {
  const side = v.manipulated ? `manipulated:${v.label}` : 'real';
  return v.uncertain ? `uncertain:${side}` : side;
}
