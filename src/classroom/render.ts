// Turns the network's float maps into RGBA pixels for a canvas. Three looks: the image itself
// (0..255 RGB), a signed map (blue below zero, white at zero, red above, scaled to the 99th
// percentile of |value|), and a magnitude map (inferno, the app's Fmt colours, 0..max).
import { INFERNO } from '../ui/colormap';
import { percentile } from '../model/fmt';

/** An RGB HWC image of 0..255 floats, clamped and rounded. */
export function rgbToRgba(data: Float32Array, offset = 0, scale = 1): Uint8ClampedArray {
  const n = data.length / 3;
  const out = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) out[i * 4 + c] = offset + data[i * 3 + c] * scale;
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** A signed single-channel map, symmetric about zero; returns the pixels and the scale used. */
export function signedToRgba(values: Float32Array): { pixels: Uint8ClampedArray; scale: number } {
  const abs = values.map(Math.abs);
  const scale = Math.max(percentile(abs, 0.99), 1e-6);
  const out = new Uint8ClampedArray(values.length * 4);
  for (let i = 0; i < values.length; i++) {
    const v = Math.max(-1, Math.min(1, values[i] / scale));
    // white at 0, towards red (+) or blue (-)
    const fade = Math.round(255 * (1 - Math.abs(v)));
    out[i * 4] = v >= 0 ? 255 : fade;
    out[i * 4 + 1] = fade;
    out[i * 4 + 2] = v <= 0 ? 255 : fade;
    out[i * 4 + 3] = 255;
  }
  return { pixels: out, scale };
}

/** A non-negative map (ReLU outputs, magnitudes) in inferno, 0..max. */
export function magnitudeToRgba(values: Float32Array): { pixels: Uint8ClampedArray; max: number } {
  let max = 0;
  let min = Infinity;
  for (const v of values) {
    if (v > max) max = v;
    if (v < min) min = v;
  }
  const lo = Math.min(0, min);
  const range = Math.max(max - lo, 1e-6);
  const out = new Uint8ClampedArray(values.length * 4);
  for (let i = 0; i < values.length; i++) {
    const m = Math.round(((values[i] - lo) / range) * 255) * 3;
    out[i * 4] = INFERNO[m];
    out[i * 4 + 1] = INFERNO[m + 1];
    out[i * 4 + 2] = INFERNO[m + 2];
    out[i * 4 + 3] = 255;
  }
  return { pixels: out, max };
}

/** Per-pixel RGB magnitude of a 3-channel HWC map. */
export function rgbMagnitude(data: Float32Array): Float32Array {
  const out = new Float32Array(data.length / 3);
  for (let i = 0; i < out.length; i++) out[i] = Math.hypot(data[i * 3], data[i * 3 + 1], data[i * 3 + 2]);
  return out;
}
