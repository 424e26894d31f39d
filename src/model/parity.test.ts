// The shipped TensorFlow.js model must reproduce PyTorch's outputs on the committed goldens (made by
// training/tracelens_train/make_goldens.py from the same exported weights, on generated inputs).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { useNodeBackend, type NodeBackend } from '../node/tfNode';
import { fsModelSource } from '../node/fsModelSource';
import { AmtennetClassifier } from './classifier';

const goldenDir = fileURLToPath(new URL('./__golden__/', import.meta.url));
const modelDir = fileURLToPath(new URL('../../public/models/amtennet-faces-v1/', import.meta.url));

interface GoldenCase {
  input: string;
  fmt: string;
  /** What the generated input is (make_goldens.INPUTS): gradient, noise, checkerboard, face-pattern. */
  name: string;
  probabilities: number[];
}
const golden = JSON.parse(readFileSync(goldenDir + 'golden.json', 'utf8')) as {
  modelId: string;
  modelVersion: string;
  classes: string[];
  cases: GoldenCase[];
};

const floats = (file: string) => {
  const b = readFileSync(goldenDir + file);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
};

describe.each<[NodeBackend, number]>([
  ['cpu', 1e-4],
  ['wasm', 1e-4],
])('shipped model on %s reproduces PyTorch', (backend, tolerance) => {
  let model: AmtennetClassifier;
  beforeAll(async () => {
    await useNodeBackend(backend);
    model = await AmtennetClassifier.load(fsModelSource(modelDir));
  });
  afterAll(() => model?.dispose());

  it('is the model the goldens were made with', () => {
    expect([model.card.id, model.card.version]).toEqual([golden.modelId, golden.modelVersion]);
    expect(model.card.classes).toEqual(golden.classes);
  });

  it.each(golden.cases.map((c) => [c.name, c] as const))('%s: probabilities and Fmt', async (_, c) => {
    const input = Float32Array.from(readFileSync(goldenDir + c.input));
    const [got] = await model.classify([input]);
    got.probabilities.forEach((p, i) => expect(Math.abs(p - c.probabilities[i])).toBeLessThan(tolerance));
    const fmt = floats(c.fmt);
    let worst = 0;
    for (let i = 0; i < fmt.length; i++) worst = Math.max(worst, Math.abs(fmt[i] - got.fmt[i]));
    expect(worst).toBeLessThan(1e-3);
  });
});
