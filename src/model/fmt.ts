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

/** The p-quantile of non-negative values by a 4096-bin histogram: O(n), within max/4096. */
export function percentile(values: Float32Array, p: number): number {
  let max = 0;
  for (const v of values) if (v > max) max = v;
  if (max === 0) return 0;
  const bins = new Uint32Array(4096);
  for (const v of values) bins[Math.min(4095, Math.floor((v / max) * 4096))]++;
  const target = p * values.length;
  let seen = 0;
  for (let i = 0; i < bins.length; i++) {
    seen += bins[i];
    if (seen >= target) return ((i + 1) / 4096) * max;
  }
  return max;
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
  const scale = Math.max(percentile(mag, 0.99), 1e-6);
  const magnitude = new Uint8Array(n);
  for (let i = 0; i < n; i++) magnitude[i] = Math.round(Math.min(mag[i] / scale, 1) * 255);
  return { size, magnitude, scale, mean: sum / n };
}
