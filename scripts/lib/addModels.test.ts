import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildWithModels } from './addModels';

const shipped = 'public/models/model-base-faces-v1';

/** A fake build with index.html and one model folder, and an export of Model-base in a run folder. */
function fixture() {
  const root = mkdtempSync(join(tmpdir(), 'add-models-test-'));
  const dist = join(root, 'dist');
  mkdirSync(join(dist, 'models', 'amtennet-faces-v1'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html>');
  writeFileSync(join(dist, 'models', 'amtennet-faces-v1', 'model-card.json'), '{}');
  const run = join(root, 'runs', 'model-base-s1', 'app');
  cpSync(shipped, run, { recursive: true });
  return { root, dist, run };
}

describe('buildWithModels', () => {
  it('copies the build and adds an export under its card id, leaving the build alone', () => {
    const { root, dist, run } = fixture();
    const out = buildWithModels(dist, [run], join(root, 'served'));
    expect(readdirSync(join(out, 'models')).sort()).toEqual(['amtennet-faces-v1', 'model-base-faces-v1']);
    expect(readdirSync(join(out, 'models', 'model-base-faces-v1')).sort()).toEqual(readdirSync(shipped).sort());
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    expect(existsSync(join(dist, 'models', 'model-base-faces-v1'))).toBe(false);
  });

  it('refuses a folder without a model card, an id the build ships, the same id twice, and a missing build', () => {
    const { root, dist, run } = fixture();
    expect(() => buildWithModels(dist, [root], join(root, 'a'))).toThrow(/no model-card.json/);
    mkdirSync(join(dist, 'models', 'model-base-faces-v1'));
    expect(() => buildWithModels(dist, [run], join(root, 'b'))).toThrow(/already ships model-base-faces-v1/);
    const { root: r2, dist: d2, run: run2 } = fixture();
    expect(() => buildWithModels(d2, [run2, run2], join(r2, 'c'))).toThrow(/both model-base-faces-v1/);
    expect(() => buildWithModels(join(r2, 'nothing'), [run2], join(r2, 'd'))).toThrow(/no production build/);
  });
});
