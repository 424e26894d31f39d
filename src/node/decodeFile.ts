// Node-only decoding for the evaluation command and the tests: sharp (libvips + libjpeg-turbo,
// the decoder family Chromium uses), with EXIF orientation applied like the browser does.
import sharp from 'sharp';
import type { RgbaImage } from '../crop/preprocess';

export async function decodeFileRgba(path: string | Buffer): Promise<RgbaImage> {
  const { data, info } = await sharp(path, { failOn: 'error' }).rotate().ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 4) throw new Error(`${typeof path === 'string' ? path : 'image'}: expected 4 channels after decoding, got ${info.channels}`);
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}
