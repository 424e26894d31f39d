import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resizeAntialiased } from './resize';
import { seededRandom } from './seededRandom';

function randomImage(w: number, h: number, c: number, seed = 5): Float32Array {
  const r = seededRandom(seed);
  return Float32Array.from({ length: w * h * c }, () => Math.round(r() * 255));
}

describe('antialiased bilinear resize', () => {
  it('is the identity at the same size', () => {
    const img = randomImage(13, 9, 3);
    expect(Array.from(resizeAntialiased(img, 13, 9, 3, 13, 9))).toEqual(Array.from(img));
  });

  it('keeps a constant image constant when shrinking and enlarging', () => {
    const img = new Float32Array(40 * 30 * 4).fill(77);
    for (const [w, h] of [[16, 16], [7, 23], [90, 61]]) {
      const out = resizeAntialiased(img, 40, 30, 4, w, h, undefined, 3);
      expect(out.length).toBe(w * h * 3);
      for (const v of out) expect(v).toBeCloseTo(77, 4);
    }
  });

  it('averages neighbours with triangle weights on a 2x reduction', () => {
    // One row 0,0,0,0,255,255,255,255 -> 4 outputs; the middle pair mixes both sides.
    const row = Float32Array.from([0, 0, 0, 0, 255, 255, 255, 255]);
    const out = Array.from(resizeAntialiased(row, 8, 1, 1, 4, 1));
    expect(out[0]).toBeCloseTo(0, 5);
    expect(out[1]).toBeCloseTo(255 * 0.25 / 2, 4); // taps 0.25,0.75,0.75,0.25 over 2..5 -> one 0.25 tap of 255
    expect(out[2]).toBeCloseTo(255 - (255 * 0.25) / 2, 4);
    expect(out[3]).toBeCloseTo(255, 5);
  });

  it('reads only the requested window', () => {
    const img = randomImage(20, 20, 3, 9);
    const win = resizeAntialiased(img, 20, 20, 3, 5, 5, [10, 5, 5, 5]);
    expect(win[0]).toBe(img[(5 * 20 + 10) * 3]);
  });

  const golden = new URL('../model/__golden__/resize.json', import.meta.url);
  it('matches PyTorch interpolate(antialias=True) within 1e-3', () => {
    const g = JSON.parse(readFileSync(golden, 'utf8'));
    const [height, width, channels] = g.input.shape;
    for (const o of g.outputs) {
      const [outH, outW] = o.shape;
      const out = resizeAntialiased(Float32Array.from(g.input.data), width, height, channels, outW, outH);
      expect(out.length).toBe(o.data.length);
      let worst = 0;
      o.data.forEach((v: number, i: number) => (worst = Math.max(worst, Math.abs(v - out[i]))));
      expect(worst).toBeLessThan(1e-3);
    }
  });
});
