// Page-side owner of the analysis worker: keeps the job queue, keeps a few jobs in flight (so
// the worker decodes the next photos while the network runs), and respawns the worker
// (reloading the model) after a crash, a hang or a lost WebGL context without losing queued work.
import type { ModelCard } from '../model/modelCard';
import type { AnalysisCall, AnalysisResults, BackendChoice, BackendName, EngineMemory, WorkerRequest, WorkerResponse } from '../shared/analysisProtocol';
import type { AskedRegion, ImageAnalysis } from '../analysis/types';
import type { SamplingOptions } from '../analysis/videoTypes';
import { localized, localizedError, type Localized } from '../i18n/localized';
import { CallCancelled, Calls, type CallOptions } from '../shared/calls';
import type { ModelFolderFiles } from '../model/modelFolderFiles';

export type EngineEvent =
  | { kind: 'loading'; backend: BackendChoice }
  | { kind: 'model-progress'; loadedBytes: number; totalBytes: number }
  | { kind: 'ready'; backend: BackendName; backendNote: Localized; card: ModelCard; memory: EngineMemory }
  | { kind: 'engine-failed'; message: Localized }
  /** reason: a phrase (engineHung, engineWorkerCrashed, …). */
  | { kind: 'restarting'; reason: Localized }
  /** The job was handed to the worker (decoding and analysis happen there, a few photos at a time). */
  | { kind: 'job-started'; itemId: string }
  /** `faceIndex` is set when the job re-ran one face of an analysed photo. */
  | { kind: 'job-done'; itemId: string; analysis: ImageAnalysis; memory: EngineMemory; faceIndex?: number }
  | { kind: 'job-failed'; itemId: string; message: Localized }
  /** A long job's progress (a video's frames analysed of all). */
  | { kind: 'job-progress'; itemId: string; done: number; total: number };

export interface Job {
  itemId: string;
  file: Blob;
  name: string;
  /** Analyse exactly these regions (or the whole photo) instead of detecting faces. */
  regions?: AskedRegion[] | 'whole-image';
  /** With one region: the face of the item's analysis that it replaces (or adds, at the end). */
  faceIndex?: number;
  /** How a video's frames are sampled (issue 25). */
  sampling?: SamplingOptions;
  /** `element`: a clip is left to the page's <video> element. */
  videoDecoder?: 'webcodecs' | 'element';
}

interface QueuedJob extends Job {
  /** How many times this job was in flight when the worker died. */
  crashes: number;
  /** Aborts the job's call when the page cancels it. */
  stop?: AbortController;
}

/** Every call but analysis, which goes through the job queue (enqueue). */
export type PageCall = Exclude<AnalysisCall, { kind: 'analyse' }>;

export interface ClientOptions {
  modelUrl: string;
  /** A person's own model folder (issue 27), used instead of `modelUrl`; every respawned worker loads it again. */
  modelFiles?: ModelFolderFiles;
  detectorUrl: string;
  backend: BackendChoice;
  createWorker: () => Worker;
  onEvent: (e: EngineEvent) => void;
  /** A job taking longer than this is treated as a hung worker. */
  jobTimeoutMs?: number;
}

const MAX_CRASHES_PER_JOB = 2;
/** Jobs handed to the worker at once: enough to overlap decoding with inference and fill a batch. */
const MAX_IN_FLIGHT = 8;
const MAX_RESTARTS_WITHOUT_PROGRESS = 4;

export class AnalysisClient {
  private worker: Worker | null = null;
  private queue: QueuedJob[] = [];
  /** Jobs whose call the worker has, until it answers (a cancelled one too: the worker is still busy with it). */
  private inFlight = new Set<QueuedJob>();
  private restartsWithoutProgress = 0;
  private watchdog: ReturnType<typeof setTimeout> | undefined;
  /** Every call to the worker, analysis jobs included: the one place where its answers are matched. */
  private calls = new Calls<AnalysisCall, AnalysisResults>(
    (id, call) => this.send({ kind: 'call', id, call }),
    (id) => this.send({ kind: 'cancel', id }),
  );

  constructor(private readonly opts: ClientOptions) {
    this.spawn();
  }

