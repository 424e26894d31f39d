import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { useNodeBackend } from '../node/tfNode';
import { amtennetForward } from './amtennet';
import { AmtennetClassifier } from './classifier';
import { encodeAmtennet, fixtureCard, fixtureWeights } from './fixtureModel';
import { amtennetParams, countParams, multiplyAdds } from './spec';
import { checkAmtennetWeights, loadWeights, type ModelSource } from './weights';

beforeAll(() => useNodeBackend('cpu'));

describe('AMTENnet layer shapes (128 px input, 4 classes)', () => {
  it('matches every shape of the spec', () => {
    const w = fixtureWeights(4);
    const shapes = tf.tidy(() => {
      const out = amtennetForward(w, tf.zeros([2, 128, 128, 3]) as tf.Tensor4D);
      return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, t.shape]));
    });
    tf.dispose(Object.values(w));
    expect(shapes).toEqual({
      conv1: [2, 128, 128, 3],
      fmt: [2, 128, 128, 3],
      f1: [2, 128, 128, 6],
      freu: [2, 128, 128, 12],
      block4: [2, 64, 64, 24],
      block5: [2, 31, 31, 48],
      block6: [2, 14, 14, 64],
      block7: [2, 7, 7, 128],
      flat: [2, 6272],
      fc0: [2, 300],
      fc1: [2, 300],
      logits: [2, 4],
    });
  });

  it('has about 2.02 M parameters, 1.97 M of them in the fully connected layers', () => {
    const specs = amtennetParams(2);
    const total = countParams(specs);
    const fc = countParams(specs.filter((s) => s.name.startsWith('fc')));
    expect(total).toBeGreaterThan(2.0e6);
    expect(total).toBeLessThan(2.04e6);
    expect(fc).toBeGreaterThan(1.96e6);
    expect(fc).toBeLessThan(1.98e6);
    expect(specs.find((s) => s.name === 'conv1/bias')).toBeUndefined();
    // "About 0.12 G multiply-adds per 128x128 image."
    expect(multiplyAdds(4) / 1e9).toBeCloseTo(0.12, 2);
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
});

describe('weights file format', () => {
  it('round-trips through a TF.js weights manifest and shard, and classifies', async () => {
    const before = tf.memory().numTensors;
    const w = fixtureWeights(4, 11);
    const { manifest, shard } = await encodeAmtennet(w, 4);
    const source: ModelSource = {
      readJson: async (p) => (p === 'model-card.json' ? fixtureCard() : manifest),
      readBinary: async (p) => {
        expect(p).toBe('group1-shard1of1.bin');
        return shard;
      },
    };
    const model = await AmtennetClassifier.load(source);
    const crop = new Float32Array(128 * 128 * 3).map((_, i) => (i * 37) % 256);
    const [fromFile] = await model.classify([crop]);
    const direct = AmtennetClassifier.fromWeights(fixtureCard(), w);
    const [fromMemory] = await direct.classify([crop]);
    expect(fromFile.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(fromFile.probabilities).toEqual(fromMemory.probabilities);
    expect(fromFile.fmt.length).toBe(128 * 128 * 3);
    model.dispose();
    direct.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects weights of the wrong shape or name with a clear message', async () => {
    const w = fixtureWeights(4);
    expect(() => checkAmtennetWeights(w, 2)).toThrow(/fc2\/kernel is 300x4, expected 300x2/);
    w['extra/kernel'] = tf.zeros([1]);
    expect(() => checkAmtennetWeights(w, 4)).toThrow(/unexpected extra\/kernel/);
    const { manifest, shard } = await encodeAmtennet(w, 4);
    const short: ModelSource = { readJson: async () => manifest, readBinary: async () => shard.slice(0, 100) };
    await expect(loadWeights(short, manifest)).rejects.toThrow(/hold 100 bytes/);
    tf.dispose(Object.values(w));
  });

  it('does not leak tensors when classifying many batches', async () => {
    const model = AmtennetClassifier.fromWeights(fixtureCard(), fixtureWeights(4));
    const crop = new Float32Array(128 * 128 * 3).fill(128);
    await model.classify([crop]);
    const after1 = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) await model.classify([crop, crop]);
    expect(tf.memory().numTensors).toBe(after1);
    model.dispose();
  });
});
