// The 68-point landmarks of `npm run landmarks`, on face crops cut from face-api's own sample photos
// (src/node/sampleFaces.ts; nothing of them is committed): the points lie on the face in dlib's
// order, they come back in the given image's pixels whether the face fills its crop or has a grey
// border or the photo around it, and the command writes the cache (a broken file → null, resumable).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../src/node/tfNode';
import { fsModelSource } from '../../src/node/fsModelSource';
import { SAMPLE_FACES, SAMPLE_PHOTO_DIR, SAMPLE_PHOTO_FACES, sampleFace } from '../../src/node/sampleFaces';
import type { RgbaImage } from '../../src/crop/preprocess';
import {
  decodeStored,
  groupCentre,
  LANDMARK_MODEL,
  LandmarkFinder,
  makeCache,
  readCache,
  selectRows,
  writeCache,
  type LandmarkCache,
  type Landmarks68,
} from './landmarks';

let finder: LandmarkFinder;

beforeAll(async () => {
  await useNodeBackend('wasm');
  finder = await LandmarkFinder.load(fsModelSource(resolve('node_modules/@vladmandic/face-api/model')));
});

const interocular = (p: Landmarks68) => {
  const [l, r] = [groupCentre(p, 'leftEye'), groupCentre(p, 'rightEye')];
  return Math.hypot(l[0] - r[0], l[1] - r[1]);
};
/** Mean distance between corresponding points, in units of `a`'s distance between the eye centres. */
const meanError = (a: Landmarks68, b: Landmarks68) => a.reduce((s, p, i) => s + Math.hypot(p[0] - b[i][0], p[1] - b[i][1]), 0) / 68 / interocular(a);
const shift = (p: Landmarks68, dx: number, dy: number): Landmarks68 => p.map(([x, y]) => [x + dx, y + dy]);
const rgba = async (s: sharp.Sharp): Promise<RgbaImage> => decodeStored(await s.png().toBuffer());
const photo = (file: string) => sharp(join(SAMPLE_PHOTO_DIR, file));

describe('LandmarkFinder on face crops', () => {
  it.each(SAMPLE_FACES.map((f) => f.name))('%s: 68 points inside the image, eyes above the mouth, the left eye on the left', async (name) => {
    const image = await decodeStored(await sampleFace(name));
    const [points] = await finder.landmarks([image]);
    expect(points).not.toBeNull();
    const p = points!;
    expect(p).toHaveLength(68);
    for (const [x, y] of p) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(image.width);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThanOrEqual(image.height);
    }
    const lowestEye = Math.max(...p.slice(36, 48).map(([, y]) => y));
    const highestMouth = Math.min(...p.slice(48, 68).map(([, y]) => y));
    expect(lowestEye).toBeLessThan(highestMouth);
    expect(groupCentre(p, 'leftEye')[0]).toBeLessThan(groupCentre(p, 'rightEye')[0]);
    // The face is the crop's (framed at 1.9 × the face): its eye centres are about a fifth of the crop apart (measured 0.19-0.21).
    expect(interocular(p) / image.width).toBeGreaterThan(0.14);
    expect(interocular(p) / image.width).toBeLessThan(0.3);
    // The nose tip (30) lies between the eyes and the mouth, the chin (8) below the mouth.
    expect(p[30][1]).toBeGreaterThan(lowestEye - interocular(p) * 0.3);
    expect(p[30][1]).toBeLessThan(highestMouth);
    expect(p[8][1]).toBeGreaterThan(Math.max(...p.slice(48, 68).map(([, y]) => y)));
  });

  // Frontal faces of the sample photos (the profile in sample2 is left out), each cut tight to its box.
  const tight: [string, number][] = [
    ['sample1.jpg', 0],
    ['sample3.jpg', 1],
    ['sample5.jpg', 3],
    ['sample6.jpg', 1],
  ];

  it.each(tight)('%s face %i: a tight crop, the same crop in a grey border and the face in its photo give the same points', async (file, i) => {
    const [x, y, w, h] = SAMPLE_PHOTO_FACES[file][i];
    const meta = await photo(file).metadata();
    const tightCrop = await rgba(photo(file).extract({ left: x, top: y, width: w, height: h }));
    const border = Math.round(w / 2);
    const bordered = await rgba(
      photo(file)
        .extract({ left: x, top: y, width: w, height: h })
        .extend({ top: border, bottom: border, left: border, right: border, background: { r: 128, g: 128, b: 128 } }),
    );
    // The face with its surroundings, as the data sets frame faces (1.9 × the box).
    const side = Math.round(w * 1.9);
    const cx = Math.max(0, Math.min(meta.width! - side, Math.round(x + w / 2 - side / 2)));
    const cy = Math.max(0, Math.min(meta.height! - side, Math.round(y + h / 2 - side / 2)));
    const inPhoto = await rgba(photo(file).extract({ left: cx, top: cy, width: side, height: side }));

    const [t, b, c] = await finder.landmarks([tightCrop, bordered, inPhoto]);
    expect(t && b && c).toBeTruthy();
    // Each in the tight crop's pixels: measured 0.02-0.05 (bordered) and 0.02-0.09 (in the photo).
    expect(meanError(t!, shift(b!, -border, -border))).toBeLessThan(0.1);
    expect(meanError(t!, shift(c!, cx - x, cy - y))).toBeLessThan(0.15);
    // A face filling its crop has its jaw at the crop's edges; the eyes stay inside.
    for (const [px, py] of t!.slice(36, 48)) {
      expect(px).toBeGreaterThan(0);
      expect(px).toBeLessThan(w);
      expect(py).toBeGreaterThan(0);
      expect(py).toBeLessThan(h);
    }
  });

  it('finds no face in an image without one', async () => {
    const noise = Buffer.alloc(160 * 160 * 4);
    for (let i = 0; i < noise.length; i++) noise[i] = i % 4 === 3 ? 255 : (i * 2654435761) >>> 24;
    const grey: RgbaImage = { width: 160, height: 160, data: new Uint8Array(160 * 160 * 4).fill(128) };
    expect(await finder.landmarks([grey, { width: 160, height: 160, data: new Uint8Array(noise) }])).toEqual([null, null]);
  });

  it('decodeStored refuses a truncated file', async () => {
    const bytes = readFileSync(join(SAMPLE_PHOTO_DIR, 'sample1.jpg'));
    await expect(decodeStored(bytes.subarray(0, bytes.length - 2000))).rejects.toThrow();
  });
});

