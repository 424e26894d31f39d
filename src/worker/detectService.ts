/// <reference lib="webworker" />
// The face detector's own thread: the analysis worker starts a second copy of its script under
// DETECT_WORKER_NAME, and that copy runs this instead of the analysis. Finding the faces of the
// next photos then overlaps the network's work on earlier ones (two cores instead of one), with
// no second copy of TensorFlow.js to download.
import { FaceDetector } from '../faces/detector';
import { findFaces } from '../faces/findFaces';
import { httpModelSource } from '../model/httpSource';
import { localized, localizedError } from '../i18n/localized';
import { startBackend, webglContext } from './backend';
import type { DetectRequest, DetectResponse } from './detectProtocol';

declare const self: DedicatedWorkerGlobalScope;

const post = (msg: DetectResponse) => self.postMessage(msg);

export function serveDetection(): void {
  let detector: FaceDetector | null = null;
  self.onmessage = async (ev: MessageEvent<DetectRequest>) => {
    const req = ev.data;
    if (req.kind === 'init') {
      try {
        await startBackend(req.backend);
        webglContext()?.canvas.addEventListener('webglcontextlost', (e) => {
          e.preventDefault();
          post({ kind: 'fatal', message: localized('engineContextLost', {}) });
        });
        detector = await FaceDetector.load(httpModelSource(req.detectorUrl));
        // Warm up: a blank image runs both passes (and compiles their WebGL shaders).
        await detector.detect({ width: 64, height: 64, data: new Uint8ClampedArray(64 * 64 * 4) });
        post({ kind: 'ready' });
      } catch (e) {
        post({ kind: 'init-failed', message: localizedError(e, 'engineInitFailed') });
      }
      return;
    }
    try {
      if (!detector) throw new Error('detect before init');
      const t0 = performance.now();
      const regions = await findFaces(detector, req.image, req.full);
      post({ kind: 'found', id: req.id, ok: true, regions, ms: performance.now() - t0 });
    } catch (e) {
      post({ kind: 'found', id: req.id, ok: false, problem: localizedError(e, 'faceDetectionFailed') });
    }
  };
}
