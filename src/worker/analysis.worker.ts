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
import type { DecodeCall, DecodeRequest, DecodeResults, ModelCrop } from './decodeProtocol';
import { startBackend, webglContext } from './backend';
import { inspectTransferables, type InspectResult } from './inspectProtocol';
import { benchmarkModel } from './benchmark';
import { modelAt } from './otherModels';
import { localized, localizedError, type Localized } from '../i18n/localized';
import { answer, Calls, type Reply } from '../shared/calls';
import { faceImagesTransferables, type AnalysisCall, type AnalysisResults, type EngineMemory, type EngineStats, type FaceImages, type WorkerRequest, type WorkerResponse } from './protocol';
import type { AskedRegion, Box, FaceAnalysis, FaceRegion, ImageAnalysis } from '../analysis/types';

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

let decoder: Worker | null = null;

/** Decoding runs on its own thread; a decoder that dies takes this worker down with it, to be respawned. */
function startDecoder(): Worker {
  const w = new Worker(new URL('./decode.worker.ts', import.meta.url), { type: 'module', name: 'tracelens-decode' });
  w.onmessage = (ev: MessageEvent<Reply>) => decoding.settle(ev.data);
  w.onerror = (ev) => {
    ev.preventDefault();
    post({ kind: 'fatal', message: localized('engineDecoderCrashed', { detail: ev.message || '—' }) });
  };
  return w;
}

const toDecoder = (msg: DecodeRequest) => (decoder ??= startDecoder()).postMessage(msg);
/** The decoder's calls: it is ready as soon as it starts, and never cancels a call. */
const decoding = new Calls<DecodeCall, DecodeResults>(
  (id, call) => toDecoder({ kind: 'call', id, call }),
  () => {},
);
decoding.open();

const releasePhoto = (photo: number) => decoder && toDecoder({ kind: 'release', photo });

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
  id: number;
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

/** The reply to analysis call `id`: its result, why it failed, or that it was dropped after the page cancelled it. */
function reply(id: number, outcome: { analysis: ImageAnalysis } | { failed: Localized } | 'cancelled'): void {
  cancelled.delete(id);
  let r: Reply<AnalysisResults['analyse']>;
  if (outcome === 'cancelled') r = { kind: 'reply', id, outcome: 'cancelled' };
  else if ('failed' in outcome) r = { kind: 'reply', id, outcome: 'failed', message: outcome.failed };
  else r = { kind: 'reply', id, outcome: 'done', value: { analysis: outcome.analysis, memory: memoryNow() } };
  post(r);
}

/** A cancelled job ends here: its photo is released and the page told, so its place in flight is free. */
function dropCancelled(id: number): void {
  releasePhoto(id);
  reply(id, 'cancelled');
}
let modelBusy = false;
/** Engine time for `npm run bench`: detector and network, each call timed end to end. */
const stats: EngineStats = { detectMs: 0, detected: 0, classifyMs: 0, photos: 0 };

/** Decoding starts as soon as a job arrives, overlapping the network's work on earlier photos. */
async function analyse(id: number, file: Blob, asked: AskedRegion[] | 'whole-image' | undefined): Promise<void> {
  onTheirWay++;
  try {
    await prepare(id, file, asked);
  } finally {
    onTheirWay--;
    // A batch that waited for this photo runs now, whether its faces joined or it failed.
    void runModel();
  }
}

