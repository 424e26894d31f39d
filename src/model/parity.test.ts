// Every shipped model folder (public/models/<id>/ with a model card) must reproduce PyTorch's outputs on the
// committed goldens: one row per folder, made by training/tracelens_train/make_goldens.py (`--arch <arch>`
// or `--id <id>`) from the same exported weights, on generated inputs. AMTENnet's goldens also hold Fmt.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { useNodeBackend, type NodeBackend } from '../node/tfNode';
import { fsModelSource } from '../node/fsModelSource';
import { AmtennetClassifier } from './classifier';
import { parseModelCard } from './modelCard';
import type { Architecture } from './spec';
import { DEFAULT_MODEL_ID } from '../state/urlSettings';
import { FMT_TOLERANCE, PARITY_TOLERANCE } from './parityTolerance';

const goldenDir = fileURLToPath(new URL('./__golden__/', import.meta.url));
const modelsDir = fileURLToPath(new URL('../../public/models/', import.meta.url));

interface GoldenCase {
  input: string;
  /** AMTENnet only: Fmt = Conv1(I) - I, float32 HWC. */
  fmt?: string;
  /** What the generated input is (make_goldens.INPUTS): gradient, noise, checkerboard, face-pattern. */
  name: string;
  probabilities: number[];
}
interface Golden {
  modelId: string;
  modelVersion: string;
  /** Absent in AMTENnet's golden.json, which was written before the baselines. */
  architecture?: string;
  classes: string[];
  cases: GoldenCase[];
}

/**
 * make_goldens.py's file for a model folder (its `golden_file`): `golden.json` for amtennet-faces-v1 and
 * `<arch>-golden.json` for a baseline's `<arch>-faces-v1`, the names the first goldens had; `<id>-golden.json`
 * for any other folder (amtennet-faces-v2).
 */
const goldenFile = (id: string, architecture: Architecture) =>
  id !== `${architecture}-faces-v1` ? `${id}-golden.json` : architecture === 'amtennet' ? 'golden.json' : `${architecture}-golden.json`;

/** [folder, architecture] of every model the build ships that the app classifies with (the face detector is not one). */
const shipped: [string, Architecture][] = readdirSync(modelsDir)
  .filter((id) => existsSync(`${modelsDir}${id}/model-card.json`))
  .map((id) => [id, parseModelCard(JSON.parse(readFileSync(`${modelsDir}${id}/model-card.json`, 'utf8'))).architecture]);

const floats = (file: string) => {
  const b = readFileSync(goldenDir + file);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
};

describe('goldens', () => {
  it("ship the app's AMTENnet and at least one baseline", () => {
    expect(shipped).toContainEqual([DEFAULT_MODEL_ID, 'amtennet']);
    expect(shipped.some(([, a]) => a !== 'amtennet')).toBe(true);
  });

  it('exist for every shipped model folder, and no golden or Fmt file is left without its model', () => {
    const want = shipped.map(([id, a]) => goldenFile(id, a)).sort();
    expect(new Set(want).size).toBe(shipped.length);
    const have = readdirSync(goldenDir).filter((f) => /(^|-)golden\.json$/.test(f)).sort();
    expect(have).toEqual(want);
    // Every Fmt file belongs to one shipped AMTENnet's goldens (a re-export cannot leave stale ones behind).
    const fmts = have.flatMap((f) => (JSON.parse(readFileSync(goldenDir + f, 'utf8')) as Golden).cases.flatMap((c) => (c.fmt ? [c.fmt] : [])));
    expect(readdirSync(goldenDir).filter((f) => /fmt_\d+\.bin$/.test(f)).sort()).toEqual([...fmts].sort());
  });
});

describe.each(shipped)('shipped %s (%s)', (id, architecture) => {
  const golden = JSON.parse(readFileSync(goldenDir + goldenFile(id, architecture), 'utf8')) as Golden;

  describe.each<[NodeBackend, number]>([
    ['cpu', PARITY_TOLERANCE],
    ['wasm', PARITY_TOLERANCE],
  ])('on %s reproduces PyTorch', (backend, tolerance) => {
    let model: AmtennetClassifier;
    beforeAll(async () => {
      await useNodeBackend(backend);
      model = await AmtennetClassifier.load(fsModelSource(`${modelsDir}${id}/`));
    });
    afterAll(() => model?.dispose());

    it('is the model the goldens were made with', () => {
      expect([model.card.id, model.card.version, model.architecture]).toEqual([
        golden.modelId,
        golden.modelVersion,
        golden.architecture ?? 'amtennet',
      ]);
      expect(model.card.classes).toEqual(golden.classes);
      expect(golden.cases.map((c) => c.name)).toEqual(['gradient', 'noise', 'checkerboard', 'face-pattern']);
    });

    it.each(golden.cases.map((c) => [c.name, c] as const))('%s: probabilities (and Fmt where the model has it)', async (_, c) => {
      const input = Float32Array.from(readFileSync(goldenDir + c.input));
      const [got] = await model.scores([input]);
      got.probabilities.forEach((p, i) => expect(Math.abs(p - c.probabilities[i])).toBeLessThan(tolerance));
      expect(got.fmt === null).toBe(c.fmt === undefined);
      if (!c.fmt || !got.fmt) return;
      const fmt = floats(c.fmt);
      let worst = 0;
      for (let i = 0; i < fmt.length; i++) worst = Math.max(worst, Math.abs(fmt[i] - got.fmt[i]));
      expect(worst).toBeLessThan(FMT_TOLERANCE);
    });
  });
});
