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
