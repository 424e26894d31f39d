import { describe, expect, it } from 'vitest';
import { computeMetrics, expectedCalibrationError } from './metrics';

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
