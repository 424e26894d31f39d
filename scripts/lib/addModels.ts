// `npm run bench -- --models all --add-model DIR`: a copy of the production build with exported model
// folders added under models/<card id>, so a model the app could run but does not ship (a comparison
// run's export) is timed in the same page, by the same code, as the shipped ones. The build itself is
// left as it is.
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseModelCard } from '../../src/model/modelCard';

/** Copies `dist` to a temporary folder and adds each of `folders` as models/<its card's id>; returns the copy. */
export function buildWithModels(dist: string, folders: string[], into = mkdtempSync(join(tmpdir(), 'tracelens-bench-'))): string {
  if (!existsSync(join(dist, 'index.html'))) throw new Error('no production build: run `npm run build` first');
  const cards = folders.map((dir) => {
    const at = join(dir, 'model-card.json');
    if (!existsSync(at)) throw new Error(`--add-model ${dir}: no model-card.json there (give an exported model folder)`);
    return { dir, id: parseModelCard(JSON.parse(readFileSync(at, 'utf8'))).id };
  });
  const ids = cards.map((c) => c.id);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice) throw new Error(`--add-model: two folders are both ${twice}; give one model per id`);
  for (const { dir, id } of cards)
    if (existsSync(join(dist, 'models', id))) throw new Error(`--add-model ${dir}: the build already ships ${id}; time that one instead`);
  cpSync(dist, into, { recursive: true });
  for (const { dir, id } of cards) cpSync(dir, join(into, 'models', id), { recursive: true });
  return into;
}
