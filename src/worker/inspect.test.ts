import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { useNodeBackend } from '../node/tfNode';
import { AmtennetClassifier } from '../model/classifier';
import { fixtureCard, fixtureWeights } from '../model/__fixtures__/fixtureModel';
import { seededRandom } from '../crop/seededRandom';
import { inspectMaps } from './inspect';

beforeAll(() => useNodeBackend('cpu'));

describe('inspectMaps', () => {
  it('returns the real intermediate maps of one crop and leaks no tensor', async () => {
    const model = AmtennetClassifier.fromWeights(fixtureCard(), fixtureWeights(4));
    const rand = seededRandom(3);
    const input = Float32Array.from({ length: 128 * 128 * 3 }, () => rand() * 255);
    const before = tf.memory().numTensors;
    const m = await inspectMaps(model, input);
    expect(tf.memory().numTensors).toBe(before);
    expect(m.input).toEqual(input);
    expect(m.conv1).toHaveLength(128 * 128 * 3);
    expect(m.freu).toHaveLength(128 * 128 * 12);
    let worst = 0;
    for (let i = 0; i < m.fmt.length; i++) worst = Math.max(worst, Math.abs(m.fmt[i] - (m.conv1[i] - m.input[i])));
    expect(worst).toBeLessThan(1e-3);
    // Freu = concat(conv3_2, conv2_2, Fmt): its last three channels are Fmt.
    for (let i = 0; i < 128 * 128; i += 37) for (let c = 0; c < 3; c++) expect(m.freu[i * 12 + 9 + c]).toBeCloseTo(m.fmt[i * 3 + c], 4);
    expect(m.blocks.map((b) => [b.name, b.size, b.depth, b.channels.length])).toEqual([
      ['block4', 64, 24, 4],
      ['block5', 31, 48, 4],
      ['block6', 14, 64, 4],
      ['block7', 7, 128, 4],
    ]);
    // The kept channels are the most varied: each kept one varies at least as much as any dropped one.
    const full = tf.tidy(() => model.forward(tf.tensor4d(input, [1, 128, 128, 3])).block5);
    const variances = (await tf.moments(full, [0, 1, 2]).variance.data()) as Float32Array;
    const kept = m.blocks[1].channels;
    const minKept = Math.min(...kept.map((k) => variances[k]));
    for (let k = 0; k < 48; k++) if (!kept.includes(k)) expect(variances[k]).toBeLessThanOrEqual(minKept + 1e-6);
    // And their values are the layer's values.
    const fullData = (await full.data()) as Float32Array;
    for (let p = 0; p < 31 * 31; p += 13) kept.forEach((k, j) => expect(m.blocks[1].data[p * 4 + j]).toBeCloseTo(fullData[p * 48 + k], 4));
    tf.dispose(full);
    model.dispose();
  });
});

describe('the Model-base baseline', () => {
  it('has probabilities but no AMTEN maps', async () => {
    const model = AmtennetClassifier.fromWeights(fixtureCard(undefined, 'model-base'), fixtureWeights(4, 1, 'model-base'));
    const [s] = await model.scores([new Float32Array(128 * 128 * 3).fill(100)]);
    expect(s.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    const x = tf.zeros([1, 128, 128, 3]) as tf.Tensor4D;
    expect(() => model.forward(x)).toThrow(/no AMTEN maps/);
    x.dispose();
    model.dispose();
  });
});
