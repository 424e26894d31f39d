// Turns a face box (the detector's, or one the person set) into the square region the model sees, framed the way faces-v1's
// crops frame a face (measured by `npm run faces-study`; docs/FACES.md has the numbers).
import type { Box, FaceOrigin } from './box';

export interface Framing {
  /** Crop side as a multiple of the detector box's longer side. */
  scale: number;
  /** Crop centre below the box centre, as a fraction of the box's longer side (negative: above). */
  shiftY: number;
}

/**
 * How the app frames a BlazeFace box (detector.ts). faces-v1's sources frame a face at 1.06 (DFDC)
 * to 1.84 (StarGAN) times BlazeFace's box, centred 0.07 to 0.25 box sides above it (median per
 * source, train split, docs/FACES.md). 1.9 frames no tighter than any source, so a face cropped as
 * any source's training faces is reproduced whole, as 1.6 did for the tiny detector's looser box.
 */
export const TRAINING_FRAMING: Framing = { scale: 1.9, shiftY: -0.21 };

/** The same rule for face-api's tiny detector, the app's detector before BlazeFace (its boxes are looser). */
export const TINY_FRAMING: Framing = { scale: 1.6, shiftY: -0.21 };

/** The square the model is shown for a face box: framed, or the whole photo for a whole-image region. */
export function cropForRegion(box: Box, origin: FaceOrigin, imageWidth: number, imageHeight: number): Box {
  return origin === 'whole-image' ? [0, 0, imageWidth, imageHeight] : cropForFace(box, imageWidth, imageHeight, TRAINING_FRAMING);
}

/**
 * The square crop for a detection, in the photo's pixels. It is kept square and moved inside the
 * photo; where the photo is smaller than the square, it shrinks to the largest square that fits
 * around the face (a tight crop of a face crop is the crop itself).
 */
export function cropForFace(face: Box, imageWidth: number, imageHeight: number, framing: Framing = TRAINING_FRAMING): Box {
  const [x, y, w, h] = face;
  const side0 = Math.max(w, h) * framing.scale;
  const side = Math.min(side0, imageWidth, imageHeight);
  const cx = x + w / 2;
  const cy = y + h / 2 + framing.shiftY * Math.max(w, h);
  const left = Math.min(Math.max(cx - side / 2, 0), imageWidth - side);
  const top = Math.min(Math.max(cy - side / 2, 0), imageHeight - side);
  return [Math.round(left), Math.round(top), Math.round(side), Math.round(side)];
}

export function iou(a: Box, b: Box): number {
  const x0 = Math.max(a[0], b[0]);
  const y0 = Math.max(a[1], b[1]);
  const x1 = Math.min(a[0] + a[2], b[0] + b[2]);
  const y1 = Math.min(a[1] + a[3], b[1] + b[3]);
  const inter = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  const union = a[2] * a[3] + b[2] * b[3] - inter;
  return union > 0 ? inter / union : 0;
}

/** Drops crops that mostly repeat a higher-scoring one (two detections of one face). */
export function dedupeCrops<T extends { crop: Box; score: number }>(faces: T[], maxOverlap = 0.5): T[] {
  const kept: T[] = [];
  for (const f of [...faces].sort((a, b) => b.score - a.score))
    if (kept.every((k) => iou(k.crop, f.crop) <= maxOverlap)) kept.push(f);
  return kept;
}
