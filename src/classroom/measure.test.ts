import { describe, expect, it } from 'vitest';
import { channel, detailEnergy, fineDetail, fmtEnergy, maxResidualError } from './measure';
import { gaussianBlur } from '../crop/whatIf';

const size = 32;
function rgbMap(f: (x: number, y: number, c: number) => number): Float32Array {
  const out = new Float32Array(size * size * 3);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) for (let c = 0; c < 3; c++) out[(y * size + x) * 3 + c] = f(x, y, c);
  return out;
}

describe('classroom measures', () => {
  it('fmtEnergy is the mean RGB magnitude', () => {
    expect(fmtEnergy(rgbMap(() => 0))).toBe(0);
    expect(fmtEnergy(rgbMap((_, __, c) => (c === 0 ? 3 : c === 1 ? 4 : 0)))).toBeCloseTo(5, 6);
  });

  it('fine detail ignores smooth content and keeps texture', () => {
    const ramp = rgbMap((x, y) => 2 * x + y);
    const constant = rgbMap(() => 100);
    const checker = rgbMap((x, y) => ((x + y) % 2 ? 10 : -10));
    expect(detailEnergy(constant, size)).toBeCloseTo(0, 6);
    // A linear ramp's local mean is itself, away from the borders.
    const d = fineDetail(ramp, size);
    expect(Math.abs(d[(16 * size + 16) * 3])).toBeLessThan(1e-4);
    expect(detailEnergy(checker, size)).toBeGreaterThan(15);
    expect(detailEnergy(rgbMap((x, y, c) => ramp[(y * size + x) * 3 + c] + checker[(y * size + x) * 3 + c]), size)).toBeGreaterThan(15);
  });

  it('fine detail falls as blur rises', () => {
    const noisy = new Uint8ClampedArray(size * size * 4).map((_, i) => (i % 4 === 3 ? 255 : (i * 7919) % 251));
    const energies = [0, 0.5, 1, 2].map((sigma) => {
      const img = gaussianBlur({ width: size, height: size, data: noisy }, sigma);
      return detailEnergy(rgbMap((x, y, c) => img.data[(y * size + x) * 4 + c]), size);
    });
    for (let i = 1; i < energies.length; i++) expect(energies[i]).toBeLessThan(energies[i - 1]);
  });

  it('maxResidualError finds the worst deviation from Conv1(I) - I', () => {
    const input = rgbMap((x) => x);
    const conv1 = rgbMap((x) => 2 * x);
    const fmt = rgbMap((x) => x);
    expect(maxResidualError(fmt, conv1, input)).toBe(0);
    fmt[10] += 0.5;
    expect(maxResidualError(fmt, conv1, input)).toBeCloseTo(0.5, 6);
  });

  it('channel picks one channel of an HWC map', () => {
    expect(Array.from(channel(Float32Array.from([1, 2, 3, 4, 5, 6]), 3, 1))).toEqual([2, 5]);
  });
});
