// Page-side owner of the analysis worker: keeps the job queue, keeps a few jobs in flight (so
// the worker decodes the next photos while the network runs), and respawns the worker
// (reloading the model) after a crash, a hang or a lost WebGL context without losing queued work.
import { InspectCalls, type InspectCall } from './inspectCalls';
import type { InspectResponse } from './inspectProtocol';
import type { ModelCard } from '../model/modelCard';
import type { BackendChoice, BackendName, BenchResult, Box, EngineMemory, EngineStats, AskedRegion, FaceImages, FaceImagesRequest, FaceImagesResponse, ImageAnalysis, WorkerRequest, WorkerResponse } from './protocol';
import { localized, LocalizedError, type Localized } from '../i18n/localized';

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
  | { kind: 'job-failed'; itemId: string; message: Localized };

export interface Job {
  itemId: string;
  file: Blob;
  name: string;
  /** Analyse exactly these regions (or the whole photo) instead of detecting faces. */
  regions?: AskedRegion[] | 'whole-image';
  /** With one region: the face of the item's analysis that it replaces (or adds, at the end). */
  faceIndex?: number;
}

interface QueuedJob extends Job {
  /** How many times this job was in flight when the worker died. */
  crashes: number;
}

export interface ClientOptions {
  modelUrl: string;
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
  private ready = false;
  private queue: QueuedJob[] = [];
  private inFlight = new Map<number, QueuedJob>();
  private nextJobId = 1;
  private restartsWithoutProgress = 0;
  private watchdog: ReturnType<typeof setTimeout> | undefined;
  private benchWaiter: ((r: BenchResult) => void) | null = null;
  private statsWaiter: ((s: EngineStats) => void) | null = null;
  /** The classroom's requests (intermediate maps, what-if runs), outside the job queue. */
  private inspectCalls = new InspectCalls((msg) => this.sendWhenReady(msg));
  /** Crops and Fmt maps for the panels that show them, outside the job queue too. */
  private imageCalls = new InspectCalls<FaceImagesRequest, FaceImagesResponse>((msg) => this.sendWhenReady(msg));

  constructor(private readonly opts: ClientOptions) {
    this.spawn();
  }

  get pendingCount(): number {
    return this.queue.length + this.inFlight.size;
  }

  enqueue(jobs: Job[]): void {
    this.queue.push(...jobs.map((j) => ({ ...j, crashes: 0 })));
    this.pump();
  }

  /** Drops queued jobs (all, or those listed); a job already in flight finishes but is not reported. */
  cancel(itemIds?: Set<string>): string[] {
    const dropped = this.queue.filter((j) => !itemIds || itemIds.has(j.itemId)).map((j) => j.itemId);
    this.queue = itemIds ? this.queue.filter((j) => !itemIds.has(j.itemId)) : [];
    const stop: number[] = [];
    for (const [jobId, job] of this.inFlight)
      if (job.itemId && (!itemIds || itemIds.has(job.itemId))) {
        dropped.push(job.itemId);
        stop.push(jobId);
        this.inFlight.set(jobId, { ...job, itemId: '' });
      }
    if (stop.length) this.send({ kind: 'cancel', jobIds: stop });
    return dropped;
  }

  setBackend(backend: BackendChoice): void {
    this.opts.backend = backend;
    this.restart(localized('engineBackendChanged', {}), false);
  }

  /** Test hooks: simulate the failures this class must recover from. */
  simulate(kind: 'debug-lose-context' | 'debug-crash'): void {
    this.send({ kind });
  }

  /**
   * The crops and Fmt maps of a file's faces, as its analysis saw them: `crops` are the faces'
   * crop squares (cropBox), cut as given. Waits for the model if it is loading. Rejects with a
   * LocalizedError when the file cannot be read again (e.g. it changed or was removed since).
   */
  async faceImages(file: Blob, crops: Box[]): Promise<FaceImages[]> {
    const r = await this.imageCalls.call({ kind: 'face-images', file, crops });
    if (r.kind === 'face-images-failed') throw new LocalizedError(r.message);
    return r.faces;
  }

  /**
   * For `npm run bench`: timings of the loaded model (or the folder at `modelUrl`) on the running
   * backend, each batch size within `budgetMs`; call while the queue is idle.
   */
  benchmark(batchSizes: number[], runs: number, budgetMs: number, modelUrl?: string): Promise<BenchResult> {
    return new Promise((resolve) => {
      this.benchWaiter = resolve;
      this.send({ kind: 'bench', batchSizes, runs, budgetMs, modelUrl });
    });
  }

  /** Runs one photo through the model for the classroom; waits for the model if it is loading. */
  inspect(call: InspectCall): Promise<InspectResponse> {
    return this.inspectCalls.call(call);
  }

