// Browser/worker decoding: file bytes -> a checked, oriented bitmap (EXIF orientation applied), using
// the browser's own decoders (createImageBitmap) so every format Chromium reads is supported.
// Headers are checked first so damaged files and decompression bombs never reach the decoder.
// The file facts are read by openImage.ts, so code that needs only the pixels loads no EXIF reader.
import { isTruncated, readHeader } from './headers';
import { sniffImage } from './sniff';

export const MAX_FILE_BYTES = 100 * 1024 * 1024;
export const MAX_PIXELS = 64_000_000;
/** Enough to reach a JPEG's frame header past large EXIF/ICC segments. */
const HEAD_BYTES = 1024 * 1024;
const TAIL_BYTES = 4096;

const mb = (n: number) => (n / (1024 * 1024)).toFixed(1);

function tooManyPixels(width: number, height: number): string | null {
  if (width * height <= MAX_PIXELS) return null;
  return `The image is ${width}×${height} (${((width * height) / 1e6).toFixed(0)} megapixels); images up to ${MAX_PIXELS / 1e6} megapixels are analysed.`;
}


/** A checked, oriented, decoded photo; its pixels are read a region at a time (readRegion.ts). */
export interface DecodedImage {
  bitmap: ImageBitmap;
  width: number;
  height: number;
  format: string;
  warnings: string[];
  /** The file's first bytes (up to 1 MB), where its header and metadata are. */
  head: Uint8Array;
}

/** The header checks and the decoding, with a clear message for each way a file can fail them. */
export async function decodeImage(file: Blob): Promise<DecodedImage> {
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
  return { bitmap, width: bitmap.width, height: bitmap.height, format, warnings, head };
}
