// Issue 27: a folder exported by training/ from a tiny run made now (training/tracelens_train/tiny_export.py:
// a few Adam steps, export.write_weights and model_card as a real run, then make_goldens on the folder)
// opens as a person's own model would, and gives PyTorch's probabilities and Fmt within the parity
// tolerance of the shipped models, on both Node backends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useNodeBackend, type NodeBackend } from '../node/tfNode';
import { runTrainingModule } from '../node/trainingPython';
import { openModelFolder, type ModelFolderFiles } from './modelFolder';
import type { AmtennetClassifier } from './classifier';
import { FMT_TOLERANCE, PARITY_TOLERANCE } from './parityTolerance';

interface Golden {
  modelId: string;
  modelVersion: string;
  classes: string[];
  cases: { name: string; input: string; fmt: string; probabilities: number[] }[];
}

describe('a folder exported by training/ from a tiny run', () => {
  const out = mkdtempSync(join(tmpdir(), 'tracelens-tiny-export-'));
  let golden: Golden;
  let files: ModelFolderFiles;
  beforeAll(() => {
    // In the training package's environment, as `npm test` sets it up.
    runTrainingModule('tracelens_train.tiny_export', ['--out', out, '--version', '0.0.7-test']);
    // What a person picks: the exported folder's own files (not the goldens beside them).
    files = Object.fromEntries(
      readdirSync(out, { withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => [e.name, new Blob([readFileSync(join(out, e.name))])]),
    );
    golden = JSON.parse(readFileSync(join(out, 'golden', 'my-tiny-amtennet-golden.json'), 'utf8')) as Golden;
  }, 300_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('is a model folder with its goldens', () => {
    expect(Object.keys(files).sort()).toEqual(['group1-shard1of1.bin', 'model-card.json', 'weights_manifest.json']);
    expect([golden.modelId, golden.modelVersion]).toEqual(['my-tiny-amtennet', '0.0.7-test']);
  });

  describe.each<NodeBackend>(['cpu', 'wasm'])('opened on %s', (backend) => {
    let model: AmtennetClassifier;
    beforeAll(async () => {
      await useNodeBackend(backend);
      model = await openModelFolder(files);
    });
    afterAll(() => model?.dispose());

    it("is the card's model", () => {
      expect([model.card.id, model.card.version, model.card.classes]).toEqual([golden.modelId, golden.modelVersion, golden.classes]);
    });

    it("gives PyTorch's probabilities and Fmt on every parity input", async () => {
      // The tiny run learned something: not the same answer for every input.
      expect(new Set(golden.cases.map((c) => c.probabilities.indexOf(Math.max(...c.probabilities)))).size).toBeGreaterThan(1);
      let worstP = 0;
      for (const c of golden.cases) {
        const [got] = await model.scores([Float32Array.from(readFileSync(join(out, 'golden', c.input)))]);
        got.probabilities.forEach((p, i) => {
          expect(Math.abs(p - c.probabilities[i]), `${c.name} ${golden.classes[i]}`).toBeLessThan(PARITY_TOLERANCE);
          worstP = Math.max(worstP, Math.abs(p - c.probabilities[i]));
        });
        const b = readFileSync(join(out, 'golden', c.fmt));
        const fmt = new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
        let worst = 0;
        for (let i = 0; i < fmt.length; i++) worst = Math.max(worst, Math.abs(fmt[i] - got.fmt![i]));
        expect(worst, c.name).toBeLessThan(FMT_TOLERANCE);
      }
      console.log(`tiny exported model on ${backend} vs PyTorch: largest probability difference ${worstP.toExponential(2)} (tolerance ${PARITY_TOLERANCE})`);
    });
  });
});
