// npm run bench [-- --json FILE] [--photos N] [--seconds S] [--backends webgl,wasm,cpu]
// Serves the production build, drives headless Chromium and measures, per backend: model load
// (cold and from the offline cache), first inference, per-face latency at batch 1 and the best
// batch, end-to-end throughput for a batch of photos with Find faces on and off, how long the
// worker spent in the face detector and in AMTENnet, plus model and JavaScript sizes.
// Every backend runs within a time budget: each throughput run stops after S seconds (faces off:
// S / 2) and reports the photos it timed, and each batch size is timed for at most 3 s, so the
// defaults finish in 5 to 6 minutes on a 2-core machine whatever the backend's speed.
// npm run bench -- --models all|<id,...> [--backends wasm] [--rounds N] [--json FILE]
// Instead: the network alone of every shipped model folder (or those named), timed in one page per
// backend (wasm unless --backends says otherwise), so the figures are comparable (scripts/lib/benchModels.ts).
// --add-model DIR (repeatable) times an exported folder the build does not ship (a comparison run's
// `training/runs/compare/<run>/app`) beside them: the build is copied and the folder added as models/<card id>.
// npm run bench -- --scale N [--backends wasm] [--faces on]: one drop of N photos instead (issue 17):
// page heap per photo, photos/s, the longest main-thread task and the table's scroll frame times.
// npm run bench -- --video [--backends wasm]: only the video figures (issue 25, scripts/lib/benchVideo.ts),
// which the default run also prints for wasm: a 30 s clip's frames/s against the same frames as photos.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../config/chromium';
import { multiplyAdds } from '../src/model/spec';
import type { BenchResult, EngineStats } from '../src/shared/analysisProtocol';
import { writeSampleFaces } from '../src/node/sampleFaces';
import { buildSizes, filesUnder } from './lib/sizes';
import { benchModels, modelsTable, shippedModelIds, type ModelBench } from './lib/benchModels';
import { buildWithModels } from './lib/addModels';
import { describeScale, runScale, scalePhotos, type ScaleResult } from './lib/scaleRun';
import { benchVideo, describeVideoBench } from './lib/benchVideo';

/** The video figures on one backend, in a browser of their own. */
async function videoFigures(backend: string): Promise<string> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    return describeVideoBench(await benchVideo(browser, ORIGIN, backend));
  } finally {
    await browser.close();
  }
}

/** One timed batch of photos through the whole app. */
export interface ThroughputRun {
  /** Photos per second: decode, find faces, crop, classify, draw. */
  photosPerS: number;
  /** Photos analysed when the run ended, and how many it was given. */
  photosTimed: number;
  photosGiven: number;
  /** The time budget ran out before every photo was analysed. */
  stoppedEarly: boolean;
  /** Per photo, in the worker: the face detector's time (0 with Find faces off) and AMTENnet's. */
  detectMsPerPhoto: number;
  classifyMsPerPhoto: number;
  /** Share of the run's wall time that the page's main thread was busy. */
  mainThreadBusyShare: number;
}

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
  /** Photos per second through the whole app with Find faces on (the default). */
  throughputPerS: number;
  /** The same with Find faces off: every photo analysed whole. */
  throughputFacesOffPerS: number;
  facesOn: ThroughputRun;
  facesOff: ThroughputRun;
  /** The detector's time per photo over AMTENnet's, in the Find-faces-on run (target: at most 1). */
  detectorOverNetwork: number;
  /** App photos/s with Find faces on over the bare model's faces/s at its best batch (target: at least 0.4). */
  appOverBareNetwork: number;
  /** App time per photo ÷ (detector + network time per photo): what the app adds to the models. */
  appOverModels: number;
  matmulGflops: number;
  /** Multiply-adds per face / measured matrix-product throughput. */
  floorMs: number;
  renderer: string;
  note: string;
  /** Wall time of this backend's whole measurement. */
  seconds: number;
}

export interface BenchReport {
  backends: Record<string, BackendBench>;
  ratiosToCpu: Record<string, { inferMedian: number; throughput: number }>;
  modelBytes: number;
  jsGzipBytes: number;
  wasmGzipBytes: number;
  multiplyAddsPerFace: number;
  /** Time budget of each throughput run with Find faces on, in seconds (faces off: half). */
  runSeconds: number;
  machine: { cpu: string; cores: number; memoryGiB: number; browser: string; date: string };
}

