import { describe, expect, it } from 'vitest';
import { computeMetrics, expectedCalibrationError, manipulationMetrics, rocAuc, type FaceVerdict } from './metrics';

describe('computeMetrics', () => {
  it('computes accuracy, balanced accuracy, binary accuracy, confusion and per-source binary accuracy', () => {
    const classes = ['real', 'identity', 'attribute', 'splice'];
    //            real real real real | identity identity | attribute | (no splice)
    const truth = [0, 0, 0, 0, 1, 1, 2];
    const preds = [0, 0, 0, 1, 1, 2, 2];
    const sources = ['a', 'a', 'b', 'b', 'a', 'b', 'b'];
    const m = computeMetrics(classes, truth, preds, sources);
    expect(m.n).toBe(7);
    expect(m.accuracy).toBeCloseTo(5 / 7);
    expect(m.perClassRecall).toEqual({ real: 0.75, identity: 0.5, attribute: 1, splice: null });
    expect(m.balancedAccuracy).toBeCloseTo((0.75 + 0.5 + 1) / 3);
    // Binary: only the real face called "identity" is wrong; identity->attribute is still "manipulated".
    expect(m.binaryAccuracy).toBeCloseTo(6 / 7);
    expect(m.confusion).toEqual([
      [3, 1, 0, 0],
      [0, 1, 1, 0],
      [0, 0, 1, 0],
      [0, 0, 0, 0],
    ]);
    expect(m.binaryAccuracyBySource).toEqual({ a: 1, b: 0.75 });
    expect(m.binaryCountBySource).toEqual({ a: 3, b: 4 });
  });

  it('reports the false-alarm rate on real faces and, given probabilities, the expected calibration error', () => {
    const classes = ['real', 'fake'];
    const truth = [0, 0, 0, 0, 1, 1];
    const preds = [0, 0, 0, 1, 1, 1];
    // Two bins are used: confidence 0.9 (4 images, 3 right) and 0.6 (2 images, 2 right).
    const probs = [
      [0.9, 0.1],
      [0.9, 0.1],
      [0.9, 0.1],
      [0.1, 0.9],
      [0.4, 0.6],
      [0.4, 0.6],
    ];
    const m = computeMetrics(classes, truth, preds, undefined, probs);
    expect(m.realFalseAlarmRate).toBeCloseTo(0.25);
    expect(m.ece).toBeCloseTo((4 / 6) * Math.abs(0.75 - 0.9) + (2 / 6) * Math.abs(1 - 0.6));
    expect(computeMetrics(classes, truth, preds).ece).toBeNull();
    expect(computeMetrics(['a', 'b'], [0, 1], [0, 1]).realFalseAlarmRate).toBeNull();
  });

  it('gives zero ECE to probabilities that match the accuracy of their bin', () => {
    const probs = Array.from({ length: 10 }, () => [0.8, 0.2]);
    const truth = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1];
    expect(expectedCalibrationError(probs, truth)).toBeCloseTo(0);
  });
});

describe('rocAuc', () => {
  it('is 1 when every positive scores above every negative, 0 when below, null without both', () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [false, false, true, true])).toBe(1);
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [false, false, true, true])).toBe(0);
    expect(rocAuc([0.1, 0.2], [true, true])).toBeNull();
    expect(rocAuc([], [])).toBeNull();
  });

  it('counts the pairs a positive wins', () => {
    // Positives 0.35 and 0.8 against negatives 0.1, 0.4, 0.7: (1 + 3) of 6 pairs.
    expect(rocAuc([0.1, 0.35, 0.4, 0.7, 0.8], [false, true, false, false, true])).toBeCloseTo(4 / 6, 12);
  });

  it('counts a tie as half a pair, by averaging ranks, whatever the order of the tied scores', () => {
    expect(rocAuc([0.5, 0.5], [true, false])).toBe(0.5);
    expect(rocAuc([0.5, 0.5, 0.5, 0.5], [true, false, false, true])).toBe(0.5);
    // Positives 0.5, 0.9; negatives 0.5, 0.5, 0.1: 0.5 ties two and beats one (2 * 0.5 + 1), 0.9 beats all three.
    const expected = (2 * 0.5 + 1 + 3) / 6;
    expect(rocAuc([0.5, 0.9, 0.5, 0.5, 0.1], [true, true, false, false, false])).toBeCloseTo(expected, 12);
    expect(rocAuc([0.5, 0.5, 0.1, 0.9, 0.5], [false, false, false, true, true])).toBeCloseTo(expected, 12);
  });

  it('agrees with counting every pair on random scores with many ties', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const scores = Array.from({ length: 300 }, () => Math.round(rand() * 20) / 20);
    const positive = scores.map((s) => rand() < 0.3 + s * 0.4);
    let wins = 0;
    let pairs = 0;
    scores.forEach((p, i) =>
      scores.forEach((n, j) => {
        if (!positive[i] || positive[j]) return;
        pairs++;
        wins += p > n ? 1 : p === n ? 0.5 : 0;
      }),
    );
    expect(rocAuc(scores, positive)).toBeCloseTo(wins / pairs, 12);
  });

  it('refuses NaN scores and mismatched lengths', () => {
    expect(() => rocAuc([NaN, 1], [true, false])).toThrow(/NaN/);
    expect(() => rocAuc([1], [true, false])).toThrow(/length/);
  });
});

