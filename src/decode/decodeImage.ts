// Browser/worker decoding: file bytes -> RGBA pixels with EXIF orientation applied, using the
// browser's own decoders (createImageBitmap) so every format Chromium reads is supported.
// Headers are checked first so damaged files and decompression bombs never reach the decoder.
import type { RgbaImage } from '../model/preprocess';
import { readFacts, type FileFacts } from './facts';
import { isTruncated, readHeader } from './headers';
import { sniffImage } from './sniff';

export const MAX_FILE_BYTES = 100 * 1024 * 1024;
export const MAX_PIXELS = 64_000_000;
/** Enough to reach a JPEG's frame header past large EXIF/ICC segments. */
const HEAD_BYTES = 1024 * 1024;
const TAIL_BYTES = 4096;

export interface DecodedImage {
  image: RgbaImage;
  format: string;
  /** Things the person should know about how this file was read. */
  warnings: string[];
  facts: FileFacts;
}

const mb = (n: number) => (n / (1024 * 1024)).toFixed(1);

function tooManyPixels(width: number, height: number): string | null {
  if (width * height <= MAX_PIXELS) return null;
  return `The image is ${width}×${height} (${((width * height) / 1e6).toFixed(0)} megapixels); images up to ${MAX_PIXELS / 1e6} megapixels are analysed.`;
}

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

/** A checked, oriented, decoded photo; its pixels are read a region at a time (see readRegion). */
export interface OpenedImage {
  bitmap: ImageBitmap;
  width: number;
  height: number;
  format: string;
  warnings: string[];
  facts: FileFacts;
}

export async function openImage(file: Blob): Promise<OpenedImage> {
  if (file.size > MAX_FILE_BYTES)
    throw new Error(`The file is ${mb(file.size)} MB; files up to ${mb(MAX_FILE_BYTES)} MB are analysed.`);
  const head = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
  const sniff = sniffImage(head.subarray(0, 64), file.size);
  if (!sniff.ok) throw new Error(sniff.reason);
  const { format } = sniff;
  const warnings: string[] = [];

  const header = readHeader(format, head);
  if (header) {
    const tooBig = tooManyPixels(header.width, header.height);
    if (tooBig) throw new Error(tooBig);
    if (header.width === 0 || header.height === 0) throw new Error(`The ${format} header says the image has no pixels.`);
    if (header.animated) warnings.push(`Animated ${format}: only the first frame was analysed.`);
    if (header.components === 4) warnings.push('CMYK JPEG: the browser converted it to RGB; the model was trained on RGB photos.');
  }
  const tail = new Uint8Array(await file.slice(Math.max(0, file.size - TAIL_BYTES)).arrayBuffer());
  if (isTruncated(format, tail))
    throw new Error(`The ${format} file is truncated: it ends before the image data is complete (an interrupted download or copy?).`);

  let bitmap: ImageBitmap;
  try {
    // No colour management: training decoded raw pixel values (PIL ignores ICC profiles).
    bitmap = await createImageBitmap(file, {
      imageOrientation: 'from-image',
      premultiplyAlpha: 'none',
      colorSpaceConversion: 'none',
    });
  } catch {
    throw new Error(`The ${format} file could not be decoded: it is damaged, or uses a variant the browser does not read.`);
  }
  const tooBig = tooManyPixels(bitmap.width, bitmap.height);
  if (tooBig) {
    bitmap.close();
    throw new Error(tooBig);
  }
  return { bitmap, width: bitmap.width, height: bitmap.height, format, warnings, facts: await readFacts(head, format, file.size) };
}

/**
 * Pixels of a region of the photo, drawn at outWidth x outHeight (the region's own size reads
 * it exactly; smaller is the browser's downscale), transparent areas filled with white.
 */
export function readRegion(
  bitmap: ImageBitmap,
  region: { x: number; y: number; width: number; height: number },
  outWidth = region.width,
  outHeight = region.height,
): { image: RgbaImage; transparent: boolean } {
  const canvas = new OffscreenCanvas(outWidth, outHeight);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('This browser cannot read pixels in a worker (no 2D OffscreenCanvas).');
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(bitmap, region.x, region.y, region.width, region.height, 0, 0, outWidth, outHeight);
  const { data } = ctx.getImageData(0, 0, outWidth, outHeight);
  const transparent = flattenOnWhite(data);
  return { image: { width: outWidth, height: outHeight, data }, transparent };
}

export const TRANSPARENCY_WARNING = 'The image has transparent areas; they were filled with white before analysis.';
