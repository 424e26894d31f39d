// Messages between the analysis worker and its decode worker. Types only.
import type { ImageAnalysis } from './protocol';

export interface DecodeRequest {
  id: number;
  file: Blob;
  inputSize: number;
}

export type DecodeResponse =
  | ({
      id: number;
      ok: true;
      /** HWC float RGB crop, inputSize^2 * 3 values. */
      pixels: Float32Array;
      /** The same crop as RGBA bytes for display. */
      preview: Uint8ClampedArray;
    } & Omit<ImageAnalysis, 'faces'>)
  | { id: number; ok: false; message: string };
