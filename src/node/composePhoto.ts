// Node-only: builds a test photo by placing face crops on a larger background at known places,
// so detection can be checked against true boxes (faces-study and the end-to-end tests).
import sharp from 'sharp';
import type { Box } from '../analysis/types';
import { seededRandom } from '../crop/seededRandom';

export interface ComposedPhoto {
  png: Buffer;
  width: number;
  height: number;
  /** Where each face crop was placed, in input order. */
  boxes: Box[];
}


/** A soft two-colour gradient with mild noise: a background with no faces and no flat areas. */
async function background(width: number, height: number, rand: () => number): Promise<sharp.Sharp> {
  const px = Buffer.alloc(width * height * 3);
  const a = [rand() * 255, rand() * 255, rand() * 255];
  const b = [rand() * 255, rand() * 255, rand() * 255];
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const f = (x + y) / (width + height);
      for (let c = 0; c < 3; c++) px[(y * width + x) * 3 + c] = a[c] * (1 - f) + b[c] * f + (rand() - 0.5) * 12;
    }
  return sharp(px, { raw: { width, height, channels: 3 } });
}

/**
 * Places each face (a file path or image buffer) as a square of `sides[i]` pixels at a random
 * place that overlaps no other face.
 */
export async function composePhoto(faces: (string | Buffer)[], sides: number[], width: number, height: number, seed: number): Promise<ComposedPhoto> {
  const rand = seededRandom(seed);
  const boxes: Box[] = [];
  for (const side of sides) {
    for (let attempt = 0; ; attempt++) {
      if (attempt > 1000) throw new Error('composePhoto: the faces do not fit on the background');
      const box: Box = [Math.floor(rand() * (width - side)), Math.floor(rand() * (height - side)), side, side];
      const clear = boxes.every((b) => box[0] + side + 8 < b[0] || b[0] + b[2] + 8 < box[0] || box[1] + side + 8 < b[1] || b[1] + b[3] + 8 < box[1]);
      if (clear) {
        boxes.push(box);
        break;
      }
    }
  }
  const layers = await Promise.all(
    faces.map(async (f, i) => ({
      input: await sharp(f).removeAlpha().resize(sides[i], sides[i], { kernel: 'lanczos3' }).toBuffer(),
      left: boxes[i][0],
      top: boxes[i][1],
    })),
  );
  const png = await (await background(width, height, rand)).composite(layers).png().toBuffer();
  return { png, width, height, boxes };
}
