// 68 facial landmarks (dlib / iBUG 300-W point order) of face crops, with face-api's
// face_landmark_68 network (MIT, weights in its npm package), for the training package's
// self-blended images (Shiohara & Yamasaki 2022), which build each fake's blending mask from the
// landmarks of a real face. `npm run landmarks` (scripts/landmarks.ts) computes them once per data
// set into a JSON cache; this file holds the logic and the cache's format. Node only.
//
// Per image: face-api's tiny face detector finds the faces in the image with a grey border around it
// (the data sets' faces are crops that often fill the image, and a detector finds a face only when
// it has some background around it, see faceApiDetector.ts), the most confident face is cut out of
// the bordered image (grey where its box leaves the image, as face-api would clip it instead) and
// the landmark network runs on the cuts of several images at once. Points come back in the
// original image's pixels; those of a face reaching past the image's edge (a chin cut off by a
// tight crop) lie outside it, as dlib's would.
import * as tf from '@tensorflow/tfjs-core';
// face-api calls tensor methods (t.as3D(), ...) that only the umbrella package registers.
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import * as faceapi from '@vladmandic/face-api/dist/face-api.esm-nobundle.js';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import sharp from 'sharp';
import type { RgbaImage } from '../../src/crop/preprocess';
import type { ModelSource, WeightsManifest } from '../../src/model/weights';
import { loadWeights } from '../../src/model/weights';
import type { Box } from '../../src/analysis/types';
import { parseCsv, parseCsvRecords } from '../../src/report/parseCsv';
import { FaceApiDetector, type DetectOptions, type DetectorName } from './faceApiDetector';

export type LandmarkPoint = [number, number];
/** 68 points in dlib's order: jaw 0-16, brows 17-26, nose 27-35, eyes 36-47 (the person's right eye first), mouth 48-67. */
export type Landmarks68 = LandmarkPoint[];

export const LANDMARK_MODEL = 'face-api face_landmark_68';
export const LANDMARK_FILE = 'face_landmark_68_model-weights_manifest.json';

/** The cache `npm run landmarks` writes (training/cache/landmarks-<data set>.json), read by the training package. */
export interface LandmarkCache {
  version: 1;
  model: typeof LANDMARK_MODEL;
  /** The data set's folder, as given on the command line. */
  data: string;
  /** Images in `points`. */
  count: number;
  /** Images whose value is null: no face found, or the file could not be decoded. */
  missing: number;
  /** Manifest path (relative to `data`) → 68 [x, y] pairs in the image's pixels, or null. */
  points: Record<string, Landmarks68 | null>;
}

/** Index ranges of dlib's 68-point layout. */
export const LANDMARK_GROUPS = {
  jaw: [0, 17],
  brows: [17, 27],
  nose: [27, 36],
  /** The eye on the image's left (the person's right). */
  leftEye: [36, 42],
  rightEye: [42, 48],
  mouth: [48, 68],
} as const satisfies Record<string, readonly [number, number]>;

export function groupCentre(points: Landmarks68, group: keyof typeof LANDMARK_GROUPS): LandmarkPoint {
  const [from, to] = LANDMARK_GROUPS[group];
  const part = points.slice(from, to);
  return [part.reduce((s, p) => s + p[0], 0) / part.length, part.reduce((s, p) => s + p[1], 0) / part.length];
}

/**
 * How faces are searched: face-api's tiny detector on the image with a grey border of half its
 * longer side, at a 224 px input; where that finds nothing, with wider borders. Measured on 314
 * real crops of faces-v1 and faces-v2 (every 75th/10th of train+val): this finds a face in all but
 * 2 (SSD MobileNet v1 with borders of 0.25 then 1: all but 14, at a tenth of the speed). The two
 * detectors' boxes give landmarks within 4 % of the distance between the eyes of each other
 * (median). A face that fills a tight crop is found only at a small size in the detector's input,
 * hence the border and the small input. Whole runs (real train+val rows, wasm, one thread, on a
 * 2-core machine shared with training): faces-v1 11,615 images at 22 images/s, 229 without a face
 * (223 of them DFDC crops, mostly dark or blurred); faces-v2 1,467 at 19 images/s, 10 without.
 */
