import { describe, expect, it } from 'vitest';
import { judgeFor, pManipulated, verdictCode, verdictOf, verdictRule, verdictTone } from './verdict';

const classes = ['real', 'identity', 'attribute', 'splice'];

describe('verdictOf', () => {
  it('names the leading class when it is confidently ahead', () => {
    expect(verdictOf([0.05, 0.85, 0.05, 0.05], classes)).toEqual({
      label: 'identity',
      probability: 0.85,
      uncertain: false,
      manipulated: true,
    });
    expect(verdictOf([0.9, 0.05, 0.03, 0.02], classes)).toMatchObject({ label: 'real', manipulated: false, uncertain: false });
  });

  it('is uncertain when the leader is weak or the runner-up is close', () => {
    expect(verdictOf([0.4, 0.3, 0.2, 0.1], classes).uncertain).toBe(true);
    expect(verdictOf([0.62, 0.38, 0, 0], classes).uncertain).toBe(false);
    expect(verdictOf([0.61, 0.0, 0.0, 0.39], classes).uncertain).toBe(false);
    expect(verdictOf([0.55, 0.45, 0, 0], classes).uncertain).toBe(true);
  });

  it("uses the model card's band when it has one", () => {
    const band = { minProbability: 0.8, minMargin: 0 };
    expect(verdictOf([0.7, 0.1, 0.1, 0.1], classes).uncertain).toBe(false); // default band: 0.6
    expect(verdictOf([0.7, 0.1, 0.1, 0.1], classes, band).uncertain).toBe(true);
    expect(verdictOf([0.8, 0.1, 0.05, 0.05], classes, band).uncertain).toBe(false);
    expect(verdictOf([0.45, 0.2, 0.2, 0.15], classes, { minProbability: 0.4, minMargin: 0.3 }).uncertain).toBe(true);
  });

  it('rejects a length mismatch', () => {
    expect(() => verdictOf([1], classes)).toThrow(/1 probabilities for 4 classes/);
  });
});

