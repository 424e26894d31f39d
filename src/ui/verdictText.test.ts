import { describe, expect, it } from 'vitest';
import { translate, localize, type Lang, type MessageKey, type Params } from '../i18n/messages';
import type { Localized } from '../i18n/localized';
import { held, verdictOf } from '../analysis/verdict';
import type { T } from './useT';
import { verdictChipText, verdictExplanation, verdictFigure, verdictHeadline } from './verdictText';

const tIn = (lang: Lang): T =>
  ((k: MessageKey | Localized, params?: Params) => (typeof k === 'string' ? translate(lang, k, params) : localize(lang, k))) as T;
const t = tIn('en');
const classes = ['real', 'identity', 'attribute', 'splice'];
const decision = { rule: 'p-manipulated' as const, threshold: 0.62, uncertain: [0.35, 0.85] as [number, number] };

describe('a verdict in words', () => {
  it('with a p-manipulated decision: manipulated first, the kind it looks most like, P(manipulated)', () => {
    const v = verdictOf([0.1, 0.6, 0.2, 0.1], classes, decision);
    expect(verdictHeadline(v, t)).toBe('Likely manipulated');
    expect(verdictExplanation(v, decision, t, 'en')).toBe('Looks most like a face swap or a fully synthetic face; probability of manipulation 90.0 %.');
    expect(verdictChipText(v, t)).toBe('Manipulated (identity)');
    expect(verdictFigure(v, t)).toBe('identity · probability of manipulation 90.0 %');
    expect(verdictExplanation(v, decision, tIn('zh'), 'zh')).toBe('最像换脸或完全合成的人脸；篡改概率 90.0 %。');
  });

  it('a verdict held by a face\'s warning says so instead of blaming the band', () => {
    const mono = [{ code: 'monochrome' as const, residual: 0.1 }];
    const v = held(verdictOf([0.04, 0.06, 0.1, 0.8], classes, decision), mono);
    expect(verdictHeadline(v, t)).toBe('Uncertain');
    expect(verdictExplanation(v, decision, t, 'en')).toBe(
      'The probability of manipulation is 96.0 %, but no verdict is stated for this face (see the warning above); it leans towards manipulated, most like a splice (face parts pasted in by photo editing).',
    );
    expect(verdictExplanation(held(verdictOf([0.9, 0.04, 0.03, 0.03], classes, decision), mono), decision, tIn('zh'), 'zh')).toBe(
      '篡改概率为 10.0 %，但此人脸不给出结论（见上方警告）；倾向于真实。',
    );
  });

  it('with a p-manipulated decision: real with P(real), and uncertain saying which way it leans', () => {
    const real = verdictOf([0.7, 0.1, 0.1, 0.1], classes, decision);
    expect([verdictHeadline(real, t), verdictChipText(real, t), verdictFigure(real, t)]).toEqual(['Likely real', 'real', 'real 70.0 %']);
    expect(verdictExplanation(real, decision, t, 'en')).toBe('No manipulation found (70.0 %).');
    const leansFake = verdictOf([0.3, 0.1, 0.1, 0.5], classes, decision);
    expect(verdictHeadline(leansFake, t)).toBe('Uncertain');
    expect(verdictChipText(leansFake, t)).toBe('Uncertain (splice?)'); // the kind it leans to: as narrow as the old chip
    expect(verdictExplanation(leansFake, decision, t, 'en')).toBe(
      'The probability of manipulation, 70.0 %, is in the range where this model is unsure (35.0 % to 85.0 %); it leans towards manipulated, most like a splice (face parts pasted in by photo editing).',
    );
    const leansReal = verdictOf([0.6, 0.1, 0.1, 0.2], classes, decision);
    expect(verdictChipText(leansReal, t)).toBe('Uncertain (real?)');
    expect(verdictExplanation(leansReal, decision, t, 'en')).toBe(
      'The probability of manipulation, 40.0 %, is in the range where this model is unsure (35.0 % to 85.0 %); it leans towards real.',
    );
  });

  it('with a decision that never states "real" (low end 0): uncertain is everything below the high end', () => {
    const noReal = { rule: 'p-manipulated' as const, threshold: 0.48, uncertain: [0, 0.89] as [number, number] };
    const leansReal = verdictOf([0.9, 0.05, 0.03, 0.02], classes, noReal);
    expect(verdictHeadline(leansReal, t)).toBe('Uncertain');
    expect(verdictExplanation(leansReal, noReal, t, 'en')).toBe(
      'The probability of manipulation, 10.0 %, is below 89.0 %, where this model states no verdict; it leans towards real.',
    );
    const leansFake = verdictOf([0.3, 0.1, 0.1, 0.5], classes, noReal);
    expect(verdictExplanation(leansFake, noReal, tIn('zh'), 'zh')).toBe('篡改概率 70.0 % 低于 89.0 %，该模型在此范围内不给出结论；倾向于篡改，最像拼接（通过照片编辑粘贴的人脸部位）。');
  });

  it('without a decision: the words of the top-class rule, unchanged', () => {
    const v = verdictOf([0.05, 0.05, 0.05, 0.85], classes);
    expect([verdictHeadline(v, t), verdictChipText(v, t), verdictFigure(v, t)]).toEqual(['Likely manipulated', 'splice', 'splice 85.0 %']);
    expect(verdictExplanation(v, undefined, t, 'en')).toBe('Spliced: face parts pasted in by photo editing (85.0 %).');
    const unsure = verdictOf([0.4, 0.3, 0.2, 0.1], classes);
    expect(verdictChipText(unsure, t)).toBe('Uncertain (real?)');
    expect(verdictExplanation(unsure, undefined, t, 'en')).toBe('No class is confidently ahead; the most probable is real at 40.0 %.');
  });
});
