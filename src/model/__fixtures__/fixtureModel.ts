// A small, deterministic, randomly initialised model of any architecture, used by tests while no trained
// model is needed: same layer table, same file format, so it exercises the real loading and forward code.
import * as tf from '@tensorflow/tfjs-core';
import { modelForward, type WeightMap } from '../forward';
import type { ModelCard } from '../modelCard';
import { modelParams, type Architecture } from '../spec';
import { seededRandom } from '../../crop/seededRandom';

export function fixtureCard(
  classes = ['real', 'identity', 'attribute', 'splice'],
  architecture: Architecture = 'amtennet',
): ModelCard {
  return {
    id: `${architecture}-fixture`,
    version: '0.0.0-fixture',
    architecture,
    classes,
    inputSize: 128,
    preprocessing: { channelOrder: 'RGB', range: [0, 255], resize: 'bilinear-antialias', layout: 'NHWC' },
    trainingData: { note: 'untrained: random Caffe-xavier weights made by the tests' },
  };
}

/** Caffe-xavier weights (uniform +-sqrt(3/fan_in)), identity batch norm, logits scaled to a readable range. */
export function fixtureWeights(numClasses: number, seed = 1, architecture: Architecture = 'amtennet'): WeightMap {
  const rand = seededRandom(seed);
  const w: WeightMap = {};
  for (const spec of modelParams(architecture, numClasses)) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(size);
    const leaf = spec.name.split('/')[1];
    if (leaf === 'kernel') {
      const fanIn = spec.shape.slice(0, -1).reduce((a, b) => a * b, 1);
      const limit = Math.sqrt(3 / fanIn);
      for (let i = 0; i < size; i++) values[i] = (rand() * 2 - 1) * limit;
    } else if (leaf === 'gamma' || leaf === 'moving_variance') {
      values.fill(1);
    } else if (leaf === 'bias') {
      for (let i = 0; i < size; i++) values[i] = (rand() * 2 - 1) * 0.1;
    }
    w[spec.name] = tf.tensor(values, spec.shape);
  }
  // Raw 0..255 inputs through random layers give huge logits; rescale fc2 so softmax is not saturated.
  const probe = tf.tidy(() => {
    const x = tf.mul(tf.randomUniform([2, 128, 128, 3], 0, 1, 'float32', seed), 255) as tf.Tensor4D;
    return tf.max(tf.abs(modelForward(w, x, architecture).logits)).dataSync()[0];
  });
  const factor = 2 / Math.max(probe, 1e-6);
  for (const name of ['fc2/kernel', 'fc2/bias']) {
    const old = w[name];
    w[name] = tf.mul(old, factor);
    old.dispose();
  }
  return w;
}

/** Serialises weights into the TF.js manifest + one float32 shard, in layer-table order. */
export async function encodeModel(
  weights: WeightMap,
  numClasses: number,
  architecture: Architecture = 'amtennet',
): Promise<{ manifest: tf.io.WeightsManifestConfig; shard: ArrayBuffer }> {
  const named = modelParams(architecture, numClasses).map((s) => ({ name: s.name, tensor: weights[s.name] }));
  const { data, specs } = await tf.io.encodeWeights(named);
  return { manifest: [{ paths: ['group1-shard1of1.bin'], weights: specs }], shard: data };
}
