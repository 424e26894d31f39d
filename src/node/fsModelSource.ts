// Node-only: reads a model directory from disk for the evaluation command and the tests.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelSource } from '../model/weights';

export function fsModelSource(dir: string): ModelSource {
  return {
    async readJson(path) {
      return JSON.parse(await readFile(join(dir, path), 'utf8')) as unknown;
    },
    async readBinary(path) {
      const b = await readFile(join(dir, path));
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
    },
  };
}
