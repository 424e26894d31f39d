import { describe, expect, it } from 'vitest';
import { colourResidual, colourWarnings, faceWarnings, HOLDS_VERDICT, MONOCHROME_RESIDUAL, photoWarnings, reliabilitySentence, type ReliabilityWarning } from './reliability';
import { localize } from '../i18n/messages';
import type { FileFacts } from '../decode/facts';

/** A photo's warnings and its one face's, as a photo analysed whole gets them. */
const reliabilityWarnings = (f: FileFacts, face: { width: number; height: number }, inputSize: number): ReliabilityWarning[] => [
  ...photoWarnings(f),
  ...faceWarnings(face, inputSize),
];

const facts = (jpegQuality: number | null) => ({ fileSize: 1000, jpegQuality, exif: null });

describe('reliabilityWarnings', () => {
  it('is silent for a large, lightly compressed face', () => {
    expect(reliabilityWarnings(facts(90), { width: 300, height: 256 }, 128)).toEqual([]);
  });
  it('flags heavy compression below quality 70', () => {
    expect(reliabilityWarnings(facts(69), { width: 300, height: 300 }, 128)).toEqual([{ code: 'heavy-compression', quality: 69 }]);
    expect(reliabilityWarnings(facts(70), { width: 300, height: 300 }, 128)).toEqual([]);
  });
  it('flags upscaling below the input size, and a tiny face below 64 px', () => {
    expect(reliabilityWarnings(facts(null), { width: 200, height: 100 }, 128)).toEqual([{ code: 'upscaled', faceSize: 100, inputSize: 128 }]);
    expect(reliabilityWarnings(facts(50), { width: 40, height: 60 }, 128)).toEqual([
      { code: 'heavy-compression', quality: 50 },
      { code: 'tiny-face', faceSize: 40 },
    ]);
  });
  it('has a sentence for each warning, in both languages', () => {
    const en = (w: ReliabilityWarning) => localize('en', reliabilitySentence(w));
    expect(en({ code: 'heavy-compression', quality: 42 })).toMatch(/quality about 42/);
    expect(en({ code: 'upscaled', faceSize: 100, inputSize: 128 })).toMatch(/100 px.*128 px/);
    expect(en({ code: 'tiny-face', faceSize: 30 })).toMatch(/30 px/);
    expect(localize('zh', reliabilitySentence({ code: 'tiny-face', faceSize: 30 }))).toBe('人脸仅 30 像素：太小，无法得出可靠结论。');
    expect(en({ code: 'monochrome', residual: 0.2 })).toMatch(/black-and-white/);
    expect(localize('zh', reliabilitySentence({ code: 'monochrome', residual: 0.2 }))).toMatch(/黑白/);
  });
});

describe('black-and-white faces', () => {
  /** A 32 x 32 HWC RGB picture: a brightness ramp, coloured by `colour(x, y, brightness)`. */
  const picture = (colour: (x: number, y: number, l: number) => [number, number, number]) => {
    const out = new Float32Array(32 * 32 * 3);
    for (let y = 0; y < 32; y++)
      for (let x = 0; x < 32; x++) out.set(colour(x, y, 40 + 5 * x + 2 * y), 3 * (32 * y + x));
    return out;
  };
  const grey = picture((_x, _y, l) => [l, l, l]);
  const sepia = picture((_x, _y, l) => [l, 0.85 * l, 0.65 * l]);
  // a face-like colour picture: skin tone with red lips and a blue-grey background
  const colour = picture((x, y, l) => (y > 24 && x > 10 && x < 22 ? [l + 30, l - 25, l - 20] : x < 4 ? [l - 10, l, l + 15] : [l + 12, l, l - 12]));

  it('finds no colour left in grey or toned pictures, and some in a colour one', () => {
    expect(colourResidual(grey)).toBeCloseTo(0, 6);
    expect(colourResidual(sepia)).toBeCloseTo(0, 3); // float32 rounding of the tones
    expect(colourResidual(colour)).toBeGreaterThan(5 * MONOCHROME_RESIDUAL);
  });

  it('warns about a black-and-white face, and that warning (only) holds a verdict', () => {
    expect(colourWarnings(sepia)).toEqual([{ code: 'monochrome', residual: 0 }]);
    expect(colourWarnings(colour)).toEqual([]);
    expect(colourWarnings(grey).map((w) => HOLDS_VERDICT.has(w.code))).toEqual([true]);
    expect([...HOLDS_VERDICT]).toEqual(['monochrome']); // the other warnings only warn
  });
});
