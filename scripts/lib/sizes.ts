// What a person downloads: the model folder and the JavaScript (gzip, as served), measured on
// the production build. Shared by the size budget check and the benchmark.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DEFAULT_MODEL_ID } from '../../src/state/urlSettings';

export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? filesUnder(join(dir, n)) : [join(dir, n)]));
}

export interface BuildSizes {
  modelBytes: number;
  jsGzipBytes: number;
  wasmGzipBytes: number;
}

/** Bytes of every model folder under `<dist>/models/` (what a person downloads to use that model), by model id. */
export function modelSizes(dist = 'dist'): Record<string, number> {
  const root = join(dist, 'models');
  const ids = readdirSync(root).filter((n) => statSync(join(root, n)).isDirectory());
  return Object.fromEntries(ids.map((id) => [id, filesUnder(join(root, id)).reduce((n, f) => n + statSync(f).size, 0)]));
}

/** The JavaScript and the download of one model, by default the app's. */
export function buildSizes(dist = 'dist', modelId = DEFAULT_MODEL_ID): BuildSizes {
  const assets = filesUnder(join(dist, 'assets'));
  const gz = (files: string[]) => files.reduce((n, f) => n + gzipSync(readFileSync(f), { level: 9 }).length, 0);
  return {
    modelBytes: filesUnder(join(dist, 'models', modelId)).reduce((n, f) => n + statSync(f).size, 0),
    jsGzipBytes: gz(assets.filter((f) => f.endsWith('.js'))),
    // The threaded wasm build is never fetched (see src/worker/backend.ts).
    wasmGzipBytes: gz(assets.filter((f) => f.endsWith('.wasm') && !f.includes('threaded'))),
  };
}
