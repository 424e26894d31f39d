// Classification metrics of the evaluation command, as the training package defines them:
// balanced accuracy is the mean recall over classes present; binary is `real` vs any other class;
// ECE (15 equal-width bins of the top probability) as training/tracelens_train/metrics.py computes it.

export const ECE_BINS = 15;

export interface EvaluationMetrics {
  n: number;
  accuracy: number;
  balancedAccuracy: number;
  binaryAccuracy: number;
  perClassRecall: Record<string, number | null>;
  /** Share of real faces called any manipulation (1 - real recall); null without real faces. */
  realFalseAlarmRate: number | null;
  /** Expected calibration error of the top class, ECE_BINS bins; null without probabilities. */
  ece: number | null;
  /** confusion[true][predicted], in `classes` order. */
  confusion: number[][];
  binaryAccuracyBySource: Record<string, number>;
  binaryCountBySource: Record<string, number>;
}

/** Mean over images of |accuracy - confidence| of the image's bin (bin i holds (i/bins, (i+1)/bins]). */
export function expectedCalibrationError(probabilities: number[][], truth: number[], bins = ECE_BINS): number {
  const count = new Array<number>(bins).fill(0);
  const correct = new Array<number>(bins).fill(0);
  const confidence = new Array<number>(bins).fill(0);
  probabilities.forEach((p, i) => {
    const top = Math.max(...p);
    const b = Math.min(bins - 1, Math.max(0, Math.ceil(top * bins) - 1));
    count[b]++;
    confidence[b] += top;
    if (p.indexOf(top) === truth[i]) correct[b]++;
  });
  const n = Math.max(1, probabilities.length);
  return count.reduce((sum, c, b) => (c ? sum + (c / n) * Math.abs(correct[b] / c - confidence[b] / c) : sum), 0);
}

export function computeMetrics(
  classes: string[],
  truth: number[],
  predicted: number[],
  sources?: string[],
  probabilities?: number[][],
): EvaluationMetrics {
  if (truth.length !== predicted.length) throw new Error('truth and predictions differ in length');
  if (probabilities && probabilities.length !== truth.length) throw new Error('truth and probabilities differ in length');
  const k = classes.length;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  truth.forEach((t, i) => confusion[t][predicted[i]]++);
  const perClassRecall: Record<string, number | null> = {};
  const recalls: number[] = [];
  classes.forEach((c, i) => {
    const n = confusion[i].reduce((a, b) => a + b, 0);
    perClassRecall[c] = n ? confusion[i][i] / n : null;
    if (n) recalls.push(confusion[i][i] / n);
  });
  const real = classes.indexOf('real');
  const binaryOk = truth.map((t, i) => (t === real) === (predicted[i] === real));
  const bySource = new Map<string, boolean[]>();
  sources?.forEach((s, i) => bySource.set(s, [...(bySource.get(s) ?? []), binaryOk[i]]));
  const mean = (xs: boolean[]) => xs.filter(Boolean).length / Math.max(1, xs.length);
  const sorted = [...bySource.entries()].sort(([a], [b]) => a.localeCompare(b));
  return {
    n: truth.length,
    accuracy: truth.filter((t, i) => t === predicted[i]).length / Math.max(1, truth.length),
    balancedAccuracy: recalls.reduce((a, b) => a + b, 0) / Math.max(1, recalls.length),
    binaryAccuracy: real < 0 ? NaN : mean(binaryOk),
    perClassRecall,
    realFalseAlarmRate: real >= 0 && perClassRecall[classes[real]] !== null ? 1 - (perClassRecall[classes[real]] as number) : null,
    ece: probabilities ? expectedCalibrationError(probabilities, truth) : null,
    confusion,
    binaryAccuracyBySource: Object.fromEntries(sorted.map(([s, v]) => [s, mean(v)])),
    binaryCountBySource: Object.fromEntries(sorted.map(([s, v]) => [s, v.length])),
  };
}

/**
 * Area under the ROC curve of `scores` for telling positives (true) from negatives: the chance that a
 * random positive scores above a random negative, ties counting half (the Mann-Whitney U with tied
 * scores given the average of their ranks). Null unless both positives and negatives are present.
 */
