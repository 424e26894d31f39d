// face-api's detectors (MIT, weights in its npm package), the app's face finding before BlazeFace,
// kept for `npm run faces-study` to compare against: the tiny detector in two passes, each face
// searched again in its own crop, or SSD MobileNet v1. Boxes come back in the pixels of the image
// given. Node only (the app no longer ships face-api).
import * as tf from '@tensorflow/tfjs-core';
// face-api calls tensor methods (t.as3D(), ...) that only the umbrella package registers.
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import * as faceapi from '@vladmandic/face-api/dist/face-api.esm-nobundle.js';
import type { RgbaImage } from '../../src/crop/preprocess';
import type { ModelSource, WeightsManifest } from '../../src/model/weights';
import { loadWeights } from '../../src/model/weights';
import { cropForFace, dedupeCrops, iou, TINY_FRAMING } from '../../src/crop/framing';
import type { Detection, FaceFinder } from '../../src/analysis/faceFinder';

export type DetectorName = 'tiny' | 'ssd';

/** Where each detector's weights live inside face-api's `model/` folder. */
export const DETECTOR_FILES: Record<DetectorName, string> = {
  tiny: 'tiny_face_detector_model-weights_manifest.json',
  ssd: 'ssd_mobilenetv1_model-weights_manifest.json',
};

/** One search of the image: how much grey border to add, and the detector's input size. */
export interface DetectPass {
  /**
   * Grey border added around the image, as a fraction of its longer side. Detectors learned faces
   * with some background around them and at a limited size in their input: a face that fills the
   * image (as in a face crop) is found only once it is given that room.
   */
  pad: number;
  /**
   * Tiny detector: side of the square the padded image is resized to, a multiple of 32; 0 picks
   * half the padded image's longer side, within 416..800, so small faces in big photos stay
   * visible while a small crop is not searched at more than it holds.
   */
  inputSize: number;
  /** Run only when the passes before it found nothing (a face filling the photo has no neighbours). */
  onlyIfNoneFound?: boolean;
}

export interface DetectOptions {
  /** Detections scoring below this are dropped. */
  minScore: number;
  /** The passes' detections are returned together (repeats removed). */
  passes: DetectPass[];
  /** Search each face again inside its own framed crop (the tiny detector's box depends on the face's size in its input). */
  refine?: boolean;
}

/**
 * The app's detection before BlazeFace: two passes, one for faces up to about a third of the
 * photo, and, when that finds none, one for a face that fills it (most of DFDC's tight crops).
 */
export const TINY_TWO_PASSES: DetectOptions = {
  minScore: 0.4,
  refine: true,
  passes: [
    { pad: 0.25, inputSize: 0 },
    { pad: 1, inputSize: 416, onlyIfNoneFound: true },
  ],
};

export function autoInputSize(paddedSide: number): number {
  return Math.min(800, Math.max(416, Math.round(paddedSide / 2 / 32) * 32));
}

type Net = faceapi.TinyFaceDetector | faceapi.SsdMobilenetv1;

/** The pass that measured TINY_FRAMING: a face crop with a grey border, searched at 416. */
const REFINE: DetectOptions = { minScore: 0.2, passes: [{ pad: 0.25, inputSize: 416 }] };

/** Pixels of an integer rectangle of an image. */
function subImage(image: RgbaImage, x: number, y: number, w: number, h: number): RgbaImage {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let row = 0; row < h; row++) data.set(image.data.subarray(((y + row) * image.width + x) * 4, ((y + row) * image.width + x + w) * 4), row * w * 4);
  return { width: w, height: h, data };
}

export class FaceApiDetector implements FaceFinder {
  readonly framing = TINY_FRAMING;

  private constructor(
    readonly name: DetectorName,
    private net: Net,
    private options: DetectOptions,
  ) {}

