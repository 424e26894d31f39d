// Wires the analysis worker client to the store: the single place where files become jobs and
// engine events become store updates.
import { AnalysisClient, type EngineEvent } from '../worker/client';
import { BACKENDS, type BackendChoice } from '../worker/protocol';
import { useStore } from './store';

export const DEFAULT_MODEL_ID = 'amtennet-faces-v1';

/** `?backend=webgl|wasm|cpu` forces a backend; `?model=<id>` picks another model folder. */
export function readUrlSettings(search: string): { backend: BackendChoice; modelId: string } {
  const params = new URLSearchParams(search);
  const b = params.get('backend');
  const backend: BackendChoice = b && (BACKENDS as readonly string[]).includes(b) ? (b as BackendChoice) : 'auto';
  const m = params.get('model');
  const modelId = m && /^[a-z0-9][a-z0-9._-]*$/i.test(m) ? m : DEFAULT_MODEL_ID;
  return { backend, modelId };
}

function onEvent(e: EngineEvent): void {
  const { setEngine, update } = useStore.getState();
  switch (e.kind) {
    case 'loading':
      setEngine({ status: useStore.getState().engine.status === 'restarting' ? 'restarting' : 'loading', choice: e.backend });
      break;
    case 'model-progress':
      setEngine({ loadedBytes: e.loadedBytes, totalBytes: e.totalBytes });
      break;
    case 'ready':
      setEngine({ status: 'ready', backend: e.backend, backendNote: e.backendNote, card: e.card, numTensors: e.numTensors, message: undefined });
      break;
    case 'engine-failed':
      setEngine({ status: 'failed', message: e.message });
      break;
    case 'restarting':
      setEngine({ status: 'restarting', message: `Restarting the analysis engine: ${e.reason}.`, restarts: useStore.getState().engine.restarts + 1 });
      break;
    case 'job-stage':
      update(e.itemId, { status: e.stage });
      break;
    case 'job-done':
      update(e.itemId, { status: 'done', analysis: e.analysis, error: undefined });
      setEngine({ numTensors: e.numTensors });
      break;
    case 'job-failed':
      update(e.itemId, { status: 'error', error: e.message });
      break;
  }
}

let client: AnalysisClient | null = null;

export function startEngine(): AnalysisClient {
  if (client) return client;
  const { backend, modelId } = readUrlSettings(location.search);
  useStore.getState().setEngine({ choice: backend });
  client = new AnalysisClient({
    modelUrl: `${import.meta.env.BASE_URL}models/${modelId}/`,
    backend,
    onEvent,
    createWorker: () => new Worker(new URL('../worker/analysis.worker.ts', import.meta.url), { type: 'module', name: 'tracelens-analysis' }),
  });
  return client;
}

let nextId = 0;

export interface IncomingFile {
  file: File;
  /** Relative path inside a dropped folder, if any. */
  path?: string;
}

const fileKey = ({ file, path }: IncomingFile) => `${path || file.name}|${file.size}|${file.lastModified}`;

/** Files dropped again while already in the batch: kept until the person asks to analyse them anyway. */
let skippedDuplicates: IncomingFile[] = [];

export function analyseFiles(files: IncomingFile[], opts: { again?: boolean } = {}): void {
  if (files.length === 0) return;
  const { items: existing, add, setNotice } = useStore.getState();
  const known = new Set(existing.filter((i) => i.status !== 'cancelled').map((i) => i.key));
  const fresh = opts.again ? files : files.filter((f) => !known.has(fileKey(f)));
  skippedDuplicates = opts.again ? [] : files.filter((f) => known.has(fileKey(f)));
  const n = skippedDuplicates.length;
  setNotice(n ? `${n} ${n === 1 ? 'file was' : 'files were'} already in this batch and ${n === 1 ? 'was' : 'were'} not analysed again.` : null);
  if (fresh.length === 0) return;
  const c = startEngine();
  const items = fresh.map((f) => ({
    id: `f${++nextId}`,
    name: f.path || f.file.name || 'pasted image',
    size: f.file.size,
    type: f.file.type,
    key: fileKey(f),
    previewUrl: URL.createObjectURL(f.file),
  }));
  add(items);
  c.enqueue(items.map((it, i) => ({ itemId: it.id, file: fresh[i].file, name: it.name })));
}

export function analyseSkippedAgain(): void {
  analyseFiles(skippedDuplicates, { again: true });
}

export function cancelBatch(): void {
  const dropped = client?.cancel() ?? [];
  const { update } = useStore.getState();
  for (const id of dropped) update(id, { status: 'cancelled' });
}

/** Empties the queue and the results and releases every object URL; nothing else is kept. */
export function clearAll(): void {
  client?.cancel();
  skippedDuplicates = [];
  useStore.getState().clear();
}

export function setBackendChoice(choice: BackendChoice): void {
  const url = new URL(location.href);
  if (choice === 'auto') url.searchParams.delete('backend');
  else url.searchParams.set('backend', choice);
  history.replaceState(null, '', url);
  useStore.getState().setEngine({ choice, status: 'loading', backend: undefined });
  startEngine().setBackend(choice);
}

/** For end-to-end tests of recovery; harmless to call by hand. */
export function simulateEngineFailure(kind: 'lose-context' | 'crash'): void {
  startEngine().simulate(kind === 'lose-context' ? 'debug-lose-context' : 'debug-crash');
}
