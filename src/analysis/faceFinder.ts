// What every face detector gives the detect-and-frame path (findFaces.ts): tight face boxes in the
// pixels of the image it searched, and how its boxes are framed into the square the model sees.
import type { RgbaImage } from '../crop/preprocess';
import type { Framing } from '../crop/framing';

export interface Detection {
  /** [x, y, width, height] of the face as the detector found it, in the searched image's pixels. */
  box: [number, number, number, number];
  score: number;
}

export interface FaceFinder {
  /** Goes into each photo's result and the exports. */
  readonly name: string;
  /** How this detector's boxes are framed as faces-v1 frames its faces (measured by `npm run faces-study`). */
  readonly framing: Framing;
  /** Every face in the image, each once. */
  detect(image: RgbaImage): Promise<Detection[]>;
  dispose(): void;
}
