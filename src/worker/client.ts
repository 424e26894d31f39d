// Page-side owner of the analysis worker: keeps the job queue, sends one job at a time, and
// respawns the worker (reloading the model) after a crash, a hang or a lost WebGL context
// without losing queued work.
import type { ModelCard } from '../model/modelCard';
import type { BackendChoice, BackendName, EngineMemory, ImageAnalysis, WorkerRequest, WorkerResponse } from './protocol';

export type EngineEvent =
  | { kind: 'loading'; backend: BackendChoice }
  | { kind: 'model-progress'; loadedBytes: number; totalBytes: number }
  | { kind: 'ready'; backend: BackendName; backendNote: string; card: ModelCard; memory: EngineMemory }
  | { kind: 'engine-failed'; message: string }
  | { kind: 'restarting'; reason: string }
  | { kind: 'job-stage'; itemId: string; stage: 'decoding' | 'analysing' }
  | { kind: 'job-done'; itemId: string; analysis: ImageAnalysis; memory: EngineMemory }
  | { kind: 'job-failed'; itemId: string; message: string };

export interface Job {
  itemId: string;
  file: Blob;
  name: string;
}

interface QueuedJob extends Job {
  /** How many times this job was in flight when the worker died. */
  crashes: number;
}

export interface ClientOptions {
  modelUrl: string;
  backend: BackendChoice;
  createWorker: () => Worker;
  onEvent: (e: EngineEvent) => void;
  /** A job taking longer than this is treated as a hung worker. */
  jobTimeoutMs?: number;
}

const MAX_CRASHES_PER_JOB = 2;
const MAX_RESTARTS_WITHOUT_PROGRESS = 4;

export class AnalysisClient {
  private worker: Worker | null = null;
  private ready = false;
  private queue: QueuedJob[] = [];
  private inFlight: (QueuedJob & { jobId: number }) | null = null;
  private nextJobId = 1;
  private restartsWithoutProgress = 0;
  private watchdog: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly opts: ClientOptions) {
    this.spawn();
  }

  get pendingCount(): number {
    return this.queue.length + (this.inFlight ? 1 : 0);
  }

  enqueue(jobs: Job[]): void {
    this.queue.push(...jobs.map((j) => ({ ...j, crashes: 0 })));
    this.pump();
  }

  /** Drops queued jobs (all, or those listed); a job already in flight finishes but is not reported. */
  cancel(itemIds?: Set<string>): string[] {
    const dropped = this.queue.filter((j) => !itemIds || itemIds.has(j.itemId)).map((j) => j.itemId);
    this.queue = itemIds ? this.queue.filter((j) => !itemIds.has(j.itemId)) : [];
    if (this.inFlight && (!itemIds || itemIds.has(this.inFlight.itemId))) {
      dropped.push(this.inFlight.itemId);
      this.inFlight = { ...this.inFlight, itemId: '' };
    }
    return dropped;
  }

  setBackend(backend: BackendChoice): void {
    this.opts.backend = backend;
    this.restart('the backend setting changed', false);
  }

  /** Test hooks: simulate the failures this class must recover from. */
  simulate(kind: 'debug-lose-context' | 'debug-crash'): void {
    this.send({ kind });
  }

  dispose(): void {
    clearTimeout(this.watchdog);
    this.worker?.terminate();
    this.worker = null;
    this.queue = [];
    this.inFlight = null;
  }

  private send(msg: WorkerRequest): void {
    this.worker?.postMessage(msg);
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
      if (worker === this.worker) this.restart(`the analysis worker crashed (${ev.message || 'unknown error'})`, true);
    };
    worker.onmessageerror = () => {
      if (worker === this.worker) this.restart('a message from the analysis worker could not be read', true);
    };
    this.opts.onEvent({ kind: 'loading', backend: this.opts.backend });
    this.send({ kind: 'init', modelUrl: this.opts.modelUrl, backend: this.opts.backend });
  }

  private restart(reason: string, crashed: boolean): void {
    clearTimeout(this.watchdog);
    this.worker?.terminate();
    this.worker = null;
    const job = this.inFlight;
    this.inFlight = null;
    if (job && job.itemId) {
      const crashes = job.crashes + (crashed ? 1 : 0);
      if (crashes >= MAX_CRASHES_PER_JOB) {
        this.opts.onEvent({
          kind: 'job-failed',
          itemId: job.itemId,
          message: `This file stopped the analysis engine ${crashes} times (${reason}) and was skipped.`,
        });
      } else {
        this.queue.unshift({ itemId: job.itemId, file: job.file, name: job.name, crashes });
      }
    }
    if (crashed && ++this.restartsWithoutProgress > MAX_RESTARTS_WITHOUT_PROGRESS) {
      this.opts.onEvent({ kind: 'engine-failed', message: `The analysis engine keeps failing: ${reason}. Reload the page to try again.` });
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
        break;
      case 'init-failed':
        this.opts.onEvent({ kind: 'engine-failed', message: msg.message });
        break;
      case 'fatal':
        this.restart(msg.message, true);
        break;
      case 'stage':
        if (this.inFlight?.jobId === msg.jobId && this.inFlight.itemId)
          this.opts.onEvent({ kind: 'job-stage', itemId: this.inFlight.itemId, stage: msg.stage });
        break;
      case 'result':
      case 'failed': {
        const job = this.inFlight;
        if (!job || job.jobId !== msg.jobId) break;
        clearTimeout(this.watchdog);
        this.inFlight = null;
        this.restartsWithoutProgress = 0;
        if (job.itemId) {
          if (msg.kind === 'result')
            this.opts.onEvent({ kind: 'job-done', itemId: job.itemId, analysis: msg.analysis, memory: msg.memory });
          else this.opts.onEvent({ kind: 'job-failed', itemId: job.itemId, message: msg.message });
        }
        this.pump();
        break;
      }
    }
  }

  private pump(): void {
    if (!this.ready || this.inFlight || !this.worker) return;
    const job = this.queue.shift();
    if (!job) return;
    const jobId = this.nextJobId++;
    this.inFlight = { ...job, jobId };
    this.watchdog = setTimeout(
      () => this.restart('the analysis worker stopped responding', true),
      this.opts.jobTimeoutMs ?? 120_000,
    );
    this.send({ kind: 'analyse', jobId, file: job.file, name: job.name });
  }
}
