// Hostile files for the fuzz test (issue 24), made at test time from the e2e face photos with a
// seeded generator, so a failing case is made again byte for byte from its seed: bit flips,
// truncations, width and height forged in each format's header (JPEG SOF, PNG IHDR, WebP
// VP8/VP8L/VP8X, GIF, BMP), real images of extreme shapes (1 × N, N × 1, a few pixels), empty and
// nearly empty files, and files named with the wrong extension. The header offsets are read here
// independently of src/decode/, so a bug there cannot hide itself.
import sharp from 'sharp';
import { crc32 } from 'node:zlib';
import { bmp, type NamedFile } from './makeImages';
import { seededRandom as prng } from '../../src/crop/seededRandom';

export interface HostileFile extends NamedFile {
  /** What was done to the file, for the failure message. */
  kind: string;
  /**
   * When set, what the app must do with it: 'done' (a valid picture under the wrong name) or a
   * pattern its error must match.
   */
  expect?: 'done' | RegExp;
}

const MIME: Record<string, string> = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp', gif: 'image/gif', bmp: 'image/bmp', avif: 'image/avif' };

/** Offset of the first JPEG frame header's payload (after its length), or -1. */
function jpegSof(b: Buffer): number {
  let p = 2;
  while (p + 4 <= b.length) {
    if (b[p] !== 0xff) return -1;
    const m = b[p + 1];
    if (m === 0xff) {
      p++;
      continue;
    }
    if (m >= 0xd0 && m <= 0xd9) {
      p += 2;
      continue;
    }
    if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) return p + 4;
    if (m === 0xda) return -1;
    p += 2 + b.readUInt16BE(p + 2);
  }
  return -1;
}

/** The PNG's IHDR with its CRC made right again (or left stale: the decoder must refuse it). */
function pngFixCrc(b: Buffer): void {
  b.writeUInt32BE(crc32(b.subarray(12, 29)), 29);
}

/** Offset of a GIF's first image descriptor (0x2c), past the global colour table and extensions, or -1. */
function gifImageDescriptor(b: Buffer): number {
  let p = 13 + (b[10] & 0x80 ? 3 * 2 ** ((b[10] & 7) + 1) : 0);
  while (p < b.length) {
    if (b[p] === 0x2c) return p;
    if (b[p] !== 0x21) return -1;
    p += 2;
    while (p < b.length && b[p] !== 0) p += b[p] + 1;
    p++;
  }
  return -1;
}

type Forge = (b: Buffer, w: number, h: number) => boolean;

/** Writes w × h into each format's header; false where the value cannot be written there. */
const FORGE: Record<string, Forge> = {
  jpg: (b, w, h) => {
    const s = jpegSof(b);
    if (s < 0 || w > 0xffff || h > 0xffff) return false;
    b.writeUInt16BE(h, s + 1);
    b.writeUInt16BE(w, s + 3);
    return true;
  },
  png: (b, w, h) => {
    if (w > 0xffffffff || h > 0xffffffff) return false;
    b.writeUInt32BE(w, 16);
    b.writeUInt32BE(h, 20);
    return true;
  },
  'webp-vp8': (b, w, h) => {
    if (b.toString('ascii', 12, 16) !== 'VP8 ' || w > 0x3fff || h > 0x3fff) return false;
    b.writeUInt16LE(w, 26);
    b.writeUInt16LE(h, 28);
    return true;
  },
  'webp-vp8l': (b, w, h) => {
    if (b.toString('ascii', 12, 16) !== 'VP8L' || w < 1 || h < 1 || w > 0x4000 || h > 0x4000) return false;
    const [x, y] = [w - 1, h - 1];
    b[21] = x & 0xff;
    b[22] = ((x >> 8) & 0x3f) | ((y & 3) << 6);
    b[23] = (y >> 2) & 0xff;
    b[24] = (b[24] & 0xf0) | ((y >> 10) & 0x0f);
    return true;
  },
  'webp-vp8x': (b, w, h) => {
    if (b.toString('ascii', 12, 16) !== 'VP8X' || w < 1 || h < 1 || w > 0x1000000 || h > 0x1000000) return false;
    b.writeUIntLE(w - 1, 24, 3);
    b.writeUIntLE(h - 1, 27, 3);
    return true;
  },
  gif: (b, w, h) => {
    if (w > 0xffff || h > 0xffff) return false;
    b.writeUInt16LE(w, 6);
    b.writeUInt16LE(h, 8);
    return true;
  },
  'gif-frame': (b, w, h) => {
    const d = gifImageDescriptor(b);
    if (d < 0 || w > 0xffff || h > 0xffff) return false;
    b.writeUInt16LE(w, d + 5);
    b.writeUInt16LE(h, d + 7);
    return true;
  },
  bmp: (b, w, h) => {
    if (Math.abs(w) > 0x7fffffff || Math.abs(h) > 0x7fffffff) return false;
    b.writeInt32LE(w, 18);
    b.writeInt32LE(h, 22);
    return true;
  },
};

