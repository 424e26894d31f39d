// Writes dist/sw.js after the build: the hand-written worker in src/sw/service-worker.js with the
// list of every built file and a version hashed from their contents, so any change (a new model
// included) installs a new cache and removes the old one.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';

export interface PrecacheManifest {
  version: string;
  files: string[];
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? listFiles(p) : [p];
  });
}

export function precacheManifest(outDir: string): PrecacheManifest {
  const hash = createHash('sha256');
  const files = listFiles(outDir)
    .map((p) => relative(outDir, p).split(sep).join('/'))
    .filter((f) => f !== 'sw.js' && !f.endsWith('.map') && !f.includes('tfjs-backend-wasm-threaded'))
    .sort();
  for (const f of files) hash.update(f).update(readFileSync(join(outDir, f)));
  return { version: hash.digest('hex').slice(0, 16), files };
}

export function serviceWorkerPlugin(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'tracelens-service-worker',
    apply: 'build',
    configResolved(c) {
      config = c;
    },
    closeBundle() {
      const outDir = join(config.root, config.build.outDir);
      const manifest = precacheManifest(outDir);
      const template = readFileSync(join(config.root, 'src/sw/service-worker.js'), 'utf8');
      if (!template.includes('__PRECACHE_MANIFEST__')) throw new Error('service-worker.js lost its __PRECACHE_MANIFEST__ placeholder');
      writeFileSync(join(outDir, 'sw.js'), template.replace('__PRECACHE_MANIFEST__', JSON.stringify(manifest)));
    },
  };
}
