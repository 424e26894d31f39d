// The engine: where files become jobs for the analysis worker and its events become store
// updates. A factory, so tests give it a store, a stand-in client and an address of their own;
// the page's one engine is made in pageEngine.ts.
import type { AnalysisClient, EngineEvent } from '../client/analysisClient';
import type { BackendChoice } from '../shared/analysisProtocol';
import type { InspectCall } from '../shared/inspectProtocol';
import type { AskedRegion } from '../analysis/types';
import type { AppStore, Item } from './store';
import { localized } from '../i18n/localized';
import { FaceImageCache } from './faceImages';
import { replaceFace } from '../analysis/faces';
import { ItemPatches, flushDelayMs } from './itemPatches';
import { readUrlSettings, withParam } from './urlSettings';
import type { ModelFolderFiles } from '../model/modelFolderFiles';
import type { ModelCard } from '../model/modelCard';
import { samplingFrom } from '../video/sampling';
import { DEFAULT_SAMPLING, type SamplingOptions } from '../analysis/videoTypes';
import { ElementFallback } from './videoFallback';

/** What the engine asks of the worker's client (AnalysisClient on the page). */
export type EngineClient = Pick<AnalysisClient, 'enqueue' | 'cancel' | 'setBackend' | 'setModel' | 'call' | 'simulate'>;

export interface EngineDeps {
  store: AppStore;
  /** Starts the worker's client, once, when the engine first needs it. */
  startClient(onEvent: (e: EngineEvent) => void, backend: BackendChoice): EngineClient;
  /** The page's address: settings are read from it and written back with `replaceUrl` (no reload). */
  location: { readonly search: string; readonly href: string };
  replaceUrl(url: URL): void;
  /** The folder that holds the model folders, e.g. `/models/`. */
  modelsUrl: string;
}

export interface IncomingFile {
  file: File;
  /** Relative path inside a dropped folder, if any. */
  path?: string;
}

// Files are added in slices, each in its own task, so a drop of thousands never freezes the page.
// A file's size and date are a synchronous look-up in the browser each (0.3 ms here, far more on
// a busy machine), so a slice is as many files as fit in SLICE_MS, not a fixed number.
const SLICE_MS = 8;
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** The file as an item: its size and date read once, and the key that recognises it dropped again. */
function describe({ file, path }: IncomingFile) {
  const name = path || file.name;
  const size = file.size;
  return { name: name || 'pasted image', size, type: file.type, key: `${name}|${size}|${file.lastModified}`, file };
}

/** Sets a performance mark the end-to-end tests and `npm run bench` read, the first time only. */
function markOnce(name: string): void {
  if (!performance.getEntriesByName(name).length) performance.mark(name);
}

export type Engine = ReturnType<typeof createEngine>;

