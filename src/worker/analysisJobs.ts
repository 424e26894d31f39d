// The analysis worker's jobs: each photo goes through the one pipeline (src/analysis/pipeline.ts)
// as soon as it arrives, and the faces of several photos wait for the network together. No DOM
// here either: the worker gives it its decoder and model, the tests a Node decoder.
import { analysePhoto, type OpenedPhoto } from '../analysis/pipeline';
import type { AskedRegion, Box, ImageAnalysis } from '../analysis/types';
import { DETECT_MAX_SIDE } from '../analysis/findFaces';
import type { FaceFinder } from '../analysis/faceFinder';
import type { AmtennetClassifier } from '../model/classifier';
import { localized, localizedError, type Localized } from '../i18n/localized';
import type { EngineStats } from '../shared/analysisProtocol';
import { describeFault, engineFaultIn } from './engineFault';

/** The decoder as the jobs use it: opens a photo (kept as `photo`), cuts its crops (then lets it go), or lets it go. */
export interface PhotoDecoder {
  open(photo: number, file: Blob, detectMaxSide: number): Promise<OpenedPhoto>;
  crop(photo: number, boxes: Box[], inputSize: number): Promise<Float32Array[]>;
  release(photo: number): void;
}

export type JobOutcome = { analysis: ImageAnalysis } | { failed: Localized } | 'cancelled';

export interface JobDeps {
  model: Pick<AmtennetClassifier, 'inputSize' | 'scores'>;
  detector: FaceFinder;
  decoder: PhotoDecoder;
  /** Each job's one answer. */
  reply(id: number, outcome: JobOutcome): void;
  /** Whether the network's numbers can be trusted (false after a lost WebGL context, or with NaN). */
  trustworthy(probabilities: number[][]): boolean;
  /**
   * The engine cannot compute any more and no one photo is to blame (a lost context, a fault in a
   * batch of several photos): the page must respawn the worker and send the photos in flight again.
   */
  fatal(reason: Localized): void;
  /**
   * A fault of the engine (a WebAssembly trap, a decoder that could not allocate) met while
   * analysing one photo, which has been answered with its own message: the page must replace the
   * worker before the next file, and send the other photos in flight again. Without it, as fatal.
   */
  faulted?(reason: Localized): void;
  /** Whether the engine itself went (a lost WebGL context): then a fault is no photo's doing. */
  lost?(): boolean;
}

/** Faces run through the network together: batching amortises per-call overhead (most on WebGL). */
const MAX_BATCH = 8;
/**
 * While other photos are still being decoded, searched or cropped, the network waits until this
 * many faces are ready: one face at a time cost 22 ms against 16 at batch 16 on wasm (npm run bench).
 */
const MIN_BATCH = 4;

/** A photo whose faces wait for the network. */
interface Waiting {
  id: number;
  inputs: Float32Array[];
  done(probabilities: number[][]): void;
  fail(e: unknown): void;
}

export class AnalysisJobs {
  /** Engine time for `npm run bench`: detector and network, each call timed end to end. */
  readonly stats: EngineStats = { detectMs: 0, detected: 0, classifyMs: 0, photos: 0 };
  /** Photos between arriving and their faces waiting for the network (or failing): faces on their way. */
  private onTheirWay = 0;
  private waiting: Waiting[] = [];
  private running = new Map<number, AbortController>();
  private modelBusy = false;
  /**
   * After a fault nothing computed here can be trusted: no photo is answered any more (the page
   * sends them again to the next worker) and the engine is not touched again.
   */
  private broken = false;
  private readonly detector: FaceFinder;

  constructor(private readonly deps: JobDeps) {
    const d = deps.detector;
    this.detector = {
      name: d.name,
      framing: d.framing,
      detect: async (image) => {
        const t0 = performance.now();
        try {
          return await d.detect(image);
        } finally {
          this.stats.detectMs += performance.now() - t0;
          this.stats.detected++;
        }
      },
      dispose: () => d.dispose(),
    };
  }

  /** Decoding starts as soon as a job arrives, overlapping the network's work on earlier photos. */
  async analyse(id: number, file: Blob, asked: AskedRegion[] | 'whole-image' | undefined): Promise<void> {
    if (this.broken) return;
    const stop = new AbortController();
    this.running.set(id, stop);
    try {
      const analysis = await this.run(id, () => this.deps.decoder.open(id, file, DETECT_MAX_SIDE), asked, stop.signal);
      this.finish(id, { analysis });
    } catch (e) {
      const fault = stop.signal.aborted ? null : engineFaultIn(e);
      if (fault) this.fault(id, fault);
      else this.finish(id, stop.signal.aborted ? 'cancelled' : { failed: localizedError(e) });
    }
  }

