// Property test of the header parsing (issue 24): over random and mutated headers of every format
// (bit flips, overwritten and forged dimensions, cuts, inserted and deleted bytes, splices), the
// parsers never throw and say only whole, non-negative dimensions, and the checks before decoding
// (decodeImage, with the browser's decoder stood in for) refuse a file only with one of the typed
// "unsupported or damaged" messages, never letting a shape with no pixels, too thin a side or too
// many pixels through. A seeded generator: a failure names its seed and case, and comes back.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import sharp from 'sharp';
import { isTruncated, readHeader } from './headers';
import { sniffImage, SUPPORTED_FORMATS } from './sniff';
import { jpegSegments } from './jpegSegments';
import { estimateJpegQuality, readQuantTables } from './jpegQuality';
import { readFacts } from './facts';
import { decodeImage, MAX_PIXELS, MIN_SIDE } from './decodeImage';
import { LocalizedError } from '../i18n/localized';
import type { MessageKey } from '../i18n/messages';
import { seededRandom as prng } from '../crop/seededRandom';

const SEED = Number(process.env.FUZZ_SEED ?? 24);
const CASES = 3000;

/** The typed refusals of a file: what it is not, or what is wrong with it. */
const REFUSALS: MessageKey[] = [
  'decodeEmpty', 'decodeHeic', 'decodeMedia', 'decodePdf', 'decodeTiff', 'decodeSvg', 'decodeText', 'decodeUnknown',
  'decodeTooLarge', 'decodeTooManyPixels', 'decodeNoPixels', 'decodeTooSmall', 'decodeTruncated', 'decodeDamaged',
];

/** Real files of every format to mutate: small pictures, with EXIF, CMYK, progressive, lossless, alpha. */
async function seeds(): Promise<Uint8Array[]> {
  const img = (w: number, h: number) => sharp({ create: { width: w, height: h, channels: 3, background: { r: 200, g: 120, b: 40 } } });
  const bmp = new Uint8Array(54 + 20 * 4 * 3);
  const v = new DataView(bmp.buffer);
  bmp.set([0x42, 0x4d]);
  v.setUint32(2, bmp.length, true);
  v.setUint32(10, 54, true);
  v.setUint32(14, 40, true);
  v.setInt32(18, 20, true);
  v.setInt32(22, -4, true);
  v.setUint16(26, 1, true);
  v.setUint16(28, 24, true);
  const buffers = await Promise.all([
    img(40, 30).jpeg().withMetadata({ orientation: 6, exif: { IFD0: { Make: 'Canon', Model: 'EOS 5D', Software: 'GIMP' } } }).toBuffer(),
    img(33, 17).jpeg({ progressive: true, quality: 40 }).toBuffer(),
    img(20, 20).toColourspace('cmyk').jpeg().toBuffer(),
    img(31, 7).png().toBuffer(),
    img(18, 40).webp({ quality: 60 }).toBuffer(),
    img(18, 40).webp({ lossless: true }).toBuffer(),
    sharp({ create: { width: 25, height: 19, channels: 4, background: { r: 1, g: 2, b: 3, alpha: 0.5 } } }).webp().toBuffer(),
    img(22, 9).gif().toBuffer(),
    img(16, 16).avif().toBuffer(),
  ]);
  return [...buffers.map((b) => new Uint8Array(b)), bmp];
}

type Rnd = () => number;
const int = (rnd: Rnd, n: number) => Math.floor(rnd() * n);

/** A byte in the first 64 (where the headers are) half the time. */
const at = (rnd: Rnd, b: Uint8Array) => (rnd() < 0.5 ? int(rnd, Math.min(64, b.length)) : int(rnd, b.length));
/** Widths and heights a forger would write: none, one pixel, the formats' maxima, random. */
const DIMS = [0, 1, 2, 15, 16, 17, 0x3fff, 0x4000, 0xffff, 0x10000, 0x7fffffff, 0xffffffff];

function mutate(rnd: Rnd, src: Uint8Array): Uint8Array {
  let b: Uint8Array = Uint8Array.from(src);
  const steps = 1 + int(rnd, 4);
  for (let s = 0; s < steps && b.length; s++) {
    const kind = int(rnd, 7);
    if (kind === 0) b[at(rnd, b)] ^= 1 << int(rnd, 8);
    else if (kind === 1) b[at(rnd, b)] = int(rnd, 256);
    else if (kind === 2) {
      // A width or height overwritten: 2 or 4 bytes, either byte order, at a header offset.
      const o = at(rnd, b);
      const d = rnd() < 0.7 ? DIMS[int(rnd, DIMS.length)] : int(rnd, 2 ** 32);
      const bytes = int(rnd, 2) ? 2 : 4;
      for (let k = 0; k < bytes && o + k < b.length; k++) b[o + k] = rnd() < 0.5 ? (d >>> (8 * k)) & 0xff : (d >>> (8 * (bytes - 1 - k))) & 0xff;
    } else if (kind === 3) b = b.subarray(0, int(rnd, b.length + 1));
    else if (kind === 4) {
      const o = at(rnd, b);
      b = Uint8Array.from([...b.subarray(0, o), ...Array.from({ length: 1 + int(rnd, 8) }, () => int(rnd, 256)), ...b.subarray(o)]);
    } else if (kind === 5) {
      const o = at(rnd, b);
      b = Uint8Array.from([...b.subarray(0, o), ...b.subarray(o + 1 + int(rnd, 16))]);
    } else {
      // A length field of a segment or chunk set to an extreme.
      const o = at(rnd, b);
      if (o + 1 < b.length) [b[o], b[o + 1]] = rnd() < 0.5 ? [0, int(rnd, 3)] : [0xff, 0xff];
    }
  }
  return b;
}

