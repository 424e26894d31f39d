// CI's size budget: fails, naming the culprit, when the model or the JavaScript grows past
// config/size-budget.json. Run after `vite build`.
import { readFileSync } from 'node:fs';
import { buildSizes, type BuildSizes } from './lib/sizes';

const budget = JSON.parse(readFileSync('config/size-budget.json', 'utf8')) as BuildSizes;
const sizes = buildSizes();
const labels: Record<keyof BuildSizes, string> = {
  modelBytes: 'model download (public/models/amtennet-faces-v1)',
  detectorBytes: 'face detector download (public/models/face-detector-tiny)',
  jsGzipBytes: 'JavaScript, gzip',
  wasmGzipBytes: 'WebAssembly, gzip',
};
let failed = false;
for (const key of Object.keys(labels) as (keyof BuildSizes)[]) {
  const over = sizes[key] > budget[key];
  failed ||= over;
  console.log(`${over ? 'OVER BUDGET' : 'ok'}  ${labels[key]}: ${(sizes[key] / 1e3).toFixed(0)} kB of ${(budget[key] / 1e3).toFixed(0)} kB`);
}
if (failed) {
  console.error('Size budget exceeded: shrink what grew, or raise the budget in config/size-budget.json with a reason in the commit.');
  process.exit(1);
}