  get pendingCount(): number {
    return this.queue.length + [...this.inFlight].filter((j) => !j.stop?.signal.aborted).length;
  }

  enqueue(jobs: Job[]): void {
    this.queue.push(...jobs.map((j) => ({ ...j, crashes: 0 })));
    this.pump();
  }

  /** Drops queued jobs (all, or those listed); a job in flight is cancelled in the worker and not reported. */
  cancel(itemIds?: Set<string>): string[] {
    const wanted = (j: QueuedJob) => !itemIds || itemIds.has(j.itemId);
    const dropped = this.queue.filter(wanted).map((j) => j.itemId);
    this.queue = this.queue.filter((j) => !wanted(j));
    for (const job of this.inFlight)
      if (wanted(job) && !job.stop?.signal.aborted) {
        dropped.push(job.itemId);
        job.stop?.abort();
      }
    return dropped;
  }

  setBackend(backend: BackendChoice): void {
    this.opts.backend = backend;
    this.restart(localized('engineBackendChanged', {}), false);
  }

  /** Runs a person's own model folder (checked first: the 'check-model' call), or the shipped model again with null. */
  setModel(files: ModelFolderFiles | null): void {
    this.opts.modelFiles = files ?? undefined;
    this.restart(localized('engineModelChanged', {}), false);
  }

  /**
   * Test hooks: simulate the failures this class must recover from; a fault (issue 24) is met by
   * the analysis of the file named `name`.
   */
  simulate(kind: 'debug-lose-context' | 'debug-crash'): void;
  simulate(kind: 'debug-fault', where: 'engine' | 'decoder', name: string): void;
  simulate(kind: 'debug-lose-context' | 'debug-crash' | 'debug-fault', where?: 'engine' | 'decoder', name?: string): void {
    this.send(kind === 'debug-fault' ? { kind, where: where!, name: name! } : { kind });
  }

  /**
   * Asks the worker for anything but an analysis (face images, the classroom's runs, the bench's
   * timings and engine time). Waits for the model if it is loading, goes again to a respawned
   * worker, and rejects with a LocalizedError when the worker fails it or stops for good, or with
   * CallCancelled when `signal` aborts.
   */
  call<K extends PageCall['kind']>(call: Extract<PageCall, { kind: K }>, opts: Pick<CallOptions, 'signal'> = {}): Promise<AnalysisResults[K]> {
    return this.calls.call(call, opts);
  }

  dispose(): void {
    this.calls.failAll(localized('engineClosed', {}));
    clearTimeout(this.watchdog);
    this.worker?.terminate();
    this.worker = null;
    this.queue = [];
    this.inFlight.clear();
  }

  private send(msg: WorkerRequest): void {
    this.worker?.postMessage(msg);
  }

  private spawn(): void {
    const worker = this.opts.createWorker();
    this.worker = worker;
    worker.onmessage = (ev: MessageEvent<WorkerResponse>) => {
      if (worker === this.worker) this.handle(ev.data);
    };
    worker.onerror = (ev) => {
      ev.preventDefault();
      if (worker === this.worker) this.restart(localized('engineWorkerCrashed', { detail: ev.message || '—' }), true);
    };
    worker.onmessageerror = () => {
      if (worker === this.worker) this.restart(localized('engineMessageUnreadable', {}), true);
    };
    this.opts.onEvent({ kind: 'loading', backend: this.opts.backend });
    this.send({ kind: 'init', modelUrl: this.opts.modelUrl, modelFiles: this.opts.modelFiles, detectorUrl: this.opts.detectorUrl, backend: this.opts.backend });
  }

