// Browser/worker decoding: file bytes -> a checked, oriented bitmap (EXIF orientation applied), using
// the browser's own decoders (createImageBitmap) so every format Chromium reads is supported.
// Headers are checked first so damaged files and decompression bombs never reach the decoder.
// The file facts are read by openImage.ts, so code that needs only the pixels loads no EXIF reader.
import { isTruncated, readHeader } from './headers';
import { sniffImage } from './sniff';
import { localized, LocalizedError, type Localized } from '../i18n/localized';

export const MAX_FILE_BYTES = 100 * 1024 * 1024;
export const MAX_PIXELS = 64_000_000;
/**
 * Shorter sides below this are refused: no face fits, and a strip one pixel wide would reach the
 * networks as a shape they cannot take (issue 24: a forged 1 × 65000 JPEG broke the engine).
 */
export const MIN_SIDE = 16;
/** Enough to reach a JPEG's frame header past large EXIF/ICC segments. */
const HEAD_BYTES = 1024 * 1024;
const TAIL_BYTES = 4096;

const mb = (n: number) => (n / (1024 * 1024)).toFixed(1);

function tooManyPixels(width: number, height: number): LocalizedError | null {
  if (width * height <= MAX_PIXELS) return null;
  return new LocalizedError(
    localized('decodeTooManyPixels', { width, height, mp: ((width * height) / 1e6).toFixed(0), max: MAX_PIXELS / 1e6 }),
  );
}

/** The specific refusal of a picture with these dimensions, or null when it can be analysed. */
export function checkDimensions(format: string, width: number, height: number): LocalizedError | null {
  if (!(width > 0 && height > 0)) return new LocalizedError(localized('decodeNoPixels', { format }));
  const tooBig = tooManyPixels(width, height);
  if (tooBig) return tooBig;
  if (Math.min(width, height) < MIN_SIDE) return new LocalizedError(localized('decodeTooSmall', { width, height, min: MIN_SIDE }));
  return null;
}

/** A checked, oriented, decoded photo; its pixels are read a region at a time (src/crop/readRegion.ts). */
export interface DecodedImage {
  bitmap: ImageBitmap;
  width: number;
  height: number;
  format: string;
  warnings: Localized[];
  /** The file's first bytes (up to 1 MB), where its header and metadata are. */
  head: Uint8Array;
}

/** The header checks and the decoding; throws a LocalizedError saying what is wrong with a file that cannot be analysed. */
export async function decodeImage(file: Blob): Promise<DecodedImage> {
  if (file.size > MAX_FILE_BYTES)
    throw new LocalizedError(localized('decodeTooLarge', { size: mb(file.size), max: mb(MAX_FILE_BYTES) }));
  const head = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
  const sniff = sniffImage(head.subarray(0, 64), file.size);
  if (!sniff.ok) throw new LocalizedError(sniff.reason);
  const { format } = sniff;
  const warnings: Localized[] = [];

  const header = readHeader(format, head);
  if (header) {
    const refused = checkDimensions(format, header.width, header.height);
    if (refused) throw refused;
    if (header.animated) warnings.push(localized('warnAnimated', { format }));
    if (header.components === 4) warnings.push(localized('warnCmyk', {}));
  }
  const tail = new Uint8Array(await file.slice(Math.max(0, file.size - TAIL_BYTES)).arrayBuffer());
  if (isTruncated(format, tail))
    throw new LocalizedError(localized('decodeTruncated', { format }));

  let bitmap: ImageBitmap;
  try {
    // No colour management: training decoded raw pixel values (PIL ignores ICC profiles).
    bitmap = await createImageBitmap(file, {
      imageOrientation: 'from-image',
      premultiplyAlpha: 'none',
      colorSpaceConversion: 'none',
    });
  } catch {
    throw new LocalizedError(localized('decodeDamaged', { format }));
  }
  // The decoder has the last word (a header the checks could not read, an EXIF rotation).
  const refused = checkDimensions(format, bitmap.width, bitmap.height);
  if (refused) {
    bitmap.close();
    throw refused;
  }
  return { bitmap, width: bitmap.width, height: bitmap.height, format, warnings, head };
}
