/// <reference lib="webworker" />
// The analysis worker: finds the faces in each photo its decode worker opens, runs AMTENnet on
// their crops and posts plain results.
// The page-side client owns the queue and respawns this worker (and so its decoder) if it dies.
import * as tf from '@tensorflow/tfjs-core';
import { AmtennetClassifier } from '../model/classifier';
import { fmtMagnitudeMap } from '../model/fmt';
import { httpModelSource } from '../model/httpSource';
import { faceWarnings, photoWarnings } from '../decode/reliability';
import { FaceDetector } from '../faces/detector';
import { cropForRegion } from '../faces/framing';
import { DETECT_MAX_SIDE, findFaces } from '../faces/findFaces';
import type { DecodeRequest, DecodeResponse, ModelCrop } from './decodeProtocol';
import { startBackend, webglContext } from './backend';
import { inspectTransferables } from './inspectProtocol';
import { benchmarkModel } from './benchmark';
import { modelAt } from './otherModels';
import { localized, localizedError } from '../i18n/localized';
import { faceImagesTransferables, type AskedRegion, type Box, type EngineMemory, type EngineStats, type FaceAnalysis, type FaceImagesRequest, type FaceRegion, type ImageAnalysis, type WorkerRequest, type WorkerResponse } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

let model: AmtennetClassifier | null = null;
let detector: FaceDetector | null = null;

function post(msg: WorkerResponse, transfer: Transferable[] = []): void {
  self.postMessage(msg, transfer);
}

function memoryNow(): EngineMemory {
  const m = tf.memory();
  const wasm = tf.getBackend() === 'wasm' ? (tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } }).wasm : undefined;
  return { numTensors: m.numTensors, tensorBytes: m.numBytes, wasmHeapBytes: wasm?.HEAPU8?.byteLength ?? null };
}

const decodeWaiters = new Map<string, (r: DecodeResponse) => void>();
let decoder: Worker | null = null;

/** Decoding runs on its own thread; a decoder that dies takes this worker down with it, to be respawned. */
function startDecoder(): Worker {
  const w = new Worker(new URL('./decode.worker.ts', import.meta.url), { type: 'module', name: 'tracelens-decode' });
  w.onmessage = (ev: MessageEvent<DecodeResponse>) => {
    const key = `${ev.data.kind}:${ev.data.id}`;
    decodeWaiters.get(key)?.(ev.data);
    decodeWaiters.delete(key);
  };
  w.onerror = (ev) => {
    ev.preventDefault();
    post({ kind: 'fatal', message: localized('engineDecoderCrashed', { detail: ev.message || '—' }) });
  };
  return w;
}

function askDecoder<K extends 'opened' | 'cropped'>(reply: K, req: DecodeRequest): Promise<Extract<DecodeResponse, { kind: K }>> {
  decoder ??= startDecoder();
  return new Promise((resolve) => {
    decodeWaiters.set(`${reply}:${req.id}`, resolve as (r: DecodeResponse) => void);
    decoder!.postMessage(req);
  });
}

const releasePhoto = (id: number) => decoder?.postMessage({ kind: 'release', id } satisfies DecodeRequest);

async function init(modelUrl: string, detectorUrl: string, choice: Parameters<typeof startBackend>[0]): Promise<void> {
  try {
    const { backend, note } = await startBackend(choice);
    const gl = webglContext();
    gl?.canvas.addEventListener('webglcontextlost', (ev) => {
      ev.preventDefault();
      post({ kind: 'fatal', message: localized('engineContextLost', {}) });
    });
    [model, detector] = await Promise.all([
      AmtennetClassifier.load(
        httpModelSource(modelUrl, (loadedBytes, totalBytes) => post({ kind: 'model-progress', loadedBytes, totalBytes })),
      ),
      FaceDetector.load(httpModelSource(detectorUrl)),
    ]);
    // Warm up: compiles the WebGL shaders now rather than on the first photo (a blank image runs both detector passes).
    await model.classify([new Float32Array(model.inputSize * model.inputSize * 3)]);
    await detector.detect({ width: 64, height: 64, data: new Uint8ClampedArray(64 * 64 * 4) });
    post({ kind: 'ready', backend, backendNote: note, card: model.card, memory: memoryNow() });
  } catch (e) {
    post({ kind: 'init-failed', message: localizedError(e, 'engineInitFailed') });
  }
}

/** A photo whose faces are cropped and wait for the network. */
interface Prepared {
  jobId: number;
  photo: Omit<ImageAnalysis, 'faces'>;
  regions: FaceRegion[];
  crops: ModelCrop[];
}