/** Widths and heights a forger would try: none, one pixel, thin strips, the formats' maxima, and past them. */
const FORGED_SIZES: [number, number][] = [
  [1, 65000], [65000, 1], [0, 160], [160, 0], [0, 0], [1, 1], [2, 2], [1, 160], [160, 1], [2, 30000], [30000, 2],
  [3, 16383], [16383, 3], [16383, 16383], [65535, 65535], [7999, 7999], [8001, 8000], [100000, 3], [0x7fffffff, 1],
  [0xffffffff, 0xffffffff], [4, 4], [160, 161],
];

/** The face in every format, several WebP variants among them (lossy VP8, lossless VP8L, VP8X with alpha). */
async function encodings(face: string, jpeg: Buffer): Promise<{ format: string; ext: string; buffer: Buffer }[]> {
  const base = sharp(face).removeAlpha();
  const { data, info } = await base.clone().raw().toBuffer({ resolveWithObject: true });
  return [
    { format: 'jpg', ext: 'jpg', buffer: jpeg },
    { format: 'jpg', ext: 'jpg', buffer: await base.clone().jpeg({ quality: 80, progressive: true }).toBuffer() },
    { format: 'png', ext: 'png', buffer: await base.clone().png().toBuffer() },
    { format: 'webp-vp8', ext: 'webp', buffer: await base.clone().webp({ quality: 80 }).toBuffer() },
    { format: 'webp-vp8l', ext: 'webp', buffer: await base.clone().webp({ lossless: true }).toBuffer() },
    { format: 'webp-vp8x', ext: 'webp', buffer: await sharp(face).ensureAlpha(0.9).webp({ quality: 80 }).toBuffer() },
    { format: 'gif', ext: 'gif', buffer: await base.clone().gif().toBuffer() },
    { format: 'bmp', ext: 'bmp', buffer: bmp(data, info.width, info.height) },
    { format: 'avif', ext: 'avif', buffer: await base.clone().avif({ quality: 60 }).toBuffer() },
  ];
}

/** The face squeezed into a real image of this shape, in this format. */
async function shaped(face: string, ext: string, w: number, h: number): Promise<Buffer> {
  const s = sharp(face).removeAlpha().resize(w, h, { fit: 'fill' });
  if (ext === 'jpg') return s.jpeg({ quality: 85 }).toBuffer();
  if (ext === 'png') return s.png().toBuffer();
  if (ext === 'webp') return s.webp({ quality: 80 }).toBuffer();
  if (ext === 'gif') return s.gif().toBuffer();
  const { data } = await s.raw().toBuffer({ resolveWithObject: true });
  return bmp(data, w, h);
}

/**
 * About 300 hostile files from these face photos (PNG and JPEG), the same for the same seed. The
 * first is the case: the JPEG whose frame header says 1 × 65000.
 */
