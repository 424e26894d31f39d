/// <reference lib="webworker" />
// The analysis worker: decodes a photo, crops the face, runs AMTENnet and posts plain results.
// One job at a time; the page-side client owns the queue and respawns this worker if it dies.
import * as tf from '@tensorflow/tfjs-core';
import { AmtennetClassifier } from '../model/classifier';
import { fmtMagnitudeMap } from '../model/fmt';
import { httpModelSource } from '../model/httpSource';
import { toModelInput, type ModelInput } from '../model/preprocess';
import { decodeImage } from '../decode/decodeImage';
import type { FileFacts } from '../decode/facts';
import { reliabilityWarnings, type ReliabilityWarning } from '../decode/reliability';
import { startBackend, webglContext } from './backend';
import { benchmarkModel } from './benchmark';
import { resultTransferables, type Box, type EngineMemory, type ImageAnalysis, type WorkerRequest, type WorkerResponse } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

let model: AmtennetClassifier | null = null;

function post(msg: WorkerResponse, transfer: Transferable[] = []): void {
  self.postMessage(msg, transfer);
}

function memoryNow(): EngineMemory {
  const m = tf.memory();
  const wasm = tf.getBackend() === 'wasm' ? (tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } }).wasm : undefined;
  return { numTensors: m.numTensors, tensorBytes: m.numBytes, wasmHeapBytes: wasm?.HEAPU8?.byteLength ?? null };
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

async function init(modelUrl: string, choice: Parameters<typeof startBackend>[0]): Promise<void> {
  try {
    const { backend, note } = await startBackend(choice);
    const gl = webglContext();
    gl?.canvas.addEventListener('webglcontextlost', (ev) => {
      ev.preventDefault();
      post({ kind: 'fatal', message: 'The WebGL context was lost' });
    });
    model = await AmtennetClassifier.load(
      httpModelSource(modelUrl, (loadedBytes, totalBytes) => post({ kind: 'model-progress', loadedBytes, totalBytes })),
    );
    // Warm up: compiles the WebGL shaders now rather than on the first photo.
    await model.classify([new Float32Array(model.inputSize * model.inputSize * 3)]);
    post({ kind: 'ready', backend, backendNote: note, card: model.card, memory: memoryNow() });
  } catch (e) {
    post({ kind: 'init-failed', message: message(e) });
  }
}

/** A decoded, cropped photo waiting for the network. */
interface Prepared {
  jobId: number;
  width: number;
  height: number;
  format: string;
  warnings: string[];
  facts: FileFacts;
  reliability: ReliabilityWarning[];
  box: Box;
  input: ModelInput;
}

/** Faces run through the network together: batching amortises per-call overhead (most on WebGL). */
const MAX_BATCH = 8;
const prepared: Prepared[] = [];
const cancelled = new Set<number>();
let modelBusy = false;

/** Decoding runs as soon as a job arrives, overlapping the network's work on earlier photos. */
async function analyse(jobId: number, file: Blob): Promise<void> {
  if (!model) throw new Error('analyse before init');
  try {
    const { image, format, warnings, facts } = await decodeImage(file);
    if (cancelled.delete(jobId)) return;
    // Until face detection lands, the one "face" is the whole image.
    const box: Box = [0, 0, image.width, image.height];
    const input = toModelInput(image, { x: 0, y: 0, width: image.width, height: image.height }, model.inputSize);
    const reliability = reliabilityWarnings(facts, { width: box[2], height: box[3] }, model.inputSize);
    prepared.push({ jobId, width: image.width, height: image.height, format, warnings, facts, reliability, box, input });
    void runModel();
  } catch (e) {
    post({ kind: 'failed', jobId, message: message(e), memory: memoryNow() });
  }
}

async function runModel(): Promise<void> {
  if (modelBusy || !model) return;
  modelBusy = true;
  try {
    while (prepared.length) {
      const batch = prepared.splice(0, MAX_BATCH);
      let scores;
      try {
        scores = await model.classify(batch.map((b) => b.input.pixels));
      } catch (e) {
        for (const b of batch) post({ kind: 'failed', jobId: b.jobId, message: message(e), memory: memoryNow() });
        continue;
      }
      // A context lost mid-batch leaves zeros or NaN behind: never report such numbers as results.
      if (webglContext()?.isContextLost() || !scores.every((s) => s.probabilities.every(Number.isFinite))) {
        post({ kind: 'fatal', message: 'The engine produced invalid numbers (GPU context lost?)' });
        return;
      }
      batch.forEach((b, i) => {
        const analysis: ImageAnalysis = {
          width: b.width,
          height: b.height,
          format: b.format,
          warnings: b.warnings,
          facts: b.facts,
          reliability: b.reliability,
          faces: [
            {
              box: b.box,
              probabilities: scores[i].probabilities,
              crop: b.input.preview,
              cropSize: b.input.size,
              fmt: fmtMagnitudeMap(scores[i].fmt, b.input.size),
            },
          ],
        };
        post({ kind: 'result', jobId: b.jobId, analysis, memory: memoryNow() }, resultTransferables(analysis));
      });
    }
  } finally {
    modelBusy = false;
  }
}

self.onmessage = (ev: MessageEvent<WorkerRequest>) => {
  const req = ev.data;
  switch (req.kind) {
    case 'init':
      void init(req.modelUrl, req.backend);
      break;
    case 'analyse':
      void analyse(req.jobId, req.file);
      break;
    case 'cancel': {
      const drop = new Set(req.jobIds);
      for (let i = prepared.length - 1; i >= 0; i--) if (drop.delete(prepared[i].jobId)) prepared.splice(i, 1);
      for (const id of drop) cancelled.add(id);
      break;
    }
    case 'bench':
      if (model) void benchmarkModel(model, req.batchSizes, req.runs).then((result) => post({ kind: 'bench-result', result }));
      break;
    case 'debug-lose-context': {
      const gl = webglContext();
      const ext = gl?.getExtension('WEBGL_lose_context');
      if (ext) ext.loseContext();
      else post({ kind: 'fatal', message: 'Simulated engine failure (no WebGL context to lose)' });
      break;
    }
    case 'debug-crash':
      setTimeout(() => {
        throw new Error('Simulated worker crash');
      });
      break;
  }
};
