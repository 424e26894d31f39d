import { describe, expect, it } from 'vitest';
// backend.ts registers tfjs backends on import; the rule under test is pure.
import { backendPreference, isSoftwareRenderer } from './backend';

describe('backend preference', () => {
  it('puts wasm first where WebGL is rendered in software', () => {
    for (const r of ['ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)', 'llvmpipe (LLVM 15.0.6, 256 bits)'])
      expect(backendPreference(r).order[0]).toBe('wasm');
    expect(backendPreference('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device))').why).toEqual({
      key: 'backendWhySoftware',
      params: { renderer: 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device))' },
    });
  });

  it('puts WebGL first on a hardware GPU, and skips it without WebGL2', () => {
    expect(backendPreference('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0)').order).toEqual(['webgl', 'wasm', 'cpu']);
    expect(backendPreference('Apple M2').order[0]).toBe('webgl');
    expect(backendPreference(null).order).toEqual(['wasm', 'cpu']);
    expect(isSoftwareRenderer('Intel(R) UHD Graphics 620')).toBe(false);
  });
});
