// Node-only: face crops cut from the sample photos the @vladmandic/face-api npm package ships
// (demo/sample1.jpg … sample6.jpg, MIT licence), read from node_modules when a test, the benchmark
// or the screenshot script needs them. Nothing cut from them is committed: every crop is made again
// from the installed package, so the repository holds no photo of a person.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

/** The package's sample photos: group photos of 2 to 5 people, 1920 px wide. */
export const SAMPLE_PHOTO_DIR = fileURLToPath(new URL('../../node_modules/@vladmandic/face-api/demo/', import.meta.url));
export const samplePhotos = (): string[] => [1, 2, 3, 4, 5, 6].map((i) => join(SAMPLE_PHOTO_DIR, `sample${i}.jpg`));

export interface SampleFace {
  /** File name of the crop: photo, face number in the photo (left to right), format. */
  name: string;
  photo: string;
  /** The square the app frames around this face in the photo (findFaces on the whole photo, measured once): x, y, side. */
  square: [number, number, number];
  /** Side of the written crop in pixels (the sizes faces-v1's crops come in). */
  side: number;
  /** PNG decodes to identical pixels in the browser and in Node; the JPEG checks the JPEG path. */
  format: 'png' | 'jpeg';
}

export const SAMPLE_FACES: SampleFace[] = [
  { name: 'sample1-1.png', photo: 'sample1.jpg', square: [306, 266, 392], side: 128, format: 'png' },
  { name: 'sample3-1.png', photo: 'sample3.jpg', square: [480, 224, 431], side: 160, format: 'png' },
  { name: 'sample3-2.png', photo: 'sample3.jpg', square: [950, 101, 465], side: 224, format: 'png' },
  { name: 'sample6-1.png', photo: 'sample6.jpg', square: [129, 387, 445], side: 224, format: 'png' },
  { name: 'sample6-2.png', photo: 'sample6.jpg', square: [573, 274, 377], side: 256, format: 'png' },
  { name: 'sample4-2.jpg', photo: 'sample4.jpg', square: [554, 0, 391], side: 160, format: 'jpeg' },
];

/**
 * Every face in the sample photos, [x, y, width, height] in the full photo: BlazeFace's boxes,
 * found once and each checked by eye (three to five people per photo, one in profile in sample2).
 */
export const SAMPLE_PHOTO_FACES: Record<string, [number, number, number, number][]> = {
  'sample1.jpg': [[376, 390, 202, 202], [830, 465, 183, 183], [1470, 253, 170, 170]],
  'sample2.jpg': [[310, 193, 192, 192], [887, 237, 227, 227], [1417, 166, 224, 224]],
  'sample3.jpg': [[576, 367, 223, 223], [1046, 240, 249, 249], [1504, 345, 195, 195]],
  'sample4.jpg': [[276, 230, 176, 176], [660, 130, 166, 166], [950, 222, 198, 198], [1257, 195, 185, 185]],
  'sample5.jpg': [[354, 914, 234, 234], [610, 456, 197, 197], [769, 131, 197, 197], [1082, 236, 201, 201], [1374, 428, 227, 227]],
  'sample6.jpg': [[253, 525, 223, 223], [617, 360, 270, 270], [1157, 345, 236, 236], [1453, 299, 243, 243]],
};

/** One face crop as file bytes. */
export async function sampleFace(name: string): Promise<Buffer> {
  const face = SAMPLE_FACES.find((f) => f.name === name);
  if (!face) throw new Error(`no sample face ${name} (there are ${SAMPLE_FACES.map((f) => f.name).join(', ')})`);
  const [left, top, size] = face.square;
  const crop = sharp(join(SAMPLE_PHOTO_DIR, face.photo)).extract({ left, top, width: size, height: size }).resize(face.side, face.side, { kernel: 'lanczos3' });
  return face.format === 'png' ? crop.png().toBuffer() : crop.jpeg({ quality: 90 }).toBuffer();
}

/** Writes every sample face into `dir`; returns their paths, in SAMPLE_FACES order. */
export async function writeSampleFaces(dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const paths = [];
  for (const f of SAMPLE_FACES) {
    const p = join(dir, f.name);
    writeFileSync(p, await sampleFace(f.name));
    paths.push(p);
  }
  return paths;
}