  /**
   * Replaces the worker. `crashed`: it failed (counted towards giving up); `blame`: which job made
   * it fail is unknown, so every job in flight is suspect (after a fault the worker named the file,
   * already answered, and the others go again as they were).
   */
  private restart(reason: Localized, crashed: boolean, blame = crashed): void {
    clearTimeout(this.watchdog);
    this.worker?.terminate();
    this.worker = null;
    // Jobs that were in flight go back to the front of the queue. Which one caused a crash is
    // unknown, so each carries the count and, once suspect, is retried on its own (pump()).
    const requeue: QueuedJob[] = [];
    for (const job of this.inFlight) {
      if (job.stop?.signal.aborted) continue;
      const crashes = job.crashes + (blame ? 1 : 0);
      if (crashes >= MAX_CRASHES_PER_JOB) {
        this.opts.onEvent({ kind: 'job-failed', itemId: job.itemId, message: localized('jobCrashedEngine', { n: crashes, reason }) });
      } else requeue.push({ ...job, crashes, stop: undefined });
    }
    this.inFlight.clear();
    // The analysis calls fail here (their jobs were dealt with above); every other call goes again.
    this.calls.close(reason);
    this.queue.unshift(...requeue);
    if (crashed && ++this.restartsWithoutProgress > MAX_RESTARTS_WITHOUT_PROGRESS) {
      const message = localized('engineKeepsFailing', { reason });
      this.opts.onEvent({ kind: 'engine-failed', message });
      this.calls.failAll(message);
      return;
    }
    this.opts.onEvent({ kind: 'restarting', reason });
    this.spawn();
  }

  private handle(msg: WorkerResponse): void {
    switch (msg.kind) {
      case 'model-progress':
        this.opts.onEvent(msg);
        break;
      case 'ready':
        this.opts.onEvent(msg);
        this.calls.open();
        this.pump();
        break;
      case 'init-failed':
        this.opts.onEvent({ kind: 'engine-failed', message: msg.message });
        this.calls.failAll(msg.message);
        break;
      case 'fatal':
        this.restart(msg.message, true);
        break;
      case 'faulted': {
        // The file that faulted was answered just before: its call settled, and finished() reports
        // it in a promise reaction queued then, so the restart queued after it finds it out of
        // flight. The model is loaded again before the next file.
        const worker = this.worker;
        queueMicrotask(() => {
          if (worker === this.worker) this.restart(msg.message, true, false);
        });
        break;
      }
      case 'reply':
        this.calls.settle(msg);
        break;
      case 'job-progress':
        // A clip's frames coming in: the worker is alive.
        this.armWatchdog();
        this.opts.onEvent({ kind: 'job-progress', itemId: msg.key, done: msg.done, total: msg.total });
        break;
    }
  }

  /** The worker answered a job's call (or the call was cancelled): its place in flight is free. */
  private finished(job: QueuedJob, outcome: { done: AnalysisResults['analyse'] } | { error: unknown }): void {
    if (!this.inFlight.delete(job)) return; // dealt with by restart()
    this.restartsWithoutProgress = 0;
    this.armWatchdog();
    if ('done' in outcome)
      this.opts.onEvent({ kind: 'job-done', itemId: job.itemId, analysis: outcome.done.analysis, memory: outcome.done.memory, faceIndex: job.faceIndex });
    else if (!(outcome.error instanceof CallCancelled))
      this.opts.onEvent({ kind: 'job-failed', itemId: job.itemId, message: localizedError(outcome.error) });
    this.pump();
  }

  private pump(): void {
    while (this.worker && this.calls.isReady && this.queue.length && this.inFlight.size < MAX_IN_FLIGHT) {
      // A job that was in flight during a crash runs alone, so a bad file cannot take others down.
      const suspect = [...this.inFlight].some((j) => j.crashes > 0);
      if (suspect || (this.queue[0].crashes > 0 && this.inFlight.size > 0)) break;
      const job = this.queue.shift()!;
      job.stop = new AbortController();
      this.inFlight.add(job);
      this.calls
        .call({ kind: 'analyse', file: job.file, name: job.name, regions: job.regions, sampling: job.sampling, progressKey: job.itemId, videoDecoder: job.videoDecoder }, { signal: job.stop.signal, resend: false })
        .then(
          (done) => this.finished(job, { done }),
          (error: unknown) => this.finished(job, { error }),
        );
      this.opts.onEvent({ kind: 'job-started', itemId: job.itemId });
    }
    this.armWatchdog();
  }

  /** While jobs are in flight, silence for jobTimeoutMs means the worker hung. */
  private armWatchdog(): void {
    clearTimeout(this.watchdog);
    if (this.inFlight.size === 0) return;
    this.watchdog = setTimeout(() => this.restart(localized('engineHung', {}), true), this.opts.jobTimeoutMs ?? 120_000);
  }
}
