import { describe, expect, it } from 'vitest';
import { faceWarnings, photoWarnings, reliabilitySentence, type ReliabilityWarning } from './reliability';
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
  });
});
