// Messages between the analysis worker and its decode worker. Types only; the decoder answers
// each call with a Reply (src/shared/calls.ts).
// The decoder keeps each opened photo between 'open' and 'crop' (or 'release'), so the detector
// searches a small copy while the crops come from the full-resolution pixels.
import type { OpenedPhoto } from '../analysis/pipeline';
import type { Box } from '../analysis/types';
import type { SamplingOptions, VideoMeta } from '../analysis/videoTypes';

/** Calls of the analysis worker to its decoder, each answered by one Reply (src/shared/calls.ts). */
export type DecodeCall =
  /**
   * Opens the photo and keeps it as `photo` until it is cropped or released; its copy for the
   * detector has at most `detectMaxSide` pixels a side (Infinity: the whole photo at full resolution).
   */
  | { kind: 'open'; photo: number; file: Blob; detectMaxSide: number }
  /** Cuts these boxes from the kept photo, then releases it. */
  | { kind: 'crop'; photo: number; boxes: Box[]; inputSize: number }
  /** Video (issue 25): opens the clip as `video`, ready to give its frames at the sampled times. */
  | { kind: 'video-open'; video: number; file: Blob; sampling: SamplingOptions }
  /** The clip's next sampled frame, opened and kept as photo `photo` (to be cropped or released as a photo); null after the last. */
  | { kind: 'video-next'; video: number; photo: number; detectMaxSide: number }
  /** The frame shown at `time` of the clip, opened and kept as photo `photo`, for a panel's crop and Fmt map. */
  | { kind: 'video-frame'; photo: number; file: Blob; time: number; detectMaxSide: number }
  /** Small pictures of the frames at these times (the longer side at most `maxSide`), for the frame strip. */
  | { kind: 'video-strip'; file: Blob; times: number[]; maxSide: number }
  /** A frame the page decoded (the <video> element fallback), kept as photo `photo` as an opened photo is. */
  | { kind: 'video-bitmap'; photo: number; bitmap: ImageBitmap; detectMaxSide: number; format: string; fileSize: number };

export interface ModelCrop {
  /** HWC float RGB crop, inputSize^2 * 3 values. */
  pixels: Float32Array;
  /** The same crop as RGBA bytes for display. */
  preview: Uint8ClampedArray;
}

/** A sampled frame opened as a photo: the time asked for and the frame's own presentation time (seconds). */
export interface OpenedFrame {
  target: number;
  time: number;
  photo: OpenedPhoto;
}

export interface DecodeResults {
  open: OpenedPhoto;
  crop: ModelCrop[];
  'video-open': VideoMeta;
  'video-next': OpenedFrame | null;
  'video-frame': OpenedFrame;
  'video-strip': { time: number; bitmap: ImageBitmap }[];
  'video-bitmap': OpenedPhoto;
}

export type DecodeRequest =
  | { kind: 'call'; id: number; call: DecodeCall }
  | { kind: 'release'; photo: number }
  /** The clip opened as `video` is no longer needed. */
  | { kind: 'video-close'; video: number }
  /** Test hook (issue 24): opening this photo fails as if its pixels could not be allocated. */
  | { kind: 'debug-fault'; photo: number };
