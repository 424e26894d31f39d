import { describe, expect, it } from 'vitest';
import { sampleTimes, samplingFrom } from './sampling';
import { DEFAULT_SAMPLING } from '../analysis/videoTypes';

describe('sampleTimes', () => {
  it('takes 2 a second by default, each in the middle of its share of the clip', () => {
    expect(sampleTimes(4, DEFAULT_SAMPLING)).toEqual([0.25, 0.75, 1.25, 1.75, 2.25, 2.75, 3.25, 3.75]);
    expect(sampleTimes(30, DEFAULT_SAMPLING)).toHaveLength(60);
  });

  it('never takes more than maxFrames, spread over the whole clip', () => {
    const t = sampleTimes(600, DEFAULT_SAMPLING);
    expect(t).toHaveLength(64);
    expect(t[0]).toBeCloseTo(600 / 128);
    expect(t[63]).toBeCloseTo(600 - 600 / 128);
    const steps = t.slice(1).map((v, i) => v - t[i]);
    for (const s of steps) expect(s).toBeCloseTo(600 / 64);
  });

  it('takes one frame of a clip shorter than a sample, none of a clip of no length', () => {
    expect(sampleTimes(0.2, DEFAULT_SAMPLING)).toEqual([0.1]);
    expect(sampleTimes(0, DEFAULT_SAMPLING)).toEqual([]);
    expect(sampleTimes(NaN, DEFAULT_SAMPLING)).toEqual([]);
  });

  it('follows the settings and offsets by the first timestamp', () => {
    expect(sampleTimes(10, { perSecond: 1, maxFrames: 5 }, 1)).toEqual([2, 4, 6, 8, 10]);
    expect(() => sampleTimes(10, { perSecond: 0, maxFrames: 5 })).toThrow();
  });
});

describe('samplingFrom', () => {
  it('reads ?fps= and ?frames=, the defaults for nonsense', () => {
    expect(samplingFrom('?fps=5&frames=10', DEFAULT_SAMPLING)).toEqual({ perSecond: 5, maxFrames: 10 });
    expect(samplingFrom('?fps=-1&frames=abc', DEFAULT_SAMPLING)).toEqual(DEFAULT_SAMPLING);
    expect(samplingFrom('', DEFAULT_SAMPLING)).toEqual(DEFAULT_SAMPLING);
  });
});
