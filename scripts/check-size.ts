// CI's size budget: fails, naming the culprit, when a model or the JavaScript grows past
// config/size-budget.json. Every model folder under public/models/ (copied to dist/models/) needs
// a budget of its own in "models", so a new model cannot ship unchecked. Run after `vite build`.
import { readFileSync } from 'node:fs';
import { buildSizes, modelSizes } from './lib/sizes';

interface SizeBudget {
  /** Bytes per model folder, by model id. */
  models: Record<string, number>;
  jsGzipBytes: number;
  wasmGzipBytes: number;
}

const budget = JSON.parse(readFileSync('config/size-budget.json', 'utf8')) as SizeBudget;
const sizes = buildSizes();
const models = modelSizes();
const kB = (n: number) => `${(n / 1e3).toFixed(0)} kB`;
let failed = false;
const check = (label: string, size: number, limit: number | undefined) => {
  if (limit === undefined) {
    failed = true;
    console.log(`NO BUDGET  ${label}: ${kB(size)}; give it one in "models" of config/size-budget.json`);
    return;
  }
  const over = size > limit;
  failed ||= over;
  console.log(`${over ? 'OVER BUDGET' : 'ok'}  ${label}: ${kB(size)} of ${kB(limit)}`);
};
for (const [id, size] of Object.entries(models)) check(`model download (public/models/${id})`, size, budget.models[id]);
for (const id of Object.keys(budget.models).filter((id) => !(id in models))) {
  failed = true;
  console.log(`MISSING  model download (public/models/${id}) has a budget but is not in the build`);
}
check('JavaScript, gzip', sizes.jsGzipBytes, budget.jsGzipBytes);
check('WebAssembly, gzip', sizes.wasmGzipBytes, budget.wasmGzipBytes);
if (failed) {
  console.error('Size budget exceeded: shrink what grew, or raise the budget in config/size-budget.json with a reason in the commit.');
  process.exit(1);
}
