// Reads a standard TensorFlow.js weights manifest and its binary shards into named tensors,
// and checks them against the layer table of the card's architecture so a wrong file fails loudly at load time.
import * as tf from '@tensorflow/tfjs-core';
import type { WeightMap } from './forward';
import { ARCHITECTURE_NAMES, modelParams, type Architecture } from './spec';

export type WeightsManifest = tf.io.WeightsManifestConfig;

/** Where model files come from: fetch in the browser, the file system in Node. */
export interface ModelSource {
  readJson(path: string): Promise<unknown>;
  readBinary(path: string): Promise<ArrayBuffer>;
}

export const WEIGHTS_MANIFEST = 'weights_manifest.json';
export const MODEL_CARD = 'model-card.json';

function concat(buffers: ArrayBuffer[]): ArrayBuffer {
  const total = buffers.reduce((n, b) => n + b.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const b of buffers) {
    out.set(new Uint8Array(b), offset);
    offset += b.byteLength;
  }
  return out.buffer;
}

export function expectedBytes(specs: tf.io.WeightsManifestEntry[]): number {
  const bytesPer: Record<string, number> = { float32: 4, int32: 4, float16: 2, uint8: 1, uint16: 2 };
  return specs.reduce((n, s) => {
    const dtype = s.quantization?.dtype ?? s.dtype;
    return n + s.shape.reduce((a, b) => a * b, 1) * (bytesPer[dtype] ?? 4);
  }, 0);
}

/** Loads every group of the manifest and returns tensors keyed by weight name. */
export async function loadWeights(source: ModelSource, manifest: WeightsManifest): Promise<WeightMap> {
  const weights: WeightMap = {};
  try {
    for (const group of manifest) {
      const shards = await Promise.all(group.paths.map((p) => source.readBinary(p)));
      const buffer = concat(shards);
      const need = expectedBytes(group.weights);
      if (buffer.byteLength !== need)
        throw new Error(`weight shards hold ${buffer.byteLength} bytes, the manifest needs ${need}`);
      Object.assign(weights, tf.io.decodeWeights(buffer, group.weights));
    }
  } catch (e) {
    tf.dispose(Object.values(weights));
    throw e;
  }
  return weights;
}

/** Throws a clear message unless the weights are exactly those of `architecture` for `numClasses` classes. */
export function checkModelWeights(weights: WeightMap, numClasses: number, architecture: Architecture): void {
  const problems: string[] = [];
  const expected = modelParams(architecture, numClasses);
  for (const spec of expected) {
    const t = weights[spec.name];
    if (!t) problems.push(`missing ${spec.name}`);
    else if (t.shape.join('x') !== spec.shape.join('x'))
      problems.push(`${spec.name} is ${t.shape.join('x')}, expected ${spec.shape.join('x')}`);
  }
  const known = new Set(expected.map((s) => s.name));
  for (const name of Object.keys(weights)) if (!known.has(name)) problems.push(`unexpected ${name}`);
  if (problems.length)
    throw new Error(`Weights do not match ${ARCHITECTURE_NAMES[architecture]}: ${problems.join('; ')}`);
}
