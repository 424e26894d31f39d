import { afterEach, describe, expect, it, vi } from 'vitest';
import { AnalysisClient, type EngineEvent } from './analysisClient';
import type { AnalysisCall, WorkerRequest, WorkerResponse } from '../shared/analysisProtocol';
import type { ImageAnalysis } from '../analysis/types';
import { CallCancelled } from '../shared/calls';
import { fixtureCard } from '../model/__fixtures__/fixtureModel';
import { localized, type Localized } from '../i18n/localized';
import { localize } from '../i18n/messages';

/** Stands in for the analysis worker: records what the client sends, answers on demand. */
class FakeWorker {
  sent: WorkerRequest[] = [];
  terminated = false;
  onmessage: ((ev: MessageEvent<WorkerResponse>) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  postMessage(msg: WorkerRequest) {
    this.sent.push(msg);
  }
  terminate() {
    this.terminated = true;
  }
  reply(msg: WorkerResponse) {
    this.onmessage?.({ data: msg } as MessageEvent<WorkerResponse>);
  }
  crash() {
    this.onerror?.({ message: 'boom', preventDefault() {} } as ErrorEvent);
  }
  /** The calls sent, with their ids. */
  calls(): { id: number; call: AnalysisCall }[] {
    return this.sent.flatMap((m) => (m.kind === 'call' ? [{ id: m.id, call: m.call }] : []));
  }
  analysed(): { jobId: number; name: string }[] {
    return this.calls().flatMap(({ id, call }) => (call.kind === 'analyse' ? [{ jobId: id, name: call.name }] : []));
  }
  /** Answers call `id` with a result. */
  done(id: number, value: unknown) {
    this.reply({ kind: 'reply', id, outcome: 'done', value });
  }
}

const memory = { numTensors: 1, tensorBytes: 1, wasmHeapBytes: null };
const analysis: ImageAnalysis = { width: 1, height: 1, format: 'PNG', warnings: [], facts: { fileSize: 1, jpegQuality: null, exif: null }, reliability: [], faces: [], detector: 'blazeface' };

function setup(jobTimeoutMs?: number) {
  const workers: FakeWorker[] = [];
  const events: EngineEvent[] = [];
  const client = new AnalysisClient({
    modelUrl: '/models/x/',
    detectorUrl: '/models/d/',
    backend: 'auto',
    jobTimeoutMs,
    createWorker: () => {
      const w = new FakeWorker();
      workers.push(w);
      return w as unknown as Worker;
    },
    onEvent: (e) => events.push(e),
  });
  const ready = (w: FakeWorker) => w.reply({ kind: 'ready', backend: 'wasm', backendNote: localized('backendWhyNoWebgl2', {}), card: fixtureCard(), memory });
  const jobs = (n: number) => Array.from({ length: n }, (_, i) => ({ itemId: `i${i}`, file: new Blob(), name: `f${i}` }));
  const done = (e: EngineEvent[]) => e.filter((x) => x.kind === 'job-done').map((x) => (x as { itemId: string }).itemId);
  return { client, workers, events, ready, jobs, done };
}

/** Lets the promise callbacks of settled calls run. */
const settled = () => new Promise<void>((r) => setTimeout(r, 0));

afterEach(() => vi.useRealTimers());

describe('AnalysisClient: analysis jobs', () => {
  it('initialises the worker, then keeps up to 8 jobs in flight in order', async () => {
    const { client, workers, events, ready, jobs, done } = setup();
    expect(workers[0].sent[0]).toEqual({ kind: 'init', modelUrl: '/models/x/', detectorUrl: '/models/d/', backend: 'auto' });
    client.enqueue(jobs(10));
    expect(workers[0].analysed()).toEqual([]); // not before the model is ready
    ready(workers[0]);
    expect(workers[0].analysed().map((j) => j.name)).toEqual(['f0', 'f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7']);
    workers[0].done(workers[0].analysed()[1].jobId, { analysis, memory });
    await settled();
    expect(done(events)).toEqual(['i1']);
    expect(workers[0].analysed().map((j) => j.name).slice(8)).toEqual(['f8']);
    expect(client.pendingCount).toBe(9);
  });

  it('reports a job the worker failed, in the worker\'s words', async () => {
    const { client, workers, events, ready, jobs } = setup();
    ready(workers[0]);
    client.enqueue(jobs(1));
    const message = localized('unexpectedError', { detail: 'not a photo' });
    workers[0].reply({ kind: 'reply', id: workers[0].analysed()[0].jobId, outcome: 'failed', message });
    await settled();
    expect(events.at(-1)).toEqual({ kind: 'job-failed', itemId: 'i0', message });
    expect(client.pendingCount).toBe(0);
  });

  it('respawns a crashed worker, retries the jobs in flight one at a time, and loses nothing', async () => {
    const { client, workers, events, ready, jobs, done } = setup();
    ready(workers[0]);
    client.enqueue(jobs(3));
    workers[0].crash();
    expect(workers[0].terminated).toBe(true);
    expect(events.some((e) => e.kind === 'restarting')).toBe(true);
    expect(workers).toHaveLength(2);
    ready(workers[1]);
    // Suspects run alone: one job in flight until it finishes.
    expect(workers[1].analysed().map((j) => j.name)).toEqual(['f0']);
    workers[1].done(workers[1].analysed()[0].jobId, { analysis, memory });
    await settled();
    expect(workers[1].analysed().map((j) => j.name)).toEqual(['f0', 'f1']);
    workers[1].done(workers[1].analysed()[1].jobId, { analysis, memory });
    await settled();
    workers[1].done(workers[1].analysed()[2].jobId, { analysis, memory });
    await settled();
    expect(done(events)).toEqual(['i0', 'i1', 'i2']);
    // A late answer from the dead worker is not taken for the new one's.
    workers[0].done(workers[0].analysed()[0].jobId, { analysis, memory });
    await settled();
    expect(done(events)).toEqual(['i0', 'i1', 'i2']);
  });

  it('skips a file that crashes the worker twice, with a message', () => {
    const { client, workers, events, ready, jobs } = setup();
    ready(workers[0]);
    client.enqueue(jobs(1));
    workers[0].crash();
    ready(workers[1]);
    workers[1].crash();
    const failed = events.find((e) => e.kind === 'job-failed') as { itemId: string; message: Localized };
    expect(failed.itemId).toBe('i0');
    expect(failed.message).toEqual(localized('jobCrashedEngine', { n: 2, reason: localized('engineWorkerCrashed', { detail: 'boom' }) }));
    expect(localize('en', failed.message)).toBe('This file stopped the analysis engine 2 times (the analysis worker crashed (boom)) and was skipped.');
    expect(localize('zh', failed.message)).toBe('此文件使分析引擎停止了 2 次（分析线程崩溃（boom）），已跳过。');
    expect(client.pendingCount).toBe(0);
  });

  it('a lost GPU context (fatal) is recovered like a crash', () => {
    const { client, workers, ready, jobs } = setup();
    ready(workers[0]);
    client.enqueue(jobs(2));
    workers[0].reply({ kind: 'fatal', message: localized('engineContextLost', {}) });
    expect(workers).toHaveLength(2);
    ready(workers[1]);
    expect(workers[1].analysed().map((j) => j.name)).toEqual(['f0']);
  });

  it('after a fault the worker named (issue 24): that file keeps its message, the worker is replaced, the others go again as they were', async () => {
    const { client, workers, events, ready, jobs, done } = setup();
    ready(workers[0]);
    client.enqueue(jobs(10));
    const [, culprit] = workers[0].analysed();
    const message = localized('jobEngineFault', { detail: 'memory access out of bounds' });
    workers[0].reply({ kind: 'reply', id: culprit.jobId, outcome: 'failed', message });
    workers[0].reply({ kind: 'faulted', message: localized('engineFault', { detail: 'memory access out of bounds' }) });
    await settled();
    expect(events.filter((e) => e.kind === 'job-failed')).toEqual([{ kind: 'job-failed', itemId: 'i1', message }]);
    expect(workers[0].terminated).toBe(true);
    expect(events.some((e) => e.kind === 'restarting' && e.reason.key === 'engineFault')).toBe(true);
    expect(workers).toHaveLength(2);
    // Nothing is sent before the model is loaded again; then the other files, 8 at once (none is suspect).
    expect(workers[1].analysed()).toEqual([]);
    ready(workers[1]);
    expect(workers[1].analysed().map((j) => j.name)).toEqual(['f0', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7', 'f8']);
    for (const j of workers[1].analysed()) workers[1].done(j.jobId, { analysis, memory });
    await settled();
    workers[1].done(workers[1].analysed()[8].jobId, { analysis, memory });
    await settled();
    expect(done(events).sort()).toEqual(['i0', 'i2', 'i3', 'i4', 'i5', 'i6', 'i7', 'i8', 'i9']);
    expect(client.pendingCount).toBe(0);
  });

  it('cancel drops queued jobs, tells the worker, ignores late results, and frees a place as each cancelled job is answered', async () => {
    const { client, workers, events, ready, jobs, done } = setup();
    ready(workers[0]);
    client.enqueue(jobs(12));
    const dropped = client.cancel();
    expect(dropped).toHaveLength(12);
    expect(client.pendingCount).toBe(0);
    const cancels = workers[0].sent.flatMap((m) => (m.kind === 'cancel' ? [m.id] : []));
    expect(cancels).toEqual(workers[0].analysed().map((j) => j.jobId));
    workers[0].done(cancels[0], { analysis, memory });
    await settled();
    expect(done(events)).toEqual([]);
    expect(workers[0].analysed()).toHaveLength(8);
    // New work waits for places in flight; each cancelled job the worker answers frees one.
    client.enqueue(jobs(3));
    expect(workers[0].analysed()).toHaveLength(9);
    workers[0].reply({ kind: 'reply', id: cancels[1], outcome: 'cancelled' });
    workers[0].reply({ kind: 'reply', id: cancels[2], outcome: 'cancelled' });
    await settled();
    expect(workers[0].analysed()).toHaveLength(11);
    expect(events.filter((e) => e.kind === 'job-failed')).toEqual([]);
  });

  it('reports a model that cannot load, and restarts a hung worker', () => {
    vi.useFakeTimers();
    const { client, workers, events, ready, jobs } = setup(1000);
    const message = localized('engineInitFailed', { detail: 'Weights do not match AMTENnet' });
    workers[0].reply({ kind: 'init-failed', message });
    expect(events.at(-1)).toEqual({ kind: 'engine-failed', message });
    client.setBackend('wasm');
    ready(workers[1]);
    client.enqueue(jobs(1));
    vi.advanceTimersByTime(1001);
    expect(workers[1].terminated).toBe(true);
    expect(events.some((e) => e.kind === 'restarting' && e.reason.key === 'engineHung')).toBe(true);
  });
});

describe('AnalysisClient: other calls', () => {
  const stats = (detectMs: number) => ({ detectMs, classifyMs: 1, photos: 1 });

  it('a call made while the model loads waits for it; each call is answered by its own id', async () => {
    const { client, workers, ready } = setup();
    const first = client.call({ kind: 'engine-stats', reset: false });
    const second = client.call({ kind: 'engine-stats', reset: true });
    const bench = client.call({ kind: 'bench', batchSizes: [1], runs: 1, budgetMs: 1000 });
    expect(workers[0].calls()).toEqual([]);
    ready(workers[0]);
    const [a, b, c] = workers[0].calls();
    expect([a.call.kind, b.call.kind, c.call.kind]).toEqual(['engine-stats', 'engine-stats', 'bench']);
    // Answers in another order: each settles its own call, and a second answer changes nothing.
    workers[0].done(b.id, stats(2));
    workers[0].done(a.id, stats(1));
    workers[0].done(a.id, stats(99));
    expect(await first).toEqual(stats(1));
    expect(await second).toEqual(stats(2));
    workers[0].reply({ kind: 'reply', id: c.id, outcome: 'failed', message: localized('unexpectedError', { detail: 'no model' }) });
    await expect(bench).rejects.toMatchObject({ localized: localized('unexpectedError', { detail: 'no model' }) });
  });

  it('fails calls with the reason when the model cannot load, and when the engine is closed', async () => {
    const { client, workers } = setup();
    const waiting = client.call({ kind: 'bench', batchSizes: [1], runs: 1, budgetMs: 1000 });
    const message = localized('engineInitFailed', { detail: 'missing weights' });
    workers[0].reply({ kind: 'init-failed', message });
    await expect(waiting).rejects.toMatchObject({ localized: message });
    // While the engine stands failed, a new call fails at once rather than waiting for nothing.
    await expect(client.call({ kind: 'engine-stats', reset: false })).rejects.toMatchObject({ localized: message });
    // Another backend is another try: calls wait for its worker again.
    client.setBackend('wasm');
    const later = client.call({ kind: 'engine-stats', reset: false });
    client.dispose();
    await expect(later).rejects.toMatchObject({ localized: localized('engineClosed', {}) });
  });

  it('sends a call again to a respawned worker', async () => {
    const { client, workers, ready } = setup();
    ready(workers[0]);
    const images = client.call({ kind: 'face-images', file: new Blob(), crops: [[0, 0, 1, 1]] });
    expect(workers[0].calls().map((c) => c.call.kind)).toEqual(['face-images']);
    workers[0].crash();
    ready(workers[1]);
    const [again] = workers[1].calls();
    expect(again.call.kind).toBe('face-images');
    workers[1].done(again.id, []);
    expect(await images).toEqual([]);
  });

  it('a cancelled call settles once, as cancelled: at once while it waits, on the worker\'s answer once sent', async () => {
    const { client, workers, ready } = setup();
    const waitingStop = new AbortController();
    const waiting = client.call({ kind: 'engine-stats', reset: false }, { signal: waitingStop.signal });
    waitingStop.abort();
    await expect(waiting).rejects.toBeInstanceOf(CallCancelled);
    ready(workers[0]);
    expect(workers[0].calls()).toEqual([]);
    const sentStop = new AbortController();
    const sent = client.call({ kind: 'engine-stats', reset: false }, { signal: sentStop.signal });
    const [c] = workers[0].calls();
    sentStop.abort();
    expect(workers[0].sent.at(-1)).toEqual({ kind: 'cancel', id: c.id });
    workers[0].done(c.id, stats(1));
    await expect(sent).rejects.toBeInstanceOf(CallCancelled);
  });
});