const { values: args } = parseArgs({
  options: {
    json: { type: 'string' },
    photos: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '45' },
    backends: { type: 'string' },
    port: { type: 'string', default: process.env.E2E_PORT ?? '4180' },
    models: { type: 'string' },
    rounds: { type: 'string', default: '7' },
    scale: { type: 'string' },
    faces: { type: 'string', default: 'off' },
    video: { type: 'boolean', default: false },
    'add-model': { type: 'string', multiple: true },
  },
});
const BACKENDS = (args.backends ?? (args.models ? 'wasm' : 'webgl,wasm,cpu')).split(',');
const PORT = Number(args.port);
const ORIGIN = `http://127.0.0.1:${PORT}`;
// The folder `vite preview` serves: the build itself, or a copy of it with --add-model's folders added.
const DIST = args['add-model']?.length ? buildWithModels('dist', args['add-model']) : 'dist';
const RUN_SECONDS = Number(args.seconds);
/** Longest time one batch size of the bare-network benchmark is timed. */
const BATCH_BUDGET_MS = 3000;

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

const engineStats = (page: Page, reset: boolean) =>
  page.evaluate((r) => (window as unknown as { tracelens: { engineStats(r: boolean): Promise<EngineStats> } }).tracelens.engineStats(r), reset);

/**
 * Analyses `photos` from the pick to the last result drawn, or until `budgetMs` has passed: then
 * the photos finished so far are the ones timed, and the rest of the batch is cancelled.
 */
async function throughputRun(page: Page, context: BrowserContext, photos: string[], budgetMs: number): Promise<ThroughputRun> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const busy = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
  const busy0 = await busy();
  await engineStats(page, true);
  const progress = page.getByTestId('progress-text');
  const t0 = await page.evaluate(() => performance.now());
  await page.getByTestId('file-input').setInputFiles(photos);
  const stoppedEarly = await progress
    .filter({ hasText: `${photos.length} of ${photos.length} analysed` })
    .waitFor({ timeout: budgetMs })
    .then(() => false, () => true);
  const t1 = await page.evaluate(() => performance.now());
  const photosTimed = Number(await progress.getAttribute('data-finished'));
  const mainThreadBusy = (await busy()) - busy0;
  const engine = await engineStats(page, false);
  if (stoppedEarly) await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('button', { name: 'Clear all' }).click();
  await cdp.detach();
  return {
    photosPerS: photosTimed / ((t1 - t0) / 1000),
    photosTimed,
    photosGiven: photos.length,
    stoppedEarly,
    detectMsPerPhoto: engine.detected ? engine.detectMs / engine.detected : 0,
    classifyMsPerPhoto: engine.photos ? engine.classifyMs / engine.photos : 0,
    mainThreadBusyShare: mainThreadBusy / ((t1 - t0) / 1000),
  };
}

