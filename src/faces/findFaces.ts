// The one detect-and-frame path, shared by the app's worker and `npm run evaluate -- --detect`:
// search a copy of the photo scaled to at most DETECT_MAX_SIDE, then frame each face the way the
// training crops were framed, in the full-resolution photo's pixels.
import type { RgbaImage } from '../model/preprocess';
import type { FaceRegion } from '../worker/protocol';
import { DEFAULT_DETECT, type DetectOptions, type FaceDetector } from './detector';
import { cropForFace, dedupeCrops, TRAINING_FRAMING, type Framing } from './framing';

/** Large photos are searched at this size; faces are still cropped from the full resolution. */
export const DETECT_MAX_SIDE = 1024;

export async function findFaces(
  detector: FaceDetector,
  detectImage: RgbaImage,
  full: { width: number; height: number },
  options: DetectOptions = DEFAULT_DETECT,
  framing: Framing = TRAINING_FRAMING,
): Promise<FaceRegion[]> {
  const scale = full.width / detectImage.width;
  const found = await detector.detect(detectImage, options);
  const framed = found.map((d) => ({
    crop: cropForFace(
      [d.box[0] * scale, d.box[1] * scale, d.box[2] * scale, d.box[3] * scale],
      full.width,
      full.height,
      framing,
    ),
    score: d.score,
  }));
  // Left to right, so "face 2" means the same face every time.
  return dedupeCrops(framed)
    .sort((a, b) => a.crop[0] + a.crop[2] / 2 - (b.crop[0] + b.crop[2] / 2) || a.crop[1] - b.crop[1])
    .map((f) => ({ box: f.crop, origin: 'detected' as const, score: Number(f.score.toFixed(4)) }));
}