describe('manipulationMetrics', () => {
  const face = (fake: boolean, pManipulated: number, stated: boolean, manipulated: boolean, source: string, family?: string): FaceVerdict => ({
    fake,
    pManipulated,
    stated,
    manipulated,
    source,
    family,
  });
  const faces = [
    face(false, 0.1, true, false, 'lfw', 'real-photo'), // stated real: right
    face(false, 0.9, true, true, 'lfw', 'real-photo'), // stated manipulated: a false alarm
    face(false, 0.5, false, false, 'ffhq', 'real-ffhq'), // uncertain
    face(true, 0.8, true, true, 'simswap', 'face-swap'), // stated manipulated: right
    face(true, 0.3, true, false, 'simswap', 'face-swap'), // stated real: missed
    face(true, 0.6, false, true, 'sd', 'diffusion-face'), // uncertain
    face(false, 0.2, true, false, 'simswap', 'real-paired'), // a real original beside its swaps
  ];

  it('scores P(manipulated) overall, per source and per family, fakes against all reals, a real-only group against all fakes', () => {
    const m = manipulationMetrics(faces);
    // Reals 0.1 0.9 0.5 0.2; fakes 0.8 0.3 0.6: 0.8 beats 3, 0.3 beats 2, 0.6 beats 3 of 4.
    expect(m.aucManipulated).toBeCloseTo(8 / 12, 12);
    const bySource = m.aucManipulatedBySource;
    expect(Object.keys(bySource)).toEqual(['ffhq', 'lfw', 'sd', 'simswap']);
    expect(bySource.simswap).toBeCloseTo(5 / 8, 12); // its fakes 0.8 (beats 3) and 0.3 (beats 2) against all four reals; its own real is one of them
    expect(bySource.sd).toBeCloseTo(3 / 4, 12); // 0.6 beats 0.1, 0.5 and 0.2
    expect(bySource.ffhq).toBeCloseTo(2 / 3, 12); // real-only: its 0.5 against the fakes 0.8, 0.3, 0.6
    expect(bySource.lfw).toBeCloseTo(3 / 6, 12); // real-only: 0.1 is below all three fakes, 0.9 above all
    expect(Object.keys(m.aucManipulatedByFamily!)).toEqual(['diffusion-face', 'face-swap', 'real-ffhq', 'real-paired', 'real-photo']);
    expect(m.aucManipulatedByFamily!['face-swap']).toBeCloseTo(5 / 8, 12);
    expect(m.aucManipulatedByFamily!['real-paired']).toBe(1); // its 0.2 is below all three fakes
  });

  it('reports false alarms on real faces, how often a verdict is stated, and how often a stated one is right', () => {
    const m = manipulationMetrics(faces);
    expect(m.realStatedManipulatedRate).toBe(1 / 4);
    expect(m.realStatedManipulatedRateBySource).toEqual({ ffhq: 0, lfw: 0.5, simswap: 0 });
    expect(m.realStatedManipulatedRateByFamily).toEqual({ 'real-ffhq': 0, 'real-paired': 0, 'real-photo': 0.5 });
    expect(m.statedRate).toBe(5 / 7);
    expect(m.statedBinaryAccuracy).toBe(3 / 5);
  });

  it('has no family numbers without families, and nulls without faces', () => {
    const m = manipulationMetrics(faces.map((f) => ({ ...f, family: undefined })));
    expect(m.aucManipulatedByFamily).toBeNull();
    expect(m.realStatedManipulatedRateByFamily).toBeNull();
    expect(manipulationMetrics([])).toMatchObject({ aucManipulated: null, statedRate: null, statedBinaryAccuracy: null, realStatedManipulatedRate: null });
  });
});
