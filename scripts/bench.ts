// npm run bench [-- --json FILE] [--photos N] [--backends webgl,wasm,cpu]
// Serves the production build, drives headless Chromium and measures, per backend: model load
// (cold and from the offline cache), first inference, per-face latency at batch 1 and the best
// batch, end-to-end throughput for a batch of photos, plus model and JavaScript sizes.
// npm run bench -- --models all|<id,...> [--backends wasm] [--rounds N] [--json FILE]
// Instead: the network alone of every shipped model folder (or those named), timed in one page per
// backend (wasm unless --backends says otherwise), so the figures are comparable (scripts/lib/benchModels.ts).
// npm run bench -- --scale N [--backends wasm] [--faces on]: one drop of N photos instead (issue 17):
// page heap per photo, photos/s, the longest main-thread task and the table's scroll frame times.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../config/chromium';
import { multiplyAdds } from '../src/model/spec';
import type { BenchResult } from '../src/worker/protocol';
import { writeSampleFaces } from '../src/node/sampleFaces';
import { buildSizes, filesUnder } from './lib/sizes';
import { benchModels, modelsTable, shippedModelIds, type ModelBench } from './lib/benchModels';
import { describeScale, runScale, scalePhotos, type ScaleResult } from './lib/scaleRun';

export interface BackendBench {
  coldLoadMs: number;
  cachedLoadMs: number;
  firstInferenceMs: number;
  inferMedianMs: number;
  inferP95Ms: number;
  bestBatch: number;
  bestBatchPerFaceMs: number;
  /** Faces per second of the bare model at the best batch size. */
  modelThroughputPerS: number;
  /** Photos per second through the whole app: decode, crop, classify, draw. */
  throughputPerS: number;
  /** In the throughput run, per photo: the worker's time in the face detector and in AMTENnet. */
  detectMsPerPhoto: number;
  classifyMsPerPhoto: number;
  /** App time per photo ÷ (detector + network time per photo): what the app adds to the models. */
  appOverModels: number;
  /** Share of the throughput run's wall time that the page's main thread was busy. */
  mainThreadBusyShare: number;
  photos: number;
  matmulGflops: number;
  /** Multiply-adds per face / measured matrix-product throughput. */
  floorMs: number;
  renderer: string;
  note: string;
}

export interface BenchReport {
  backends: Record<string, BackendBench>;
  ratiosToCpu: Record<string, { inferMedian: number; throughput: number }>;
  modelBytes: number;
  jsGzipBytes: number;
  wasmGzipBytes: number;
  multiplyAddsPerFace: number;
  machine: { cpu: string; cores: number; memoryGiB: number; browser: string; date: string };
}

const { values: args } = parseArgs({
  options: {
    json: { type: 'string' },
    photos: { type: 'string', default: '200' },
    backends: { type: 'string' },
    port: { type: 'string', default: process.env.E2E_PORT ?? '4180' },
    models: { type: 'string' },
    rounds: { type: 'string', default: '7' },
    scale: { type: 'string' },
    faces: { type: 'string', default: 'off' },
  },
});
const BACKENDS = (args.backends ?? (args.models ? 'wasm' : 'webgl,wasm,cpu')).split(',');
const PORT = Number(args.port);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const DIST = 'dist';

/** Photos for the throughput run: faces-v1 test images when ../shared is there, else crops of face-api's sample photos. */
async function photoSet(n: number): Promise<string[]> {
  const shared = '../shared/datasets/faces-v1/test';
  const pool = existsSync(shared) ? filesUnder(shared).sort() : await writeSampleFaces(mkdtempSync(join(tmpdir(), 'tracelens-bench-')));
  const step = Math.max(1, Math.floor(pool.length / n));
  return Array.from({ length: n }, (_, i) => pool[(i * step) % pool.length]);
}

async function mark(page: Page, name: string): Promise<number> {
  await page.waitForFunction((n) => performance.getEntriesByName(n).length > 0, name, { timeout: 300_000 });
  return page.evaluate((n) => performance.getEntriesByName(n)[0].startTime, name);
}

