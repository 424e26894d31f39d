// Messages between the analysis worker and its decode worker. Types only; the decoder answers
// each call with a Reply (src/shared/calls.ts).
// The decoder keeps each opened photo between 'open' and 'crop' (or 'release'), so the detector
// searches a small copy while the crops come from the full-resolution pixels.
import type { OpenedPhoto } from '../analysis/pipeline';
import type { Box } from '../analysis/types';

/** Calls of the analysis worker to its decoder, each answered by one Reply (src/shared/calls.ts). */
export type DecodeCall =
  /**
   * Opens the photo and keeps it as `photo` until it is cropped or released; its copy for the
   * detector has at most `detectMaxSide` pixels a side (Infinity: the whole photo at full resolution).
   */
  | { kind: 'open'; photo: number; file: Blob; detectMaxSide: number }
  /** Cuts these boxes from the kept photo, then releases it. */
  | { kind: 'crop'; photo: number; boxes: Box[]; inputSize: number };

export interface ModelCrop {
  /** HWC float RGB crop, inputSize^2 * 3 values. */
  pixels: Float32Array;
  /** The same crop as RGBA bytes for display. */
  preview: Uint8ClampedArray;
}

export interface DecodeResults {
  open: OpenedPhoto;
  crop: ModelCrop[];
}

export type DecodeRequest =
  | { kind: 'call'; id: number; call: DecodeCall }
  | { kind: 'release'; photo: number }
  /** Test hook (issue 24): opening this photo fails as if its pixels could not be allocated. */
  | { kind: 'debug-fault'; photo: number };