/** Faces run through the network together: batching amortises per-call overhead (most on WebGL). */
const MAX_BATCH = 8;
/**
 * While other photos are still being decoded, searched or cropped, the network waits until this
 * many faces are ready: one face at a time cost 22 ms against 16 at batch 16 on wasm (npm run bench).
 */
const MIN_BATCH = 4;
/** Photos between arriving and joining `prepared` (or failing): their faces are on their way. */
let onTheirWay = 0;
const prepared: Prepared[] = [];
const cancelled = new Set<number>();

/** A cancelled job ends here: its photo is released and the page told, so its place in flight is free. */
function dropCancelled(jobId: number): void {
  releasePhoto(jobId);
  post({ kind: 'cancelled', jobId });
}
let modelBusy = false;
/** Engine time for `npm run bench`: detector and network, each call timed end to end. */
const stats: EngineStats = { detectMs: 0, detected: 0, classifyMs: 0, photos: 0 };

/** Decoding starts as soon as a job arrives, overlapping the network's work on earlier photos. */
async function analyse(jobId: number, file: Blob, asked: AskedRegion[] | 'whole-image' | undefined): Promise<void> {
  onTheirWay++;
  try {
    await prepare(jobId, file, asked);
  } finally {
    onTheirWay--;
    // A batch that waited for this photo runs now, whether its faces joined or it failed.
    void runModel();
  }
}

/** Opens the photo, finds its faces (or takes the regions asked for) and crops them for the network. */
async function prepare(jobId: number, file: Blob, asked: AskedRegion[] | 'whole-image' | undefined): Promise<void> {
  if (!model || !detector) throw new Error('analyse before init');
  const opened = await askDecoder('opened', { kind: 'open', id: jobId, file, detectMaxSide: DETECT_MAX_SIDE });
  if (!opened.ok) {
    cancelled.delete(jobId);
    post({ kind: 'failed', jobId, message: opened.problem, memory: memoryNow() });
    return;
  }
  if (cancelled.delete(jobId)) return dropCancelled(jobId);
  const { width, height, format, warnings, facts } = opened;
  const given: AskedRegion[] | undefined = asked === 'whole-image' ? [{ box: [0, 0, width, height] as Box, origin: 'whole-image' }] : asked;
  const photo = { width, height, format, warnings, facts, reliability: photoWarnings(facts), detector: given ? null : detector.name };
  let regions: FaceRegion[];
  if (given) regions = given.map((r) => ({ ...r, cropBox: cropForRegion(r.box, r.origin, width, height) }));
  else {
    try {
      const t0 = performance.now();
      regions = await findFaces(detector, opened.detectImage, { width, height });
      stats.detectMs += performance.now() - t0;
      stats.detected++;
    } catch (e) {
      releasePhoto(jobId);
      post({ kind: 'failed', jobId, message: localizedError(e, 'faceDetectionFailed'), memory: memoryNow() });
      return;
    }
  }
  if (cancelled.delete(jobId)) return dropCancelled(jobId);
  if (regions.length === 0) {
    releasePhoto(jobId);
    post({ kind: 'result', jobId, analysis: { ...photo, faces: [] }, memory: memoryNow() });
    return;
  }
  const cropped = await askDecoder('cropped', { kind: 'crop', id: jobId, boxes: regions.map((r) => r.cropBox), inputSize: model.inputSize });
  if (cancelled.delete(jobId)) return dropCancelled(jobId);
  if (!cropped.ok) {
    post({ kind: 'failed', jobId, message: cropped.problem, memory: memoryNow() });
    return;
  }
  prepared.push({ jobId, photo, regions, crops: cropped.crops });
}

/** Whole photos, in order, until the batch holds MAX_BATCH faces (a photo is never split). */
function nextBatch(): Prepared[] {
  const batch: Prepared[] = [];
  let faces = 0;
  while (prepared.length && (batch.length === 0 || faces + prepared[0].crops.length <= MAX_BATCH)) {
    const p = prepared.shift()!;
    faces += p.crops.length;
    batch.push(p);
  }
  return batch;
}

