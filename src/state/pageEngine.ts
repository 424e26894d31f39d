// The page's one engine: the app's store, the analysis worker, the window's address.
import { AnalysisClient } from '../client/analysisClient';
import { createEngine } from './engine';
import { useStore } from './store';
import { DETECTOR_MODEL_ID } from './urlSettings';

export type { IncomingFile } from './engine';

const modelsUrl = `${import.meta.env.BASE_URL}models/`;

export const engine = createEngine({
  store: useStore,
  location,
  replaceUrl: (url) => history.replaceState(null, '', url),
  modelsUrl,
  startClient: (onEvent, backend) =>
    new AnalysisClient({
      modelUrl: engine.modelFolderUrl(),
      detectorUrl: `${modelsUrl}${DETECTOR_MODEL_ID}/`,
      backend,
      onEvent,
      createWorker: () => new Worker(new URL('../worker/analysis.worker.ts', import.meta.url), { type: 'module', name: 'tracelens-analysis' }),
    }),
});

export const { start: startEngine, inspect, jpegSweep, faceImages, analyseFiles, analyseSkippedAgain, analyseRegion, cancelBatch, clearAll, setFindFaces, setVideoSampling, setBackendChoice, modelFolderUrl, benchmarkEngine, engineStats, simulateEngineFailure, openOwnModel, backToShippedModel } = engine;