  /** For `npm run bench`: the worker's detector and network time since the last reset. */
  engineStats(reset: boolean): Promise<EngineStats> {
    return new Promise((resolve) => {
      this.statsWaiter = resolve;
      this.send({ kind: 'engine-stats', reset });
    });
  }

  dispose(): void {
    this.inspectCalls.rejectAll(localized('engineClosed', {}));
    this.imageCalls.rejectAll(localized('engineClosed', {}));
    clearTimeout(this.watchdog);
    this.worker?.terminate();
    this.worker = null;
    this.queue = [];
    this.inFlight.clear();
  }

  private send(msg: WorkerRequest): void {
    this.worker?.postMessage(msg);
  }

  private sendWhenReady(msg: WorkerRequest): boolean {
    if (!this.ready || !this.worker) return false;
    this.worker.postMessage(msg);
    return true;
  }

  private spawn(): void {
    this.ready = false;
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
    this.send({ kind: 'init', modelUrl: this.opts.modelUrl, detectorUrl: this.opts.detectorUrl, backend: this.opts.backend });
  }

  private restart(reason: Localized, crashed: boolean): void {
    clearTimeout(this.watchdog);
    this.worker?.terminate();
    this.worker = null;
    // Jobs that were in flight go back to the front of the queue. Which one caused a crash is
    // unknown, so each carries the count and, once suspect, is retried on its own (pump()).
    const requeue: QueuedJob[] = [];
    for (const job of this.inFlight.values()) {
      if (!job.itemId) continue;
      const crashes = job.crashes + (crashed ? 1 : 0);
      if (crashes >= MAX_CRASHES_PER_JOB) {
        this.opts.onEvent({ kind: 'job-failed', itemId: job.itemId, message: localized('jobCrashedEngine', { n: crashes, reason }) });
      } else requeue.push({ ...job, crashes });
    }
    this.inFlight.clear();
    this.inspectCalls.reset();
    this.imageCalls.reset();
    this.queue.unshift(...requeue);
    if (crashed && ++this.restartsWithoutProgress > MAX_RESTARTS_WITHOUT_PROGRESS) {
      const message = localized('engineKeepsFailing', { reason });
      this.opts.onEvent({ kind: 'engine-failed', message });
      this.inspectCalls.rejectAll(message);
      this.imageCalls.rejectAll(message);
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
        this.ready = true;
        this.opts.onEvent(msg);
        this.pump();
        this.inspectCalls.flush();
        this.imageCalls.flush();
        break;
      case 'init-failed':
        this.opts.onEvent({ kind: 'engine-failed', message: msg.message });
        this.inspectCalls.rejectAll(msg.message);
        this.imageCalls.rejectAll(msg.message);
        break;
      case 'fatal':
        this.restart(msg.message, true);
        break;
      case 'inspect-result':
      case 'sweep-result':
      case 'inspect-failed':
        this.inspectCalls.settle(msg);
        break;
      case 'face-images-result':
      case 'face-images-failed':
        this.imageCalls.settle(msg);
        break;
      case 'bench-result':
        this.benchWaiter?.(msg.result);
        this.benchWaiter = null;
        break;
      case 'engine-stats':
        this.statsWaiter?.(msg.stats);
        this.statsWaiter = null;
        break;
      case 'cancelled':
        // The worker dropped a job the page cancelled: its place in flight is free.
        if (this.inFlight.delete(msg.jobId)) {
          this.armWatchdog();
          this.pump();
        }
        break;
      case 'result':
      case 'failed': {
        const job = this.inFlight.get(msg.jobId);
        if (!job) break;
        this.inFlight.delete(msg.jobId);
        this.restartsWithoutProgress = 0;
        this.armWatchdog();
        if (job.itemId) {
          if (msg.kind === 'result')
            this.opts.onEvent({ kind: 'job-done', itemId: job.itemId, analysis: msg.analysis, memory: msg.memory, faceIndex: job.faceIndex });
          else this.opts.onEvent({ kind: 'job-failed', itemId: job.itemId, message: msg.message });
        }
        this.pump();
        break;
      }
    }
  }

  private pump(): void {
    while (this.ready && this.worker && this.queue.length && this.inFlight.size < MAX_IN_FLIGHT) {
      // A job that was in flight during a crash runs alone, so a bad file cannot take others down.
      const suspect = [...this.inFlight.values()].some((j) => j.crashes > 0);
      if (suspect || (this.queue[0].crashes > 0 && this.inFlight.size > 0)) break;
      const job = this.queue.shift()!;
      const jobId = this.nextJobId++;
      this.inFlight.set(jobId, job);
      this.send({ kind: 'analyse', jobId, file: job.file, name: job.name, regions: job.regions });
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