describe('the cache', () => {
  it('selects rows by label and split, in order, once each', () => {
    const manifest = 'path,label,source,split\na.jpg,real,x,train\nb.jpg,identity,x,train\nc.jpg,real,x,test\nd.jpg,real,y,val\na.jpg,real,x,train\n';
    expect(selectRows(manifest, ['real'], ['train', 'val'])).toEqual(['a.jpg', 'd.jpg']);
    expect(() => selectRows('path,label\na.jpg,real\n', ['real'], ['train'])).toThrow(/split/);
  });

  it('writes and reads back, dropping entries that are not 68 points', () => {
    const dir = mkdtempSync(join(tmpdir(), 'landmarks-'));
    const p = Array.from({ length: 68 }, (_, i): [number, number] => [i, i / 2]);
    const cache = makeCache('data', ['b.jpg', 'a.jpg', 'c.jpg'], new Map([['a.jpg', p], ['b.jpg', null]]));
    expect(cache).toMatchObject({ version: 1, model: LANDMARK_MODEL, data: 'data', count: 2, missing: 1 });
    expect(Object.keys(cache.points)).toEqual(['b.jpg', 'a.jpg']);
    const file = join(dir, 'c.json');
    writeCache(file, cache);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(cache);
    expect(readCache(file)).toEqual(new Map<string, Landmarks68 | null>([['b.jpg', null], ['a.jpg', p]]));
    writeFileSync(file, JSON.stringify({ ...cache, points: { 'a.jpg': p.slice(1), 'b.jpg': null } }));
    expect([...readCache(file)!.keys()]).toEqual(['b.jpg']);
    writeFileSync(file, JSON.stringify({ ...cache, model: 'something else' }));
    expect(readCache(file)).toBeNull();
  });
});

describe('npm run landmarks', () => {
  it('writes every selected row, null for a broken file, and resumes', { timeout: 120_000 }, async () => {
    const data = mkdtempSync(join(tmpdir(), 'landmarks-data-'));
    writeFileSync(join(data, 'a.png'), await sampleFace('sample1-1.png'));
    writeFileSync(join(data, 'b.jpg'), await sampleFace('sample4-2.jpg'));
    writeFileSync(join(data, 'broken.jpg'), (await sampleFace('sample4-2.jpg')).subarray(0, 1000));
    writeFileSync(join(data, 'fake.png'), await sampleFace('sample3-1.png'));
    writeFileSync(join(data, 'manifest.csv'), 'path,label,split\na.png,real,train\nbroken.jpg,real,val\nfake.png,identity,train\nb.jpg,real,train\n');
    const out = join(data, 'cache', 'lm.json');
    const run = (...extra: string[]) =>
      spawnSync('npx', ['tsx', 'scripts/landmarks.ts', '--data', data, '--labels', 'real', '--splits', 'train,val', '--out', out, ...extra], { encoding: 'utf8' });

    const first = run('--limit', '2');
    expect(first.status, first.stderr).toBe(0);
    expect(existsSync(out)).toBe(false);
    expect(first.stderr).toMatch(/broken\.jpg.*no landmarks/);
    const second = run();
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/resuming .*2 of 3 images done/);
    expect(existsSync(`${out}.partial`)).toBe(false);
    const cache = JSON.parse(readFileSync(out, 'utf8')) as LandmarkCache;
    expect(cache).toMatchObject({ version: 1, model: LANDMARK_MODEL, data, count: 3, missing: 1 });
    expect(Object.keys(cache.points)).toEqual(['a.png', 'broken.jpg', 'b.jpg']);
    expect(cache.points['broken.jpg']).toBeNull();
    expect(cache.points['a.png']).toHaveLength(68);
    expect(cache.points['b.jpg']).toHaveLength(68);
  });
});
