import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { isTruncated, readHeader } from './headers';

const img = (w: number, h: number) => sharp({ create: { width: w, height: h, channels: 3, background: { r: 90, g: 120, b: 200 } } });

describe('readHeader', () => {
  it('reads dimensions of JPEG (also CMYK and with EXIF), PNG, WebP (lossy and lossless), GIF', async () => {
    const jpg = await img(321, 123).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    expect(readHeader('JPEG', jpg)).toEqual({ width: 321, height: 123, components: 3 });
    const cmyk = await img(40, 30).toColourspace('cmyk').jpeg().toBuffer();
    expect(readHeader('JPEG', cmyk)).toMatchObject({ width: 40, height: 30, components: 4 });
    expect(readHeader('PNG', await img(20000, 3).png().toBuffer())).toEqual({ width: 20000, height: 3 });
    expect(readHeader('WebP', await img(333, 77).webp({ quality: 80 }).toBuffer())).toMatchObject({ width: 333, height: 77 });
    expect(readHeader('WebP', await img(333, 77).webp({ lossless: true }).toBuffer())).toMatchObject({ width: 333, height: 77 });
    expect(readHeader('GIF', await img(65, 9).gif().toBuffer())).toEqual({ width: 65, height: 9, animated: false });
    const frames = [await img(30, 20).png().toBuffer(), await img(30, 20).negate().png().toBuffer()];
    const animated = await sharp(frames, { join: { animated: true } }).gif({ delay: [100, 100] }).toBuffer();
    expect(readHeader('GIF', animated)).toEqual({ width: 30, height: 20, animated: true });
    expect(readHeader('AVIF', new Uint8Array(64))).toBeNull();
  });

  it('reads a BMP header, top-down or bottom-up', () => {
    const b = new Uint8Array(54);
    new DataView(b.buffer).setInt32(14, 40, true);
    new DataView(b.buffer).setInt32(18, 640, true);
    new DataView(b.buffer).setInt32(22, -480, true);
    expect(readHeader('BMP', b)).toEqual({ width: 640, height: 480 });
  });
});

describe('isTruncated', () => {
  it('finds JPEGs and PNGs cut short, and accepts whole ones (with padding)', async () => {
    const jpg = await img(64, 64).jpeg().toBuffer();
    const png = await img(64, 64).png().toBuffer();
    expect(isTruncated('JPEG', jpg)).toBe(false);
    expect(isTruncated('JPEG', Buffer.concat([jpg, Buffer.alloc(100)]))).toBe(false);
    expect(isTruncated('JPEG', jpg.subarray(0, jpg.length - 40))).toBe(true);
    expect(isTruncated('PNG', png)).toBe(false);
    expect(isTruncated('PNG', png.subarray(0, png.length - 20))).toBe(true);
    expect(isTruncated('GIF', new Uint8Array(10))).toBe(false);
  });
});
