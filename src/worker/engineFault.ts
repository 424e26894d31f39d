// Which errors mean that a worker's engine can no longer be trusted (issue 24). A plain input error
// (a damaged file, a shape refused by a check) leaves the worker as it was. A WebAssembly trap
// (out of bounds, unreachable, an abort), memory that cannot be had, or a lost GPU context leaves
// the module's memory or the GPU's state unknown: nothing computed there afterwards can be trusted,
// so the worker is replaced (and the model loaded again) before the next file.
import { LocalizedError, localized, type Localized } from '../i18n/localized';

/** What WebAssembly traps, Emscripten's aborts, allocation failures and lost WebGL contexts say. */
const FAULT_TEXT =
  /memory access out of bounds|unreachable|table index is out of bounds|indirect call|integer (overflow|divide by zero)|invalid conversion to integer|null function|Aborted\(|out of memory|\bOOM\b|allocation failed|CONTEXT_LOST|context (was )?lost|Failed to (compile|link)/i;

/** The error, or one it was wrapped around (`cause`), that is a fault of the engine; null for an input error. */
export function engineFaultIn(e: unknown): Error | null {
  for (let c = e, depth = 0; c instanceof Error && depth < 8; c = c.cause, depth++) {
    if (c instanceof LocalizedError) {
      // A fault the decode worker already named travels as its message.
      if (c.localized.key === 'jobDecoderFault') return c;
      continue;
    }
    if (typeof WebAssembly !== 'undefined' && c instanceof WebAssembly.RuntimeError) return c;
    if (c.name === 'RuntimeError' || FAULT_TEXT.test(c.message)) return c;
  }
  return null;
}

/** The fault's own words, for the file's message ("memory access out of bounds"). */
export function faultDetail(fault: Error): string {
  if (fault instanceof LocalizedError && 'detail' in fault.localized.params) return String(fault.localized.params.detail);
  return fault.message || fault.name;
}

/**
 * What a fault met while analysing one file says: the file's own message, and why the worker is
 * replaced. A fault the decoder named is the decoder's; any other is the engine's.
 */
export function describeFault(fault: Error): { file: Localized; reason: Localized } {
  const detail = faultDetail(fault);
  if (fault instanceof LocalizedError && fault.localized.key === 'jobDecoderFault')
    return { file: fault.localized, reason: localized('engineDecoderFault', { detail }) };
  return { file: localized('jobEngineFault', { detail }), reason: localized('engineFault', { detail }) };
}

/**
 * A real fault of the engine, for the end-to-end test of recovery: on wasm, an access past the
 * module's memory (the trap a bad shape caused, issue 24); elsewhere the same error thrown.
 */
export function provokeEngineFault(wasm: { HEAPU8: Uint8Array; _free(ptr: number): void } | undefined): never {
  if (wasm) wasm._free(wasm.HEAPU8.length + 4096);
  throw new WebAssembly.RuntimeError('memory access out of bounds (simulated: no WebAssembly engine to fault)');
}
