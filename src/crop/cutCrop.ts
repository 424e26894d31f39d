// A face's crop cut from an opened photo: only the crop square's own pixels are read, at full
// resolution, then resized to the network's input (preprocess.ts). The decode worker runs it.
import { localized, LocalizedError } from '../i18n/localized';
import type { Box } from './box';
import { clipBox, toModelInput, type ModelInput } from './preprocess';
import { readRegion } from './readRegion';

/** Chromium's largest canvas side. */
export const MAX_CANVAS_SIDE = 32_767;

/** The network's input (and its preview) for the square `box` of `bitmap`. */
export function cutCrop(bitmap: ImageBitmap, box: Box, inputSize: number): Pick<ModelInput, 'pixels' | 'preview'> {
  const rect = clipBox(box, bitmap.width, bitmap.height);
  const [, , width, height] = rect;
  // A canvas of no pixels, or past the browser's canvas limits, is never made (the pipeline checked the box).
  if (!(width >= 1 && height >= 1 && width <= MAX_CANVAS_SIDE && height <= MAX_CANVAS_SIDE))
    throw new LocalizedError(localized('regionBadShape', { box: box.join(', '), width: bitmap.width, height: bitmap.height }));
  const { image } = readRegion(bitmap, rect);
  const input = toModelInput(image, [0, 0, width, height], inputSize);
  return { pixels: input.pixels, preview: input.preview };
}
