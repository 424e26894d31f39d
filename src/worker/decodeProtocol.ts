// Messages between the analysis worker and its decode worker. Types only.
import type { FileFacts } from '../decode/facts';
import type { ReliabilityWarning } from '../decode/reliability';

export interface DecodeRequest {
  id: number;
  file: Blob;
  inputSize: number;
}

export type DecodeResponse =
  | {
      id: number;
      ok: true;
      width: number;
      height: number;
      format: string;
      warnings: string[];
      facts: FileFacts;
      /** Why a verdict on this photo may be unreliable (re-compression, upscaling, tiny face). */
      reliability: ReliabilityWarning[];
      /** HWC float RGB crop, inputSize^2 * 3 values. */
      pixels: Float32Array;
      /** The same crop as RGBA bytes for display. */
      preview: Uint8ClampedArray;
    }
  | { id: number; ok: false; message: string };
