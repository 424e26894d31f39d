// The one detect-and-frame path, shared by the app's worker and `npm run evaluate -- --detect`:
// search a copy of the photo scaled to at most DETECT_MAX_SIDE, then frame each face the way the
// training crops were framed, in the full-resolution photo's pixels.
import type { RgbaImage } from '../crop/preprocess';
import type { FaceRegion } from './types';
import { cropForFace, dedupeCrops } from '../crop/framing';
import type { FaceFinder } from './faceFinder';

/**
 * Large photos are searched at this size (the detector's widest input is 256 px, so this leaves
 * room for shrinking without aliasing); faces are still cropped from the full resolution.
 */
export const DETECT_MAX_SIDE = 512;

export async function findFaces(detector: FaceFinder, detectImage: RgbaImage, full: { width: number; height: number }): Promise<FaceRegion[]> {
  const scale = full.width / detectImage.width;
  const found = (await detector.detect(detectImage)).map((d) => {
    const box = d.box.map((v) => v * scale);
    // The face box in whole photo pixels, inside the photo.
    const [x0, y0] = [Math.max(0, Math.round(box[0])), Math.max(0, Math.round(box[1]))];
    const [x1, y1] = [Math.min(full.width, Math.round(box[0] + box[2])), Math.min(full.height, Math.round(box[1] + box[3]))];
    return {
      box: [x0, y0, x1 - x0, y1 - y0] as FaceRegion['box'],
      crop: cropForFace(box as FaceRegion['box'], full.width, full.height, detector.framing),
      score: d.score,
    };
  });
  // Two detections of one face would be analysed twice: the crops they give decide.
  return dedupeCrops(found.filter((f) => f.box[2] > 0 && f.box[3] > 0))
    .sort((a, b) => a.crop[0] + a.crop[2] / 2 - (b.crop[0] + b.crop[2] / 2) || a.crop[1] - b.crop[1])
    .map((f) => ({ box: f.box, cropBox: f.crop, origin: 'detected' as const, score: Number(f.score.toFixed(4)) }));
}
