import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { estimateJpegQuality, readQuantTables } from './jpegQuality';

async function jpegAt(quality: number): Promise<Uint8Array> {
  const { data, info } = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 120, g: 80, b: 200 } } })
    .raw()
    .toBuffer({ resolveWithObject: true });
  for (let i = 0; i < data.length; i++) data[i] = (data[i] + ((i * 37) % 61)) & 255; // some texture
  return new Uint8Array(await sharp(data, { raw: info }).jpeg({ quality }).toBuffer());
}

describe('estimateJpegQuality', () => {
  it.each([30, 50, 70, 85, 95])('recovers the quality sharp encoded at (q%i)', async (q) => {
    const est = estimateJpegQuality(await jpegAt(q));
    expect(est).not.toBeNull();
    expect(Math.abs(est!.quality - q)).toBeLessThanOrEqual(1);
    expect(est!.meanError).toBeLessThan(0.5);
  });

  it('reads a luminance and a chrominance table', async () => {
    const tables = readQuantTables(await jpegAt(75));
    expect([...tables.keys()].sort()).toEqual([0, 1]);
    // q75 scales the standard DC luminance entry 16 to 8.
    expect(tables.get(0)![0]).toBe(8);
  });

  it('returns null for non-JPEG bytes', () => {
    expect(estimateJpegQuality(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]))).toBeNull();
  });
});
