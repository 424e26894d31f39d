import { afterEach, describe, expect, it, vi } from 'vitest';
import { AnalysisClient, type EngineEvent } from './client';
import type { ImageAnalysis, WorkerRequest, WorkerResponse } from './protocol';
import { fixtureCard } from '../model/fixtureModel';
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
  analysed(): { jobId: number; name: string }[] {
    return this.sent.filter((m) => m.kind === 'analyse').map((m) => ({ jobId: (m as { jobId: number }).jobId, name: (m as { name: string }).name }));
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

afterEach(() => vi.useRealTimers());

describe('AnalysisClient', () => {
  it('initialises the worker, then keeps up to 8 jobs in flight in order', () => {
    const { client, workers, events, ready, jobs, done } = setup();
    expect(workers[0].sent[0]).toEqual({ kind: 'init', modelUrl: '/models/x/', detectorUrl: '/models/d/', backend: 'auto' });
    client.enqueue(jobs(10));
    expect(workers[0].analysed()).toEqual([]); // not before the model is ready
    ready(workers[0]);
    expect(workers[0].analysed().map((j) => j.name)).toEqual(['f0', 'f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7']);
    workers[0].reply({ kind: 'result', jobId: workers[0].analysed()[1].jobId, analysis, memory });
    expect(done(events)).toEqual(['i1']);
    expect(workers[0].analysed().map((j) => j.name).slice(8)).toEqual(['f8']);
    expect(client.pendingCount).toBe(9);
  });

  it('respawns a crashed worker, retries the jobs in flight one at a time, and loses nothing', () => {
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
    workers[1].reply({ kind: 'result', jobId: workers[1].analysed()[0].jobId, analysis, memory });
    expect(workers[1].analysed().map((j) => j.name)).toEqual(['f0', 'f1']);
    workers[1].reply({ kind: 'result', jobId: workers[1].analysed()[1].jobId, analysis, memory });
    workers[1].reply({ kind: 'result', jobId: workers[1].analysed()[2].jobId, analysis, memory });
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

  it('cancel drops queued jobs, tells the worker, and ignores late results', () => {
    const { client, workers, events, ready, jobs, done } = setup();
    ready(workers[0]);
    client.enqueue(jobs(12));
    const dropped = client.cancel();
    expect(dropped).toHaveLength(12);
    const cancel = workers[0].sent.find((m) => m.kind === 'cancel') as { jobIds: number[] };
    expect(cancel.jobIds).toHaveLength(8);
    workers[0].reply({ kind: 'result', jobId: cancel.jobIds[0], analysis, memory });
    expect(done(events)).toEqual([]);
    expect(workers[0].analysed()).toHaveLength(8);
    // New work waits for places in flight; each job the worker drops frees one.
    client.enqueue(jobs(3));
    expect(workers[0].analysed()).toHaveLength(9);
    workers[0].reply({ kind: 'cancelled', jobId: cancel.jobIds[1] });
    workers[0].reply({ kind: 'cancelled', jobId: cancel.jobIds[2] });
    expect(workers[0].analysed()).toHaveLength(11);
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