export function rocAuc(scores: readonly number[], positive: readonly boolean[]): number | null {
  if (scores.length !== positive.length) throw new Error('scores and labels differ in length');
  if (scores.some((s) => Number.isNaN(s))) throw new Error('a score is NaN');
  const nPos = positive.filter(Boolean).length;
  const nNeg = positive.length - nPos;
  if (!nPos || !nNeg) return null;
  const order = scores.map((_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let positiveRanks = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]] === scores[order[start]]) end++;
    const rank = (start + end) / 2 + 1; // 1-based ranks start+1 … end+1, averaged
    for (let k = start; k <= end; k++) if (positive[order[k]]) positiveRanks += rank;
    start = end + 1;
  }
  return (positiveRanks - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/** Real vs manipulated, scored by P(manipulated) = 1 - P(real) and judged by the app's verdicts. */
export interface ManipulationMetrics {
  /** AUC of P(manipulated): real faces negative, every other class positive. */
  aucManipulated: number | null;
  /**
   * Per source: the source's manipulated faces against every real face of the run; for a source
   * with only real faces, its real faces against every manipulated face of the run.
   */
  aucManipulatedBySource: Record<string, number | null>;
  /** The same per family (the manifest's `family` column); null when the data set has none. */
  aucManipulatedByFamily: Record<string, number | null> | null;
  /** Share of real faces whose verdict is a stated (not uncertain) "manipulated". */
  realStatedManipulatedRate: number | null;
  /** The same per source, and per family, for the sources (families) with real faces. */
  realStatedManipulatedRateBySource: Record<string, number>;
  realStatedManipulatedRateByFamily: Record<string, number> | null;
  /** Share of faces with a stated verdict (not "uncertain"). */
  statedRate: number | null;
  /** Of the stated verdicts, the share right about real vs manipulated. */
  statedBinaryAccuracy: number | null;
}

export interface FaceVerdict {
  /** The truth: not `real`. */
  fake: boolean;
  pManipulated: number;
  /** The verdict is stated, not "uncertain". */
  stated: boolean;
  /** The verdict is (or, uncertain, leans) manipulated. */
  manipulated: boolean;
  source?: string;
  family?: string;
}

const share = (xs: readonly boolean[]): number | null => (xs.length ? xs.filter(Boolean).length / xs.length : null);

/** AUC per group, as ManipulationMetrics.aucManipulatedBySource describes, groups sorted by name. */
function aucByGroup(faces: readonly FaceVerdict[], key: (f: FaceVerdict) => string | undefined): Record<string, number | null> {
  const reals = faces.filter((f) => !f.fake);
  const fakes = faces.filter((f) => f.fake);
  const groups = [...new Set(faces.map(key).filter((k): k is string => k !== undefined))].sort();
  return Object.fromEntries(
    groups.map((g) => {
      const members = faces.filter((f) => key(f) === g);
      const memberFakes = members.filter((f) => f.fake);
      const [pos, neg] = memberFakes.length ? [memberFakes, reals] : [fakes, members];
      return [g, rocAuc([...pos, ...neg].map((f) => f.pManipulated), [...pos.map(() => true), ...neg.map(() => false)])];
    }),
  );
}

function realStatedManipulatedByGroup(faces: readonly FaceVerdict[], key: (f: FaceVerdict) => string | undefined): Record<string, number> {
  const out = new Map<string, boolean[]>();
  for (const f of faces) {
    const k = key(f);
    if (f.fake || k === undefined) continue;
    if (!out.has(k)) out.set(k, []);
    out.get(k)!.push(f.stated && f.manipulated);
  }
  return Object.fromEntries([...out.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, share(v)!]));
}

export function manipulationMetrics(faces: readonly FaceVerdict[]): ManipulationMetrics {
  const hasFamilies = faces.some((f) => f.family !== undefined);
  const stated = faces.filter((f) => f.stated);
  return {
    aucManipulated: rocAuc(
      faces.map((f) => f.pManipulated),
      faces.map((f) => f.fake),
    ),
    aucManipulatedBySource: aucByGroup(faces, (f) => f.source),
    aucManipulatedByFamily: hasFamilies ? aucByGroup(faces, (f) => f.family) : null,
    realStatedManipulatedRate: share(faces.filter((f) => !f.fake).map((f) => f.stated && f.manipulated)),
    realStatedManipulatedRateBySource: realStatedManipulatedByGroup(faces, (f) => f.source),
    realStatedManipulatedRateByFamily: hasFamilies ? realStatedManipulatedByGroup(faces, (f) => f.family) : null,
    statedRate: share(faces.map((f) => f.stated)),
    statedBinaryAccuracy: share(stated.map((f) => f.manipulated === f.fake)),
  };
}
