// What the video panels and the printable report ask for (issue 25), made again from the
// person's file as a photo's crops are: small pictures of the sampled frames (the strip), and a
// frame's crops and Fmt maps. Results keep none of them. A clip the worker decoded (WebCodecs)
// is decoded there again; one the page's <video> element decoded, by the element again.
import type { Box } from '../analysis/types';
import type { VideoAnalysis } from '../analysis/videoTypes';
import type { FaceImages } from '../shared/analysisProtocol';
import { openElementVideo } from '../video/elementFrames';
import { startEngine } from './pageEngine';

type Decoder = VideoAnalysis['decoder'];

/** The frames at these times, their longer side at most `maxSide` px. */
export async function videoStrip(file: Blob, times: number[], maxSide: number, signal?: AbortSignal, decoder: Decoder = 'webcodecs'): Promise<{ time: number; bitmap: ImageBitmap }[]> {
  if (decoder === 'webcodecs') return startEngine().call({ kind: 'video-strip', file, times, maxSide }, { signal });
  const video = await openElementVideo(file);
  const out: { time: number; bitmap: ImageBitmap }[] = [];
  try {
    for (const t of times) {
      signal?.throwIfAborted();
      out.push(await video.frameAt(t, maxSide));
    }
    return out;
  } catch (e) {
    out.forEach((f) => f.bitmap.close());
    throw e;
  } finally {
    video.close();
  }
}

/** The crops the model saw of the frame at `time`, and their Fmt maps. */
export async function videoFaceImages(file: Blob, time: number, crops: Box[], signal?: AbortSignal, decoder: Decoder = 'webcodecs'): Promise<FaceImages[]> {
  if (decoder === 'webcodecs') return startEngine().call({ kind: 'video-face-images', file, time, crops }, { signal });
  const [{ bitmap }] = await videoStrip(file, [time], Infinity, signal, decoder);
  try {
    return await startEngine().call({ kind: 'bitmap-face-images', bitmap, crops }, { signal });
  } finally {
    bitmap.close();
  }
}
