// Node-only: selects a TensorFlow.js backend for tests and command-line tools.
// tfjs-node cannot install here, so Node uses wasm (SIMD, one thread) or the pure-JS cpu backend.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';

// In Node, face-api's ESM build registers the wasm and webgl kernels a second time (Node loads our
// CommonJS copies of those backends too); tfjs-core keeps the first and warns about each of the
// hundreds of others. Those warnings carry no information here, so they are dropped.
const warn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  if (typeof args[0] === 'string' && /is already registered|backend was already registered/.test(args[0])) return;
  warn(...args);
};

export type NodeBackend = 'wasm' | 'cpu';

export async function useNodeBackend(name: NodeBackend = 'wasm'): Promise<void> {
  if (tf.getBackend() !== name && !(await tf.setBackend(name)))
    throw new Error(`TensorFlow.js backend ${name} failed to start in Node`);
  await tf.ready();
}
