/// <reference lib="webworker" />
// The analysis worker: loads the model and the face detector, then routes the page's calls to the
// modules that answer them: each photo through the one pipeline (src/analysis/pipeline.ts) via
// AnalysisJobs, a face's images again (faceImages.ts), the classroom's runs (inspect.ts), the
// bench's timings (benchmark.ts). Every photo is opened by its decode worker (decoderLink.ts).
// The page-side client owns the queue and respawns this worker (and so its decoder) if it dies.
import { AmtennetClassifier } from '../model/classifier';
import { httpModelSource } from '../model/httpSource';
import { openModelFolder, type ModelFolderFiles } from '../model/modelFolder';
import { FaceDetector } from '../faces/detector';
import { startBackend, webglContext } from './backend';
import { inspectTransferables, type InspectResult } from '../shared/inspectProtocol';
import { benchmarkModel } from './benchmark';
import { modelAt } from './otherModels';
import { AnalysisJobs, type JobOutcome } from './analysisJobs';
import { decoderLink } from './decoderLink';
import { faceImages } from './faceImages';
import { FaultHooks } from './faultHooks';
import { memoryNow, wasmModule } from './engineMemory';
import { localized, localizedError, LocalizedError, type Localized } from '../i18n/localized';
import { answer, type Reply } from '../shared/calls';
import { describeFault, engineFaultIn, provokeEngineFault } from './engineFault';
import { faceImagesTransferables, type AnalysisCall, type AnalysisResults, type EngineStats, type WorkerRequest, type WorkerResponse } from '../shared/analysisProtocol';
import { VideoCalls } from './videoCalls';
import { isMediaFile } from '../video/sniffMedia';

declare const self: DedicatedWorkerGlobalScope;

let model: AmtennetClassifier | null = null;
let detector: FaceDetector | null = null;
/** The photos' analyses, once the model and the detector are loaded. */
let jobs: AnalysisJobs | null = null;
/** The clips' analyses (issue 25), beside the photos'. */
let videos: VideoCalls | null = null;

function post(msg: WorkerResponse, transfer: Transferable[] = []): void {
  self.postMessage(msg, transfer);
}

const decoder = decoderLink((message) => post({ kind: 'fatal', message }));
const faults = new FaultHooks();

async function init(modelUrl: string, modelFiles: ModelFolderFiles | undefined, detectorUrl: string, choice: Parameters<typeof startBackend>[0]): Promise<void> {
  try {
    const { backend, note } = await startBackend(choice);
    const gl = webglContext();
    gl?.canvas.addEventListener('webglcontextlost', (ev) => {
      ev.preventDefault();
      post({ kind: 'fatal', message: localized('engineContextLost', {}) });
    });
    [model, detector] = await Promise.all([
      // A person's own folder is checked and self-tested as it loads (issue 27).
      modelFiles
        ? openModelFolder(modelFiles)
        : AmtennetClassifier.load(
            httpModelSource(modelUrl, (loadedBytes, totalBytes) => post({ kind: 'model-progress', loadedBytes, totalBytes })),
          ),
      FaceDetector.load(httpModelSource(detectorUrl)),
    ]);
    // Warm up: compiles the WebGL shaders now rather than on the first photo (a blank image runs both detector passes).
    await model.classify([new Float32Array(model.inputSize * model.inputSize * 3)]);
    await detector.detect({ width: 64, height: 64, data: new Uint8ClampedArray(64 * 64 * 4) });
    jobs = new AnalysisJobs({
      model,
      detector,
      decoder: faults.decoderFor(decoder, () => provokeEngineFault(wasmModule())),
      reply,
      // A context lost mid-batch leaves zeros or NaN behind: never report such numbers as results.
      trustworthy: (probabilities) => !webglContext()?.isContextLost() && probabilities.every((p) => p.every(Number.isFinite)),
      fatal: (message) => post({ kind: 'fatal', message }),
      faulted: (message) => post({ kind: 'faulted', message }),
      lost: () => webglContext()?.isContextLost() ?? false,
    });
    videos = new VideoCalls({ jobs, model, decoder, progress: (key, done, total) => post({ kind: 'job-progress', key, done, total }) });
    post({ kind: 'ready', backend, backendNote: note, card: model.card, memory: memoryNow() });
  } catch (e) {
    post({ kind: 'init-failed', message: localizedError(e, 'engineInitFailed') });
  }
}

/** The answer to analysis call `id`: its result, why it failed, or that it was dropped after the page cancelled it. */
function reply(id: number, outcome: JobOutcome): void {
  let r: Reply<AnalysisResults['analyse']>;
  if (outcome === 'cancelled') r = { kind: 'reply', id, outcome: 'cancelled' };
  else if ('failed' in outcome) r = { kind: 'reply', id, outcome: 'failed', message: outcome.failed };
  else r = { kind: 'reply', id, outcome: 'done', value: { analysis: outcome.analysis, memory: memoryNow() } };
  post(r);
}

