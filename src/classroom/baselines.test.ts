import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { BASELINE_ID, BASELINE_IDS, FACES_V1_AMTENNET_ID, baselineParam } from './baselines';
import { DEFAULT_MODEL_ID } from '../state/urlSettings';

describe('the baselines the comparison looks for', () => {
  it('are the folders the export writes for every architecture but AMTENnet, Model-base first, then the faces-v1 AMTENnet', () => {
    const registryPy = readFileSync(new URL('../../training/tracelens_train/architectures.py', import.meta.url), 'utf8');
    const modelIds = /MODEL_IDS = \{([^}]*)\}/.exec(registryPy)![1];
    const baselines = [...modelIds.matchAll(/"([a-z-]+)": "([a-z0-9-]+)"/g)].filter((m) => m[1] !== 'amtennet').map((m) => m[2]);
    expect(baselines.length).toBeGreaterThanOrEqual(4);
    expect(BASELINE_IDS).toEqual([...baselines, FACES_V1_AMTENNET_ID]);
    expect(BASELINE_IDS[0]).toBe(BASELINE_ID);
    // The faces-v1 AMTENnet is an earlier model, not the one the app runs.
    expect(FACES_V1_AMTENNET_ID).not.toBe(DEFAULT_MODEL_ID);
    expect(BASELINE_IDS).not.toContain(DEFAULT_MODEL_ID);
  });

  it('?baseline= names a folder id, nothing else', () => {
    expect(baselineParam('?baseline=srm-hybrid-faces-v1&backend=wasm')).toBe('srm-hybrid-faces-v1');
    expect(baselineParam('?backend=wasm')).toBeNull();
    for (const bad of ['../x', 'a/b', '', '.hidden']) expect(baselineParam(`?baseline=${encodeURIComponent(bad)}`)).toBeNull();
  });
});
