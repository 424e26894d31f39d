// Node-only: selects a TensorFlow.js backend for tests and command-line tools.
// tfjs-node cannot install here, so Node uses wasm (SIMD, one thread) or the pure-JS cpu backend.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';

export type NodeBackend = 'wasm' | 'cpu';

export async function useNodeBackend(name: NodeBackend = 'wasm'): Promise<void> {
  if (tf.getBackend() !== name && !(await tf.setBackend(name)))
    throw new Error(`TensorFlow.js backend ${name} failed to start in Node`);
  await tf.ready();
}
