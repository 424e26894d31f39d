// npm run faces-study -- [--data DIR] [--per-source N] [--json FILE]
// Compares the face detectors on faces-v1-like crops and on composed multi-face photos (speed,
// weight size, recall), and measures how faces-v1 frames a face around a detector's box.
// docs/FACES.md keeps its latest output and the choice it led to.
import { statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { useNodeBackend } from '../src/node/tfNode';
import { fsModelSource } from '../src/node/fsModelSource';
import { decodeFileRgba } from '../src/node/decodeFile';
import { composePhoto } from '../src/node/composePhoto';
import { seededRandom } from '../src/model/seededRandom';
import { readDataset, type LabelledImage } from '../src/eval/dataset';
import { DEFAULT_DETECT, DETECTOR_FILES, FaceDetector, type DetectOptions, type DetectorName } from '../src/faces/detector';
import { iou, type Framing } from '../src/faces/framing';
import { findFaces } from '../src/faces/findFaces';
import type { Box } from '../src/worker/protocol';
import sharp from 'sharp';

const { values: args } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/datasets/faces-v1' },
    'per-source': { type: 'string', default: '40' },
    photos: { type: 'string', default: '12' },
    json: { type: 'string' },
  },
});
const FACE_API_MODELS = 'node_modules/@vladmandic/face-api/model';
const perSource = Number(args['per-source']);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};
const round = (x: number, d = 3) => Number(x.toFixed(d));

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
  detector: DetectorName;
  options: DetectOptions;
}
const VARIANTS: Variant[] = [
  { name: 'tiny, 416, no border', detector: 'tiny', options: { minScore: 0.4, passes: [{ inputSize: 416, pad: 0 }] } },
  { name: 'tiny, auto size, border 0.25', detector: 'tiny', options: { minScore: 0.4, passes: [{ inputSize: 0, pad: 0.25 }] } },
  { name: 'tiny, two passes (chosen)', detector: 'tiny', options: DEFAULT_DETECT },
  { name: 'ssd, no border', detector: 'ssd', options: { minScore: 0.4, passes: [{ inputSize: 0, pad: 0 }] } },
];

