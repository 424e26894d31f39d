import { describe, expect, it } from 'vitest';
import { fmtMagnitudeMap, percentile } from './fmt';

describe('Fmt magnitude map', () => {
  it('takes the per-pixel RGB norm, scales at the 99th percentile and reports the mean', () => {
    const size = 10;
    const fmt = new Float32Array(size * size * 3);
    for (let i = 0; i < size * size; i++) fmt.set([3 * (i % 10), 4 * (i % 10), 0], i * 3); // |.| = 5 * (i % 10)
    const m = fmtMagnitudeMap(fmt, size);
    expect(m.mean).toBeCloseTo(22.5, 5);
    expect(m.scale).toBeGreaterThan(44);
    expect(m.scale).toBeLessThan(45.1);
    expect(m.magnitude[0]).toBe(0);
    expect(m.magnitude[9]).toBe(255);
    expect(m.magnitude[5]).toBe(Math.round((25 / m.scale) * 255));
  });

  it('finds percentiles of a known distribution', () => {
    const v = Float32Array.from({ length: 10000 }, (_, i) => i);
    expect(percentile(v, 0.99)).toBeGreaterThan(9895);
    expect(percentile(v, 0.99)).toBeLessThan(9905);
    expect(percentile(new Float32Array(5), 0.99)).toBe(0);
  });
});
