import { describe, expect, it } from 'vitest';
import { buildSteps } from './steps';
import { magnitudeToRgba, rgbToRgba, signedToRgba } from './render';
import type { InspectMaps } from '../shared/inspectProtocol';

const s = 8;
const ramp = (n: number, f = 1) => Float32Array.from({ length: n }, (_, i) => ((i % 17) - 8) * f);
const maps: InspectMaps = {
  size: s,
  input: ramp(s * s * 3, 10).map((v) => v + 128),
  conv1: ramp(s * s * 3, 9).map((v) => v + 128),
  fmt: ramp(s * s * 3, 0.5),
  freu: ramp(s * s * 12),
  blocks: (['block4', 'block5', 'block6', 'block7'] as const).map((name, i) => ({
    name,
    size: 4 - i,
    depth: 24 * (i + 1),
    channels: [0, 3, 5, 7],
    data: ramp((4 - i) * (4 - i) * 4).map(Math.abs),
  })),
};

describe('the walkthrough steps', () => {
  it('go input, conv1, Fmt, Freu, the four blocks, the verdict, each with its maps', () => {
    const steps = buildSteps(maps);
    expect(steps.map((x) => x.id)).toEqual(['input', 'conv1', 'fmt', 'freu', 'block4', 'block5', 'block6', 'block7', 'probabilities']);
    expect(steps.map((x) => x.maps.length)).toEqual([1, 1, 5, 12, 4, 4, 4, 4, 0]);
    for (const step of steps) for (const m of step.maps) expect(m.pixels.length).toBe(m.size * m.size * 4);
    expect(steps[4].title).toEqual(['step_block', { b: '4', depth: 24, size: 4 }]);
    expect(steps[4].maps.map((m) => m.label)).toEqual(['#1', '#4', '#6', '#8']);
    expect(steps[7].caption[0]).toBe('cap_block7');
    expect(steps[8].probabilities).toBe(true);
  });

  it("say what Fmt shows for this model, from its card's measurement", () => {
    const card = (pictureShare: number) => ({
      tapSums: [0.62, 0.65, -1.08],
      centreTaps: [0.3, -0.1, -0.3],
      pictureShare,
      lowFrequencyShare: 0.9,
      pictureLowFrequencyShare: 0.97,
      measuredOnValImages: 300,
    });
    expect(buildSteps(maps)[2].caption[0]).toBe('cap_fmt');
    const picture = buildSteps(maps, card(0.59))[2].caption;
    expect(picture).toEqual(['cap_fmt_picture', expect.objectContaining({ share: '59 %', sums: 'R 0.62, G 0.65, B -1.08' })]);
    expect(buildSteps(maps, card(0.05))[2].caption[0]).toBe('cap_fmt_residual');
  });
});

describe('map colours', () => {
  it('signed: white at zero, red above, blue below', () => {
    const { pixels, scale } = signedToRgba(Float32Array.from([0, 2, -2, 1]));
    expect(scale).toBeGreaterThan(1.9);
    expect(Array.from(pixels.slice(0, 4))).toEqual([255, 255, 255, 255]);
    expect(pixels[4]).toBe(255);
    expect(pixels[6]).toBeLessThan(10);
    expect(pixels[8]).toBeLessThan(10);
    expect(pixels[10]).toBe(255);
  });

  it('magnitude: dark at the minimum, bright at the maximum; rgb clamps to bytes', () => {
    const { pixels, max } = magnitudeToRgba(Float32Array.from([0, 5, 10]));
    expect(max).toBe(10);
    expect(pixels[0] + pixels[1] + pixels[2]).toBeLessThan(pixels[8] + pixels[9] + pixels[10]);
    expect(Array.from(rgbToRgba(Float32Array.from([-5, 100.4, 300])))).toEqual([0, 100, 255, 255]);
  });
});
