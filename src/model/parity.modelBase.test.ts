// The shipped Model-base baseline (public/models/model-base-faces-v1) must reproduce PyTorch's outputs on
// __golden__/model-base-golden.json (make_goldens.py --arch model-base, same inputs as the AMTENnet goldens).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { useNodeBackend, type NodeBackend } from '../node/tfNode';
import { fsModelSource } from '../node/fsModelSource';
import { AmtennetClassifier } from './classifier';

const goldenDir = fileURLToPath(new URL('./__golden__/', import.meta.url));
const modelDir = fileURLToPath(new URL('../../public/models/model-base-faces-v1/', import.meta.url));

interface GoldenCase {
  input: string;
  /** What the generated input is (make_goldens.INPUTS): gradient, noise, checkerboard, face-pattern. */
  name: string;
  probabilities: number[];
}
const golden = JSON.parse(readFileSync(goldenDir + 'model-base-golden.json', 'utf8')) as {
  modelId: string;
  modelVersion: string;
  architecture: string;
  classes: string[];
  cases: GoldenCase[];
};

describe.each<[NodeBackend, number]>([
  ['cpu', 1e-4],
  ['wasm', 1e-4],
])('shipped Model-base on %s reproduces PyTorch', (backend, tolerance) => {
  let model: AmtennetClassifier;
  beforeAll(async () => {
    await useNodeBackend(backend);
    model = await AmtennetClassifier.load(fsModelSource(modelDir));
  });
  afterAll(() => model?.dispose());

  it('is the model the goldens were made with', () => {
    expect([model.card.id, model.card.version, model.architecture]).toEqual([
      golden.modelId,
      golden.modelVersion,
      golden.architecture,
    ]);
    expect(model.architecture).toBe('model-base');
    expect(model.card.classes).toEqual(golden.classes);
  });

  it.each(golden.cases.map((c) => [c.name, c] as const))('%s: probabilities', async (_, c) => {
    const input = Float32Array.from(readFileSync(goldenDir + c.input));
    const [got] = await model.scores([input]);
    expect(got.fmt).toBeNull();
    got.probabilities.forEach((p, i) => expect(Math.abs(p - c.probabilities[i])).toBeLessThan(tolerance));
  });
});