export const LANDMARK_DETECT: { detector: DetectorName; options: DetectOptions } = {
  detector: 'tiny',
  options: {
    minScore: 0.3,
    passes: [
      { pad: 0.5, inputSize: 224 },
      { pad: 1, inputSize: 224, onlyIfNoneFound: true },
      { pad: 2, inputSize: 416, onlyIfNoneFound: true },
    ],
  },
};

/**
 * The face's box cut out of the image as an int32 [h, w, 3] tensor, grey (128) wherever the box
 * leaves the image, and where its top-left corner lies in the image (whole pixels, the box rounded
 * outwards).
 */
export function cutFace(image: RgbaImage, box: Box): { tensor: tf.Tensor3D; x: number; y: number } {
  const x = Math.floor(box[0]);
  const y = Math.floor(box[1]);
  const w = Math.max(1, Math.ceil(box[0] + box[2]) - x);
  const h = Math.max(1, Math.ceil(box[1] + box[3]) - y);
  const rgb = new Int32Array(w * h * 3).fill(128);
  for (let row = 0; row < h; row++) {
    const sy = y + row;
    if (sy < 0 || sy >= image.height) continue;
    const x0 = Math.max(0, x);
    const x1 = Math.min(image.width, x + w);
    for (let sx = x0; sx < x1; sx++) {
      const i = (sy * image.width + sx) * 4;
      const j = (row * w + (sx - x)) * 3;
      rgb[j] = image.data[i];
      rgb[j + 1] = image.data[i + 1];
      rgb[j + 2] = image.data[i + 2];
    }
  }
  return { tensor: tf.tensor3d(rgb, [h, w, 3], 'int32'), x, y };
}

export class LandmarkFinder {
  private constructor(
    private detector: FaceApiDetector,
    private net: faceapi.FaceLandmark68Net,
  ) {}

  /** `source` reads face-api's `model/` folder. */
  static async load(source: ModelSource, detect = LANDMARK_DETECT): Promise<LandmarkFinder> {
    const detector = await FaceApiDetector.load(detect.detector, source, detect.options);
    const manifest = (await source.readJson(LANDMARK_FILE)) as WeightsManifest;
    const weights = await loadWeights(source, manifest);
    const net = new faceapi.FaceLandmark68Net();
    // face-api ships its own copy of tfjs-core's type declarations; the tensors are the same.
    net.loadFromWeightMap(weights as unknown as Parameters<faceapi.FaceLandmark68Net['loadFromWeightMap']>[0]);
    return new LandmarkFinder(detector, net);
  }

  /** The most confident face's box in the image's pixels, or null when none is found. */
  async findFace(image: RgbaImage): Promise<Box | null> {
    const found = await this.detector.detect(image);
    if (!found.length) return null;
    return found.reduce((best, d) => (d.score > best.score ? d : best)).box;
  }

  /** The landmarks of the face inside each box (one network run for all of them), in the images' pixels. */
  async landmarksInBoxes(faces: { image: RgbaImage; box: Box }[]): Promise<Landmarks68[]> {
    if (!faces.length) return [];
    const cuts = faces.map((f) => cutFace(f.image, f.box));
    try {
      const input = cuts.map((c) => c.tensor) as unknown as faceapi.TNetInput;
      const out = await this.net.detectLandmarks(input);
      const list = Array.isArray(out) ? out : [out];
      return list.map((lm, i) => lm.positions.map((p): LandmarkPoint => [p.x + cuts[i].x, p.y + cuts[i].y]));
    } finally {
      for (const c of cuts) c.tensor.dispose();
    }
  }

