// Turns decoded pixels and a face box into the network's input: an RGB float crop of
// inputSize x inputSize with raw 0..255 values, plus the same crop as displayable RGBA.
import { resizeAntialiased } from './resize';
import type { Box } from './box';

export interface RgbaImage {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel, row-major (ImageData's layout). */
  data: Uint8Array | Uint8ClampedArray;
}

export interface ModelInput {
  /** HWC float RGB, 0..255, length size*size*3. */
  pixels: Float32Array;
  /** The same crop as RGBA bytes, for showing the person what the model saw. */
  preview: Uint8ClampedArray;
  size: number;
}

/** Integer pixel rectangle of `box` clipped to the image; throws if nothing is left. */
export function clipBox([x, y, w, h]: Box, width: number, height: number): Box {
  const x0 = Math.max(0, Math.floor(x));
  const y0 = Math.max(0, Math.floor(y));
  const x1 = Math.min(width, Math.ceil(x + w));
  const y1 = Math.min(height, Math.ceil(y + h));
  if (x1 <= x0 || y1 <= y0) throw new Error('The face box lies outside the image');
  return [x0, y0, x1 - x0, y1 - y0];
}

/** The network's input for the square `box` of `image` (clipped to it), resized as training did. */
export function toModelInput(image: RgbaImage, box: Box, size: number): ModelInput {
  const rect = clipBox(box, image.width, image.height);
  const pixels = resizeAntialiased(image.data, image.width, image.height, 4, size, size, rect, 3);
  const preview = new Uint8ClampedArray(size * size * 4);
  for (let i = 0, j = 0; i < pixels.length; i += 3, j += 4) {
    preview[j] = pixels[i];
    preview[j + 1] = pixels[i + 1];
    preview[j + 2] = pixels[i + 2];
    preview[j + 3] = 255;
  }
  return { pixels, preview, size };
}
