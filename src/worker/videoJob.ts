// A video's analysis in the analysis worker (issue 25): its frames, sampled evenly by the decoder,
// each through the same pipeline as a photo (AnalysisJobs.analyseOpened: faces found, framed,
// AMTENnet, batched with the other jobs' faces), then the faces followed into tracks, one verdict
// per person. No DOM: the worker gives it its decoder and jobs, the tests their own.
import type { OpenedPhoto } from '../analysis/pipeline';
import type { ImageAnalysis } from '../analysis/types';
import type { Judge } from '../analysis/verdict';
import type { SamplingOptions, VideoFrameResult, VideoMeta } from '../analysis/videoTypes';
import { localized, LocalizedError, type Localized } from '../i18n/localized';
import type { OpenedFrame } from '../shared/decodeProtocol';
import { trackFaces, tracksAsFaces } from '../video/tracks';

export interface VideoDecoderCalls {
  open(video: number, file: Blob, sampling: SamplingOptions): Promise<VideoMeta>;
  /** The next sampled frame, kept by the decoder as photo `photo`. */
  next(video: number, photo: number): Promise<OpenedFrame | null>;
  close(video: number): void;
}

export interface VideoJobDeps {
  decoder: VideoDecoderCalls;
  /** One opened frame through the photo pipeline (AnalysisJobs.analyseOpened). */
  analyseFrame(photo: number, open: () => Promise<OpenedPhoto>, signal: AbortSignal): Promise<ImageAnalysis>;
  /** A fresh decoder id (for the clip, and for each frame). */
  nextId(): number;
  /** The model card's judgement (judgeFor), for each person's verdict. */
  judge: Judge;
  /** Frames done of all. */
  progress(done: number, total: number): void;
}

/** Frames between decoding and their faces' verdict at once: the next frames decode while the network runs. */
const FRAMES_IN_FLIGHT = 3;

const decodeFailed = (e: unknown) => e instanceof LocalizedError && e.localized.key === 'videoDecodeFailed';

export async function analyseVideo(file: Blob, sampling: SamplingOptions, deps: VideoJobDeps, signal: AbortSignal): Promise<ImageAnalysis> {
  const video = deps.nextId();
  try {
    const meta = await deps.decoder.open(video, file, sampling);
    signal.throwIfAborted();
    const total = meta.times.length;
    const results: (VideoFrameResult | null)[] = new Array(total).fill(null);
    /** The first frame that could not be decoded (a truncated clip): later ones are not analysed. */
    let brokenAt = total;
    let firstError: unknown = null;
    let detector: string | null = null;
    let done = 0;
    deps.progress(0, total);
    const one = async (k: number) => {
      const photo = deps.nextId();
      let frame: OpenedFrame | null = null;
      try {
        const analysis = await deps.analyseFrame(
          photo,
          async () => {
            frame = await deps.decoder.next(video, photo);
            if (!frame) throw new LocalizedError(localized('videoDecodeFailed', { time: meta.times[k].toFixed(2), detail: 'no frame' }));
            return frame.photo;
          },
          signal,
        );
        const f = frame as OpenedFrame | null;
        detector ??= analysis.detector;
        results[k] = { target: f!.target, time: f!.time, faces: analysis.faces.map(({ box, cropBox, probabilities, score, cropSize, reliability }) => ({ box, cropBox, probabilities, score, cropSize, reliability })) };
      } catch (e) {
        if (signal.aborted) throw signal.reason;
        if (!decodeFailed(e)) throw e;
        if (k < brokenAt) {
          brokenAt = k;
          firstError = e;
        }
      }
      deps.progress(++done, total);
    };
    // Frames are asked for in order (the decoder gives them in order), a few at a time.
    const running = new Set<Promise<void>>();
    let failure: unknown = null;
    for (let k = 0; k < total && k < brokenAt && failure === null; k++) {
      const p = one(k).catch((e) => {
        failure ??= e;
      });
      running.add(p);
      void p.finally(() => running.delete(p));
      if (running.size >= FRAMES_IN_FLIGHT) await Promise.race(running);
    }
    await Promise.all(running);
    if (failure !== null) throw failure;
    signal.throwIfAborted();
    if (brokenAt === 0) throw firstError;
    const frames = results.slice(0, brokenAt) as VideoFrameResult[];
    const warnings: Localized[] = brokenAt < total ? [localized('videoTruncated', { time: meta.times[brokenAt - 1].toFixed(1), n: brokenAt })] : [];
    const tracks = trackFaces(frames, deps.judge);
    return {
      width: meta.width,
      height: meta.height,
      format: `${meta.container} (${meta.codec})`,
      warnings,
      facts: { fileSize: file.size, jpegQuality: null, exif: null },
      reliability: [],
      faces: tracksAsFaces(tracks, frames),
      detector,
      video: { duration: meta.duration, codec: meta.codec, decoder: 'webcodecs', sampling, frames, tracks },
    };
  } finally {
    deps.decoder.close(video);
  }
}
