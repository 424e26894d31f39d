// Builds test images in every format the app accepts (and some it must refuse) from a fixture
// face, so format coverage needs no extra committed files.
import sharp from 'sharp';

export interface NamedFile {
  name: string;
  buffer: Buffer;
  mimeType: string;
}

/** A 24-bit BMP (sharp cannot write BMP). */
function bmp(rgb: Buffer, width: number, height: number): Buffer {
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
