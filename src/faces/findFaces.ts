// The one detect-and-frame path, shared by the app's worker and `npm run evaluate -- --detect`:
// search a copy of the photo scaled to at most DETECT_MAX_SIDE, then frame each face the way the
// training crops were framed, in the full-resolution photo's pixels.
import type { RgbaImage } from '../model/preprocess';
import type { FaceRegion } from '../worker/protocol';
import { DEFAULT_DETECT, type Detection, type DetectOptions, type FaceDetector } from './detector';
import { cropForFace, dedupeCrops, iou, TRAINING_FRAMING, type Framing } from './framing';

/** Large photos are searched at this size; faces are still cropped from the full resolution. */
export const DETECT_MAX_SIDE = 1024;

/** The pass that measured TRAINING_FRAMING: a face crop with a grey border, searched at 416. */
const REFINE = { minScore: 0.2, passes: [{ pad: 0.25, inputSize: 416 }] };

/** Pixels of an integer rectangle of an image. */
function subImage(image: RgbaImage, x: number, y: number, w: number, h: number): RgbaImage {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let row = 0; row < h; row++) data.set(image.data.subarray(((y + row) * image.width + x) * 4, ((y + row) * image.width + x + w) * 4), row * w * 4);
  return { width: w, height: h, data };
}

/**
 * The tiny detector's box depends on how large the face is in its input (anchor boxes): a face
 * found small in a big photo gets a looser box than a face crop does. Searching again in the
 * face's own crop, under the conditions the framing was measured in, gives the box the framing
 * expects. Returns the box in the image's pixels, or the first one if the second search misses.
 */
async function refine(detector: FaceDetector, image: RgbaImage, box: Detection['box']): Promise<Detection['box']> {
  const [x, y, w, h] = cropForFace(box, image.width, image.height, TRAINING_FRAMING).map(Math.round);
  if (w < 8 || h < 8) return box;
  const found = await detector.detect(subImage(image, x, y, w, h), REFINE);
  const inCrop: Detection['box'] = [box[0] - x, box[1] - y, box[2], box[3]];
  const best = found.map((d) => ({ d, overlap: iou(d.box, inCrop) })).sort((a, b) => b.overlap - a.overlap)[0];
  if (!best || best.overlap < 0.3) return box;
  return [best.d.box[0] + x, best.d.box[1] + y, best.d.box[2], best.d.box[3]];
}

export async function findFaces(
  detector: FaceDetector,
  detectImage: RgbaImage,
  full: { width: number; height: number },
  options: DetectOptions = DEFAULT_DETECT,
  framing: Framing = TRAINING_FRAMING,
): Promise<FaceRegion[]> {
  const scale = full.width / detectImage.width;
  const found = await detector.detect(detectImage, options);
  // Repeats of one face (the passes overlap) are refined once.
  const distinct = dedupeCrops(found.map((d) => ({ ...d, crop: cropForFace(d.box, detectImage.width, detectImage.height, framing) })));
  const framed = [];
  for (const d of distinct) {
    // A crop that is the whole image stays the whole image: no second look needed.
    const wholeImage = d.crop[2] >= Math.min(detectImage.width, detectImage.height);
    const b = wholeImage ? d.box : await refine(detector, detectImage, d.box);
    framed.push({ crop: cropForFace([b[0] * scale, b[1] * scale, b[2] * scale, b[3] * scale], full.width, full.height, framing), score: d.score });
  }
  // Left to right, so "face 2" means the same face every time.
  return dedupeCrops(framed)
    .sort((a, b) => a.crop[0] + a.crop[2] / 2 - (b.crop[0] + b.crop[2] / 2) || a.crop[1] - b.crop[1])
    .map((f) => ({ box: f.crop, origin: 'detected' as const, score: Number(f.score.toFixed(4)) }));
}
