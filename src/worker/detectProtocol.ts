// Messages between the analysis worker and its face-detection worker (a second copy of the
// analysis worker's script, in the detector's role: detectService.ts). Types only.
import type { RgbaImage } from '../model/preprocess';
import type { BackendName, FaceRegion } from './protocol';
import type { Localized } from '../i18n/localized';

/** The name the detection worker is started with; the script reads it to take the detector's role. */
export const DETECT_WORKER_NAME = 'tracelens-detect';

export type DetectRequest =
  /** Start `backend` (the one AMTENnet runs on) and load the detector from `detectorUrl`. */
  | { kind: 'init'; detectorUrl: string; backend: BackendName }
  /** Find the faces of the photo whose detection copy is `image`, in the full photo's pixels. */
  | { kind: 'detect'; id: number; image: RgbaImage; full: { width: number; height: number } };

export type DetectResponse =
  | { kind: 'ready' }
  | { kind: 'init-failed'; message: Localized }
  /** `ms`: the detector's own time for this photo, for `npm run bench`. */
  | { kind: 'found'; id: number; ok: true; regions: FaceRegion[]; ms: number }
  | { kind: 'found'; id: number; ok: false; problem: Localized }
  /** The detector can no longer compute (e.g. WebGL context lost). */
  | { kind: 'fatal'; message: Localized };
