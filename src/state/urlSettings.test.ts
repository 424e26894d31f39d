import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_ID, readUrlSettings, withParam } from './urlSettings';

describe('readUrlSettings', () => {
  it("opens amtennet-faces-v2, trained on faces-v1 and faces-v2 (issue 23), unless the address names another model", () => {
    expect(DEFAULT_MODEL_ID).toBe('amtennet-faces-v2');
    expect(readUrlSettings('?model=amtennet-faces-v1').modelId).toBe('amtennet-faces-v1');
  });

  it('forces a known backend and picks a model folder from the URL', () => {
    expect(readUrlSettings('?backend=wasm&model=amtennet-fixture')).toEqual({ backend: 'wasm', modelId: 'amtennet-fixture' });
    expect(readUrlSettings('?backend=webgl')).toEqual({ backend: 'webgl', modelId: DEFAULT_MODEL_ID });
  });

  it('ignores unknown backends and model ids that could leave the models folder', () => {
    expect(readUrlSettings('?backend=metal')).toEqual({ backend: 'auto', modelId: DEFAULT_MODEL_ID });
    expect(readUrlSettings('?model=../../etc')).toEqual({ backend: 'auto', modelId: DEFAULT_MODEL_ID });
    expect(readUrlSettings('')).toEqual({ backend: 'auto', modelId: DEFAULT_MODEL_ID });
  });

  it('sets and removes one setting, keeping the others', () => {
    expect(withParam('http://x/?model=m', 'faces', 'off').href).toBe('http://x/?model=m&faces=off');
    expect(withParam('http://x/?faces=off&model=m', 'faces', null).href).toBe('http://x/?model=m');
  });
});
