import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';
import { cspMetaPlugin, SECURITY_HEADERS } from './config/csp.ts';
import { galleryPlugin } from './config/gallery/galleryPlugin.ts';
import { serviceWorkerPlugin } from './config/serviceWorker.ts';
import { webManifestPlugin } from './config/webManifest.ts';
import { resultsPlugin } from './config/resultsPlugin.ts';
import { VitestSkipSummary } from './config/skipSummary.ts';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  plugins: [react(), cspMetaPlugin(), galleryPlugin(), resultsPlugin(), webManifestPlugin(), serviceWorkerPlugin()],
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: false, chunkSizeWarningLimit: 2000 },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true, headers: SECURITY_HEADERS },
  server: { host: '127.0.0.1', port: 5173 },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'config/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    // Also prints how many tests were skipped and why (e.g. no ../shared/datasets/faces-v1).
    reporters: ['default', new VitestSkipSummary()],
  },
});
