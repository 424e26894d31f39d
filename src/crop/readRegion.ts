// Reads a region of a decoded photo as RGBA pixels, transparency filled with white: the one way
// the decode worker turns a bitmap into pixels, for the face detector's copy, the faces' crops and
// the classroom's whole photos alike.
import type { RgbaImage } from './preprocess';
import type { Box } from './box';
import { localized, LocalizedError } from '../i18n/localized';

/** Composites transparent pixels over white, in place; returns whether there were any. */
function flattenOnWhite(data: Uint8ClampedArray): boolean {
  let transparent = false;
  for (let i = 3; i < data.length; i += 4) {
    const a = data[i];
    if (a === 255) continue;
    transparent = true;
    const f = a / 255;
    data[i - 3] = data[i - 3] * f + 255 * (1 - f);
    data[i - 2] = data[i - 2] * f + 255 * (1 - f);
    data[i - 1] = data[i - 1] * f + 255 * (1 - f);
    data[i] = 255;
  }
  return transparent;
}

/**
 * Pixels of a region of the photo, drawn at outWidth x outHeight (the region's own size reads
 * it exactly; smaller is the browser's downscale), transparent areas filled with white.
 */
export function readRegion(
  bitmap: ImageBitmap,
  [x, y, width, height]: Box,
  outWidth = width,
  outHeight = height,
): { image: RgbaImage; transparent: boolean } {
  const canvas = new OffscreenCanvas(outWidth, outHeight);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new LocalizedError(localized('decodeNoCanvas', {}));
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(bitmap, x, y, width, height, 0, 0, outWidth, outHeight);
  const { data } = ctx.getImageData(0, 0, outWidth, outHeight);
  const transparent = flattenOnWhite(data);
  return { image: { width: outWidth, height: outHeight, data }, transparent };
}
