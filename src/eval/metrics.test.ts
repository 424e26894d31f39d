import { describe, expect, it } from 'vitest';
import { computeMetrics } from './metrics';

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
});
