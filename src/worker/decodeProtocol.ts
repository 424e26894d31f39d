// Messages between the analysis worker and its decode worker. Types only.
// The decoder keeps each opened photo between 'open' and 'crop' (or 'release'), so the detector
// searches a small copy while the crops come from the full-resolution pixels.
import type { RgbaImage } from '../model/preprocess';
import type { Box, ImageAnalysis } from './protocol';
import type { Localized } from '../i18n/localized';

export type DecodeRequest =
  | { kind: 'open'; id: number; file: Blob; detectMaxSide: number }
  | { kind: 'crop'; id: number; boxes: Box[]; inputSize: number }
  | { kind: 'release'; id: number };

export interface ModelCrop {
  /** HWC float RGB crop, inputSize^2 * 3 values. */
  pixels: Float32Array;
  /** The same crop as RGBA bytes for display. */
  preview: Uint8ClampedArray;
}

export type DecodeResponse =
  | ({
      kind: 'opened';
      id: number;
      ok: true;
      /** The photo scaled to fit detectMaxSide (never up), for the face detector. */
      detectImage: RgbaImage;
    } & Pick<ImageAnalysis, 'width' | 'height' | 'format' | 'warnings' | 'facts'>)
  | { kind: 'cropped'; id: number; ok: true; crops: ModelCrop[] }
  /** Why the photo cannot be analysed, to be said in the person's language. */
  | { kind: 'opened'; id: number; ok: false; problem: Localized }
  | { kind: 'cropped'; id: number; ok: false; problem: Localized };
