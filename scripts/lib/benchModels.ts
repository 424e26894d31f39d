// `npm run bench -- --models all|<id,...>`: the network alone, per shipped model folder, timed in one
// headless Chromium page per backend, so the models' figures are comparable ratios. The models take
// turns, round after round, so a slow spell of the machine falls on all of them. A round's figure is the
// worker's median time per face over its runs; the table gives each model's best round (other work on
// the machine only ever adds time) and the median round.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../config/chromium';
import { parseModelCard } from '../../src/model/modelCard';
import { multiplyAdds, type Architecture } from '../../src/model/spec';
import type { BenchResult } from '../../src/shared/analysisProtocol';

export interface ModelBench {
  id: string;
  version: string;
  architecture: Architecture;
  multiplyAddsPerFace: number;
  /** Every round's median ms per face at batch 1, in order. */
  batch1Rounds: number[];
  /** The same at batch BATCH. */
  batchRounds: number[];
}

export const BATCH = 16;

/** The ids of `--models`: "all" is every folder of the build with a model card (the face detector has none). */
export function shippedModelIds(dist: string, asked: string): string[] {
  const root = join(dist, 'models');
  const all = readdirSync(root)
    .filter((id) => existsSync(join(root, id, 'model-card.json')))
    .sort();
  if (asked === 'all') return all;
  const ids = asked.split(',').map((s) => s.trim()).filter(Boolean);
  const missing = ids.filter((id) => !all.includes(id));
  if (missing.length) throw new Error(`not in this build: ${missing.join(', ')} (it has ${all.join(', ')})`);
  return ids;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const best = (xs: number[]) => Math.min(...xs);

async function timeModel(page: Page, id: string, runs: number): Promise<BenchResult> {
  return page.evaluate(
    ([modelId, r, batch]) =>
      (window as unknown as { tracelens: { benchmarkEngine(b: number[], r: number, ms: number | undefined, id: string): Promise<BenchResult> } }).tracelens.benchmarkEngine([1, batch], r, undefined, modelId),
    [id, runs, BATCH] as const,
  );
}

/** Times every model in `ids` on `backend`, `rounds` times each, taking turns. */
export async function benchModels(origin: string, dist: string, backend: string, ids: string[], rounds: number, runs: number): Promise<ModelBench[]> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.goto(`${origin}/?backend=${backend}`);
    await page.waitForFunction(() => performance.getEntriesByName('tracelens-ready').length > 0, undefined, { timeout: 300_000 });
    const times = new Map(ids.map((id) => [id, { batch1: [] as number[], batch: [] as number[] }]));
    for (let r = 0; r < rounds; r++)
      for (const id of ids) {
        const result = await timeModel(page, id, runs);
        if (result.modelId !== id) throw new Error(`asked to time ${id}, the worker timed ${result.modelId}`);
        if (result.backend !== backend) throw new Error(`asked for ${backend}, the worker runs ${result.backend}`);
        times.get(id)!.batch1.push(result.inference[0].perFaceMs);
        times.get(id)!.batch.push(result.inference[1].perFaceMs);
      }
    return ids.map((id) => {
      const card = parseModelCard(JSON.parse(readFileSync(join(dist, 'models', id, 'model-card.json'), 'utf8')));
      const t = times.get(id)!;
      return {
        id,
        version: card.version,
        architecture: card.architecture,
        multiplyAddsPerFace: multiplyAdds(card.classes.length, card.architecture),
        batch1Rounds: t.batch1,
        batchRounds: t.batch,
      };
    });
  } finally {
    await browser.close();
  }
}

/** The markdown table `npm run bench -- --models` prints; ratios are of the best rounds, to the first model. */
export function modelsTable(backend: string, rows: ModelBench[]): string {
  const ref = best(rows[0].batch1Rounds);
  const f1 = (x: number) => x.toFixed(1);
  return [
    `| model | version | architecture | multiply-adds / face | ${backend} ms / face, batch 1: best (median) round | batch ${BATCH}: best (median) | batch 1 ÷ ${rows[0].id} |`,
    '|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.id} | ${r.version} | ${r.architecture} | ${f1(r.multiplyAddsPerFace / 1e6)} M | ${f1(best(r.batch1Rounds))} (${f1(median(r.batch1Rounds))}) | ${f1(best(r.batchRounds))} (${f1(median(r.batchRounds))}) | ${(best(r.batch1Rounds) / ref).toFixed(2)} |`,
    ),
  ].join('\n');
}
