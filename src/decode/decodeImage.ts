// Browser/worker decoding: file bytes -> RGBA pixels with EXIF orientation applied, using the
// browser's own decoders (createImageBitmap) so every format Chromium reads is supported.
import type { RgbaImage } from '../model/preprocess';
import { sniffImage } from './sniff';

export const MAX_FILE_BYTES = 100 * 1024 * 1024;
export const MAX_PIXELS = 64_000_000;

export interface DecodedImage {
  image: RgbaImage;
  format: string;
}

const mb = (n: number) => (n / (1024 * 1024)).toFixed(1);

export async function decodeImage(file: Blob): Promise<DecodedImage> {
  if (file.size > MAX_FILE_BYTES)
    throw new Error(`The file is ${mb(file.size)} MB; files up to ${mb(MAX_FILE_BYTES)} MB are analysed.`);
  const head = new Uint8Array(await file.slice(0, 64).arrayBuffer());
  const sniff = sniffImage(head, file.size);
  if (!sniff.ok) throw new Error(sniff.reason);

  let bitmap: ImageBitmap;
  try {
    // No colour management: training decoded raw pixel values (PIL ignores ICC profiles).
    bitmap = await createImageBitmap(file, {
      imageOrientation: 'from-image',
      premultiplyAlpha: 'none',
      colorSpaceConversion: 'none',
    });
  } catch {
    throw new Error(
      `The ${sniff.format} file could not be decoded: it is damaged, truncated, or uses a variant the browser does not read.`,
    );
  }
  try {
    const { width, height } = bitmap;
    if (width * height > MAX_PIXELS)
      throw new Error(
        `The image is ${width}x${height} (${(width * height / 1e6).toFixed(0)} megapixels); up to ${MAX_PIXELS / 1e6} megapixels are analysed.`,
      );
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('This browser cannot read pixels in a worker (no 2D OffscreenCanvas).');
    ctx.drawImage(bitmap, 0, 0);
    const { data } = ctx.getImageData(0, 0, width, height);
    return { image: { width, height, data }, format: sniff.format };
  } finally {
    bitmap.close();
  }
}
