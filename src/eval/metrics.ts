// Classification metrics of the evaluation command, as the training package defines them:
// balanced accuracy is the mean recall over classes present; binary is `real` vs any other class.

export interface EvaluationMetrics {
  n: number;
  accuracy: number;
  balancedAccuracy: number;
  binaryAccuracy: number;
  perClassRecall: Record<string, number | null>;
  /** confusion[true][predicted], in `classes` order. */
  confusion: number[][];
  binaryAccuracyBySource: Record<string, number>;
  binaryCountBySource: Record<string, number>;
}

export function computeMetrics(classes: string[], truth: number[], predicted: number[], sources?: string[]): EvaluationMetrics {
  if (truth.length !== predicted.length) throw new Error('truth and predictions differ in length');
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
    confusion,
    binaryAccuracyBySource: Object.fromEntries(sorted.map(([s, v]) => [s, mean(v)])),
    binaryCountBySource: Object.fromEntries(sorted.map(([s, v]) => [s, v.length])),
  };
}