async function main(): Promise<void> {
  await useNodeBackend('wasm');
  const data = resolve(args.data!);
  const train = sample(readDataset(data, 'train'), perSource, 1);
  const test = sample(readDataset(data, 'test'), perSource, 2);
  const decodedTrain = await Promise.all(train.map((i) => decodeFileRgba(i.path)));
  const decodedTest = await Promise.all(test.map((i) => decodeFileRgba(i.path)));
  // Multi-face photos: 4 to 6 test faces of 80 to 360 px on a 1600 x 1200 background.
  const rand = seededRandom(3);
  const allTest = readDataset(data, 'test');
  const photos = await Promise.all(
    Array.from({ length: Number(args.photos) }, async (_, p) => {
      const n = 4 + Math.floor(rand() * 3);
      const faces = Array.from({ length: n }, () => allTest[Math.floor(rand() * allTest.length)].path);
      const sides = faces.map(() => 80 + Math.floor(rand() * 280));
      const photo = await composePhoto(faces, sides, 1600, 1200, 100 + p);
      const { data: px, info } = await sharp(photo.png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      return { ...photo, image: { width: info.width, height: info.height, data: new Uint8Array(px) } };
    }),
  );

  const results = [];
  for (const v of VARIANTS) {
    const dir = FACE_API_MODELS;
    const detector = await FaceDetector.load(v.detector, fsModelSource(dir));
    const weightBytes = statSync(join(dir, DETECTOR_FILES[v.detector].replace('-weights_manifest.json', '.bin'))).size;
    // Framing on train: the crop side over the box's longer side, and where the box sits. The
    // found faces below are framed with the variant's own measured framing (the app uses 1.6, see framing.ts).
    const ratios = new Map<string, number[]>();
    const shifts = new Map<string, number[]>();
    for (let k = 0; k < train.length; k++) {
      const img = decodedTrain[k];
      const best = (await detector.detect(img, v.options)).sort((a, b) => b.score - a.score)[0];
      if (!best) continue;
      const [, y, w, h] = best.box;
      const side = Math.max(w, h);
      const src = train[k].source;
      ratios.set(src, [...(ratios.get(src) ?? []), Math.min(img.width, img.height) / side]);
      shifts.set(src, [...(shifts.get(src) ?? []), (img.height / 2 - (y + h / 2)) / side]);
    }
    const framing: Framing = {
      scale: round(median([...ratios.values()].map(median)), 2),
      shiftY: round(median([...shifts.values()].map(median)), 2),
    };
    // Recall on test crops: a found face whose framed crop overlaps the whole crop by 0.5.
    let found = 0;
    let ms = 0;
    const perSourceFound: Record<string, number> = {};
    const perSourceCount: Record<string, number> = {};
    for (let k = 0; k < test.length; k++) {
      const img = decodedTest[k];
      const t0 = performance.now();
      const faces = await findFaces(detector, img, img, v.options, framing);
      ms += performance.now() - t0;
      const ok = faces.some((f) => iou(f.box, [0, 0, img.width, img.height]) >= 0.5);
      if (ok) found++;
      const src = test[k].source;
      perSourceFound[src] = (perSourceFound[src] ?? 0) + (ok ? 1 : 0);
      perSourceCount[src] = (perSourceCount[src] ?? 0) + 1;
    }
    // Recall and false alarms on composed photos.
    let truthFaces = 0;
    let hit = 0;
    let located = 0;
    let extra = 0;
    let photoMs = 0;
    for (const p of photos) {
      const t0 = performance.now();
      const crops = (await findFaces(detector, p.image, p.image, v.options, framing)).map((f) => ({ crop: f.box }));
      photoMs += performance.now() - t0;
      const dets = await detector.detect(p.image, v.options);
      truthFaces += p.boxes.length;
      // Located: some detection's centre falls inside the face, however it is framed.
      located += p.boxes.filter((b) => dets.some((d) => {
        const cx = d.box[0] + d.box[2] / 2;
        const cy = d.box[1] + d.box[3] / 2;
        return cx > b[0] && cx < b[0] + b[2] && cy > b[1] && cy < b[1] + b[3];
      })).length;
      const matched = new Set<number>();
      for (const truth of p.boxes) {
        const j = crops.findIndex((c, idx) => !matched.has(idx) && iou(c.crop, truth as Box) >= 0.5);
        if (j >= 0) {
          matched.add(j);
          hit++;
        }
      }
      extra += crops.length - matched.size;
    }
    results.push({
      variant: v.name,
      weightBytes,
      framing,
      framingBySource: Object.fromEntries([...ratios.keys()].map((s) => [s, { scale: round(median(ratios.get(s)!), 2), shiftY: round(median(shifts.get(s)!), 2), found: ratios.get(s)!.length }])),
      cropRecall: round(found / test.length),
      cropRecallBySource: Object.fromEntries(Object.keys(perSourceCount).map((k) => [k, round(perSourceFound[k] / perSourceCount[k])])),
      cropMs: round(ms / test.length, 1),
      photoLocated: round(located / truthFaces),
      photoRecall: round(hit / truthFaces),
      photoFalseAlarms: extra,
      photoMs: round(photoMs / photos.length, 1),
    });
    console.error(JSON.stringify(results.at(-1)));
    detector.dispose();
  }
  const report = { data: args.data, perSource, photos: photos.length, backend: 'wasm (Node, 1 thread)', results };
  console.log(JSON.stringify(report, null, 2));
  if (args.json) writeFileSync(args.json, JSON.stringify(report, null, 2) + '\n');
}

main().catch((e: unknown) => {
  console.error(`faces-study: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