export async function hostileFiles(faces: string[], jpegFace: string, seed: number): Promise<HostileFile[]> {
  const rnd = prng(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(a: T[]): T => a[int(a.length)];
  const { readFileSync } = await import('node:fs');
  const jpeg = readFileSync(jpegFace);
  const sources = await Promise.all([jpegFace, ...faces].map((f) => encodings(f, f === jpegFace ? jpeg : readFileSync(f))));
  const all = sources.flat();
  const out: HostileFile[] = [];
  const add = (kind: string, ext: string, buffer: Buffer, expect?: HostileFile['expect'], mimeType = MIME[ext] ?? 'application/octet-stream') =>
    out.push({ name: `fuzz-${String(out.length).padStart(3, '0')}-${kind.replace(/×/g, 'x').replace(/[^a-z0-9-]+/gi, '-')}.${ext}`, buffer, mimeType, kind, expect });

  // The file first: a forged SOF says 1 × 65000, a face cannot be in it.
  const sof = Buffer.from(jpeg);
  FORGE.jpg(sof, 1, 65000);
  add('jpeg SOF forged 1×65000', 'jpg', sof, /too small|too thin|1×65000/i);

  // Forged dimensions: every format, every size in the list, then random ones.
  for (const src of sources) {
    for (const e of src.filter((x, i, a) => a.findIndex((y) => y.format === x.format) === i)) {
      const forge = FORGE[e.format];
      if (!forge) continue;
      const sizes = src === sources[0] ? FORGED_SIZES : [pick([pick(FORGED_SIZES), [1 + int(70000), 1 + int(4)], [int(5), int(70000)]] as [number, number][])];
      for (const [w, h] of sizes) {
        const b = Buffer.from(e.buffer);
        if (!forge(b, w, h)) continue;
        if (e.format === 'png' && rnd() < 0.7) pngFixCrc(b);
        add(`${e.format} header forged ${w}×${h}`, e.ext, b);
      }
      if (e.format === 'gif') {
        const b = Buffer.from(e.buffer);
        if (FORGE['gif-frame'](b, pick([1, 0, 65535]), pick([65535, 1, 0]))) add('gif frame forged', 'gif', b);
      }
      if (e.format === 'bmp') {
        const b = Buffer.from(e.buffer);
        FORGE.bmp(b, 160, -65000);
        add('bmp top-down forged 160×-65000', 'bmp', b);
      }
    }
  }

  // Bit flips: half of them in the first 64 bytes, where the headers are.
  for (let i = 0; i < 60; i++) {
    const e = pick(all);
    const b = Buffer.from(e.buffer);
    const flips = 1 + int(8);
    for (let k = 0; k < flips; k++) {
      const at = rnd() < 0.5 ? int(Math.min(64, b.length)) : int(b.length);
      b[at] ^= 1 << int(8);
    }
    add(`${e.format} ${flips} bits flipped`, e.ext, b);
  }

  // Truncations: inside the header, and anywhere.
  for (let i = 0; i < 30; i++) {
    const e = pick(all);
    const cut = i % 2 ? 1 + int(64) : int(e.buffer.length);
    add(`${e.format} cut at ${cut}`, e.ext, Buffer.from(e.buffer.subarray(0, cut)));
  }
  // Random bytes after a valid signature.
  for (const [ext, magic] of [['jpg', [0xff, 0xd8, 0xff]], ['png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]], ['webp', [...Buffer.from('RIFF\0\0\0\0WEBPVP8 ')]], ['gif', [...Buffer.from('GIF89a')]], ['bmp', [0x42, 0x4d]]] as const) {
    const b = Buffer.alloc(32 + int(400));
    for (let k = 0; k < b.length; k++) b[k] = int(256);
    Buffer.from(magic).copy(b);
    add(`${ext} signature then noise`, ext, b);
  }

  // Real images of extreme shapes (a face squeezed into them): thin strips and a few pixels.
  const face = faces[0];
  // 16 × 65000 is analysed: the detector's copy of it is 1 × 512.
  const shapes: [number, number][] = [
    [1, 65000], [65000, 1], [1, 5000], [5000, 1], [2, 3000], [3000, 2], [1, 1], [2, 2], [3, 3], [7, 7], [15, 200], [200, 15],
    [16, 16], [17, 4000], [16, 65000], [65000, 16], [16, 16383], [16383, 16],
  ];
  for (const [w, h] of shapes)
    for (const ext of ['jpg', 'png', 'webp', 'gif', 'bmp']) {
      if (ext === 'webp' && Math.max(w, h) > 16383) continue;
      if (ext === 'gif' && Math.max(w, h) > 0xffff) continue;
      if (ext === 'bmp' && w * h > 20000) continue;
      if (ext === 'gif' && w * h > 20000 && rnd() < 0.5) continue;
      add(`${ext} real ${w}×${h}`, ext, await shaped(face, ext, w, h));
    }

  // Empty and nearly empty files, under every extension.
  for (const ext of ['jpg', 'png', 'webp', 'gif', 'bmp', 'avif']) add(`empty ${ext}`, ext, Buffer.alloc(0), /empty/i);
  // AVIFs whose first box after 'ftyp' has the length 0, or the 64-bit length 0: exifr's box walk once stood still on them for ever.
  const avif = sources[0].find((e) => e.format === 'avif')!.buffer;
  const ftyp = avif.readUInt32BE(0);
  for (const box of [[0, 0, 0, 0, ...Buffer.from('free')], [0, 0, 0, 1, ...Buffer.from('free'), 0, 0, 0, 0, 0, 0, 0, 0]])
    add(`avif box of ${box.length === 8 ? '' : '64-bit '}length 0`, 'avif', Buffer.concat([avif.subarray(0, ftyp), Buffer.from(box), avif.subarray(ftyp)]));
  for (const bytes of [[0xff], [0xff, 0xd8], [0xff, 0xd8, 0xff], [0x89, 0x50], [0x42, 0x4d], [...Buffer.from('GIF8')], [...Buffer.from('RIFF')]])
    add(`${bytes.length} bytes`, pick(['jpg', 'png', 'gif', 'bmp', 'webp']), Buffer.from(bytes));

  // Wrong extensions and MIME types: the content decides, so a picture is analysed whatever its name.
  const formats = ['jpg', 'png', 'webp', 'gif', 'bmp'];
  for (let i = 0; i < 20; i++) {
    const e = pick(sources.flat());
    const ext = pick([...formats.filter((f) => f !== e.ext), 'txt', 'heic', 'pdf', '']);
    add(`${e.format} named .${ext}`, ext || 'bin', e.buffer, 'done', pick([MIME[e.ext], 'application/octet-stream', 'text/plain', MIME[pick(formats)]]));
  }
  add('text named .jpg', 'jpg', Buffer.from('not a photo\n'.repeat(30)), /text file/i);
  add('PDF named .png', 'png', Buffer.from('%PDF-1.4\n%%EOF\n'), /PDF/);
  return out;
}
