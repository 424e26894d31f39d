// Per-file facts shown beside every verdict: file size, EXIF (camera, software, dates) and the
// estimated JPEG quality. Read from the file's first bytes in the worker, which already has them.
import exifr from 'exifr/dist/lite.esm.mjs';
import { estimateJpegQuality } from './jpegQuality';

export interface ExifFacts {
  /** Make and model, e.g. "Canon EOS 5D". */
  camera: string | null;
  software: string | null;
  /** When the photo was taken (DateTimeOriginal), as written in the file: "YYYY-MM-DD HH:MM:SS". */
  taken: string | null;
  /** When the file was last changed by software (ModifyDate / DateTime). */
  modified: string | null;
}

export interface FileFacts {
  fileSize: number;
  /** IJG quality 1-100 estimated from the quantisation tables; null for other formats. */
  jpegQuality: number | null;
  /** Null when the file has no EXIF, or it could not be read. */
  exif: ExifFacts | null;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim().replace(/\0+$/, '') : null);

/** EXIF dates as the camera wrote them (local time, no zone): never shifted through a Date. */
function exifDate(v: unknown): string | null {
  const s = text(v);
  const m = s?.match(/^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}:\d{2}:\d{2})/);
  return m ? `${m[1]}-${m[2]}-${m[3]} ${m[4]}` : s;
}

const u32 = (b: Uint8Array, o: number) => ((b[o] << 24) >>> 0) + ((b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]);
const ascii = (b: Uint8Array, o: number, n: number) => String.fromCharCode(...b.subarray(o, o + n));

/**
 * Whether exifr can walk this ISO-BMFF file's (AVIF, HEIC) boxes to its 'meta' box. exifr steps
 * from box to box by each box's length, starting past 'ftyp', and never checks that it moves: a box
 * of length 0 holds it in one place for ever, a hang no timer can interrupt (found by fuzzing,
 * issue 24). Its EXIF is read only when the same walk reaches 'meta' inside these bytes.
 */
export function isoBoxesReachMeta(b: Uint8Array): boolean {
  let p = u32(b, 0);
  for (let boxes = 0; boxes < 1000 && p + 8 <= b.length; boxes++) {
    let length = u32(b, p);
    if (length === 1) {
      // A 64-bit length: past these bytes (or 2^32) whenever its high word is set.
      if (p + 16 > b.length || u32(b, p + 8) !== 0) return false;
      length = u32(b, p + 12);
      if (length < 16) return false;
    }
    if (ascii(b, p + 4, 4) === 'meta') return true;
    if (length < 8) return false;
    p += length;
  }
  return false;
}

/** Whether exifr takes these bytes for a HEIC or AVIF file: its own test (first box at most 50 bytes, listing the brand). */
function exifrSeesIsoBmff(b: Uint8Array): boolean {
  const ftypLength = (b[2] << 8) | b[3];
  if (!(ftypLength <= 50)) return false;
  for (let o = 16; o < ftypLength; o += 4) if (['heic', 'avif'].includes(ascii(b, o, 4))) return true;
  return false;
}

export async function readExif(bytes: Uint8Array): Promise<ExifFacts | null> {
  if (bytes.length < 4 || ((ascii(bytes, 4, 4) === 'ftyp' || exifrSeesIsoBmff(bytes)) && !isoBoxesReachMeta(bytes))) return null;
  let tags: Record<string, unknown> | undefined;
  try {
    // Only the two IFDs that hold camera, software and dates (no GPS, thumbnails or maker notes).
    tags = await exifr.parse(bytes, {
      ifd0: {},
      exif: {},
      gps: false,
      interop: false,
      ifd1: false,
      xmp: false,
      icc: false,
      iptc: false,
      jfif: false,
      reviveValues: false,
      translateValues: false,
    });
  } catch {
    return null; // damaged EXIF must never stop the analysis
  }
  if (!tags) return null;
  const make = text(tags.Make);
  const model = text(tags.Model);
  const camera = make && model && !model.startsWith(make) ? `${make} ${model}` : (model ?? make);
  const facts: ExifFacts = {
    camera,
    software: text(tags.Software),
    taken: exifDate(tags.DateTimeOriginal ?? tags.CreateDate),
    modified: exifDate(tags.ModifyDate),
  };
  return Object.values(facts).some((v) => v !== null) ? facts : null;
}

/** `head`: the file's first bytes (EXIF and DQT sit before the image data). */
export async function readFacts(head: Uint8Array, format: string, fileSize: number): Promise<FileFacts> {
  return {
    fileSize,
    jpegQuality: format === 'JPEG' ? (estimateJpegQuality(head)?.quality ?? null) : null,
    exif: await readExif(head),
  };
}
