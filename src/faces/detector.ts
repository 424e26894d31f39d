// The app's face detector: MediaPipe's BlazeFace networks (blazeface.ts), short range for a face
// that fills the photo and the 256-px "back camera" model for the faces of a whole photo, on the
// same TensorFlow.js engine and backend as AMTENnet. Choice and measurements: docs/FACES.md.
import * as tf from '@tensorflow/tfjs-core';
import type { RgbaImage } from '../crop/preprocess';
import type { ModelSource } from '../model/weights';
import { BlazeFace, weightedNms, type BlazeFaceName, type Window } from './blazeface';
import { TRAINING_FRAMING } from '../crop/framing';
import type { Detection, FaceFinder } from '../analysis/faceFinder';
import { localized, LocalizedError } from '../i18n/localized';

/**
 * The largest side the detector takes: WebGL 2 guarantees textures of 2048 on every GPU (the app
 * searches a copy of at most DETECT_MAX_SIDE, 512).
 */
export const MAX_DETECT_SIDE = 2048;
/**
 * Thinner images are searched with a grey border to this size on the right and bottom (what the
 * windows see outside the photo anyway), so that no pooling or resize gets an empty extent.
 */
export const MIN_DETECT_SIDE = 16;
const GREY = 128;

/** One search of the whole image with one network. */
export interface DetectPass {
  model: BlazeFaceName;
  /**
   * Grey border around the photo, as a fraction of its longer side on each side. A face that
   * fills the photo (a face crop) is found only once it has some room around it.
   */
  pad: number;
  /**
   * Also search an n x n grid of overlapping windows, each 1.2 / n of the photo's longer side, so
   * that small faces are larger in the network's input; 1 (or absent) searches the whole photo only.
   */
  tiles?: number;
}

export interface DetectOptions {
  /** Detections scoring below this are dropped. */
  minScore: number;
  passes: DetectPass[];
  /**
   * The later passes are skipped once a face at least this share of the photo's shorter side has
   * been found with at least `faceCropScore`: the photo is a face crop or a portrait, with no room
   * for other faces. (A group photo can fool the short-range network into one large, doubtful face.)
   */
  faceCropShare: number;
  faceCropScore: number;
}

/**
 * Short range first: a face crop costs one 128-px pass. A photo in which no face fills the frame
 * is searched again by the 256-px model, whole and in 2 x 2 tiles, for faces down to about 3 % of
 * its longer side (measured on faces-v1, composed and real group photos, docs/FACES.md).
 */
export const DEFAULT_DETECT: DetectOptions = {
  minScore: 0.5,
  faceCropShare: 0.4,
  faceCropScore: 0.75,
  passes: [
    { model: 'short', pad: 0.25 },
    { model: 'back', pad: 0.1, tiles: 2 },
  ],
};

/**
 * Drops a detection centred inside a more confident face's crop and smaller than it, when it is
 * either much smaller or clearly less certain: it is part of that face or of what is next to it
 * (a hand at the mouth of a profile), not another face. Neighbours in a group photo are about as
 * large and as certain, so they are kept.
 */
export function dropParts(found: Detection[]): Detection[] {
  const byScore = [...found].sort((a, b) => b.score - a.score);
  return byScore.filter((d, i) =>
    byScore.slice(0, i).every((big) => {
      const bigSide = Math.max(big.box[2], big.box[3]);
      // The big face's crop (src/crop/framing.ts), centred on it.
      const half = (TRAINING_FRAMING.scale * bigSide) / 2;
      const [x, y] = [big.box[0] + big.box[2] / 2, big.box[1] + big.box[3] / 2 + TRAINING_FRAMING.shiftY * bigSide];
      const [cx, cy] = [d.box[0] + d.box[2] / 2, d.box[1] + d.box[3] / 2];
      const inside = Math.abs(cx - x) < half && Math.abs(cy - y) < half;
      const side = Math.max(d.box[2], d.box[3]);
      return !(inside && (side < 0.6 * bigSide || (side < 0.9 * bigSide && d.score <= big.score - 0.15)));
    }),
  );
}

/** The windows a pass searches: the whole photo with its border, and its tiles. */
function windows(width: number, height: number, pass: DetectPass): Window[] {
  const longer = Math.max(width, height);
  const side = longer * (1 + 2 * pass.pad);
  const out: Window[] = [[(width - side) / 2, (height - side) / 2, side]];
  const n = pass.tiles ?? 1;
  if (n > 1) {
    const tile = (longer * 1.2) / n;
    const starts = (extent: number) => (extent <= tile ? [(extent - tile) / 2] : Array.from({ length: n }, (_, i) => ((extent - tile) * i) / (n - 1)));
    for (const y of starts(height)) for (const x of starts(width)) out.push([x, y, tile]);
  }
  return out;
}

export class FaceDetector implements FaceFinder {
  readonly name = 'blazeface';
  readonly framing = TRAINING_FRAMING;

  private constructor(
    private readonly nets: Map<BlazeFaceName, BlazeFace>,
    private readonly options: DetectOptions,
  ) {}

  /** Loads the networks that `options` uses from `source` (public/models/face-detector-blazeface/ in the app). */
  static async load(source: ModelSource, options: DetectOptions = DEFAULT_DETECT): Promise<FaceDetector> {
    const names = [...new Set(options.passes.map((p) => p.model))];
    const nets = await Promise.all(names.map((n) => BlazeFace.load(n, source)));
    return new FaceDetector(new Map(names.map((n, i) => [n, nets[i]])), options);
  }

  async detect(image: RgbaImage): Promise<Detection[]> {
    const { width, height } = image;
    const side = (n: number) => Number.isInteger(n) && n >= 1 && n <= MAX_DETECT_SIDE;
    if (!side(width) || !side(height) || image.data.length !== width * height * 4)
      throw new LocalizedError(localized('detectBadShape', { width, height }));
    const [w, h] = [Math.max(width, MIN_DETECT_SIDE), Math.max(height, MIN_DETECT_SIDE)];
    const rgb = new Int32Array(w * h * 3).fill(GREY);
    for (let y = 0; y < height; y++)
      for (let x = 0, i = y * width * 4, j = y * w * 3; x < width; x++, i += 4, j += 3) {
        rgb[j] = image.data[i];
        rgb[j + 1] = image.data[i + 1];
        rgb[j + 2] = image.data[i + 2];
      }
    const pixels = tf.tensor3d(rgb, [h, w, 3], 'int32');
    try {
      let found: Detection[] = [];
      for (const pass of this.options.passes) {
        const { faceCropShare, faceCropScore } = this.options;
        if (found.some((d) => d.score >= faceCropScore && Math.max(d.box[2], d.box[3]) >= faceCropShare * Math.min(width, height))) break;
        // A later pass searches for what the earlier one could not see: its faces replace theirs (when it finds any).
        const faces = dropParts(weightedNms(await this.nets.get(pass.model)!.detect(pixels, windows(width, height, pass), this.options.minScore)));
        if (faces.length) found = faces;
      }
      return found;
    } finally {
      pixels.dispose();
    }
  }

  dispose(): void {
    for (const net of this.nets.values()) net.dispose();
  }
}
