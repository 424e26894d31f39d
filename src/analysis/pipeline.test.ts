// The pipeline's shape checks (issue 24): a crop square the decoder could not cut (no pixels, off
// the photo, NaN) is refused with its own message before any crop or network runs.
import { describe, expect, it } from 'vitest';
import { analysePhoto, type OpenedPhoto } from './pipeline';
import type { AskedRegion } from './types';
import { LocalizedError } from '../i18n/localized';
import { localize } from '../i18n/messages';

const photo: OpenedPhoto = {
  width: 100,
  height: 80,
  format: 'PNG',
  warnings: [],
  facts: { fileSize: 1, jpegQuality: null, exif: null },
  detectImage: { width: 100, height: 80, data: new Uint8Array(100 * 80 * 4) },
};

function steps() {
  const calls: string[] = [];
  return {
    calls,
    steps: {
      inputSize: 8,
      crop: async (boxes: unknown[]) => (calls.push('crop'), boxes.map(() => new Float32Array(8 * 8 * 3))),
      classify: async (inputs: Float32Array[]) => (calls.push('classify'), inputs.map(() => [1, 0])),
    },
  };
}

describe('analysePhoto: shapes', () => {
  it('refuses a face region with no pixels, or not a number, before cropping', async () => {
    for (const box of [[10, 10, 0, 0], [10, 10, NaN, 20], [Infinity, 0, 5, 5]] as AskedRegion['box'][]) {
      const { calls, steps: s } = steps();
      const refused = analysePhoto(photo, [{ box, origin: 'drawn' }], s);
      await expect(refused).rejects.toBeInstanceOf(LocalizedError);
      const error = (await refused.catch((e: LocalizedError) => e)) as LocalizedError;
      expect(error.localized.key).toBe('regionBadShape');
      expect(calls).toEqual([]);
    }
    const { steps: s } = steps();
    const error = (await analysePhoto(photo, [{ box: [10, 10, 0, 0], origin: 'drawn' }], s).catch((e: LocalizedError) => e)) as LocalizedError;
    expect(localize('en', error.localized)).toBe('The face region 10, 10, 0, 0 is empty or outside the 100×80 photo.');
    expect(localize('zh', error.localized)).toBe('人脸区域 10, 10, 0, 0 为空或超出了 100×80 的照片。');
  });

  it('analyses regions at the edge and the whole photo as before', async () => {
    const { calls, steps: s } = steps();
    const a = await analysePhoto(photo, [{ box: [90, 70, 10, 10], origin: 'drawn' }], s);
    expect(a.faces).toHaveLength(1);
    expect((await analysePhoto(photo, 'whole-image', s)).faces[0].cropBox).toEqual([0, 0, 100, 80]);
    expect(calls).toEqual(['crop', 'classify', 'crop', 'classify']);
  });
});

describe('analysePhoto: black-and-white faces', () => {
  it("warns about a face whose crop has no colour, from the network's input", async () => {
    const input = (colourful: boolean) => {
      const x = new Float32Array(8 * 8 * 3);
      for (let i = 0; i < 64; i++) x.set(colourful && i % 2 ? [200, 40, 90] : [30 + i, 30 + i, 30 + i], 3 * i);
      return x;
    };
    for (const colourful of [false, true]) {
      const s = { inputSize: 8, crop: async (boxes: unknown[]) => boxes.map(() => input(colourful)), classify: async (inputs: Float32Array[]) => inputs.map(() => [1, 0]) };
      const a = await analysePhoto(photo, 'whole-image', s);
      expect(a.faces[0].reliability.map((w) => w.code)).toEqual(colourful ? [] : ['monochrome']);
    }
  });
});
