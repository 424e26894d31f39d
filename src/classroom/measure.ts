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

/**
 * Fmt's fine detail: each channel minus its (2r+1)^2 local mean (borders clamped), as an HWC map.
 * A learned Conv1 whose taps do not sum to one leaves part of the image content in Fmt; this
 * keeps only the high-frequency part, where blur and compression act.
 */
export function fineDetail(fmt: Float32Array, size: number, r = 2): Float32Array {
  const out = new Float32Array(fmt.length);
  // Summed-area table per channel makes the local mean O(1) per pixel.
  const w = size + 1;
  const sat = new Float64Array(w * w);
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++)
        sat[(y + 1) * w + x + 1] = fmt[(y * size + x) * 3 + c] + sat[y * w + x + 1] + sat[(y + 1) * w + x] - sat[y * w + x];
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) {
        const y0 = Math.max(0, y - r);
        const y1 = Math.min(size, y + r + 1);
        const x0 = Math.max(0, x - r);
        const x1 = Math.min(size, x + r + 1);
        const mean = (sat[y1 * w + x1] - sat[y0 * w + x1] - sat[y1 * w + x0] + sat[y0 * w + x0]) / ((y1 - y0) * (x1 - x0));
        out[(y * size + x) * 3 + c] = fmt[(y * size + x) * 3 + c] - mean;
      }
  }
  return out;
}

/** Mean RGB magnitude of Fmt's fine detail: the "trace energy" that blur removes. */
export const detailEnergy = (fmt: Float32Array, size: number): number => fmtEnergy(fineDetail(fmt, size));