describe('verdictOf with a "p-manipulated" decision', () => {
  // The card of issue 23: pm = 1 - P(real); manipulated from 0.85, real below 0.35, leaning manipulated from 0.62.
  const decision = { rule: 'p-manipulated' as const, threshold: 0.62, uncertain: [0.35, 0.85] as [number, number], chosenOn: 'val' };

  it('says manipulated when P(manipulated) is high, naming the non-real class it looks most like, with P(manipulated)', () => {
    // No single class leads (the old rule would be uncertain), but real is clearly unlikely.
    const v = verdictOf([0.1, 0.25, 0.4, 0.25], classes, decision);
    expect(v).toMatchObject({ label: 'attribute', uncertain: false, manipulated: true, rule: 'p-manipulated' });
    expect(v.probability).toBeCloseTo(0.9, 12);
    expect(verdictCode(v)).toBe('manipulated:attribute');
    expect(verdictOf([0.1, 0.25, 0.4, 0.25], classes).uncertain).toBe(true);
  });

  it('says real when P(manipulated) is low, with P(real), even when a fake class leads the rest', () => {
    const v = verdictOf([0.7, 0.05, 0.05, 0.2], classes, decision);
    expect(v).toEqual({ label: 'real', probability: 0.7, uncertain: false, manipulated: false, rule: 'p-manipulated' });
    expect(verdictCode(v)).toBe('real');
  });

  it('is uncertain inside the range, leaning manipulated from the threshold', () => {
    const leansFake = verdictOf([0.3, 0.5, 0.1, 0.1], classes, decision); // pm 0.7
    expect(leansFake).toMatchObject({ label: 'identity', uncertain: true, manipulated: true });
    expect(leansFake.probability).toBeCloseTo(0.7, 12);
    expect(verdictCode(leansFake)).toBe('uncertain:manipulated:identity');
    // The real class leads here: the old rule would call it real, this one leans real only below the threshold.
    const leansReal = verdictOf([0.5, 0.1, 0.1, 0.3], classes, decision); // pm 0.5
    expect(leansReal).toMatchObject({ label: 'real', probability: 0.5, uncertain: true, manipulated: false });
    expect(verdictCode(leansReal)).toBe('uncertain:real');
    expect(verdictOf([0.35, 0.05, 0.05, 0.55], classes, decision)).toMatchObject({ label: 'splice', uncertain: true, manipulated: true }); // pm 0.65
  });

  it('puts the edges where the card says: low and threshold and high belong to the side above them', () => {
    // Binary fractions, so 1 - P(real) is exactly the edge.
    const d = { rule: 'p-manipulated' as const, threshold: 0.5, uncertain: [0.25, 0.75] as [number, number] };
    const at = (pm: number) => verdictOf([1 - pm, pm / 2, pm / 4, pm / 4], classes, d);
    expect(at(0.75)).toMatchObject({ uncertain: false, manipulated: true, label: 'identity', probability: 0.75 });
    expect(at(0.75 - 2 ** -20)).toMatchObject({ uncertain: true, manipulated: true });
    expect(at(0.5)).toMatchObject({ uncertain: true, manipulated: true, probability: 0.5 });
    expect(at(0.5 - 2 ** -20)).toMatchObject({ uncertain: true, manipulated: false, label: 'real' });
    expect(at(0.25)).toMatchObject({ uncertain: true, manipulated: false, label: 'real', probability: 0.75 });
    expect(at(0.25 - 2 ** -20)).toMatchObject({ uncertain: false, manipulated: false, label: 'real' });
    expect(at(0)).toMatchObject({ uncertain: false, manipulated: false, probability: 1 });
    expect(at(1)).toMatchObject({ uncertain: false, manipulated: true, probability: 1 });
  });

  it('with an empty range states every verdict, on the threshold', () => {
    const d = { rule: 'p-manipulated' as const, threshold: 0.5, uncertain: [0.5, 0.5] as [number, number] };
    expect(verdictOf([0.5, 0.5, 0, 0], classes, d)).toMatchObject({ uncertain: false, manipulated: true });
    expect(verdictOf([0.5 + 2 ** -20, 0.5 - 2 ** -20, 0, 0], classes, d)).toMatchObject({ uncertain: false, manipulated: false });
  });

  it('names the first kind in card order on a tie', () => {
    expect(verdictOf([0.1, 0.3, 0.3, 0.3], classes, decision).label).toBe('identity');
    expect(verdictOf([0.1, 0.2, 0.35, 0.35], ['real', 'identity', 'splice', 'attribute'], decision).label).toBe('splice');
  });

  it('finds the real class wherever the card lists it, and needs one', () => {
    expect(verdictOf([0.25, 0.7, 0.05], ['splice', 'real', 'identity'], decision)).toMatchObject({ label: 'real', uncertain: false, probability: 0.7 });
    expect(verdictOf([0.6, 0.1, 0.3], ['splice', 'real', 'identity'], decision)).toMatchObject({ label: 'splice', uncertain: false, manipulated: true });
    expect(() => verdictOf([0.5, 0.5], ['a', 'b'], decision)).toThrow(/class named "real"/);
  });
});

describe('verdictRule', () => {
  const band = { minProbability: 0.8, minMargin: 0 };
  const decision = { rule: 'p-manipulated' as const, threshold: 0.5, uncertain: [0.3, 0.5] as [number, number] };
  it("takes the card's decision over its band, its band without one, and nothing without a card", () => {
    expect(verdictRule({ uncertainBand: band, decision })).toBe(decision);
    expect(verdictRule({ uncertainBand: band })).toBe(band);
    expect(verdictRule({})).toBeUndefined();
    expect(verdictRule(undefined)).toBeUndefined();
  });
  it('keeps the top-class rule for a card without a decision', () => {
    const p = [0.45, 0.55, 0, 0];
    expect(verdictOf(p, classes, verdictRule({ uncertainBand: band }))).toEqual(verdictOf(p, classes, band));
    expect(verdictOf(p, classes, verdictRule({}))).toEqual({ label: 'identity', probability: 0.55, uncertain: true, manipulated: true });
    expect(verdictOf(p, classes, verdictRule({ uncertainBand: band, decision }))).toMatchObject({ label: 'identity', uncertain: false, manipulated: true });
  });
});

