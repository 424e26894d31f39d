// The analysis of one photo, the same wherever it runs (the app's analysis worker, `npm run
// evaluate`, the tests): find the faces (or take the regions asked for), frame each as the
// training faces were framed, cut the crops, run the network, and say what may make a verdict
// unreliable. No DOM: the caller opens the photo and brings the crops and the network.
import type { RgbaImage } from '../crop/preprocess';
import { colourWarnings, faceWarnings, photoWarnings } from './reliability';
import { findFaces } from './findFaces';
import { cropForRegion } from '../crop/framing';
import type { FaceFinder } from './faceFinder';
import { LocalizedError, localized, localizedError } from '../i18n/localized';
import type { AskedRegion, Box, FaceRegion, ImageAnalysis } from './types';

/** An opened photo: what the analysis reports of the file, and a copy for the detector. */
export type OpenedPhoto = Pick<ImageAnalysis, 'width' | 'height' | 'format' | 'warnings' | 'facts'> & {
  /** The photo scaled to fit DETECT_MAX_SIDE (never up), for the face detector. */
  detectImage: RgbaImage;
};

export interface PipelineSteps {
  /** Searches the photo when no regions are asked for. */
  detector?: FaceFinder;
  /** Side of the network's square input. */
  inputSize: number;
  /** The network's input (HWC float RGB, inputSize² × 3) for each crop square, cut from the full-resolution photo. */
  crop(boxes: Box[]): Promise<Float32Array[]>;
  /** The network's probabilities for each input, in the model card's class order. */
  classify(inputs: Float32Array[]): Promise<number[][]>;
  /** Stops the analysis between steps (it then rejects with the signal's reason). */
  signal?: AbortSignal;
}

/**
 * A crop square (or a face box asked for) the decoder can cut: finite, at least one pixel each
 * way, and at least one pixel of it inside the photo (the decoder clips it to the photo as clipBox
 * does). Anything else (a box moved off the photo, NaN from a detector) is refused before a canvas
 * or tensor of its shape is made.
 */
function checkCropBox(box: Box, width: number, height: number): void {
  const [x, y, w, h] = box;
  const overlap = (start: number, side: number, extent: number) => Math.min(extent, Math.ceil(start + side)) - Math.max(0, Math.floor(start));
  const inside = [x, y, w, h].every(Number.isFinite) && w >= 1 && h >= 1 && overlap(x, w, width) >= 1 && overlap(y, h, height) >= 1;
  if (!inside) throw new LocalizedError(localized('regionBadShape', { box: box.map((v) => (Number.isFinite(v) ? Math.round(v) : String(v))).join(', '), width, height }));
}

/**
 * The photo's analysis: every face the detector finds (or the regions asked for, or the whole
 * photo), each with its crop square, probabilities and reliability warnings.
 */
export async function analysePhoto(photo: OpenedPhoto, asked: AskedRegion[] | 'whole-image' | undefined, steps: PipelineSteps): Promise<ImageAnalysis> {
  const { width, height, format, warnings, facts } = photo;
  const given: AskedRegion[] | undefined = asked === 'whole-image' ? [{ box: [0, 0, width, height], origin: 'whole-image' }] : asked;
  const detector = given ? null : steps.detector;
  if (detector === undefined) throw new Error('No face detector to find the faces with');
  const result = { width, height, format, warnings, facts, reliability: photoWarnings(facts), detector: detector?.name ?? null };
  steps.signal?.throwIfAborted();
  let regions: FaceRegion[];
  if (given) {
    // A region asked for (drawn, moved) is the person's: checked as its crop square is, below.
    for (const r of given) checkCropBox(r.box, width, height);
    regions = given.map((r) => ({ ...r, cropBox: cropForRegion(r.box, r.origin, width, height) }));
  } else {
    try {
      regions = await findFaces(detector!, photo.detectImage, { width, height });
    } catch (e) {
      // The cause stays with it: the worker tells a fault of the engine from a plain error by it.
      throw Object.assign(new LocalizedError(localizedError(e, 'faceDetectionFailed')), { cause: e });
    }
  }
  steps.signal?.throwIfAborted();
  if (regions.length === 0) return { ...result, faces: [] };
  for (const r of regions) checkCropBox(r.cropBox, width, height);
  const inputs = await steps.crop(regions.map((r) => r.cropBox));
  steps.signal?.throwIfAborted();
  const probabilities = await steps.classify(inputs);
  const size = steps.inputSize;
  const faces = regions.map((region, i) => ({
    ...region,
    probabilities: probabilities[i],
    cropSize: size,
    reliability: [...faceWarnings({ width: region.cropBox[2], height: region.cropBox[3] }, size), ...colourWarnings(inputs[i])],
  }));
  return { ...result, faces };
}
