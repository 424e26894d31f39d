import { describe, expect, it } from 'vitest';
import { addNoise, degrade, downscale, gaussianBlur, gaussianKernel, NO_CHANGE, shiftedBox } from './whatIf';
import type { RgbaImage } from './preprocess';

function image(w: number, h: number, f: (x: number, y: number, c: number) => number): RgbaImage {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let c = 0; c < 4; c++) data[(y * w + x) * 4 + c] = c === 3 ? 255 : f(x, y, c);
  return { width: w, height: h, data };
}
const variance = (img: RgbaImage) => {
  const v = Array.from(img.data).filter((_, i) => i % 4 !== 3);
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  return v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length;
};

describe('what-if degradations', () => {
  const checker = image(40, 30, (x, y) => ((x + y) % 2 ? 200 : 50));

  it('leaves the photo alone with no change', () => {
    expect(degrade(checker, NO_CHANGE)).toBe(checker);
  });

  it('blur: a normalised kernel, and more blur leaves less texture, never changing a flat image', () => {
    const k = gaussianKernel(1.5);
    expect(k.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    const waves = image(40, 30, (x, y) => 128 + 100 * Math.sin(x / 1.5) * Math.cos(y / 2));
    const v = [0.5, 1, 2].map((s) => variance(gaussianBlur(waves, s)));
    expect(v[0]).toBeLessThan(variance(waves));
    expect(v[1]).toBeLessThan(v[0]);
    expect(v[2]).toBeLessThan(v[1]);
    const flat = image(10, 10, () => 77);
    expect(Array.from(gaussianBlur(flat, 2).data)).toEqual(Array.from(flat.data));
  });

  it('noise: fixed seed, so the same on every run, with about the asked spread', () => {
    const grey = image(64, 64, () => 128);
    const a = addNoise(grey, 10);
    expect(Array.from(addNoise(grey, 10).data)).toEqual(Array.from(a.data));
    expect(Math.sqrt(variance(a))).toBeGreaterThan(9);
    expect(Math.sqrt(variance(a))).toBeLessThan(11);
    expect(a.data[3]).toBe(255);
  });

  it('downscale: the asked size, and the same mean brightness', () => {
    const small = downscale(checker, 0.5);
    expect([small.width, small.height]).toEqual([20, 15]);
    const mean = (img: RgbaImage) => Array.from(img.data).filter((_, i) => i % 4 === 0).reduce((a, b) => a + b, 0) / (img.width * img.height);
    expect(mean(small)).toBeCloseTo(mean(checker), 0);
    expect(downscale(checker, 1)).toBe(checker);
  });

  it('shift: moves the face box in the (downscaled) photo', () => {
    expect(shiftedBox(100, 80, { shiftX: 8, shiftY: -4, scale: 1 })).toEqual([8, -4, 100, 80]);
    expect(shiftedBox(50, 40, { shiftX: 8, shiftY: -4, scale: 0.5 })).toEqual([4, -2, 50, 40]);
  });
});
