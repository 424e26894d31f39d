// The forward pass of every architecture (forward.ts): one row per architecture for the shapes of every
// map, then what is particular to AMTEN (Fmt, Freu) and to a hybrid's front end (PyTorch's zero padding).
// Parity with PyTorch on trained weights is in parity.test.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { useNodeBackend } from '../node/tfNode';
import { amtennetForward, modelForward } from './forward';
import { fixtureWeights } from './__fixtures__/fixtureModel';
import { ARCHITECTURES, type Architecture } from './spec';

beforeAll(() => useNodeBackend('cpu'));

const BACKBONE = {
  block4: [2, 64, 64, 24],
  block5: [2, 31, 31, 48],
  block6: [2, 14, 14, 64],
  block7: [2, 7, 7, 128],
  flat: [2, 6272],
  fc0: [2, 300],
  fc1: [2, 300],
  logits: [2, 4],
};
const AMTEN = { conv1: [2, 128, 128, 3], fmt: [2, 128, 128, 3], f1: [2, 128, 128, 6], freu: [2, 128, 128, 12] };
const NO_AMTEN = { conv1: null, fmt: null, f1: null, freu: null };
const FRONT = [2, 128, 128, 3];

const SHAPES: [Architecture, Record<string, number[] | null>][] = [
  ['amtennet', { ...AMTEN, front: null, ...BACKBONE }],
  ['model-base', { ...NO_AMTEN, front: null, ...BACKBONE }],
  ['constrained-hybrid', { ...NO_AMTEN, front: FRONT, ...BACKBONE }],
  ['srm-hybrid', { ...NO_AMTEN, front: FRONT, ...BACKBONE }],
  ['mo-hybrid', { ...NO_AMTEN, front: FRONT, ...BACKBONE }],
];

describe('layer shapes (128 px input, 4 classes)', () => {
  it('has a row for every architecture', () => {
    expect(SHAPES.map(([a]) => a).sort()).toEqual([...ARCHITECTURES].sort());
  });

  it.each(SHAPES)('%s: every map has the shape of the spec', (architecture, expected) => {
    const w = fixtureWeights(4, 3, architecture);
    const shapes = tf.tidy(() => {
      const out = modelForward(w, tf.zeros([2, 128, 128, 3]) as tf.Tensor4D, architecture);
      return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, t === null ? null : t.shape]));
    });
    tf.dispose(Object.values(w));
    expect(shapes).toEqual(expected);
  });
});

describe('AMTEN module', () => {
  it('computes Fmt = Conv1(I) - I, and Freu = [conv3_2, conv2_2, Fmt]', () => {
    const w = fixtureWeights(4, 7);
    // Make conv1 the identity filter: then Fmt must be exactly zero.
    const identity = new Float32Array(81); // HWIO: centre tap, input c -> output c
    for (let c = 0; c < 3; c++) identity[((1 * 3 + 1) * 3 + c) * 3 + c] = 1;
    w['conv1/kernel'].dispose();
    w['conv1/kernel'] = tf.tensor4d(identity, [3, 3, 3, 3]);
    const [fmtMax, freuTail] = tf.tidy(() => {
      const x = tf.mul(tf.randomUniform([1, 128, 128, 3], 0, 1, 'float32', 3), 255) as tf.Tensor4D;
      const out = amtennetForward(w, x);
      const tail = tf.sub(tf.slice(out.freu, [0, 0, 0, 9], [1, 128, 128, 3]), out.fmt);
      return [tf.max(tf.abs(out.fmt)).dataSync()[0], tf.max(tf.abs(tail)).dataSync()[0]];
    });
    tf.dispose(Object.values(w));
    expect(fmtMax).toBeLessThan(1e-3);
    expect(freuTail).toBe(0);
  });

  it('modelForward runs AMTENnet as amtennetForward does', () => {
    const w = fixtureWeights(4, 5);
    const same = tf.tidy(() => {
      const x = tf.mul(tf.randomUniform([1, 128, 128, 3], 0, 1, 'float32', 9), 255) as tf.Tensor4D;
      return tf.max(tf.abs(tf.sub(amtennetForward(w, x).logits, modelForward(w, x, 'amtennet').logits))).dataSync()[0];
    });
    tf.dispose(Object.values(w));
    expect(same).toBe(0);
  });
});

describe("a hybrid's front end", () => {
  // A kernel whose only tap is its top-left corner moves the image down and right by k // 2 and fills
  // the uncovered rows and columns with 0: PyTorch's zero padding of k // 2 (baselines.py), not a shift.
  it.each<[Architecture, number]>([
    ['constrained-hybrid', 5],
    ['srm-hybrid', 5],
    ['mo-hybrid', 3],
  ])('%s: a convolution (k = %d) of the raw image with zero padding, feeding conv4', (architecture, k) => {
    const w = fixtureWeights(4, 2, architecture);
    const corner = new Float32Array(k * k * 9);
    for (let c = 0; c < 3; c++) corner[c * 3 + c] = 1; // tap (0, 0), input c -> output c
    w['front/kernel'].dispose();
    w['front/kernel'] = tf.tensor4d(corner, [k, k, 3, 3]);
    const p = Math.floor(k / 2);
    const [front, image, logitsFromFront, logits] = tf.tidy(() => {
      const x = tf.add(tf.mul(tf.randomUniform([1, 128, 128, 3], 0, 1, 'float32', 4), 254), 1) as tf.Tensor4D;
      const out = modelForward(w, x, architecture);
      const shifted = tf.pad(tf.slice(x, [0, 0, 0, 0], [1, 128 - p, 128 - p, 3]), [[0, 0], [p, 0], [p, 0], [0, 0]]) as tf.Tensor4D;
      // conv4 onwards on the shifted image: the backbone is Model-base's, fed the front end's output.
      const direct = modelForward(w, shifted, 'model-base');
      return [out.front!.arraySync()[0], shifted.arraySync()[0], direct.logits.dataSync(), out.logits.dataSync()];
    });
    tf.dispose(Object.values(w));
    expect(front).toEqual(image);
    expect(front[p - 1][p - 1]).toEqual([0, 0, 0]);
    expect(front[p][p].every((v) => v > 0)).toBe(true);
    expect(Array.from(logits)).toEqual(Array.from(logitsFromFront));
  });
});
