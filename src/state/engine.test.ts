import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEngine, type EngineClient } from './engine';
import { createAppStore, type Item } from './store';
import type { EngineEvent, Job } from '../client/analysisClient';
import type { BackendChoice } from '../shared/analysisProtocol';
import type { FaceAnalysis, ImageAnalysis } from '../analysis/types';
import { localized, LocalizedError } from '../i18n/localized';
import type { ModelFolderFiles } from '../model/modelFolderFiles';
import type { ModelCard } from '../model/modelCard';

/** Stands in for the worker's client: records the jobs and calls, answers nothing by itself. */
class FakeClient implements EngineClient {
  jobs: Job[] = [];
  backends: BackendChoice[] = [];
  cancelled = 0;
  enqueue(jobs: Job[]) {
    this.jobs.push(...jobs);
  }
  cancel() {
    this.cancelled++;
    const ids = this.jobs.map((j) => j.itemId);
    this.jobs = [];
    return ids;
  }
  setBackend(b: BackendChoice) {
    this.backends.push(b);
  }
  models: (ModelFolderFiles | null)[] = [];
  setModel(files: ModelFolderFiles | null) {
    this.models.push(files);
  }
  call: EngineClient['call'] = () => Promise.reject(new Error('not in these tests'));
  simulate() {}
}

function setup(search = '') {
  const store = createAppStore();
  const client = new FakeClient();
  const address = { url: new URL(`http://tracelens.test/${search}`) };
  let emit: (e: EngineEvent) => void = () => {
    throw new Error('no client started');
  };
  const started: BackendChoice[] = [];
  const engine = createEngine({
    store,
    location: {
      get search() {
        return address.url.search;
      },
      get href() {
        return address.url.href;
      },
    },
    replaceUrl: (url) => (address.url = url),
    modelsUrl: '/models/',
    startClient: (onEvent, backend) => {
      emit = onEvent;
      started.push(backend);
      return client;
    },
  });
  const items = () => store.getState().items;
  return { store, client, engine, address, started, items, emit: (e: EngineEvent) => emit(e) };
}

const file = (name: string, body = name, lastModified = 1) => new File([body], name, { lastModified });
const memory = { numTensors: 3, tensorBytes: 30, wasmHeapBytes: null };
const face = (x: number, real: number): FaceAnalysis => ({
  box: [x, 0, 10, 10],
  cropBox: [x, 0, 12, 12],
  origin: 'detected',
  score: 0.9,
  probabilities: [real, 1 - real],
  cropSize: 256,
  reliability: [],
});
const analysis = (...faces: FaceAnalysis[]): ImageAnalysis => ({
  width: 100,
  height: 100,
  format: 'JPEG',
  warnings: [],
  facts: { fileSize: 1, jpegQuality: null, exif: null },
  reliability: [],
  faces,
  detector: 'blazeface',
});

afterEach(() => vi.useRealTimers());

describe('createEngine: taking in files', () => {
  it('adds each file as a queued item and hands it to the client as a job, faces found or the photo whole', async () => {
    const { engine, client, items, store, started } = setup('?backend=wasm');
    await engine.analyseFiles([{ file: file('a.jpg') }, { file: file('b.png', 'bb'), path: 'folder/b.png' }]);
    expect(started).toEqual(['wasm']);
    expect(items().map((i) => [i.name, i.size, i.status, i.key])).toEqual([
      ['a.jpg', 5, 'queued', 'a.jpg|5|1'],
      ['folder/b.png', 2, 'queued', 'folder/b.png|2|1'],
    ]);
    expect(client.jobs.map((j) => [j.itemId, j.name, j.regions])).toEqual(items().map((i) => [i.id, i.name, undefined]));
    expect(client.jobs[0].file).toBe(items()[0].file);
    store.getState().setFindFaces(false);
    await engine.analyseFiles([{ file: file('c.jpg') }]);
    expect(client.jobs.at(-1)).toMatchObject({ name: 'c.jpg', regions: 'whole-image' });
    expect(new Set(items().map((i) => i.id)).size).toBe(3);
  });

  it('keeps the order of drops made one after another', async () => {
    const { engine, items } = setup();
    const first = engine.analyseFiles([{ file: file('1.jpg') }, { file: file('2.jpg') }]);
    const second = engine.analyseFiles([{ file: file('3.jpg') }]);
    await Promise.all([first, second]);
    expect(items().map((i) => i.name)).toEqual(['1.jpg', '2.jpg', '3.jpg']);
  });

  it('skips files already in the batch with a notice, and analyses them on request', async () => {
    const { engine, client, items, store } = setup();
    await engine.analyseFiles([{ file: file('a.jpg') }, { file: file('b.jpg') }]);
    await engine.analyseFiles([{ file: file('a.jpg') }, { file: file('b.jpg') }, { file: file('c.jpg') }]);
    expect(items().map((i) => i.name)).toEqual(['a.jpg', 'b.jpg', 'c.jpg']);
    expect(store.getState().notice).toEqual(localized('noticeDuplicates', { n: 2 }));
    // The same name and size changed since (another date) is another file.
    await engine.analyseFiles([{ file: file('c.jpg', 'c.jpg', 2) }, { file: file('a.jpg') }]);
    expect(items().map((i) => i.name)).toEqual(['a.jpg', 'b.jpg', 'c.jpg', 'c.jpg']);
    expect(store.getState().notice).toEqual(localized('noticeDuplicateOne', {}));
    await engine.analyseSkippedAgain();
    expect(items().map((i) => i.name)).toEqual(['a.jpg', 'b.jpg', 'c.jpg', 'c.jpg', 'a.jpg']);
    expect(store.getState().notice).toBeNull();
    expect(client.jobs).toHaveLength(5);
  });

  it('takes a cancelled file again without asking', async () => {
    const { engine, items } = setup();
    await engine.analyseFiles([{ file: file('a.jpg') }]);
    engine.cancelBatch();
    expect(items().map((i) => i.status)).toEqual(['cancelled']);
    await engine.analyseFiles([{ file: file('a.jpg') }]);
    expect(items().map((i) => i.status)).toEqual(['cancelled', 'queued']);
  });
});

