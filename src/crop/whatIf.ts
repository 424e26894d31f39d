// The classroom's what-if lab, pure part: the degradations a photo meets on its way through the
// web (downscaling, blur, sensor or added noise) and a shifted crop, applied to decoded RGBA
// pixels before the network's own crop and resize. JPEG re-compression needs an encoder and is
// applied in the worker (src/worker/inspect.ts). No DOM; runs in the worker and in tests.
import type { RgbaImage } from './preprocess';
import { resizeAntialiased } from './resize';
import type { Box } from './box';
import { seededRandom } from './seededRandom';

export interface WhatIf {
  /** Re-compress as JPEG at this quality (1..100); null leaves the pixels as decoded. */
  jpegQuality: number | null;
  /** Downscale the photo to this fraction of its size first (1 = unchanged). */
  scale: number;
  /** Gaussian blur, sigma in pixels of the (downscaled) photo (0 = none). */
  blur: number;
  /** Gaussian noise, standard deviation in 0..255 pixel units, fixed seed (0 = none). */
  noise: number;
  /** Moves the face box by this many pixels right and down (negative: left and up). */
  shiftX: number;
  shiftY: number;
}

export const NO_CHANGE: WhatIf = { jpegQuality: null, scale: 1, blur: 0, noise: 0, shiftX: 0, shiftY: 0 };

/** The noise is the same on every run, so moving another slider never re-rolls it. */
export const NOISE_SEED = 20210514;

/** Resizes the whole image to `scale` of its size (antialiased, as PyTorch / PIL would). */
export function downscale(img: RgbaImage, scale: number): RgbaImage {
  if (scale >= 1) return img;
  const width = Math.max(8, Math.round(img.width * scale));
  const height = Math.max(8, Math.round(img.height * scale));
  const f = resizeAntialiased(img.data, img.width, img.height, 4, width, height);
  const data = new Uint8ClampedArray(f.length);
  for (let i = 0; i < f.length; i++) data[i] = Math.round(f[i]);
  return { width, height, data };
}

/** Normalised 1-D Gaussian taps, radius ceil(3 sigma). */
export function gaussianKernel(sigma: number): Float32Array {
  const r = Math.max(1, Math.ceil(3 * sigma));
  const k = new Float32Array(2 * r + 1);
  let sum = 0;
  for (let i = -r; i <= r; i++) sum += k[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = 0; i < k.length; i++) k[i] /= sum;
  return k;
}

/** Separable Gaussian blur of the RGB channels with clamped (replicated) borders. */
export function gaussianBlur(img: RgbaImage, sigma: number): RgbaImage {
  if (sigma <= 0) return img;
  const { width: w, height: h } = img;
  const k = gaussianKernel(sigma);
  const r = (k.length - 1) / 2;
  const tmp = new Float32Array(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let c = 0; c < 3; c++) {
        let acc = 0;
        for (let j = -r; j <= r; j++) acc += k[j + r] * img.data[(y * w + Math.min(w - 1, Math.max(0, x + j))) * 4 + c];
        tmp[(y * w + x) * 3 + c] = acc;
      }
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < 3; c++) {
        let acc = 0;
        for (let j = -r; j <= r; j++) acc += k[j + r] * tmp[(Math.min(h - 1, Math.max(0, y + j)) * w + x) * 3 + c];
        data[(y * w + x) * 4 + c] = Math.round(acc);
      }
      data[(y * w + x) * 4 + 3] = 255;
    }
  return { width: w, height: h, data };
}


/** Adds Gaussian noise (Box-Muller on a seeded generator) to the RGB channels. */
export function addNoise(img: RgbaImage, sigma: number, seed = NOISE_SEED): RgbaImage {
  if (sigma <= 0) return img;
  const rand = seededRandom(seed);
  const data = new Uint8ClampedArray(img.data);
  for (let i = 0; i < data.length; i += 4)
    for (let c = 0; c < 3; c++) {
      const u = 1 - rand();
      const v = rand();
      data[i + c] = Math.round(data[i + c] + sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
    }
  return { width: img.width, height: img.height, data };
}

/** Everything but JPEG, in the order a photo meets them: resized, blurred, noisy. */
export function degrade(img: RgbaImage, w: WhatIf): RgbaImage {
  return addNoise(gaussianBlur(downscale(img, w.scale), w.blur), w.noise);
}

/** The face box (for now the whole photo, as in the analysis) moved by the shift, in scaled pixels. */
export function shiftedBox(width: number, height: number, w: Pick<WhatIf, 'shiftX' | 'shiftY' | 'scale'>): Box {
  const s = Math.min(1, w.scale);
  return [Math.round(w.shiftX * s), Math.round(w.shiftY * s), width, height];
}