  /** Each image's landmarks, or null where no face is found; the landmark network runs once for the batch. */
  async landmarks(images: RgbaImage[]): Promise<(Landmarks68 | null)[]> {
    const boxes: (Box | null)[] = [];
    for (const image of images) boxes.push(await this.findFace(image));
    const found = images.flatMap((image, i) => (boxes[i] ? [{ image, box: boxes[i] }] : []));
    const points = await this.landmarksInBoxes(found);
    let next = 0;
    return boxes.map((b) => (b ? points[next++] : null));
  }

  dispose(): void {
    this.detector.dispose();
    this.net.dispose();
  }
}

/**
 * An image file's pixels as RGBA, in the orientation its pixels are stored in: the training
 * package reads images with PIL, which does not apply EXIF orientation, so neither does this (unlike
 * src/node/decodeFile.ts, which decodes as the browser does). Greyscale and CMYK files come back as
 * sRGB. Throws on a broken file.
 */
export async function decodeStored(path: string | Buffer): Promise<RgbaImage> {
  const { data, info } = await sharp(path, { failOn: 'error' }).toColourspace('srgb').ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 4) throw new Error(`expected 4 channels after decoding, got ${info.channels}`);
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

/** Rounds to 0.01 px: the cache stays small and nothing a mask needs is lost. */
export const roundPoints = (points: Landmarks68): Landmarks68 => points.map(([x, y]) => [Math.round(x * 100) / 100, Math.round(y * 100) / 100]);

/**
 * The manifest paths of the rows whose label is one of `labels` and split one of `splits`, in the
 * manifest's order, each once.
 */
export function selectRows(manifest: string, labels: string[], splits: string[]): string[] {
  const columns = (parseCsv(manifest)[0] ?? []).map((c) => c.trim());
  for (const c of ['path', 'label', 'split']) if (!columns.includes(c)) throw new Error(`manifest.csv has no ${c} column (it has: ${columns.join(', ')})`);
  const paths = parseCsvRecords(manifest)
    .filter((r) => r.path && labels.includes(r.label) && splits.includes(r.split))
    .map((r) => r.path);
  return [...new Set(paths)];
}

/** The cache of `points`, in `order` (paths missing from `points` are left out). */
export function makeCache(data: string, order: string[], points: Map<string, Landmarks68 | null>): LandmarkCache {
  const out: Record<string, Landmarks68 | null> = {};
  let missing = 0;
  for (const path of order) {
    if (!points.has(path)) continue;
    const p = points.get(path) ?? null;
    out[path] = p;
    if (!p) missing++;
  }
  return { version: 1, model: LANDMARK_MODEL, data, count: Object.keys(out).length, missing, points: out };
}

function isPoints(v: unknown): v is Landmarks68 {
  return Array.isArray(v) && v.length === 68 && v.every((p) => Array.isArray(p) && p.length === 2 && p.every((x) => typeof x === 'number' && Number.isFinite(x)));
}

/**
 * A cache file's points, to resume from, or null when there is no such file or it was made by
 * another model or format version. Entries that are not 68 finite pairs or null are dropped (they
 * are computed again).
 */
export function readCache(file: string): Map<string, Landmarks68 | null> | null {
  if (!existsSync(file)) return null;
  let doc: Partial<LandmarkCache>;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8')) as Partial<LandmarkCache>;
  } catch {
    return null;
  }
  if (doc.version !== 1 || doc.model !== LANDMARK_MODEL || typeof doc.points !== 'object' || doc.points === null) return null;
  const points = new Map<string, Landmarks68 | null>();
  for (const [path, p] of Object.entries(doc.points)) if (p === null || isPoints(p)) points.set(path, p);
  return points;
}

/** Writes the cache as JSON, one image a line, through a temporary file renamed over `file` (never half written). */
export function writeCache(file: string, cache: LandmarkCache): void {
  const { points, ...head } = cache;
  const lines = Object.entries(points).map(([path, p]) => `${JSON.stringify(path)}:${JSON.stringify(p)}`);
  const text = `${JSON.stringify(head).slice(0, -1)},"points":{\n${lines.join(',\n')}\n}}\n`;
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}