/** Opens the photo, finds its faces (or takes the regions asked for) and crops them for the network. */
async function prepare(id: number, file: Blob, asked: AskedRegion[] | 'whole-image' | undefined): Promise<void> {
  if (!model || !detector) return reply(id, { failed: localizedError(new Error('analysis asked before the model was loaded')) });
  let opened;
  try {
    opened = await decoding.call({ kind: 'open', photo: id, file, detectMaxSide: DETECT_MAX_SIDE });
  } catch (e) {
    return reply(id, { failed: localizedError(e) });
  }
  if (cancelled.has(id)) return dropCancelled(id);
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
      releasePhoto(id);
      return reply(id, { failed: localizedError(e, 'faceDetectionFailed') });
    }
  }
  if (cancelled.has(id)) return dropCancelled(id);
  if (regions.length === 0) {
    releasePhoto(id);
    return reply(id, { analysis: { ...photo, faces: [] } });
  }
  let crops;
  try {
    crops = await decoding.call({ kind: 'crop', photo: id, boxes: regions.map((r) => r.cropBox), inputSize: model.inputSize });
  } catch (e) {
    return reply(id, { failed: localizedError(e) });
  }
  if (cancelled.has(id)) return dropCancelled(id);
  prepared.push({ id, photo, regions, crops });
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
        for (const b of batch) reply(b.id, { failed: localizedError(e) });
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
        reply(b.id, { analysis });
      }
    }
  } finally {
    modelBusy = false;
  }
}

/**
 * The crops and Fmt maps of a photo's faces, cut from their crop squares (FaceRegion.cropBox, what
 * the model was shown; not the tight face box) and computed as its analysis did (the same decoder,
 * crop and network), for the panel or report that shows them. Their decoder photo ids are
 * negative, apart from the analysis jobs'.
 */
async function faceImages(id: number, file: Blob, cropBoxes: Box[]): Promise<FaceImages[]> {
  const m = model!;
  // The detector's copy is not needed: the smallest one.
  await decoding.call({ kind: 'open', photo: -id, file, detectMaxSide: 1 });
  const crops = await decoding.call({ kind: 'crop', photo: -id, boxes: cropBoxes, inputSize: m.inputSize });
  const scores = await m.classify(crops.map((c) => c.pixels));
  return scores.map((s, i) => ({ crop: crops[i].preview, fmt: fmtMagnitudeMap(s.fmt, m.inputSize) }));
}

/** The engine's time since the last reset, for `npm run bench`. */
function engineStats(reset: boolean): EngineStats {
  const now = { ...stats };
  if (reset) Object.assign(stats, { detectMs: 0, detected: 0, classifyMs: 0, photos: 0 });
  return now;
}

/** Answers call `id` with exactly one Reply (an analysis job's comes when its batch has run). */
function handleCall(id: number, call: AnalysisCall): void {
  const postReply = (r: Reply, transfer: Transferable[]) => post(r, transfer);
  const m = model;
  if (!m) {
    // The page sends calls only once the model is ready; one that comes earlier is answered, never dropped.
    void answer(id, () => Promise.reject(new Error(`${call.kind} asked before the model was loaded`)), postReply);
    return;
  }
  switch (call.kind) {
    case 'analyse':
      void analyse(id, call.file, call.regions);
      break;
    case 'face-images':
      void answer(id, () => faceImages(id, call.file, call.crops), postReply, faceImagesTransferables);
      break;
    case 'bench':
      void answer(id, async () => benchmarkModel(await modelAt(call.modelUrl, m), call.batchSizes, call.runs, call.budgetMs), postReply);
      break;
    case 'engine-stats':
      void answer(id, () => engineStats(call.reset), postReply);
      break;
    case 'inspect':
    case 'jpeg-sweep':
      // The classroom's code is loaded only when it is first used.
      void answer(id, async () => (await import('./inspect')).handleInspect(call, m), postReply, (r) =>
        'maps' in r ? inspectTransferables(r as InspectResult) : [],
      );
      break;
  }
}

/**
 * The page no longer wants call `id`: a photo waiting for the network is dropped now, one still
 * on its way when it arrives; one in the network's batch is answered with its result.
 */
function cancel(id: number): void {
  const i = prepared.findIndex((p) => p.id === id);
  if (i >= 0) {
    prepared.splice(i, 1);
    dropCancelled(id);
  } else cancelled.add(id);
}

self.onmessage = (ev: MessageEvent<WorkerRequest>) => {
  const req = ev.data;
  switch (req.kind) {
    case 'init':
      void init(req.modelUrl, req.detectorUrl, req.backend);
      break;
    case 'call':
      handleCall(req.id, req.call);
      break;
    case 'cancel':
      cancel(req.id);
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