describe('verdictCode and pManipulated', () => {
  it('codes the top-class rule the same way', () => {
    expect(verdictCode(verdictOf([0.05, 0.85, 0.05, 0.05], classes))).toBe('manipulated:identity');
    expect(verdictCode(verdictOf([0.9, 0.05, 0.03, 0.02], classes))).toBe('real');
    expect(verdictCode(verdictOf([0.55, 0.45, 0, 0], classes))).toBe('uncertain:real');
    expect(verdictCode(verdictOf([0.4, 0.45, 0.15, 0], classes))).toBe('uncertain:manipulated:identity');
  });
  it('is 1 - P(real), or null without a real class', () => {
    expect(pManipulated([0.25, 0.5, 0.25, 0], classes)).toBe(0.75);
    expect(pManipulated([0.25, 0.75], ['fake', 'real'])).toBe(0.25);
    expect(pManipulated([0.25, 0.75], ['a', 'b'])).toBeNull();
  });
});

describe('judgeFor', () => {
  const decision = { rule: 'p-manipulated' as const, threshold: 0.5, uncertain: [0.3, 0.8] as [number, number] };
  const faces = [
    [0.9, 0.05, 0.03, 0.02],
    [0.05, 0.85, 0.05, 0.05],
    [0.45, 0.3, 0.2, 0.05],
    [0.6, 0.0, 0.0, 0.4],
  ];

  it("states the verdict of the card's rule: its decision, its band, or the default band", () => {
    const band = { minProbability: 0.85, minMargin: 0 };
    for (const card of [{ classes }, { classes, uncertainBand: band }, { classes, decision, uncertainBand: band }]) {
      const judge = judgeFor(card);
      expect(judge.classes).toBe(classes);
      expect(judge.rule).toEqual(verdictRule(card));
      for (const p of faces) {
        expect(judge.verdict(p)).toEqual(verdictOf(p, classes, verdictRule(card)));
        expect(judge.pManipulated(p)).toBe(pManipulated(p, classes));
      }
    }
    expect(judgeFor({ classes, decision }).verdict(faces[2])).toMatchObject({ label: 'identity', manipulated: true, uncertain: true });
  });

  it('gives the same judge for the same card, so a selector returning it is stable', () => {
    const card = { classes, decision };
    expect(judgeFor(card)).toBe(judgeFor(card));
    expect(judgeFor({ ...card })).not.toBe(judgeFor(card));
  });

  it('gives each verdict its tone', () => {
    const judge = judgeFor({ classes, decision });
    expect(faces.map((p) => verdictTone(judge.verdict(p)))).toEqual(['real', 'fake', 'uncertain', 'uncertain']);
  });
});

describe('a face warning that holds the verdict', () => {
  const decision = { rule: 'p-manipulated' as const, threshold: 0.5, uncertain: [0.2, 0.85] as [number, number], chosenOn: 'val' };
  const judge = judgeFor({ classes, decision });
  const mono = [{ code: 'monochrome' as const, residual: 0.3 }];

  it('keeps a black-and-white face uncertain, leaning the same way, and says which warning held it', () => {
    const stated = judge.verdict([0.05, 0.1, 0.05, 0.8]);
    expect(stated).toMatchObject({ label: 'splice', uncertain: false, manipulated: true });
    const held = judge.verdict([0.05, 0.1, 0.05, 0.8], mono);
    expect(held).toMatchObject({ label: 'splice', uncertain: true, manipulated: true, heldBy: 'monochrome' });
    expect(held.probability).toBe(stated.probability);
    expect(verdictCode(held)).toBe('uncertain:manipulated:splice');
    expect(judge.verdict([0.9, 0.05, 0.03, 0.02], mono)).toMatchObject({ label: 'real', uncertain: true, heldBy: 'monochrome' });
  });

  it('leaves a verdict alone under warnings that only warn, and marks no hold on one already uncertain', () => {
    const warnings = [{ code: 'tiny-face' as const, faceSize: 40 }, { code: 'heavy-compression' as const, quality: 50 }];
    expect(judge.verdict([0.05, 0.1, 0.05, 0.8], warnings)).toMatchObject({ uncertain: false });
    expect(judge.verdict([0.4, 0.2, 0.2, 0.2], mono)).not.toHaveProperty('heldBy');
  });
});