describe('createEngine: worker events', () => {
  it("hands a clip's sampling (?fps=, ?frames=) and decoder choice to the client, and shows its frames done", async () => {
    const { engine, client, items, emit } = setup('?fps=5&frames=20&decoder=element');
    await engine.analyseFiles([{ file: file('clip.mp4') }]);
    expect(client.jobs[0]).toMatchObject({ sampling: { perSecond: 5, maxFrames: 20 }, videoDecoder: 'element' });
    vi.useFakeTimers();
    emit({ kind: 'job-started', itemId: items()[0].id });
    emit({ kind: 'job-progress', itemId: items()[0].id, done: 3, total: 20 });
    vi.advanceTimersByTime(50);
    expect(items()[0]).toMatchObject({ status: 'analysing', progress: { done: 3, total: 20 } });
    // In Node there is no <video> element to fall back to: the clip fails with the worker's message.
    emit({ kind: 'job-failed', itemId: items()[0].id, message: localized('videoNoWebCodecs', {}) });
    vi.advanceTimersByTime(50);
    expect(items()[0]).toMatchObject({ status: 'error', error: localized('videoNoWebCodecs', {}) });
  });

  it('the Details setting for clips is kept in the address, shown by the store, and used for the next clip', async () => {
    const { engine, client, store } = setup('?fps=5');
    engine.setVideoSampling({ perSecond: 0.5, maxFrames: 12 });
    expect(store.getState().videoSampling).toEqual({ perSecond: 0.5, maxFrames: 12 });
    await engine.analyseFiles([{ file: file('clip.mp4') }]);
    expect(client.jobs[0]).toMatchObject({ sampling: { perSecond: 0.5, maxFrames: 12 } });
    // A value outside the limits is not taken: the defaults stand for it, as for a bad address.
    engine.setVideoSampling({ perSecond: 500, maxFrames: 12 });
    expect(store.getState().videoSampling).toEqual({ perSecond: 2, maxFrames: 12 });
  });

  it('gathers item changes and applies them in one store update after the delay', async () => {
    const { engine, items, emit, store } = setup();
    await engine.analyseFiles([{ file: file('a.jpg') }, { file: file('b.jpg') }]);
    const [a, b] = items().map((i) => i.id);
    vi.useFakeTimers();
    const update = vi.spyOn(store.getState(), 'update');
    emit({ kind: 'job-started', itemId: a });
    emit({ kind: 'job-started', itemId: b });
    emit({ kind: 'job-done', itemId: a, analysis: analysis(face(0, 0.9)), memory });
    expect(items().map((i) => i.status)).toEqual(['queued', 'queued']);
    vi.advanceTimersByTime(49);
    expect(update).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(update).toHaveBeenCalledTimes(1);
    expect(items().map((i) => i.status)).toEqual(['done', 'analysing']);
    expect(store.getState().engine.memory).toEqual(memory);
    emit({ kind: 'job-failed', itemId: b, message: localized('unexpectedError', { detail: 'x' }) });
    vi.advanceTimersByTime(50);
    expect(update).toHaveBeenCalledTimes(2);
    expect(items()[1]).toMatchObject({ status: 'error', error: localized('unexpectedError', { detail: 'x' }) });
  });

  it('replaces or adds one face when a re-run of it comes back, even before the first result reached the store', async () => {
    const { engine, items, emit, client } = setup();
    await engine.analyseFiles([{ file: file('a.jpg') }]);
    const id = items()[0].id;
    vi.useFakeTimers();
    emit({ kind: 'job-done', itemId: id, analysis: analysis(face(0, 0.9), face(20, 0.8)), memory });
    // Not yet in the store: the re-runs merge into the waiting result.
    emit({ kind: 'job-done', itemId: id, analysis: analysis(face(25, 0.1)), memory, faceIndex: 1 });
    emit({ kind: 'job-done', itemId: id, analysis: analysis(face(50, 0.5)), memory, faceIndex: 2 });
    vi.advanceTimersByTime(50);
    const faces = () => (items()[0].analysis as ImageAnalysis).faces.map((f) => [f.box[0], f.probabilities[0]]);
    expect(faces()).toEqual([[0, 0.9], [25, 0.1], [50, 0.5]]);
    engine.analyseRegion(id, { box: [1, 1, 30, 30], origin: 'drawn' }, 0);
    expect(client.jobs.at(-1)).toMatchObject({ itemId: id, regions: [{ box: [1, 1, 30, 30], origin: 'drawn' }], faceIndex: 0 });
    vi.advanceTimersByTime(50);
    expect(items()[0].status).toBe('analysing');
    emit({ kind: 'job-done', itemId: id, analysis: analysis(face(1, 0.3)), memory, faceIndex: 0 });
    vi.advanceTimersByTime(50);
    expect(faces()).toEqual([[1, 0.3], [25, 0.1], [50, 0.5]]);
    expect(items()[0].status).toBe('done');
  });

  it('says what the engine is doing', () => {
    const { engine, emit, store } = setup();
    engine.start();
    emit({ kind: 'model-progress', loadedBytes: 5, totalBytes: 10 });
    expect(store.getState().engine).toMatchObject({ status: 'loading', loadedBytes: 5, totalBytes: 10 });
    const reason = localized('engineHung', {});
    emit({ kind: 'restarting', reason });
    emit({ kind: 'loading', backend: 'auto' });
    expect(store.getState().engine).toMatchObject({ status: 'restarting', restarts: 1, message: localized('engineRestartingBecause', { reason }) });
    emit({ kind: 'engine-failed', message: reason });
    expect(store.getState().engine).toMatchObject({ status: 'failed', message: reason });
  });

  it('clear all forgets changes not yet applied', async () => {
    const { engine, items, emit, client } = setup();
    await engine.analyseFiles([{ file: file('a.jpg') }]);
    vi.useFakeTimers();
    emit({ kind: 'job-started', itemId: items()[0].id });
    engine.clearAll();
    expect(client.cancelled).toBe(1);
    vi.advanceTimersByTime(500);
    expect(items()).toEqual([]);
    vi.useRealTimers();
    await engine.analyseFiles([{ file: file('a.jpg') }]);
    expect(items().map((i: Item) => i.status)).toEqual(['queued']);
  });
});

