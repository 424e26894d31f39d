// Finds faces with one of face-api's detectors (MIT, weights shipped in the npm package and
// committed under public/models/), on the same TensorFlow.js backend as AMTENnet.
// Boxes come back in the coordinates of the image given, as the detector drew them.
import * as tf from '@tensorflow/tfjs-core';
// face-api calls tensor methods (t.as3D(), ...) that only the umbrella package registers.
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import * as faceapi from '@vladmandic/face-api/dist/face-api.esm-nobundle.js';
import type { RgbaImage } from '../model/preprocess';
import type { ModelSource, WeightsManifest } from '../model/weights';
import { loadWeights } from '../model/weights';

export type DetectorName = 'tiny' | 'ssd';

/** Where each detector's weights live inside face-api's `model/` folder (and under public/models/). */
export const DETECTOR_FILES: Record<DetectorName, string> = {
  tiny: 'tiny_face_detector_model-weights_manifest.json',
  ssd: 'ssd_mobilenetv1_model-weights_manifest.json',
};

export interface Detection {
  /** [x, y, width, height] in the pixels of the image that was searched. */
  box: [number, number, number, number];
  score: number;
}

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
  /** The passes' detections are returned together (findFaces removes repeats). */
  passes: DetectPass[];
}

/**
 * Two passes, measured on faces-v1 (docs/FACES.md): one for faces up to about a third of the
 * photo, and, when that finds none, one for a face that fills it (most of DFDC's tight crops).
 */
export const DEFAULT_DETECT: DetectOptions = {
  minScore: 0.4,
  passes: [
    { pad: 0.25, inputSize: 0 },
    { pad: 1, inputSize: 416, onlyIfNoneFound: true },
  ],
};

export function autoInputSize(paddedSide: number): number {
  return Math.min(800, Math.max(416, Math.round(paddedSide / 2 / 32) * 32));
}

type Net = faceapi.TinyFaceDetector | faceapi.SsdMobilenetv1;

/**
 * face-api knows a window or Node.js, not a worker. It is only ever given tensors here, so in a
 * worker it gets an environment of OffscreenCanvas and stand-ins that nothing matches.
 */
function ensureEnvironment(): void {
  if (faceapi.env.isBrowser() || faceapi.env.isNodejs()) return;
  const unavailable = () => {
    throw new Error('face-api is given tensors only in a worker');
  };
  class NotInWorker {}
  faceapi.env.setEnv({
    Canvas: OffscreenCanvas,
    CanvasRenderingContext2D: OffscreenCanvasRenderingContext2D,
    Image: NotInWorker,
    ImageData,
    Video: NotInWorker,
    createCanvasElement: () => new OffscreenCanvas(1, 1),
    createImageElement: unavailable,
    createVideoElement: unavailable,
    fetch: (url: string, init?: RequestInit) => fetch(url, init),
    readFile: unavailable,
  } as unknown as faceapi.Environment);
}

export class FaceDetector {
  private constructor(
    readonly name: DetectorName,
    private net: Net,
  ) {}

  static async load(name: DetectorName, source: ModelSource): Promise<FaceDetector> {
    ensureEnvironment();
    const manifest = (await source.readJson(DETECTOR_FILES[name])) as WeightsManifest;
    const weights = await loadWeights(source, manifest);
    const net = name === 'tiny' ? new faceapi.TinyFaceDetector() : new faceapi.SsdMobilenetv1();
    // face-api ships its own copy of tfjs-core's type declarations; the tensors are the same.
    net.loadFromWeightMap(weights as unknown as Parameters<Net['loadFromWeightMap']>[0]);
    return new FaceDetector(name, net);
  }

  async detect(image: RgbaImage, options: DetectOptions = DEFAULT_DETECT): Promise<Detection[]> {
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
        if (!(pass.onlyIfNoneFound && found.length)) found.push(...(await this.search(pixels, pass, options.minScore)));
      return found;
    } finally {
      pixels.dispose();
    }
  }

  private async search(pixels: tf.Tensor3D, pass: DetectPass, minScore: number): Promise<Detection[]> {
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
