// The typed boundary between the page and the analysis worker: its messages and what they carry.
// Types only: both sides import it. The analysis's own types are in src/analysis/types.ts.
import type { ModelCard } from '../model/modelCard';
import type { FmtMap } from '../model/fmt';
import type { AskedRegion, Box, ImageAnalysis } from '../analysis/types';
import type { InspectCall, InspectResult, JpegSweepResult } from './inspectProtocol';
import type { Reply } from './calls';
import type { Localized } from '../i18n/localized';
import type { ModelFolderFiles } from '../model/modelFolderFiles';
import type { SamplingOptions } from '../analysis/videoTypes';

export type BackendName = 'webgl' | 'wasm' | 'cpu';
export type BackendChoice = BackendName | 'auto';
export const BACKENDS: readonly BackendName[] = ['webgl', 'wasm', 'cpu'];

/** What the detail panel and the printable report draw for one face, made again from the file. */
export interface FaceImages {
  /** The exact crop the model saw, RGBA, fmt.size x fmt.size. */
  crop: Uint8ClampedArray;
  fmt: FmtMap;
}

/** The worker's memory after a job: what leak tests and the status line read. */
export interface EngineMemory {
  numTensors: number;
  tensorBytes: number;
  /** Size of the wasm backend's heap; null on other backends. */
  wasmHeapBytes: number | null;
}

export interface InferenceTiming {
  batch: number;
  /** Timed runs (fewer than asked when the time budget ran out). */
  runs: number;
  /** Whole-batch latency. */
  medianMs: number;
  p95Ms: number;
  perFaceMs: number;
}

/** Milliseconds the worker spent in the face detector and in AMTENnet, photos searched and photos finished. */
export interface EngineStats {
  detectMs: number;
  /** Photos the detector searched (a photo is searched before its faces wait for the network). */
  detected: number;
  classifyMs: number;
  photos: number;
}

export interface BenchResult {
  backend: BackendName;
  /** The timed model's card id. */
  modelId: string;
  inference: InferenceTiming[];
  matmulGflops: number;
}

/**
 * What the page asks of the analysis worker, each as a call with an id that one Reply
 * (src/shared/calls.ts) answers: analyse a photo, make a face's images again, time the model,
 * read the engine's time, or the classroom's runs.
 */
export type AnalysisCall =
  /** Finds the faces and analyses each; with `regions`, analyses exactly those instead. */
  | {
      kind: 'analyse';
      file: Blob;
      name: string;
      regions?: AskedRegion[] | 'whole-image';
      /** For a video (issue 25): how its frames are sampled (default DEFAULT_SAMPLING). */
      sampling?: SamplingOptions;
      /** Sent back with each `job-progress` of this call (a video's frames done). */
      progressKey?: string;
      /** `element`: a clip is not decoded with WebCodecs (it fails with videoNoWebCodecs, and the page decodes it with a <video> element). */
      videoDecoder?: 'webcodecs' | 'element';
    }
  /** One frame the page decoded (the <video> element fallback) through the photo pipeline. */
  | { kind: 'analyse-frame'; bitmap: ImageBitmap; format: string; fileSize: number }
  /** The crops and Fmt maps of these crop squares of a frame the page decoded. */
  | { kind: 'bitmap-face-images'; bitmap: ImageBitmap; crops: Box[] }
  /** A video's frame at `time` (seconds from its start): the crops and Fmt maps of these crop squares, as `face-images` for a photo. */
  | { kind: 'video-face-images'; file: Blob; time: number; crops: Box[] }
  /** Small pictures of a video's frames at these times (the longer side at most `maxSide`), for the frame strip and the report. */
  | { kind: 'video-strip'; file: Blob; times: number[]; maxSide: number }
  /**
   * The crops and Fmt maps of a photo's faces, as its analysis saw them (nothing is found or
   * kept): `crops` are the faces' crop squares (FaceRegion.cropBox), cut exactly as given.
   */
  | { kind: 'face-images'; file: Blob; crops: Box[] }
  /**
   * Times the loaded model, or the model folder at `modelUrl` (for `npm run bench -- --models`):
   * each batch size `runs` times, or for as long as `budgetMs` allows (at least once).
   */
  | { kind: 'bench'; batchSizes: number[]; runs: number; budgetMs: number; modelUrl?: string }
  /** Time the engine spent finding faces and running the network since the last reset (for `npm run bench`). */
  | { kind: 'engine-stats'; reset: boolean }
  /**
   * Checks a person's own model folder (src/model/modelFolder.ts) on this engine, self-test included, and
   * lets it go again: fails with the reason it is refused, or answers its card.
   */
  | { kind: 'check-model'; files: ModelFolderFiles }
  /** The classroom (inspectProtocol.ts). */
  | InspectCall;

/** What each call's Reply carries when it is done. */
export interface AnalysisResults {
  analyse: { analysis: ImageAnalysis; memory: EngineMemory };
  'face-images': FaceImages[];
  'video-face-images': FaceImages[];
  'analyse-frame': ImageAnalysis;
  'bitmap-face-images': FaceImages[];
  'video-strip': { time: number; bitmap: ImageBitmap }[];
  bench: BenchResult;
  'engine-stats': EngineStats;
  'check-model': { card: ModelCard };
  inspect: InspectResult;
  'jpeg-sweep': JpegSweepResult;
}

export type WorkerRequest =
  /** `modelFiles`: a person's own model folder (issue 27), used instead of the folder at `modelUrl`. */
  | { kind: 'init'; modelUrl: string; modelFiles?: ModelFolderFiles; detectorUrl: string; backend: BackendChoice }
  | { kind: 'call'; id: number; call: AnalysisCall }
  /** The page no longer wants this call: dropped if it can still be (its Reply then says cancelled). */
  | { kind: 'cancel'; id: number }
  /** Test hooks that simulate the failures the client must survive. */
  | { kind: 'debug-lose-context' }
  | { kind: 'debug-crash' }
  /** The analysis of the file with this name meets a fault: a real trap of the wasm engine, or the decoder failing to allocate. */
  | { kind: 'debug-fault'; where: 'engine' | 'decoder'; name: string };

// Every sentence for the person travels as a Localized (a message key and its values) and is
// translated on the page.
export type WorkerResponse =
  | { kind: 'model-progress'; loadedBytes: number; totalBytes: number }
  /** backendNote: why this backend runs. */
  | { kind: 'ready'; backend: BackendName; backendNote: Localized; card: ModelCard; memory: EngineMemory }
  | { kind: 'init-failed'; message: Localized }
  /** The worker can no longer compute (e.g. WebGL context lost): the client must respawn it. */
  | { kind: 'fatal'; message: Localized }
  /**
   * The engine faulted (a WebAssembly trap, a decoder out of memory) on one file, which has been
   * answered with its own message: the client replaces the worker and sends the other jobs again.
   */
  | { kind: 'faulted'; message: Localized }
  /** How far a long job has come (a video's frames analysed of all), for the call sent with this `progressKey`. */
  | { kind: 'job-progress'; key: string; done: number; total: number }
  | Reply;

/** Buffers moved (not copied) to the page with a face-images result. */
export function faceImagesTransferables(faces: FaceImages[]): Transferable[] {
  return faces.flatMap((f) => [f.crop.buffer as ArrayBuffer, f.fmt.magnitude.buffer as ArrayBuffer]);
}