describe('createEngine: settings in the address', () => {
  it('writes Find faces and the backend into the address and restarts the client on another backend', () => {
    const { engine, address, client, store } = setup('?model=m1');
    expect(engine.modelFolderUrl()).toBe('/models/m1/');
    engine.setFindFaces(false);
    expect(address.url.search).toBe('?model=m1&faces=off');
    expect(store.getState().findFaces).toBe(false);
    engine.setBackendChoice('cpu');
    expect(address.url.search).toBe('?model=m1&faces=off&backend=cpu');
    expect(client.backends).toEqual(['cpu']);
    expect(store.getState().engine).toMatchObject({ choice: 'cpu', status: 'loading' });
    engine.setFindFaces(true);
    engine.setBackendChoice('auto');
    expect(address.url.search).toBe('?model=m1');
  });
});

describe('createEngine: a person\'s own model (issue 27)', () => {
  const files: ModelFolderFiles = { 'model-card.json': new Blob(['{}']) };
  const card = { id: 'my-model', version: '0.3.0', classes: ['real', 'fake'] } as ModelCard;

  it('keeps the shipped model and the results when the engine refuses the folder', async () => {
    const { engine, client, items, store } = setup();
    await engine.analyseFiles([{ file: file('a.jpg') }]);
    const asked: unknown[] = [];
    client.call = ((call: unknown) => {
      asked.push(call);
      return Promise.reject(new LocalizedError(localized('ownModelMissingShard', { file: 'group1-shard1of1.bin' })));
    }) as EngineClient['call'];
    await expect(engine.openOwnModel(files)).rejects.toMatchObject({ localized: { key: 'ownModelMissingShard' } });
    expect(asked).toEqual([{ kind: 'check-model', files }]);
    expect(client.models).toEqual([]);
    expect(items().map((i) => i.name)).toEqual(['a.jpg']);
    expect(store.getState().engine.own).toBeUndefined();
  });

  it('runs an accepted folder for new analyses, clearing the results so far, and goes back to the shipped model', async () => {
    const { engine, client, items, store } = setup();
    await engine.analyseFiles([{ file: file('a.jpg') }]);
    client.call = (() => Promise.resolve({ card })) as unknown as EngineClient['call'];
    await expect(engine.openOwnModel(files)).resolves.toBe(card);
    expect(client.models).toEqual([files]);
    expect(items()).toEqual([]);
    expect(store.getState().engine.own).toEqual({ id: 'my-model', version: '0.3.0' });
    engine.backToShippedModel();
    expect(client.models).toEqual([files, null]);
    expect(store.getState().engine.own).toBeUndefined();
    engine.backToShippedModel(); // already shipped: nothing to do
    expect(client.models).toEqual([files, null]);
  });
});
