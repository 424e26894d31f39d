// The paper's Model-base baseline (AMTENnet without the AMTEN module): layer table, forward pass,
// weight checks, model card and classifier. Parity with PyTorch is in parity.modelBase.test.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { useNodeBackend } from '../node/tfNode';
import { amtennetForward, modelBaseForward, modelForward } from './amtennet';
import { AmtennetClassifier } from './classifier';
import { encodeAmtennet, fixtureCard, fixtureWeights } from './fixtureModel';
import { parseModelCard } from './modelCard';
import { amtennetParams, countParams, modelParams, multiplyAdds } from './spec';
import { checkAmtennetWeights, checkModelWeights, type ModelSource } from './weights';

beforeAll(() => useNodeBackend('cpu'));

describe('Model-base layer table', () => {
  it('is AMTENnet without conv1..conv3_2, with conv4 on the 3-channel image', () => {
    const base = modelParams('model-base', 4);
    const full = modelParams('amtennet', 4);
    expect(full).toEqual(amtennetParams(4));
    expect(base.map((s) => s.name)).toEqual(full.map((s) => s.name).filter((n) => !/^conv[123]/.test(n)));
    expect(base.find((s) => s.name === 'conv4/kernel')?.shape).toEqual([3, 3, 3, 24]);
    // PyTorch's count_parameters (training/tests/test_model_base.py) plus the stored BN moving statistics.
    const movingStats = 2 * (24 + 48 + 64);
    expect(countParams(full)).toBe(2_023_649 + movingStats);
    expect(countParams(base)).toBe(2_023_649 - (81 + 2 * 84 + 2 * 330) - 9 * 9 * 24 + movingStats);
    // AMTEN's five 128x128 convolutions and conv4's 12 -> 3 input channels are the whole difference.
    const amten = 128 * 128 * 9 * (3 * 9 + 2 * 36) + 128 * 128 * 9 * 9 * 24;
    expect(multiplyAdds(4) - multiplyAdds(4, 'model-base')).toBe(amten);
    expect(multiplyAdds(4, 'amtennet')).toBe(multiplyAdds(4));
  });
});

describe('Model-base forward pass', () => {
  it('has AMTENnet backbone shapes and null AMTEN maps', () => {
    const w = fixtureWeights(4, 3, 'model-base');
    const out = tf.tidy(() => {
      const o = modelBaseForward(w, tf.zeros([2, 128, 128, 3]) as tf.Tensor4D);
      return Object.fromEntries(Object.entries(o).map(([k, t]) => [k, t === null ? null : t.shape]));
    });
    tf.dispose(Object.values(w));
    expect(out).toEqual({
      conv1: null,
      fmt: null,
      f1: null,
      freu: null,
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

  it('modelForward picks the architecture; AMTENnet is unchanged', () => {
    const w = fixtureWeights(4, 5);
    const [same, fmtShape] = tf.tidy(() => {
      const x = tf.mul(tf.randomUniform([1, 128, 128, 3], 0, 1, 'float32', 9), 255) as tf.Tensor4D;
      const a = amtennetForward(w, x);
      const b = modelForward(w, x, 'amtennet');
      return [tf.max(tf.abs(tf.sub(a.logits, b.logits))).dataSync()[0], b.fmt.shape] as const;
    });
    tf.dispose(Object.values(w));
    expect(same).toBe(0);
    expect(fmtShape).toEqual([1, 128, 128, 3]);
  });

  it('the weight check names the architecture and tells the two apart', () => {
    const base = fixtureWeights(4, 1, 'model-base');
    const full = fixtureWeights(4, 1, 'amtennet');
    expect(() => checkModelWeights(base, 4, 'model-base')).not.toThrow();
    expect(() => checkModelWeights(full, 4, 'model-base')).toThrow(
      /Weights do not match Model-base: .*conv4\/kernel is 3x3x12x24, expected 3x3x3x24.*unexpected conv1\/kernel/,
    );
    expect(() => checkAmtennetWeights(base, 4)).toThrow(/Weights do not match AMTENnet: missing conv1\/kernel/);
    tf.dispose([...Object.values(base), ...Object.values(full)]);
  });
});

describe('model card "architecture"', () => {
  const card = (architecture?: unknown) => {
    const c: Record<string, unknown> = { ...fixtureCard() };
    delete c.architecture;
    return architecture === undefined ? c : { ...c, architecture };
  };
  it('defaults to amtennet, reads the old "AMTENnet" spelling and model-base, rejects others', () => {
    expect(parseModelCard(card()).architecture).toBe('amtennet');
    expect(parseModelCard(card('AMTENnet')).architecture).toBe('amtennet');
    expect(parseModelCard(card('amtennet')).architecture).toBe('amtennet');
    expect(parseModelCard(card('model-base')).architecture).toBe('model-base');
    expect(() => parseModelCard(card('Meso-4'))).toThrow(/"architecture" must be one of amtennet, model-base/);
    expect(() => parseModelCard(card(3))).toThrow(/architecture/);
  });
});

describe('classifier with a Model-base folder', () => {
  it('loads by the card, scores without Fmt, and refuses the Fmt-only classify()', async () => {
    const before = tf.memory().numTensors;
    const w = fixtureWeights(4, 11, 'model-base');
    const { manifest, shard } = await encodeAmtennet(w, 4, 'model-base');
    tf.dispose(Object.values(w));
    const cardJson = fixtureCard(undefined, 'model-base');
    const source: ModelSource = {
      readJson: async (p) => (p === 'model-card.json' ? cardJson : manifest),
      readBinary: async () => shard,
    };
    const model = await AmtennetClassifier.load(source);
    expect(model.architecture).toBe('model-base');
    const crop = new Float32Array(128 * 128 * 3).map((_, i) => (i * 37) % 256);
    const [s] = await model.scores([crop]);
    expect(s.fmt).toBeNull();
    expect(s.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    await expect(model.classify([crop])).rejects.toThrow(/Model-base has no AMTEN module/);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);

    // The same weights behind an AMTENnet card fail at load time, naming the mismatch.
    const wrong: ModelSource = { ...source, readJson: async (p) => (p === 'model-card.json' ? fixtureCard() : manifest) };
    await expect(AmtennetClassifier.load(wrong)).rejects.toThrow(/Weights do not match AMTENnet/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('scores() equals classify() for AMTENnet', async () => {
    const model = AmtennetClassifier.fromWeights(fixtureCard(), fixtureWeights(4, 2));
    const crop = new Float32Array(128 * 128 * 3).fill(90);
    const [a] = await model.classify([crop]);
    const [b] = await model.scores([crop]);
    expect(b).toEqual(a);
    model.dispose();
  });
});
