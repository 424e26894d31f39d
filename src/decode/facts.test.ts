import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { isoBoxesReachMeta, readFacts } from './facts';

const base = () => sharp({ create: { width: 80, height: 60, channels: 3, background: { r: 90, g: 140, b: 60 } } });

describe('readFacts', () => {
  it('reads camera, software and dates from EXIF, and the JPEG quality', async () => {
    const jpeg = await base()
      .withExif({
        IFD0: { Make: 'Canon', Model: 'Canon EOS 5D', Software: 'GIMP 2.10', DateTime: '2024:05:06 07:08:09' },
        IFD2: { DateTimeOriginal: '2023:01:02 03:04:05' },
      })
      .jpeg({ quality: 60 })
      .toBuffer();
    const facts = await readFacts(new Uint8Array(jpeg), 'JPEG', jpeg.length);
    expect(facts.fileSize).toBe(jpeg.length);
    expect(facts.jpegQuality).toBe(60);
    expect(facts.exif).toEqual({ camera: 'Canon EOS 5D', software: 'GIMP 2.10', taken: '2023-01-02 03:04:05', modified: '2024-05-06 07:08:09' });
  });

  it('joins make and model when the model does not repeat the make', async () => {
    const jpeg = await base().withExif({ IFD0: { Make: 'NIKON', Model: 'D750' } }).jpeg().toBuffer();
    expect((await readFacts(new Uint8Array(jpeg), 'JPEG', jpeg.length)).exif?.camera).toBe('NIKON D750');
  });

  it('says "no EXIF" and "no JPEG quality" for a plain PNG', async () => {
    const png = await base().png().toBuffer();
    expect(await readFacts(new Uint8Array(png), 'PNG', png.length)).toEqual({ fileSize: png.length, jpegQuality: null, exif: null });
  });

  it('survives damaged EXIF', async () => {
    const jpeg = new Uint8Array(await base().withExif({ IFD0: { Make: 'X' } }).jpeg().toBuffer());
    const broken = jpeg.slice();
    const exif = Buffer.from(broken).indexOf('Exif');
    broken.fill(0xee, exif + 6, exif + 30);
    const facts = await readFacts(broken, 'JPEG', broken.length);
    expect(facts.jpegQuality).toBe(80);
  });

  it('hands a well-formed AVIF to exifr, and never one with a box that does not move (exifr would stand still on it for ever, issue 24)', async () => {
    const avif = await base().avif().toBuffer();
    expect(isoBoxesReachMeta(avif)).toBe(true);
    expect((await readFacts(new Uint8Array(avif), 'AVIF', avif.length)).fileSize).toBe(avif.length);
    const ftyp = avif.readUInt32BE(0);
    // A box after 'ftyp' of length 0, or of 64-bit length 0, before 'meta'.
    for (const box of [[0, 0, 0, 0, ...Buffer.from('free')], [0, 0, 0, 1, ...Buffer.from('free'), 0, 0, 0, 0, 0, 0, 0, 0]]) {
      const stuck = new Uint8Array(Buffer.concat([avif.subarray(0, ftyp), Buffer.from(box), avif.subarray(ftyp)]));
      expect(isoBoxesReachMeta(stuck)).toBe(false);
      expect((await readFacts(stuck, 'AVIF', stuck.length)).exif).toBeNull();
    }
  });
});
