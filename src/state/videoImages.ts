// What the video panels and the printable report ask the worker for (issue 25), made again from
// the person's file as a photo's crops are: small pictures of the sampled frames (the strip), and
// a frame's crops and Fmt maps. Results keep none of them.
import type { Box } from '../analysis/types';
import type { FaceImages } from '../shared/analysisProtocol';
import { startEngine } from './pageEngine';

/** The frames at these times, their longer side at most `maxSide` px. */
export function videoStrip(file: Blob, times: number[], maxSide: number, signal?: AbortSignal): Promise<{ time: number; bitmap: ImageBitmap }[]> {
  return startEngine().call({ kind: 'video-strip', file, times, maxSide }, { signal });
}

/** The crops the model saw of the frame at `time`, and their Fmt maps. */
export function videoFaceImages(file: Blob, time: number, crops: Box[], signal?: AbortSignal): Promise<FaceImages[]> {
  return startEngine().call({ kind: 'video-face-images', file, time, crops }, { signal });
}