async function benchBackend(backend: string, photos: string[]): Promise<BackendBench> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${ORIGIN}/?backend=${backend}`);
    const coldLoadMs = await mark(page, 'tracelens-ready');
    const note = (await page.getByTestId('backend-note').textContent()) ?? '';
    const renderer = await page.evaluate(() => {
      const gl = document.createElement('canvas').getContext('webgl2');
      const info = gl?.getExtension('WEBGL_debug_renderer_info');
      return gl ? String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER)) : 'none';
    });

    // First inference: one photo through the whole app right after load.
    const addedAt = await page.evaluate(() => performance.now());
    await page.getByTestId('file-input').setInputFiles([photos[0]]);
    const firstInferenceMs = (await mark(page, 'tracelens-first-result')) - addedAt;

    // Model timings inside the worker.
    const bench = await page.evaluate(
      () => (window as unknown as { tracelens: { benchmarkEngine(b: number[], r: number): Promise<BenchResult> } }).tracelens.benchmarkEngine([1, 2, 4, 8, 16], 8),
    );
    const batch1 = bench.inference[0];
    const best = bench.inference.reduce((a, b) => (b.perFaceMs < a.perFaceMs ? b : a));

    // End-to-end throughput: a batch of real photos, from the pick to the last result drawn.
    await page.getByRole('button', { name: 'Clear all' }).click();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const busy = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
    const busy0 = await busy();
    type Stats = { detectMs: number; classifyMs: number; photos: number };
    const engineStats = (reset: boolean) =>
      page.evaluate((r) => (window as unknown as { tracelens: { engineStats(r: boolean): Promise<Stats> } }).tracelens.engineStats(r), reset);
    await engineStats(true);
    const t0 = await page.evaluate(() => performance.now());
    await page.getByTestId('file-input').setInputFiles(photos);
    await page.getByTestId('progress-text').filter({ hasText: `${photos.length} of ${photos.length} analysed` }).waitFor({ timeout: 1_800_000 });
    const t1 = await page.evaluate(() => performance.now());
    const mainThreadBusy = (await busy()) - busy0;
    const engine = await engineStats(false);

    // Cached visit: the service worker serves the app and the model.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 120_000 });
    await page.reload();
    const cachedLoadMs = await mark(page, 'tracelens-ready');
    await context.close();

    const floorMs = (multiplyAdds(4) * 2) / (bench.matmulGflops * 1e9) * 1000;
    return {
      coldLoadMs,
      cachedLoadMs,
      firstInferenceMs,
      inferMedianMs: batch1.perFaceMs,
      inferP95Ms: batch1.p95Ms,
      bestBatch: best.batch,
      bestBatchPerFaceMs: best.perFaceMs,
      modelThroughputPerS: 1000 / best.perFaceMs,
      throughputPerS: photos.length / ((t1 - t0) / 1000),
      detectMsPerPhoto: engine.detectMs / engine.photos,
      classifyMsPerPhoto: engine.classifyMs / engine.photos,
      appOverModels: (t1 - t0) / photos.length / ((engine.detectMs + engine.classifyMs) / engine.photos),
      mainThreadBusyShare: mainThreadBusy / ((t1 - t0) / 1000),
      photos: photos.length,
      matmulGflops: bench.matmulGflops,
      floorMs,
      renderer,
      note,
    };
  } finally {
    await browser.close();
  }
}

/** `--scale N`: one drop of N photos on one backend (Find faces off unless `--faces on`). */
async function benchScale(n: number): Promise<ScaleResult> {
  const backend = BACKENDS.length > 1 ? 'wasm' : BACKENDS[0];
  const { files, source } = await scalePhotos(n);
  process.stderr.write(`dropping ${n} photos (${source}) on ${backend}, Find faces ${args.faces}…\n`);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // tsx keeps function names with a __name() helper, which the functions sent to the page call.
    await page.addInitScript('globalThis.__name = (f) => f');
    await page.goto(`${ORIGIN}/?backend=${backend}${args.faces === 'on' ? '' : '&faces=off'}`);
    await mark(page, 'tracelens-ready');
    const result = await runScale(page, files, { timeoutMs: 4 * 3_600_000 });
    console.log(`${source}; ${backend}; Find faces ${args.faces}; Chromium ${browser.version()}, ${cpus().length} cores`);
    console.log(describeScale(result));
    return result;
  } finally {
    await browser.close();
  }
}

async function waitForServer(): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(ORIGIN)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no server on ${ORIGIN}`);
}

const f1 = (n: number) => n.toFixed(1);

async function machine(): Promise<BenchReport['machine']> {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    browser: (await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS }).then(async (b) => [b.version(), await b.close()][0])) as string,
    date: new Date().toISOString().slice(0, 10),
  };
}