export function createEngine({ store, startClient, location, replaceUrl, modelsUrl }: EngineDeps) {
  const state = () => store.getState();
  const patches = new ItemPatches(
    (changes, memory) => {
      if (memory) state().setEngine({ memory });
      if (changes.size) state().update(changes);
    },
    () => flushDelayMs(state().items.length),
  );
  const update = (id: string, patch: Partial<Item>) => patches.add(id, patch);

  function onEvent(e: EngineEvent): void {
    const { setEngine, engine } = state();
    switch (e.kind) {
      case 'loading':
        setEngine({ status: engine.status === 'restarting' ? 'restarting' : 'loading', choice: e.backend });
        break;
      case 'model-progress':
        setEngine({ loadedBytes: e.loadedBytes, totalBytes: e.totalBytes });
        break;
      case 'ready':
        markOnce('tracelens-ready');
        setEngine({ status: 'ready', backend: e.backend, backendNote: e.backendNote, card: e.card, memory: e.memory, message: undefined });
        break;
      case 'engine-failed':
        setEngine({ status: 'failed', message: e.message });
        break;
      case 'restarting':
        setEngine({ status: 'restarting', message: localized('engineRestartingBecause', { reason: e.reason }), restarts: engine.restarts + 1 });
        break;
      case 'job-started':
        update(e.itemId, { status: 'analysing' });
        break;
      case 'job-done': {
        markOnce('tracelens-first-result');
        // A re-run of one face replaces that face in the analysis as it stands, changes not yet applied included.
        const current = () => patches.get(e.itemId)?.analysis ?? state().items.find((i) => i.id === e.itemId)?.analysis;
        const analysis = e.faceIndex === undefined ? e.analysis : replaceFace(current(), e.faceIndex, e.analysis);
        patches.add(e.itemId, { status: 'done', analysis, error: undefined }, e.memory);
        break;
      }
      case 'job-failed':
        // A clip WebCodecs cannot decode goes to the page's <video> element (issue 25).
        if (!elementFallback.take(e.itemId, e.message)) update(e.itemId, { status: 'error', error: e.message });
        break;
      case 'job-progress':
        update(e.itemId, { progress: { done: e.done, total: e.total } });
        break;
    }
  }

  let client: EngineClient | null = null;
  /** The worker's client, started on first use. */
  function start(): EngineClient {
    if (client) return client;
    const { backend } = readUrlSettings(location.search);
    state().setEngine({ choice: backend });
    client = startClient(onEvent, backend);
    return client;
  }

  const videoSampling = () => samplingFrom(location.search, DEFAULT_SAMPLING);
  const elementFallback = new ElementFallback({
    call: () => start().call.bind(start()),
    card: () => state().engine.card,
    item: (id) => state().items.find((i) => i.id === id),
    sampling: videoSampling,
    update,
  });

  /** The crops and Fmt maps the panels draw, made again from each file by the worker. */
  const faceImages = new FaceImageCache((file, crops) => start().call({ kind: 'face-images', file, crops }));

  let nextId = 0;
  /** Files dropped again while already in the batch: kept until the person asks to analyse them anyway. */
  let skippedDuplicates: IncomingFile[] = [];
  let adding: Promise<void> = Promise.resolve();

  async function addFiles(files: IncomingFile[], opts: { again?: boolean }): Promise<void> {
    if (files.length === 0) return;
    const known = new Set(state().items.filter((i) => i.status !== 'cancelled').map((i) => i.key));
    if (!opts.again) skippedDuplicates = [];
    const c = start();
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
        state().add(items);
        const regions = state().findFaces ? undefined : ('whole-image' as const);
        const sampling = videoSampling();
        const videoDecoder = new URLSearchParams(location.search).get('decoder') === 'element' ? ('element' as const) : undefined;
        c.enqueue(items.map((it) => ({ itemId: it.id, file: it.file, name: it.name, regions, sampling, videoDecoder })));
      }
    }
    const n = opts.again ? 0 : skippedDuplicates.length;
    state().setNotice(n === 0 ? null : n === 1 ? localized('noticeDuplicateOne', {}) : localized('noticeDuplicates', { n }));
  }

  /** Empties the queue and the results; nothing else is kept. */
  function clearAll(): void {
    client?.cancel();
    elementFallback.cancel();
    patches.drop();
    skippedDuplicates = [];
    faceImages.clear();
    state().clear();
  }

  /** Adds files to the batch (one drop after another, in order); `again` keeps duplicates. */
  function analyseFiles(files: IncomingFile[], opts: { again?: boolean } = {}): Promise<void> {
    adding = adding.then(() => addFiles(files, opts));
    return adding;
  }

  return {
    start,
    faceImages,
    analyseFiles,

    /** Analyses the files last skipped as duplicates after all. */
    analyseSkippedAgain: (): Promise<void> => analyseFiles(skippedDuplicates, { again: true }),

    /**
     * Re-runs one face of an analysed photo on the given region (a moved or resized box, one the
     * person drew, or the whole photo); faceIndex equal to the number of faces adds a face.
     */
    analyseRegion(itemId: string, region: AskedRegion, faceIndex: number): void {
      const item = state().items.find((i) => i.id === itemId);
      if (!item) return;
      update(itemId, { status: 'analysing' });
      start().enqueue([{ itemId, file: item.file, name: item.name, regions: [region], faceIndex }]);
    },

    cancelBatch(): void {
      const dropped = [...(client?.cancel() ?? []), ...elementFallback.cancel()];
      for (const id of dropped) update(id, { status: 'cancelled' });
      patches.flush();
    },

    clearAll,

    /**
     * A person's own model folder (issue 27): checked on the running engine first, self-test included;
     * refused, the promise rejects with the reason and the shipped model stays loaded and in use. Accepted,
     * it runs every new analysis, and the results so far are cleared so that every result comes from one model.
     */
    async openOwnModel(files: ModelFolderFiles): Promise<ModelCard> {
      const c = start();
      const { card } = await c.call({ kind: 'check-model', files });
      const { view } = state();
      clearAll();
      if (view === 'classroom') state().setView(view); // opened from the classroom's comparison: stay there
      state().setEngine({ own: { id: card.id, version: card.version }, card: undefined });
      c.setModel(files);
      return card;
    },

    /** Back to the model the build ships (and `?model=` names); the own model's results are cleared. */
    backToShippedModel(): void {
      if (!state().engine.own) return;
      const { view } = state();
      clearAll();
      if (view === 'classroom') state().setView(view);
      state().setEngine({ own: undefined, card: undefined });
      start().setModel(null);
    },

    /** `?faces=off` analyses each new photo whole, for photos that are already face crops. */
    setFindFaces(on: boolean): void {
      replaceUrl(withParam(location.href, 'faces', on ? null : 'off'));
      state().setFindFaces(on);
    },

    /** The sampling of clips dropped from now on, kept in the address like the other settings. */
    setVideoSampling(sampling: SamplingOptions): void {
      const url = withParam(withParam(location.href, 'fps', String(sampling.perSecond)).href, 'frames', String(sampling.maxFrames));
      replaceUrl(url);
      state().setVideoSampling(videoSampling());
    },

    setBackendChoice(choice: BackendChoice): void {
      replaceUrl(withParam(location.href, 'backend', choice === 'auto' ? null : choice));
      state().setEngine({ choice, status: 'loading', backend: undefined });
      start().setBackend(choice);
    },

    /** The folder of the model this page runs: its weights and model-card.json. */
    modelFolderUrl: (): string => `${modelsUrl}${readUrlSettings(location.search).modelId}/`,

    /**
     * Model timings for `npm run bench`: the loaded model, or the model folder with this id; each
     * batch size for at most `budgetMs` (at least once).
     */
    benchmarkEngine: (batchSizes: number[], runs: number, budgetMs = Infinity, modelId?: string) =>
      start().call({ kind: 'bench', batchSizes, runs, budgetMs, modelUrl: modelId && `${modelsUrl}${modelId}/` }),

    /** The classroom's run of one photo through the loaded model or a baseline, with its maps when asked. */
    inspect: (call: Extract<InspectCall, { kind: 'inspect' }>) => start().call(call),

    /** The classroom's run of one photo at several JPEG qualities. */
    jpegSweep: (call: Extract<InspectCall, { kind: 'jpeg-sweep' }>) => start().call(call),

    /** Detector and network time in the worker, for `npm run bench`. */
    engineStats: (reset: boolean) => start().call({ kind: 'engine-stats', reset }),

    /** For end-to-end tests of recovery; harmless to call by hand. A fault is met by the analysis of the file named `fileName`. */
    simulateEngineFailure(kind: 'lose-context' | 'crash' | 'engine-fault' | 'decoder-fault', fileName = ''): void {
      if (kind === 'engine-fault' || kind === 'decoder-fault') start().simulate('debug-fault', kind === 'engine-fault' ? 'engine' : 'decoder', fileName);
      else start().simulate(kind === 'lose-context' ? 'debug-lose-context' : 'debug-crash');
    },
  };
}