  /**
   * A picture the caller opens as decoder photo `photo` (a video's frame, issue 25) through the
   * same pipeline as a photo, its faces batched with the other jobs' for the network. Rejects as
   * the pipeline does, or with `signal`'s reason; the caller answers for it.
   */
  analyseOpened(photo: number, open: () => Promise<OpenedPhoto>, signal: AbortSignal): Promise<ImageAnalysis> {
    if (this.broken) return Promise.reject(new Error('The engine failed'));
    return this.run(photo, open, undefined, signal);
  }

  private async run(id: number, open: () => Promise<OpenedPhoto>, asked: AskedRegion[] | 'whole-image' | undefined, signal: AbortSignal): Promise<ImageAnalysis> {
    this.onTheirWay++;
    let onTheirWay = true;
    const arrived = () => {
      if (onTheirWay) this.onTheirWay--;
      onTheirWay = false;
    };
    let cropped = false;
    const { model, decoder } = this.deps;
    try {
      const photo = await open();
      return await analysePhoto(photo, asked, {
        detector: this.detector,
        inputSize: model.inputSize,
        signal,
        crop: (boxes) => {
          cropped = true;
          return decoder.crop(id, boxes, model.inputSize);
        },
        classify: (inputs) =>
          new Promise((done, fail) => {
            if (signal.aborted) return fail(signal.reason);
            const waiting: Waiting = { id, inputs, done, fail };
            this.waiting.push(waiting);
            // Faces waiting for the network are dropped at once when their job is cancelled.
            signal.addEventListener('abort', () => {
              const i = this.waiting.indexOf(waiting);
              if (i >= 0) this.waiting.splice(i, 1)[0].fail(signal.reason);
            });
            arrived();
            void this.runModel();
          }),
      });
    } finally {
      if (!cropped) decoder.release(id);
      arrived();
      // A batch that waited for this photo runs now, whether its faces joined or it failed.
      void this.runModel();
    }
  }

  /**
   * The page no longer wants job `id`: dropped at its next step (at once when its faces wait for
   * the network), and answered as cancelled; one in the network's batch is answered with its result.
   */
  cancel(id: number): void {
    const stop = this.running.get(id);
    if (!stop) return;
    stop.abort();
  }

  private finish(id: number, outcome: JobOutcome): void {
    if (!this.running.delete(id) || this.broken) return;
    this.deps.reply(id, outcome);
  }

  /**
   * A fault of the engine while analysing photo `id` (null: while running several photos'
   * faces, so no one photo is to blame): that photo is answered with its own message, then the
   * worker is given up.
   */
  private fault(id: number | null, fault: Error): void {
    if (this.broken) return;
    const { file, reason } = describeFault(fault);
    if (id === null || this.deps.lost?.()) {
      this.broken = true;
      this.deps.fatal(reason);
      return;
    }
    this.finish(id, { failed: file });
    this.broken = true;
    (this.deps.faulted ?? this.deps.fatal)(reason);
  }

  /** Whole photos, in order, until the batch holds MAX_BATCH faces (a photo is never split). */
  private nextBatch(): Waiting[] {
    const batch: Waiting[] = [];
    let faces = 0;
    while (this.waiting.length && (batch.length === 0 || faces + this.waiting[0].inputs.length <= MAX_BATCH)) {
      const w = this.waiting.shift()!;
      faces += w.inputs.length;
      batch.push(w);
    }
    return batch;
  }

  private async runModel(): Promise<void> {
    if (this.modelBusy || this.broken) return;
    this.modelBusy = true;
    try {
      while (this.waiting.length && !this.broken) {
        const ready = this.waiting.reduce((n, w) => n + w.inputs.length, 0);
        if (ready < MIN_BATCH && this.onTheirWay > 0) break;
        const batch = this.nextBatch();
        let probabilities: number[][];
        try {
          const t0 = performance.now();
          // Probabilities only: the crop and Fmt map are made again when a panel shows them.
          const scores = await this.deps.model.scores(batch.flatMap((b) => b.inputs), { fmt: false });
          this.stats.classifyMs += performance.now() - t0;
          probabilities = scores.map((s) => s.probabilities);
        } catch (e) {
          const fault = engineFaultIn(e);
          // With one photo in the batch, its analysis names it; with several, none can be blamed.
          if (fault && batch.length > 1) this.fault(null, fault);
          else for (const b of batch) b.fail(e);
          continue;
        }
        // A context lost mid-batch leaves zeros or NaN behind: never report such numbers as results.
        if (!this.deps.trustworthy(probabilities)) {
          this.broken = true;
          this.deps.fatal(localized('engineInvalidNumbers', {}));
          return;
        }
        let k = 0;
        for (const b of batch) {
          this.stats.photos++;
          b.done(probabilities.slice(k, k + b.inputs.length));
          k += b.inputs.length;
        }
      }
    } finally {
      this.modelBusy = false;
    }
  }
}