async function runModel(): Promise<void> {
  if (modelBusy || !model) return;
  modelBusy = true;
  try {
    while (prepared.length) {
      const ready = prepared.reduce((n, p) => n + p.crops.length, 0);
      if (ready < MIN_BATCH && onTheirWay > 0) break;
      const batch = nextBatch();
      let scores;
      try {
        const t0 = performance.now();
        // Probabilities only: the crop and Fmt map are made again when a panel shows them (faceImages below).
        scores = await model.scores(batch.flatMap((b) => b.crops.map((c) => c.pixels)), { fmt: false });
        stats.classifyMs += performance.now() - t0;
      } catch (e) {
        for (const b of batch) post({ kind: 'failed', jobId: b.jobId, message: localizedError(e), memory: memoryNow() });
        continue;
      }
      // A context lost mid-batch leaves zeros or NaN behind: never report such numbers as results.
      if (webglContext()?.isContextLost() || !scores.every((s) => s.probabilities.every(Number.isFinite))) {
        post({ kind: 'fatal', message: localized('engineInvalidNumbers', {}) });
        return;
      }
      let k = 0;
      const size = model.inputSize;
      for (const b of batch) {
        const faces: FaceAnalysis[] = b.regions.map((region) => {
          const s = scores[k++];
          return {
            ...region,
            probabilities: s.probabilities,
            cropSize: size,
            reliability: faceWarnings({ width: region.cropBox[2], height: region.cropBox[3] }, size),
          };
        });
        const analysis: ImageAnalysis = { ...b.photo, faces };
        stats.photos++;
        post({ kind: 'result', jobId: b.jobId, analysis, memory: memoryNow() });
      }
    }
  } finally {
    modelBusy = false;
  }
}

/**
 * The crops and Fmt maps of a photo's faces, cut from their crop squares (FaceRegion.cropBox, what
 * the model was shown; not the tight face box) and computed as its analysis did (the same decoder,
 * crop and network), for the panel or report that shows them. Decoder ids of these
 * requests are negative, apart from the analysis jobs'.
 */
async function faceImages(req: FaceImagesRequest): Promise<void> {
  const m = model;
  if (!m) throw new Error('face images before init');
  const id = -req.requestId;
  // The detector's copy is not needed: the smallest one.
  const opened = await askDecoder('opened', { kind: 'open', id, file: req.file, detectMaxSide: 1 });
  if (!opened.ok) return post({ kind: 'face-images-failed', requestId: req.requestId, message: opened.problem });
  const cropped = await askDecoder('cropped', { kind: 'crop', id, boxes: req.crops, inputSize: m.inputSize });
  if (!cropped.ok) return post({ kind: 'face-images-failed', requestId: req.requestId, message: cropped.problem });
  try {
    const scores = await m.classify(cropped.crops.map((c) => c.pixels));
    const faces = scores.map((s, i) => ({ crop: cropped.crops[i].preview, fmt: fmtMagnitudeMap(s.fmt, m.inputSize) }));
    post({ kind: 'face-images-result', requestId: req.requestId, faces }, faceImagesTransferables(faces));
  } catch (e) {
    post({ kind: 'face-images-failed', requestId: req.requestId, message: localizedError(e) });
  }
}

self.onmessage = (ev: MessageEvent<WorkerRequest>) => {
  const req = ev.data;
  switch (req.kind) {
    case 'init':
      void init(req.modelUrl, req.detectorUrl, req.backend);
      break;
    case 'analyse':
      void analyse(req.jobId, req.file, req.regions);
      break;
    case 'face-images':
      void faceImages(req);
      break;
    case 'cancel': {
      const drop = new Set(req.jobIds);
      for (let i = prepared.length - 1; i >= 0; i--)
        if (drop.delete(prepared[i].jobId)) post({ kind: 'cancelled', jobId: prepared.splice(i, 1)[0].jobId });
      for (const id of drop) cancelled.add(id);
      break;
    }
    case 'bench':
      if (model)
        void modelAt(req.modelUrl, model)
          .then((m) => benchmarkModel(m, req.batchSizes, req.runs, req.budgetMs))
          .then((result) => post({ kind: 'bench-result', result }));
      break;
    case 'inspect':
    case 'jpeg-sweep': {
      // The classroom's code is loaded only when it is first used.
      const m = model;
      if (m) void import('./inspect').then(({ handleInspect }) => handleInspect(req, m)).then((r) => post(r, inspectTransferables(r)));
      break;
    }
    case 'engine-stats':
      post({ kind: 'engine-stats', stats: { ...stats } });
      if (req.reset) Object.assign(stats, { detectMs: 0, detected: 0, classifyMs: 0, photos: 0 });
      break;
    case 'debug-lose-context': {
      const gl = webglContext();
      const ext = gl?.getExtension('WEBGL_lose_context');
      if (ext) ext.loseContext();
      else post({ kind: 'fatal', message: localized('engineSimulatedFailure', {}) });
      break;
    }
    case 'debug-crash':
      setTimeout(() => {
        throw new Error('Simulated worker crash');
      });
      break;
  }
};