/** A signature and random bytes, or random bytes alone. */
function noise(rnd: Rnd): Uint8Array {
  const signatures = [[0xff, 0xd8, 0xff], [0x89, 0x50, 0x4e, 0x47], [...'RIFF\0\0\0\0WEBPVP8'].map((c) => c.charCodeAt(0)), [...'GIF89a'].map((c) => c.charCodeAt(0)), [0x42, 0x4d], [0, 0, 0, 24, ...'ftypavif'].map((c) => (typeof c === 'string' ? c.charCodeAt(0) : c)), []];
  const sig = signatures[int(rnd, signatures.length)];
  const b = new Uint8Array(sig.length + int(rnd, 200));
  for (let i = 0; i < b.length; i++) b[i] = int(rnd, 256);
  b.set(sig);
  return b;
}

const dims = (h: unknown) => h === null || (typeof h === 'object' && ['width', 'height'].every((k) => Number.isInteger((h as Record<string, number>)[k]) && (h as Record<string, number>)[k] >= 0));

describe(`header parsing over random and mutated headers (seed ${SEED}, ${CASES} cases)`, () => {
  let files: Uint8Array[] = [];
  /** What the stand-in for the browser's decoder gives: null to fail, as a damaged file would. */
  let decoded: { width: number; height: number } | null = null;

  beforeAll(async () => {
    const rnd = prng(SEED);
    const real = await seeds();
    files = Array.from({ length: CASES }, (_, i) => (i % 5 === 4 ? noise(rnd) : mutate(rnd, real[i % real.length])));
    vi.stubGlobal('createImageBitmap', async () => {
      if (!decoded) throw new DOMException('The source image could not be decoded.', 'InvalidStateError');
      return { ...decoded, close() {} };
    });
  });
  afterAll(() => vi.unstubAllGlobals());

  it('the parsers never throw, and say only whole, non-negative dimensions', async () => {
    const formats = [...SUPPORTED_FORMATS, 'TIFF', ''];
    for (const [i, b] of files.entries()) {
      const where = `seed ${SEED}, case ${i}: ${Buffer.from(b.subarray(0, 32)).toString('hex')}`;
      expect(() => sniffImage(b.subarray(0, 64), b.length), where).not.toThrow();
      for (const f of formats) {
        expect(dims(readHeader(f, b)), `${where} (${f})`).toBe(true);
        expect(typeof isTruncated(f, b.subarray(Math.max(0, b.length - 4096))), where).toBe('boolean');
      }
      // The segment walker ends, and moves forward.
      let last = 0;
      let n = 0;
      for (const s of jpegSegments(b)) {
        expect(s.start, where).toBeGreaterThan(last);
        last = s.start;
        expect(++n, where).toBeLessThanOrEqual(b.length);
      }
      const q = estimateJpegQuality(b);
      expect(q === null || (q.quality >= 1 && q.quality <= 100), where).toBe(true);
      expect(readQuantTables(b)).toBeInstanceOf(Map);
      const facts = await readFacts(b, 'JPEG', b.length);
      expect(facts.fileSize).toBe(b.length);
    }
  });

  it('the checks before decoding refuse only with a typed message, and let no empty, thin or oversized shape through', async () => {
    const rnd = prng(SEED + 1);
    const outcomes = new Map<string, number>();
    for (const [i, b] of files.entries()) {
      const where = `seed ${SEED}, case ${i}: ${Buffer.from(b.subarray(0, 32)).toString('hex')}`;
      // The decoder reads the size the header says, a size of its own (a header the checks cannot
      // read: AVIF), or fails.
      const r = rnd();
      const header = readHeader(sniffImage(b.subarray(0, 64), b.length).ok ? (sniffImage(b, b.length) as { format: string }).format : '', b);
      decoded = r < 0.2 ? null : r < 0.6 && header ? header : { width: DIMS[int(rnd, DIMS.length)] || int(rnd, 5000), height: DIMS[int(rnd, DIMS.length)] || int(rnd, 5000) };
      const outcome = await decodeImage(new Blob([b as Uint8Array<ArrayBuffer>])).then(
        (img) => ({ img }),
        (error: unknown) => ({ error }),
      );
      if ('img' in outcome) {
        const { width, height } = outcome.img;
        expect(Math.min(width, height), `${where}: decoded ${width}×${height}`).toBeGreaterThanOrEqual(MIN_SIDE);
        expect(width * height, `${where}: decoded ${width}×${height}`).toBeLessThanOrEqual(MAX_PIXELS);
        outcomes.set('decoded', (outcomes.get('decoded') ?? 0) + 1);
      } else {
        expect(outcome.error, `${where}: ${String(outcome.error)}`).toBeInstanceOf(LocalizedError);
        const key = (outcome.error as LocalizedError).localized.key;
        expect(REFUSALS, where).toContain(key);
        outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      }
    }
    // The cases reach every check, and some get through.
    for (const key of ['decoded', 'decodeTooSmall', 'decodeTooManyPixels', 'decodeNoPixels', 'decodeTruncated', 'decodeDamaged', 'decodeUnknown'])
      expect(outcomes.get(key) ?? 0, `${key} in ${JSON.stringify([...outcomes])}`).toBeGreaterThan(0);
  });
});
