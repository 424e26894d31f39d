import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { BASELINE_ID, BASELINE_IDS, baselineParam } from './baselines';

describe('the baselines the comparison looks for', () => {
  it('are the folders the export writes for every architecture but AMTENnet, Model-base first', () => {
    const exportPy = readFileSync(new URL('../../training/tracelens_train/export.py', import.meta.url), 'utf8');
    const modelIds = /MODEL_IDS = \{([^}]*)\}/.exec(exportPy)![1];
    const baselines = [...modelIds.matchAll(/"([a-z-]+)": "([a-z0-9-]+)"/g)].map((m) => m[2]);
    expect(BASELINE_IDS).toEqual(baselines);
    expect(BASELINE_IDS[0]).toBe(BASELINE_ID);
  });

  it('?baseline= names a folder id, nothing else', () => {
    expect(baselineParam('?baseline=srm-hybrid-faces-v1&backend=wasm')).toBe('srm-hybrid-faces-v1');
    expect(baselineParam('?backend=wasm')).toBeNull();
    for (const bad of ['../x', 'a/b', '', '.hidden']) expect(baselineParam(`?baseline=${encodeURIComponent(bad)}`)).toBeNull();
  });
});