/** The engine's time since the last reset, for `npm run bench`. */
function engineStats(stats: EngineStats, reset: boolean): EngineStats {
  const now = { ...stats };
  if (reset) Object.assign(stats, { detectMs: 0, detected: 0, classifyMs: 0, photos: 0 });
  return now;
}

/**
 * Answers call `id` with `work`'s result or failure, as answer() does; a fault of the engine on the
 * way fails the call with its own message and then gives this worker up (the page replaces it).
 */
function answerGuarded<T>(id: number, work: () => Promise<T> | T, transfer?: (value: T) => Transferable[]): void {
  let reason: Localized | null = null;
  const guarded = async () => {
    try {
      return await work();
    } catch (e) {
      const fault = engineFaultIn(e);
      if (!fault) throw e;
      const described = describeFault(fault);
      reason = described.reason;
      throw new LocalizedError(described.file);
    }
  };
  void answer(id, guarded, (r: Reply<T>, t: Transferable[]) => post(r, t), transfer).then(() => {
    if (reason) post({ kind: webglContext()?.isContextLost() ? 'fatal' : 'faulted', message: reason });
  });
}

/** A photo goes to the jobs; a video (or sound) file, known by its first bytes, is analysed as a clip. */
async function analyseFile(id: number, call: Extract<AnalysisCall, { kind: 'analyse' }>): Promise<void> {
  const media = !Array.isArray(call.regions) && (await isMediaFile(call.file).catch(() => false));
  if (!media) return jobs!.analyse(id, call.file, call.regions);
  // Asked to leave the clip to the page's <video> element (`?decoder=element`).
  if (call.videoDecoder === 'element') return answerGuarded(id, () => Promise.reject(new LocalizedError(localized('videoNoWebCodecs', {}))));
  answerGuarded(id, async () => ({ analysis: await videos!.analyse(id, call.file, call.sampling, call.progressKey), memory: memoryNow() }));
}

/** Answers call `id` with exactly one Reply (an analysis job's comes when its batch has run). */
function handleCall(id: number, call: AnalysisCall): void {
  const postReply = (r: Reply, transfer: Transferable[]) => post(r, transfer);
  const m = model;
  if (!m || !jobs) {
    // The page sends calls only once the model is ready; one that comes earlier is answered, never dropped.
    void answer(id, () => Promise.reject(new Error(`${call.kind} asked before the model was loaded`)), postReply);
    return;
  }
  switch (call.kind) {
    case 'analyse':
      faults.claim(id, call.name);
      void analyseFile(id, call);
      break;
    case 'video-face-images':
      answerGuarded(id, () => videos!.faceImages(call.file, call.time, call.crops), faceImagesTransferables);
      break;
    case 'video-strip':
      answerGuarded(id, () => videos!.strip(call.file, call.times, call.maxSide), (frames) => frames.map((f) => f.bitmap));
      break;
    case 'analyse-frame':
      answerGuarded(id, () => videos!.analyseBitmap(id, call.bitmap, call.format, call.fileSize));
      break;
    case 'bitmap-face-images':
      answerGuarded(id, () => videos!.bitmapFaceImages(call.bitmap, call.crops), faceImagesTransferables);
      break;
    case 'face-images':
      answerGuarded(id, () => faceImages(decoder, m, call.file, call.crops), faceImagesTransferables);
      break;
    case 'bench':
      answerGuarded(id, async () => benchmarkModel(await modelAt(call.modelUrl, m), call.batchSizes, call.runs, call.budgetMs));
      break;
    case 'engine-stats':
      void answer(id, () => engineStats(jobs!.stats, call.reset), postReply);
      break;
    case 'check-model':
      answerGuarded(id, async () => {
        const own = await openModelFolder(call.files);
        own.dispose();
        return { card: own.card };
      });
      break;
    case 'inspect':
    case 'jpeg-sweep':
      // The classroom's code is loaded only when it is first used.
      answerGuarded(id, async () => (await import('./inspect')).handleInspect(call, m, decoder.pixels), (r) =>
        'maps' in r ? inspectTransferables(r as InspectResult) : [],
      );
      break;
  }
}

self.onmessage = (ev: MessageEvent<WorkerRequest>) => {
  const req = ev.data;
  switch (req.kind) {
    case 'init':
      void init(req.modelUrl, req.modelFiles, req.detectorUrl, req.backend);
      break;
    case 'call':
      handleCall(req.id, req.call);
      break;
    case 'cancel':
      if (!videos?.cancel(req.id)) jobs?.cancel(req.id);
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
    case 'debug-fault':
      faults.arm(req.where, req.name);
      break;
  }
};
