// Numbers the classroom shows and the tests check, computed on the page from the worker's maps.

/** Mean per-pixel RGB magnitude of an HWC 3-channel residual: Fmt's "trace energy". */
export function fmtEnergy(fmt: Float32Array): number {
  const n = fmt.length / 3;
  if (!n) return 0;
  let sum = 0;
  for (let i = 0; i < fmt.length; i += 3) sum += Math.hypot(fmt[i], fmt[i + 1], fmt[i + 2]);
  return sum / n;
}

/** Largest |a - (b - c)|: how far Fmt is from Conv1(I) - I. */
export function maxResidualError(fmt: Float32Array, conv1: Float32Array, input: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < fmt.length; i++) worst = Math.max(worst, Math.abs(fmt[i] - (conv1[i] - input[i])));
  return worst;
}

/** One channel of an HWC map, as a new array. */
export function channel(data: Float32Array, channels: number, k: number): Float32Array {
  const out = new Float32Array(data.length / channels);
  for (let i = 0; i < out.length; i++) out[i] = data[i * channels + k];
  return out;
}

/** Index of the largest value (the predicted class). */
export const argmax = (xs: number[]): number => xs.reduce((best, x, i) => (x > xs[best] ? i : best), 0);
