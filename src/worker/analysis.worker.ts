/// <reference lib="webworker" />
// The analysis worker: runs AMTENnet on crops made by its decode worker and posts plain results.
// The page-side client owns the queue and respawns this worker (and so its decoder) if it dies.
import * as tf from '@tensorflow/tfjs-core';
import { AmtennetClassifier } from '../model/classifier';
import { fmtMagnitudeMap } from '../model/fmt';
import { httpModelSource } from '../model/httpSource';
import type { DecodeRequest, DecodeResponse } from './decodeProtocol';
import { startBackend, webglContext } from './backend';
import { inspectTransferables } from './inspectProtocol';
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

type Decoded = Extract<DecodeResponse, { ok: true }>;
const decodeWaiters = new Map<number, (r: DecodeResponse) => void>();
let decoder: Worker | null = null;

/** Decoding runs on its own thread; a decoder that dies takes this worker down with it, to be respawned. */
function startDecoder(): Worker {
  const w = new Worker(new URL('./decode.worker.ts', import.meta.url), { type: 'module', name: 'tracelens-decode' });
  w.onmessage = (ev: MessageEvent<DecodeResponse>) => {
    decodeWaiters.get(ev.data.id)?.(ev.data);
    decodeWaiters.delete(ev.data.id);
  };
  w.onerror = (ev) => {
    ev.preventDefault();
    post({ kind: 'fatal', message: `The decoder crashed (${ev.message || 'unknown error'})` });
  };
  return w;
}

function decodeInWorker(jobId: number, file: Blob, inputSize: number): Promise<DecodeResponse> {
  decoder ??= startDecoder();
  return new Promise((resolve) => {
    decodeWaiters.set(jobId, resolve);
    decoder!.postMessage({ id: jobId, file, inputSize } satisfies DecodeRequest);
  });
}

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
interface Prepared extends Decoded {
  jobId: number;
}

/** Faces run through the network together: batching amortises per-call overhead (most on WebGL). */
const MAX_BATCH = 8;
const prepared: Prepared[] = [];
const cancelled = new Set<number>();
let modelBusy = false;

/** Decoding starts as soon as a job arrives, overlapping the network's work on earlier photos. */
async function analyse(jobId: number, file: Blob): Promise<void> {
  if (!model) throw new Error('analyse before init');
  const decoded = await decodeInWorker(jobId, file, model.inputSize);
  if (cancelled.delete(jobId)) return;
  if (!decoded.ok) {
    post({ kind: 'failed', jobId, message: decoded.message, memory: memoryNow() });
    return;
  }
  prepared.push({ ...decoded, jobId });
  void runModel();
}

async function runModel(): Promise<void> {
  if (modelBusy || !model) return;
  modelBusy = true;
  try {
    while (prepared.length) {
      const batch = prepared.splice(0, MAX_BATCH);
      let scores;
      try {
        scores = await model.classify(batch.map((b) => b.pixels));
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
        const size = model!.inputSize;
        // Until face detection lands, the one "face" is the whole image.
        const box: Box = [0, 0, b.width, b.height];
        const analysis: ImageAnalysis = {
          width: b.width,
          height: b.height,
          format: b.format,
          warnings: b.warnings,
          facts: b.facts,
          reliability: b.reliability,
          faces: [
            {
              box,
              probabilities: scores[i].probabilities,
              crop: b.preview,
              cropSize: size,
              fmt: fmtMagnitudeMap(scores[i].fmt, size),
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
    case 'inspect':
    case 'jpeg-sweep': {
      // The classroom's code is loaded only when it is first used.
      const m = model;
      if (m) void import('./inspect').then(({ handleInspect }) => handleInspect(req, m)).then((r) => post(r, inspectTransferables(r)));
      break;
    }
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
