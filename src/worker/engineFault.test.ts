import { describe, expect, it } from 'vitest';
import { describeFault, engineFaultIn, provokeEngineFault } from './engineFault';
import { localized, LocalizedError } from '../i18n/localized';
import { localize } from '../i18n/messages';

describe('engineFaultIn', () => {
  it('tells a fault of the engine from a plain input error, through the errors it was wrapped in', () => {
    const trap = new WebAssembly.RuntimeError('memory access out of bounds');
    expect(engineFaultIn(trap)).toBe(trap);
    // The pipeline wraps a detector's error in its own message and keeps it as the cause.
    const wrapped = Object.assign(new LocalizedError(localized('faceDetectionFailed', { detail: trap.message })), { cause: trap });
    expect(engineFaultIn(wrapped)).toBe(trap);
    for (const m of ['unreachable', 'Aborted(OOM)', 'Array buffer allocation failed', 'WebGL: CONTEXT_LOST_WEBGL', 'Failed to link vertex and fragment shaders'])
      expect(engineFaultIn(new Error(m)), m).not.toBeNull();
    const decoder = new LocalizedError(localized('jobDecoderFault', { detail: 'Array buffer allocation failed' }));
    expect(engineFaultIn(decoder)).toBe(decoder);

    for (const plain of [
      new LocalizedError(localized('decodeDamaged', { format: 'JPEG' })),
      new LocalizedError(localized('detectBadShape', { width: 0, height: 3 })),
      new Error('The face box lies outside the image'),
      new TypeError('x is undefined'),
      'a string',
      undefined,
    ])
      expect(engineFaultIn(plain)).toBeNull();
  });

  it("names the file's own fault and why the worker is replaced, in both languages", () => {
    const engine = describeFault(new WebAssembly.RuntimeError('memory access out of bounds'));
    expect(localize('en', engine.file)).toBe(
      'The analysis engine failed on this file (memory access out of bounds): the file was skipped, and the engine was restarted for the files after it.',
    );
    expect(localize('zh', engine.file)).toBe('分析引擎在处理此文件时出错（memory access out of bounds）：已跳过此文件，并已为后面的文件重启引擎。');
    expect(localize('en', engine.reason)).toBe('the analysis engine failed on a file (memory access out of bounds)');
    const decoder = describeFault(new LocalizedError(localized('jobDecoderFault', { detail: 'Array buffer allocation failed' })));
    expect(localize('en', decoder.file)).toMatch(/^The decoder failed on this file \(Array buffer allocation failed\)/);
    expect(localize('zh', decoder.reason)).toBe('解码器在处理某个文件时出错（Array buffer allocation failed）');
  });

  it('provokes a real trap of a WebAssembly module for the recovery test', async () => {
    const tf = await import('@tensorflow/tfjs-core');
    const { useNodeBackend } = await import('../node/tfNode');
    await useNodeBackend('wasm');
    const wasm = (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array; _free(p: number): void } }).wasm;
    let thrown: unknown;
    try {
      provokeEngineFault(wasm);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(WebAssembly.RuntimeError);
    expect((thrown as Error).message).toBe('memory access out of bounds');
    expect(engineFaultIn(thrown)).toBe(thrown);
  });
});
