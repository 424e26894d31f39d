// Loading a model folder of any architecture (weights manifest, shard, card) and running it: one row per
// architecture for the round trip, then the checks that make a wrong file fail at load time.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { useNodeBackend } from '../node/tfNode';
import { AmtennetClassifier } from './classifier';
import { encodeModel, fixtureCard, fixtureWeights } from './__fixtures__/fixtureModel';
import { ARCHITECTURE_NAMES, ARCHITECTURES, type Architecture } from './spec';
import { checkModelWeights, loadWeights, type ModelSource } from './weights';

beforeAll(() => useNodeBackend('cpu'));

async function folder(architecture: Architecture, seed: number, cardArchitecture = architecture): Promise<ModelSource> {
  const w = fixtureWeights(4, seed, architecture);
  const { manifest, shard } = await encodeModel(w, 4, architecture);
  tf.dispose(Object.values(w));
  const card = fixtureCard(undefined, cardArchitecture);
  return {
    readJson: async (p) => (p === 'model-card.json' ? card : manifest),
    readBinary: async (p) => {
      expect(p).toBe('group1-shard1of1.bin');
      return shard;
    },
  };
}

const crop = new Float32Array(128 * 128 * 3).map((_, i) => (i * 37) % 256);

describe.each(ARCHITECTURES)('a %s folder', (architecture) => {
  it('round-trips through a TF.js weights manifest and shard, and scores as the weights in memory do', async () => {
    const before = tf.memory().numTensors;
    const model = await AmtennetClassifier.load(await folder(architecture, 11));
    expect(model.architecture).toBe(architecture);
    const [fromFile] = await model.scores([crop]);
    const direct = AmtennetClassifier.fromWeights(fixtureCard(undefined, architecture), fixtureWeights(4, 11, architecture));
    const [fromMemory] = await direct.scores([crop]);
    expect(fromFile.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(fromFile.probabilities).toEqual(fromMemory.probabilities);
    if (architecture === 'amtennet') {
      expect(fromFile.fmt?.length).toBe(128 * 128 * 3);
      expect(await model.classify([crop])).toEqual([fromFile]);
    } else {
      expect(fromFile.fmt).toBeNull();
      await expect(model.classify([crop])).rejects.toThrow(`${ARCHITECTURE_NAMES[architecture]} has no AMTEN module`);
    }
    model.dispose();
    direct.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses weights behind a card that names another architecture, naming both', async () => {
    const before = tf.memory().numTensors;
    const other = architecture === 'amtennet' ? 'model-base' : 'amtennet';
    await expect(AmtennetClassifier.load(await folder(architecture, 1, other))).rejects.toThrow(
      `Weights do not match ${ARCHITECTURE_NAMES[other]}`,
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('weight checks', () => {
  it('reject weights of the wrong shape or name, or a short shard, with a clear message', async () => {
    const w = fixtureWeights(4);
    expect(() => checkModelWeights(w, 2, 'amtennet')).toThrow(/fc2\/kernel is 300x4, expected 300x2/);
    w['extra/kernel'] = tf.zeros([1]);
    expect(() => checkModelWeights(w, 4, 'amtennet')).toThrow(/unexpected extra\/kernel/);
    const { manifest, shard } = await encodeModel(w, 4);
    const short: ModelSource = { readJson: async () => manifest, readBinary: async () => shard.slice(0, 100) };
    await expect(loadWeights(short, manifest)).rejects.toThrow(/hold 100 bytes/);
    tf.dispose(Object.values(w));
  });

  it('tell the architectures apart: AMTEN, no front end, and front ends of other sizes', () => {
    const base = fixtureWeights(4, 1, 'model-base');
    const full = fixtureWeights(4, 1, 'amtennet');
    const srm = fixtureWeights(4, 1, 'srm-hybrid');
    expect(() => checkModelWeights(base, 4, 'model-base')).not.toThrow();
    expect(() => checkModelWeights(full, 4, 'model-base')).toThrow(
      /Weights do not match Model-base: .*conv4\/kernel is 3x3x12x24, expected 3x3x3x24.*unexpected conv1\/kernel/,
    );
    expect(() => checkModelWeights(base, 4, 'amtennet')).toThrow(/Weights do not match AMTENnet: missing conv1\/kernel/);
    expect(() => checkModelWeights(base, 4, 'srm-hybrid')).toThrow(/Weights do not match SRM hybrid: missing front\/kernel/);
    expect(() => checkModelWeights(srm, 4, 'model-base')).toThrow(/unexpected front\/kernel/);
    expect(() => checkModelWeights(srm, 4, 'mo-hybrid')).toThrow(/front\/kernel is 5x5x3x3, expected 3x3x3x3/);
    expect(() => checkModelWeights(srm, 4, 'constrained-hybrid')).not.toThrow();
    tf.dispose([...Object.values(base), ...Object.values(full), ...Object.values(srm)]);
  });
});

describe('classifying batches', () => {
  it('does not leak tensors', async () => {
    const model = AmtennetClassifier.fromWeights(fixtureCard(), fixtureWeights(4));
    const flat = new Float32Array(128 * 128 * 3).fill(128);
    await model.classify([flat]);
    const after1 = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) await model.classify([flat, flat]);
    expect(tf.memory().numTensors).toBe(after1);
    model.dispose();
  });
});