  static async load(name: DetectorName, source: ModelSource, options: DetectOptions = TINY_TWO_PASSES): Promise<FaceApiDetector> {
    const manifest = (await source.readJson(DETECTOR_FILES[name])) as WeightsManifest;
    const weights = await loadWeights(source, manifest);
    const net = name === 'tiny' ? new faceapi.TinyFaceDetector() : new faceapi.SsdMobilenetv1();
    // face-api ships its own copy of tfjs-core's type declarations; the tensors are the same.
    net.loadFromWeightMap(weights as unknown as Parameters<Net['loadFromWeightMap']>[0]);
    return new FaceApiDetector(name, net, options);
  }

  async detect(image: RgbaImage): Promise<Detection[]> {
    const found = await this.search(image, this.options);
    // Repeats of one face (the passes overlap) are refined once.
    const distinct = dedupeCrops(found.map((d) => ({ ...d, crop: cropForFace(d.box, image.width, image.height, this.framing) })));
    if (!this.options.refine) return distinct.map(({ box, score }) => ({ box, score }));
    const refined = [];
    for (const d of distinct) {
      // A crop that is the whole image stays the whole image: no second look needed.
      const wholeImage = d.crop[2] >= Math.min(image.width, image.height);
      refined.push({ box: wholeImage ? d.box : await this.refine(image, d.box), score: d.score });
    }
    return refined;
  }

  /**
   * The tiny detector's box depends on how large the face is in its input (anchor boxes): a face
   * found small in a big photo gets a looser box than a face crop does. Searching again in the
   * face's own crop, under the conditions the framing was measured in, gives the box the framing
   * expects. Returns the box in the image's pixels, or the first one if the second search misses.
   */
  private async refine(image: RgbaImage, box: Detection['box']): Promise<Detection['box']> {
    const [x, y, w, h] = cropForFace(box, image.width, image.height, this.framing).map(Math.round);
    if (w < 8 || h < 8) return box;
    const found = await this.search(subImage(image, x, y, w, h), REFINE);
    const inCrop: Detection['box'] = [box[0] - x, box[1] - y, box[2], box[3]];
    const best = found.map((d) => ({ d, overlap: iou(d.box, inCrop) })).sort((a, b) => b.overlap - a.overlap)[0];
    if (!best || best.overlap < 0.3) return box;
    return [best.d.box[0] + x, best.d.box[1] + y, best.d.box[2], best.d.box[3]];
  }

  private async search(image: RgbaImage, options: DetectOptions): Promise<Detection[]> {
    const { width, height } = image;
    const rgb = new Int32Array(width * height * 3);
    for (let i = 0, j = 0; j < rgb.length; i += 4, j += 3) {
      rgb[j] = image.data[i];
      rgb[j + 1] = image.data[i + 1];
      rgb[j + 2] = image.data[i + 2];
    }
    const pixels = tf.tensor3d(rgb, [height, width, 3], 'int32');
    try {
      const found: Detection[] = [];
      for (const pass of options.passes)
        if (!(pass.onlyIfNoneFound && found.length)) found.push(...(await this.pass(pixels, pass, options.minScore)));
      return found;
    } finally {
      pixels.dispose();
    }
  }

  private async pass(pixels: tf.Tensor3D, pass: DetectPass, minScore: number): Promise<Detection[]> {
    const [height, width] = pixels.shape;
    const padPx = Math.round(pass.pad * Math.max(width, height));
    const tensor = padPx > 0 ? tf.pad(pixels, [[padPx, padPx], [padPx, padPx], [0, 0]], 128) : pixels;
    const input = tensor as unknown as faceapi.TNetInput;
    try {
      const found =
        this.net instanceof faceapi.TinyFaceDetector
          ? await this.net.locateFaces(
              input,
              new faceapi.TinyFaceDetectorOptions({
                inputSize: pass.inputSize || autoInputSize(Math.max(width, height) + 2 * padPx),
                scoreThreshold: minScore,
              }),
            )
          : await this.net.locateFaces(input, new faceapi.SsdMobilenetv1Options({ minConfidence: minScore, maxResults: 100 }));
      return found.map((d) => ({
        box: [d.box.x - padPx, d.box.y - padPx, d.box.width, d.box.height],
        score: d.score,
      }));
    } finally {
      if (tensor !== pixels) tensor.dispose();
    }
  }

  dispose(): void {
    this.net.dispose();
  }
}
