// Node-only: faces that are not looking straight at the camera, cut from the sample photos the
// @vladmandic/face-api npm package ships (MIT, see sampleFaces.ts), for the tests and the faces
// study. Profiles are real: sample2.jpg has a woman in profile (facing left) and sample4.jpg one
// turned three-quarters; each is also mirrored. Tilted faces are frontal sample faces rotated in
// the image plane about the face's centre, cut from the rotated photo so their corners hold the
// photo's own background, never a fill. Nothing cut from them is committed.
import { join } from 'node:path';
import sharp from 'sharp';
import { SAMPLE_PHOTO_DIR } from './sampleFaces';

export type Pose = 'profile' | 'tilted';

export interface PosedFace {
  name: string;
  pose: Pose;
  photo: string;
  /** The face's square in the photo, framed as the frontal fixtures are: x, y, side. */
  square: [number, number, number];
  /** In-plane rotation in degrees, clockwise (tilted faces). */
  tilt?: number;
  /** Mirrored left to right (a profile facing the other way). */
  mirror?: boolean;
}

/** Frontal faces of the sample photos, and the squares that frame them (as SAMPLE_FACES frames sample1-1 and sample3-1). */
const FRONTAL: Record<string, { photo: string; square: [number, number, number] }> = {
  'sample1-1': { photo: 'sample1.jpg', square: [306, 266, 392] },
  'sample3-1': { photo: 'sample3.jpg', square: [480, 224, 431] },
  'sample6-3': { photo: 'sample6.jpg', square: [1046, 201, 458] },
};

const tilted = (face: keyof typeof FRONTAL, tilt: number): PosedFace => ({ name: `${face}-tilt${tilt}.png`, pose: 'tilted', ...FRONTAL[face], tilt });

export const POSED_FACES: PosedFace[] = [
  { name: 'sample2-1-profile.png', pose: 'profile', photo: 'sample2.jpg', square: [220, 76, 372] },
  { name: 'sample2-1-profile-mirrored.png', pose: 'profile', photo: 'sample2.jpg', square: [220, 76, 372], mirror: true },
  { name: 'sample4-1-turned.png', pose: 'profile', photo: 'sample4.jpg', square: [194, 123, 341] },
  { name: 'sample4-1-turned-mirrored.png', pose: 'profile', photo: 'sample4.jpg', square: [194, 123, 341], mirror: true },
  ...[15, 30, 45, 60].flatMap((t) => [tilted('sample1-1', t), tilted('sample3-1', -t), tilted('sample6-3', t)]),
];

/** One posed face as PNG bytes, `side` pixels square. */
export async function posedFace(name: string, side = 224): Promise<Buffer> {
  const face = POSED_FACES.find((f) => f.name === name);
  if (!face) throw new Error(`no posed face ${name} (there are ${POSED_FACES.map((f) => f.name).join(', ')})`);
  const [x, y, s] = face.square;
  let image = sharp(join(SAMPLE_PHOTO_DIR, face.photo));
  if (face.tilt) {
    // Rotate a region large enough that the square's corners stay inside it, then cut the square from its centre.
    const reach = Math.ceil(s * Math.SQRT1_2) + 2;
    const [cx, cy] = [x + s / 2, y + s / 2];
    const region = { left: Math.round(cx - reach), top: Math.round(cy - reach), width: 2 * reach, height: 2 * reach };
    const rotated = await image.extract(region).rotate(face.tilt).toBuffer({ resolveWithObject: true });
    const { width, height } = rotated.info;
    image = sharp(rotated.data).extract({ left: Math.round((width - s) / 2), top: Math.round((height - s) / 2), width: s, height: s });
  } else image = image.extract({ left: x, top: y, width: s, height: s });
  if (face.mirror) image = sharp(await image.toBuffer()).flop();
  return sharp(await image.resize(side, side, { kernel: 'lanczos3' }).toBuffer()).png().toBuffer();
}
