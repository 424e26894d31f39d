// What the engine holds in memory, reported with every result (the page shows it and the scale
// tests read it): TensorFlow.js's tensors and, on the wasm backend, the WebAssembly heap.
import * as tf from '@tensorflow/tfjs-core';
import type { EngineMemory } from '../shared/analysisProtocol';

/** The wasm backend's Emscripten module, on that backend. */
export const wasmModule = () =>
  tf.getBackend() === 'wasm' ? (tf.backend() as unknown as { wasm?: { HEAPU8: Uint8Array; _free(ptr: number): void } }).wasm : undefined;

export function memoryNow(): EngineMemory {
  const m = tf.memory();
  return { numTensors: m.numTensors, tensorBytes: m.numBytes, wasmHeapBytes: wasmModule()?.HEAPU8?.byteLength ?? null };
}