async function benchBackend(backend: string, photos: string[]): Promise<BackendBench> {
  const started = Date.now();
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
      (budget) =>
        (window as unknown as { tracelens: { benchmarkEngine(b: number[], r: number, ms: number): Promise<BenchResult> } }).tracelens.benchmarkEngine([1, 2, 4, 8, 16], 8, budget),
      BATCH_BUDGET_MS,
    );
    const batch1 = bench.inference[0];
    const best = bench.inference.reduce((a, b) => (b.perFaceMs < a.perFaceMs ? b : a));

    // End-to-end throughput: a batch of real photos, with Find faces on, then off.
    await page.getByRole('button', { name: 'Clear all' }).click();
    const facesOn = await throughputRun(page, context, photos, RUN_SECONDS * 1000);
    await page.getByTestId('find-faces').uncheck();
    const facesOff = await throughputRun(page, context, photos, (RUN_SECONDS * 1000) / 2);

    // Cached visit: the service worker serves the app and the model.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 120_000 });
    await page.reload();
    const cachedLoadMs = await mark(page, 'tracelens-ready');
    await context.close();

    const floorMs = (multiplyAdds(4) * 2) / (bench.matmulGflops * 1e9) * 1000;
    const modelThroughputPerS = 1000 / best.perFaceMs;
    return {
      coldLoadMs,
      cachedLoadMs,
      firstInferenceMs,
      inferMedianMs: batch1.perFaceMs,
      inferP95Ms: batch1.p95Ms,
      bestBatch: best.batch,
      bestBatchPerFaceMs: best.perFaceMs,
      modelThroughputPerS,
      throughputPerS: facesOn.photosPerS,
      throughputFacesOffPerS: facesOff.photosPerS,
      facesOn,
      facesOff,
      detectorOverNetwork: facesOn.detectMsPerPhoto / facesOn.classifyMsPerPhoto,
      appOverBareNetwork: facesOn.photosPerS / modelThroughputPerS,
      appOverModels: 1000 / facesOn.photosPerS / (facesOn.detectMsPerPhoto + facesOn.classifyMsPerPhoto),
      matmulGflops: bench.matmulGflops,
      floorMs,
      renderer,
      note,
      seconds: (Date.now() - started) / 1000,
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
  const started = Date.now();
  if (!existsSync(join(DIST, 'index.html'))) throw new Error('no production build: run `npm run build` first');
  const server = spawn('npx', ['vite', 'preview', '--outDir', DIST, '--port', String(PORT), '--strictPort'], { stdio: 'ignore', detached: true });
  try {
    await waitForServer();
    if (args.models) return await compareModels(args.models);
    if (args.video) {
      console.log(await videoFigures(BACKENDS.length > 1 ? 'wasm' : BACKENDS[0]));
      return;
    }
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
      runSeconds: RUN_SECONDS,
      machine: await machine(),
    };
    const f2 = (n: number) => n.toFixed(2);
    console.log('| backend | cold load ms | cached load ms | first inference ms | batch-1 median ms | best batch: ms/face | model faces/s | app photos/s, faces on | app photos/s, faces off | detector ms/photo | AMTENnet ms/photo | detector ÷ network | app ÷ bare network | photos timed (on / off) | floor ms/face | speed-up vs cpu |');
    console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
    for (const [k, v] of Object.entries(backends)) {
      const timed = (r: ThroughputRun) => `${r.photosTimed}${r.stoppedEarly ? ` of ${r.photosGiven} (stopped at ${r === v.facesOn ? RUN_SECONDS : RUN_SECONDS / 2} s)` : ''}`;
      const cells = [k, f1(v.coldLoadMs), f1(v.cachedLoadMs), f1(v.firstInferenceMs), f1(v.inferMedianMs), `${v.bestBatch}: ${f1(v.bestBatchPerFaceMs)}`, f1(v.modelThroughputPerS), f1(v.throughputPerS), f1(v.throughputFacesOffPerS), f1(v.facesOn.detectMsPerPhoto), f1(v.facesOn.classifyMsPerPhoto), f2(v.detectorOverNetwork), f2(v.appOverBareNetwork), `${timed(v.facesOn)} / ${timed(v.facesOff)}`, f1(v.floorMs), f1(report.ratiosToCpu[k].inferMedian) + 'x'];
      console.log(`| ${cells.join(' | ')} |`);
    }
    for (const [k, v] of Object.entries(report.backends))
      console.log(
        `${k}: per photo in the app ${(1000 / v.throughputPerS).toFixed(1)} ms with Find faces on (${(1000 / v.throughputFacesOffPerS).toFixed(1)} ms off); in the worker, face detector ${v.facesOn.detectMsPerPhoto.toFixed(1)} ms + AMTENnet ${v.facesOn.classifyMsPerPhoto.toFixed(1)} ms; detector ÷ network ${f2(v.detectorOverNetwork)} (target ≤ 1); app photos/s ÷ bare network faces/s ${f2(v.appOverBareNetwork)} (target ≥ 0.4); app ÷ models ${f2(v.appOverModels)}x; ${v.seconds.toFixed(0)} s`,
      );
    if (BACKENDS.includes('wasm')) console.log(await videoFigures('wasm'));
    console.log(`\nmodel download ${(report.modelBytes / 1e6).toFixed(2)} MB; JavaScript ${(report.jsGzipBytes / 1e3).toFixed(0)} kB gzip; ${(report.multiplyAddsPerFace / 1e9).toFixed(3)} G multiply-adds per face`);
    console.log(`machine: ${report.machine.cpu}, ${report.machine.cores} cores, ${report.machine.memoryGiB} GiB, Chromium ${report.machine.browser}; whole run ${((Date.now() - started) / 1000).toFixed(0)} s`);
    if (args.json) writeFileSync(args.json, JSON.stringify(report, null, 2) + '\n');
  } finally {
    process.kill(-server.pid!);
  }
}

main().catch((e: unknown) => {
  console.error(`bench: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
