// Reduces the 3-channel residual Fmt to one displayable map: the per-pixel Euclidean norm over
// RGB, quantised to bytes against a robust scale (99th percentile) so outliers do not wash it out.

export interface FmtMap {
  size: number;
  /** Per-pixel |Fmt| / scale, 0..255, length size*size. */
  magnitude: Uint8Array;
  /** The |Fmt| value (in 0..255 pixel units) that maps to 255. */
  scale: number;
  /** Mean |Fmt| over the crop, in pixel units: a single "trace energy" number. */
  mean: number;
}

export function fmtMagnitudeMap(fmt: Float32Array, size: number): FmtMap {
  const n = size * size;
  const mag = new Float32Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const r = fmt[i * 3];
    const g = fmt[i * 3 + 1];
    const b = fmt[i * 3 + 2];
    mag[i] = Math.sqrt(r * r + g * g + b * b);
    sum += mag[i];
  }
  const sorted = Float32Array.from(mag).sort();
  const scale = Math.max(sorted[Math.min(n - 1, Math.floor(0.99 * n))], 1e-6);
  const magnitude = new Uint8Array(n);
  for (let i = 0; i < n; i++) magnitude[i] = Math.round(Math.min(mag[i] / scale, 1) * 255);
  return { size, magnitude, scale, mean: sum / n };
}
