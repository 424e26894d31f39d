// The colour scale for the Fmt residual map: "inferno", perceptually uniform and readable in
// greyscale print, so brightness alone carries the magnitude.
const STOPS: [number, number, number][] = [
  [0, 0, 4],
  [31, 12, 72],
  [85, 15, 109],
  [136, 34, 106],
  [186, 54, 85],
  [227, 89, 51],
  [249, 142, 9],
  [248, 201, 50],
  [252, 255, 164],
];

/** 256 RGB entries, index = quantised magnitude. */
export const INFERNO: Uint8Array = (() => {
  const lut = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) {
    const t = (i / 255) * (STOPS.length - 1);
    const k = Math.min(Math.floor(t), STOPS.length - 2);
    const f = t - k;
    for (let c = 0; c < 3; c++) lut[i * 3 + c] = Math.round(STOPS[k][c] * (1 - f) + STOPS[k + 1][c] * f);
  }
  return lut;
})();

export const INFERNO_CSS_GRADIENT = `linear-gradient(to right, ${STOPS.map(([r, g, b]) => `rgb(${r} ${g} ${b})`).join(', ')})`;

/** RGBA pixels of a magnitude map, optionally blended over a base image with `opacity`. */
export function colouriseMagnitude(magnitude: Uint8Array, base?: Uint8ClampedArray, opacity = 1): Uint8ClampedArray {
  const out = new Uint8ClampedArray(magnitude.length * 4);
  for (let i = 0; i < magnitude.length; i++) {
    const m = magnitude[i] * 3;
    for (let c = 0; c < 3; c++) {
      const colour = INFERNO[m + c];
      out[i * 4 + c] = base ? base[i * 4 + c] * (1 - opacity) + colour * opacity : colour;
    }
    out[i * 4 + 3] = 255;
  }
  return out;
}