/** `--models`: the network alone of each model, per backend, in one page. */
async function compareModels(asked: string): Promise<void> {
  const ids = shippedModelIds(DIST, asked);
  const report: { backends: Record<string, ModelBench[]>; rounds: number; machine: BenchReport['machine'] } = {
    backends: {},
    rounds: Number(args.rounds),
    machine: await machine(),
  };
  for (const b of BACKENDS) {
    process.stderr.write(`timing ${ids.join(', ')} on ${b}, ${report.rounds} rounds…\n`);
    report.backends[b] = await benchModels(ORIGIN, DIST, b, ids, report.rounds, 10);
    console.log(modelsTable(b, report.backends[b]) + '\n');
  }
  console.log(`${report.rounds} rounds (the models take turns); a round's figure is the median of 10 runs after a warm-up`);
  console.log(`machine: ${report.machine.cpu}, ${report.machine.cores} cores, ${report.machine.memoryGiB} GiB, Chromium ${report.machine.browser}`);
  if (args.json) writeFileSync(args.json, JSON.stringify(report, null, 2) + '\n');
}

async function main(): Promise<void> {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error('no production build: run `npm run build` first');
  const server = spawn('npx', ['vite', 'preview', '--port', String(PORT), '--strictPort'], { stdio: 'ignore', detached: true });
  try {
    await waitForServer();
    if (args.models) return await compareModels(args.models);
    if (args.scale) {
      const result = await benchScale(Number(args.scale));
      if (args.json) writeFileSync(args.json, JSON.stringify(result, null, 2) + '\n');
      return;
    }
    const photos = await photoSet(Number(args.photos));
    const backends: Record<string, BackendBench> = {};
    for (const b of BACKENDS) {
      process.stderr.write(`benchmarking ${b}…\n`);
      backends[b] = await benchBackend(b, photos);
    }
    const cpu = backends.cpu;
    const report: BenchReport = {
      backends,
      ratiosToCpu: Object.fromEntries(
        Object.entries(backends).map(([k, v]) => [k, cpu ? { inferMedian: cpu.inferMedianMs / v.inferMedianMs, throughput: v.throughputPerS / cpu.throughputPerS } : { inferMedian: NaN, throughput: NaN }]),
      ),
      ...buildSizes(DIST),
      multiplyAddsPerFace: multiplyAdds(4),
      machine: await machine(),
    };
    const rows = Object.entries(backends).map(([k, v]) =>
      [k, f1(v.coldLoadMs), f1(v.cachedLoadMs), f1(v.firstInferenceMs), f1(v.inferMedianMs), f1(v.inferP95Ms), `${v.bestBatch}: ${f1(v.bestBatchPerFaceMs)}`, f1(v.modelThroughputPerS), f1(v.throughputPerS), f1(v.floorMs), f1(report.ratiosToCpu[k].inferMedian) + 'x'].join(' | '),
    );
    console.log('| backend | cold load ms | cached load ms | first inference ms | batch-1 median ms | batch-1 p95 ms | best batch: ms/face | model faces/s | app photos/s | floor ms/face | speed-up vs cpu |');
    console.log('|---|---|---|---|---|---|---|---|---|---|---|');
    for (const r of rows) console.log(`| ${r} |`);
    for (const [k, v] of Object.entries(report.backends))
      console.log(
        `${k}: per photo in the app ${(1000 / v.throughputPerS).toFixed(1)} ms; in the worker, face detector ${v.detectMsPerPhoto.toFixed(1)} ms + AMTENnet ${v.classifyMsPerPhoto.toFixed(1)} ms; app ÷ models ${v.appOverModels.toFixed(2)}x`,
      );
    console.log(`\nmodel download ${(report.modelBytes / 1e6).toFixed(2)} MB; JavaScript ${(report.jsGzipBytes / 1e3).toFixed(0)} kB gzip; ${(report.multiplyAddsPerFace / 1e9).toFixed(3)} G multiply-adds per face`);
    console.log(`machine: ${report.machine.cpu}, ${report.machine.cores} cores, ${report.machine.memoryGiB} GiB, Chromium ${report.machine.browser}`);
    if (args.json) writeFileSync(args.json, JSON.stringify(report, null, 2) + '\n');
  } finally {
    process.kill(-server.pid!);
  }
}

main().catch((e: unknown) => {
  console.error(`bench: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
