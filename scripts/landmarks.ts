// npm run landmarks -- --data DIR --out FILE [--labels real] [--splits train,val] [--batch 16]
//                      [--backend wasm|cpu] [--limit N] [--fresh]
// The 68 facial landmarks (dlib's order) of every face of a data set's chosen rows, once, for the
// training package's self-blended images (training/tracelens_train/sbi.py reads the file). Reads
// DIR/manifest.csv (columns path, label, split), keeps the rows of the given labels and splits, and
// writes FILE (a LandmarkCache, scripts/lib/landmarks.ts): each path's 68 [x, y] points in the
// stored image's pixels, or null where no face was found or the file could not be decoded.
//
// Resumable: every 500 images the points so far go to FILE.partial (written whole, then renamed);
// a run finds FILE.partial, or else FILE, and computes only the paths they lack. --fresh ignores
// them. TensorFlow.js runs on its wasm backend (SIMD, one thread; tfjs-node cannot be installed
// here), the cpu backend with --backend cpu.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { useNodeBackend, type NodeBackend } from '../src/node/tfNode';
import { fsModelSource } from '../src/node/fsModelSource';
import type { RgbaImage } from '../src/crop/preprocess';
import type { Box } from '../src/analysis/types';
import { decodeStored, LandmarkFinder, makeCache, readCache, roundPoints, selectRows, writeCache, type Landmarks68 } from './lib/landmarks';

const { values: args } = parseArgs({
  options: {
    data: { type: 'string' },
    out: { type: 'string' },
    labels: { type: 'string', default: 'real' },
    splits: { type: 'string', default: 'train,val' },
    batch: { type: 'string', default: '16' },
    backend: { type: 'string', default: 'wasm' },
    /** Only the first N paths still to do (for timing). */
    limit: { type: 'string' },
    fresh: { type: 'boolean', default: false },
  },
});
if (!args.data || !args.out) {
  console.error('usage: npm run landmarks -- --data DIR --out FILE [--labels real] [--splits train,val] [--batch 16] [--backend wasm|cpu] [--limit N] [--fresh]');
  process.exit(2);
}
const data = args.data;
const out = resolve(args.out);
const partial = `${out}.partial`;
const list = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);
const batchSize = Math.max(1, Number(args.batch));
const PROGRESS_EVERY = 500;
const FACE_API_MODELS = 'node_modules/@vladmandic/face-api/model';

const manifestPath = join(data, 'manifest.csv');
if (!existsSync(manifestPath)) throw new Error(`${manifestPath} not found`);
const rows = selectRows(readFileSync(manifestPath, 'utf8'), list(args.labels), list(args.splits));
if (!rows.length) throw new Error(`no rows of labels ${args.labels} and splits ${args.splits} in ${manifestPath}`);

const wanted = new Set(rows);
const points = new Map<string, Landmarks68 | null>();
if (!args.fresh) {
  const from = existsSync(partial) ? partial : out;
  const prior = readCache(from);
  if (prior) {
    for (const [path, p] of prior) if (wanted.has(path)) points.set(path, p);
    console.log(`resuming from ${from}: ${points.size} of ${rows.length} images done`);
  }
}
let todo = rows.filter((p) => !points.has(p));
if (args.limit) todo = todo.slice(0, Number(args.limit));
mkdirSync(dirname(out), { recursive: true });

await useNodeBackend(args.backend as NodeBackend);
const finder = await LandmarkFinder.load(fsModelSource(resolve(FACE_API_MODELS)));
console.log(`${rows.length} images of labels ${args.labels}, splits ${args.splits} in ${data}; ${todo.length} to do (backend ${args.backend}, batches of ${batchSize})`);

const counts = { noFace: 0, unreadable: 0, outside: 0 };
const warn = (path: string, e: unknown) => console.warn(`warning: ${path}: ${e instanceof Error ? e.message : String(e)} (no landmarks)`);

/** Decodes a batch; a file that cannot be decoded is null (with a warning). */
const decode = (paths: string[]): Promise<(RgbaImage | null)[]> =>
  Promise.all(
    paths.map((p) =>
      decodeStored(join(data, p)).catch((e: unknown) => {
        warn(p, e);
        counts.unreadable++;
        return null;
      }),
    ),
  );

async function landmarksOf(paths: string[], images: (RgbaImage | null)[]): Promise<void> {
  const faces: { path: string; image: RgbaImage; box: Box }[] = [];
  for (let i = 0; i < paths.length; i++) {
    const image = images[i];
    if (!image) {
      points.set(paths[i], null);
      continue;
    }
    try {
      const box = await finder.findFace(image);
      if (box) faces.push({ path: paths[i], image, box });
      else {
        points.set(paths[i], null);
        counts.noFace++;
      }
    } catch (e) {
      warn(paths[i], e);
      points.set(paths[i], null);
      counts.unreadable++;
    }
  }
  let found: (Landmarks68 | null)[];
  try {
    found = await finder.landmarksInBoxes(faces);
  } catch {
    // One face broke the batch: each on its own, so only that one is lost.
    found = [];
    for (const f of faces)
      found.push(
        await finder.landmarksInBoxes([f]).then(
          (r) => r[0],
          (e: unknown) => {
            warn(f.path, e);
            counts.unreadable++;
            return null;
          },
        ),
      );
  }
  faces.forEach((f, i) => {
    const p = found[i];
    if (p && p.some(([x, y]) => x < 0 || y < 0 || x > f.image.width || y > f.image.height)) counts.outside++;
    points.set(f.path, p ? roundPoints(p) : null);
  });
}

const t0 = performance.now();
let done = 0;
let nextProgress = PROGRESS_EVERY;
let pending = decode(todo.slice(0, batchSize));
for (let i = 0; i < todo.length; i += batchSize) {
  const paths = todo.slice(i, i + batchSize);
  const images = await pending;
  // The next batch decodes (libvips' threads) while this one runs through the networks.
  pending = decode(todo.slice(i + batchSize, i + 2 * batchSize));
  await landmarksOf(paths, images);
  done += paths.length;
  if (done >= nextProgress || done === todo.length) {
    nextProgress += PROGRESS_EVERY;
    const s = (performance.now() - t0) / 1000;
    const rate = done / s;
    console.log(
      `${done}/${todo.length} images, ${rate.toFixed(1)} images/s, ${counts.noFace} without a face, ${counts.unreadable} unreadable, ` +
        `${Math.round((todo.length - done) / rate)} s left`,
    );
    if (done < todo.length) writeCache(partial, makeCache(data, rows, points));
  }
}
finder.dispose();

const cache = makeCache(data, rows, points);
const complete = cache.count === rows.length;
writeCache(complete ? out : partial, cache);
if (complete) rmSync(partial, { force: true });
const s = (performance.now() - t0) / 1000;
console.log(
  `${complete ? out : partial}: ${cache.count} of ${rows.length} images, ${cache.missing} without landmarks ` +
    `(this run: ${counts.noFace} no face found, ${counts.unreadable} unreadable; ${counts.outside} faces with points past the image's edge); ` +
    `${todo.length} images in ${s.toFixed(0)} s, ${todo.length ? (todo.length / s).toFixed(1) : '-'} images/s`,
);
