// The app's analysis worker and `npm run evaluate` both run each photo through the one pipeline
// (src/analysis/pipeline.ts): this runs the worker's jobs (several photos at once, their faces
// batched for the network) and evaluate's per-photo path on the same files, with the shipped
// model and detector, and finds the same faces with the same numbers.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { useNodeBackend } from '../../src/node/tfNode';
import { fsModelSource } from '../../src/node/fsModelSource';
import { decodeFileRgba } from '../../src/node/decodeFile';
import { cropInputs, openDecoded } from '../../src/node/nodePhoto';
import { samplePhotos } from '../../src/node/sampleFaces';
import { AmtennetClassifier } from '../../src/model/classifier';
import type { RgbaImage } from '../../src/crop/preprocess';
import { FaceDetector } from '../../src/faces/detector';
import { AnalysisJobs, type JobOutcome, type PhotoDecoder } from '../../src/worker/analysisJobs';
import type { ImageAnalysis } from '../../src/analysis/types';
import { evaluatePhoto } from './evaluatePhoto';
import { DEFAULT_MODEL_ID } from '../../src/state/urlSettings';

let model: AmtennetClassifier;
let detector: FaceDetector;
const photos = samplePhotos().slice(0, 3);

beforeAll(async () => {
  await useNodeBackend('wasm');
  model = await AmtennetClassifier.load(fsModelSource(resolve(`public/models/${DEFAULT_MODEL_ID}`)));
  detector = await FaceDetector.load(fsModelSource(resolve('public/models/face-detector-blazeface')));
});

/** The worker's jobs with a Node decoder in place of the decode worker: each photo's analysis, by path. */
async function workerAnalyses(paths: string[], regions?: 'whole-image'): Promise<ImageAnalysis[]> {
  const kept = new Map<number, RgbaImage>();
  const decoder: PhotoDecoder = {
    open: async (photo, file, detectMaxSide) => {
      const img = await decodeFileRgba(Buffer.from(await file.arrayBuffer()));
      kept.set(photo, img);
      return openDecoded(img, 'JPEG', file.size, detectMaxSide);
    },
    crop: async (photo, boxes, inputSize) => cropInputs(kept.get(photo)!, boxes, inputSize),
    release: (photo) => kept.delete(photo),
  };
  const answers = new Map<number, JobOutcome>();
  const jobs = new AnalysisJobs({ model, detector, decoder, reply: (id, o) => answers.set(id, o), trustworthy: () => true, fatal: () => {} });
  await Promise.all(paths.map((p, id) => jobs.analyse(id, new Blob([readFileSync(p)]), regions)));
  return paths.map((_, id) => {
    const a = answers.get(id);
    if (!a || a === 'cancelled' || 'failed' in a) throw new Error(`job ${id}: ${JSON.stringify(a)}`);
    return a.analysis;
  });
}

/** What the two paths must agree on; probabilities to 6 decimals (one network call for several photos or one each). */
const faces = (a: ImageAnalysis) => a.faces.map((f) => ({ ...f, probabilities: f.probabilities.map((p) => Number(p.toFixed(6))) }));

describe('the analysis worker and npm run evaluate', () => {
  it('find the same faces with the same probabilities in the same photos', async () => {
    const scores = vi.spyOn(model, 'scores');
    const inWorker = await workerAnalyses(photos);
    // The worker batched faces of several photos into one network call.
    expect(scores.mock.calls.length).toBeLessThan(photos.length);
    scores.mockRestore();
    for (const [i, path] of photos.entries()) {
      const { analysis } = await evaluatePhoto(await decodeFileRgba(path), model, detector, { format: 'JPEG', size: readFileSync(path).length });
      expect(analysis.faces.length).toBeGreaterThanOrEqual(3);
      expect(faces(analysis)).toEqual(faces(inWorker[i]));
      expect(analysis.detector).toBe(inWorker[i].detector);
      expect(analysis.reliability).toEqual(inWorker[i].reliability);
    }
  });

  it('analyse a whole photo alike when faces are not searched for', async () => {
    const [inWorker] = await workerAnalyses(photos.slice(0, 1), 'whole-image');
    const { analysis } = await evaluatePhoto(await decodeFileRgba(photos[0]), model, null);
    expect(inWorker.faces).toHaveLength(1);
    expect(faces(analysis)).toEqual(faces(inWorker));
  });
});
