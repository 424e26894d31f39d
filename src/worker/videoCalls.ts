// The analysis worker's video calls (issue 25): a file whose first bytes are a video (or sound)
// container is analysed as a clip (videoJob.ts) instead of a photo; a frame's crops and Fmt maps,
// and the frame strip, are made again from the file for the panels, as a photo's are.
import { DETECT_MAX_SIDE } from '../analysis/findFaces';
import { judgeFor } from '../analysis/verdict';
import { DEFAULT_SAMPLING, type SamplingOptions } from '../analysis/videoTypes';
import type { Box } from '../analysis/types';
import type { AmtennetClassifier } from '../model/classifier';
import { fmtMagnitudeMap } from '../model/fmt';
import type { DecoderLink } from './decoderLink';
import type { FaceImages } from '../shared/analysisProtocol';
import type { AnalysisJobs } from './analysisJobs';
import { analyseVideo } from './videoJob';

export interface VideoCallDeps {
  jobs: AnalysisJobs;
  model: AmtennetClassifier;
  decoder: Pick<DecoderLink, 'call' | 'send'>;
  progress(key: string, done: number, total: number): void;
}

/** Decoder photo and clip ids of the video calls: apart from the analysis jobs' (call ids) and the face images' (their negatives). */
let nextId = 1_000_000_000;

export class VideoCalls {
  private running = new Map<number, AbortController>();

  constructor(private readonly deps: VideoCallDeps) {}

  /** The clip's analysis; rejects with the signal's reason when the page cancels it (cancel(id)). */
  async analyse(id: number, file: Blob, sampling: SamplingOptions = DEFAULT_SAMPLING, progressKey?: string) {
    const { jobs, model } = this.deps;
    const decoding = this.deps.decoder;
    const stop = new AbortController();
    this.running.set(id, stop);
    try {
      return await analyseVideo(
        file,
        sampling,
        {
          decoder: {
            open: (video, f, s) => decoding.call({ kind: 'video-open', video, file: f, sampling: s }),
            next: (video, photo) => decoding.call({ kind: 'video-next', video, photo, detectMaxSide: DETECT_MAX_SIDE }),
            close: (video) => decoding.send({ kind: 'video-close', video }),
          },
          analyseFrame: (photo, open, signal) => jobs.analyseOpened(photo, open, signal),
          nextId: () => nextId++,
          judge: judgeFor(model.card),
          progress: (done, total) => progressKey !== undefined && this.deps.progress(progressKey, done, total),
        },
        stop.signal,
      );
    } finally {
      this.running.delete(id);
    }
  }

  /** A frame the page decoded through the photo pipeline (cancelled as a clip is, by cancel(id)). */
  async analyseBitmap(id: number, bitmap: ImageBitmap, format: string, fileSize: number) {
    const { jobs } = this.deps;
    const decoding = this.deps.decoder;
    const stop = new AbortController();
    this.running.set(id, stop);
    const photo = nextId++;
    try {
      // The decoder gets a copy; this worker's is closed once sent.
      const open = () => decoding.call({ kind: 'video-bitmap', photo, bitmap, detectMaxSide: DETECT_MAX_SIDE, format, fileSize }).finally(() => bitmap.close());
      return await jobs.analyseOpened(photo, open, stop.signal);
    } finally {
      this.running.delete(id);
    }
  }

  /** The crops and Fmt maps of a frame the page decoded. */
  async bitmapFaceImages(bitmap: ImageBitmap, crops: Box[]): Promise<FaceImages[]> {
    const photo = nextId++;
    await this.deps.decoder.call({ kind: 'video-bitmap', photo, bitmap, detectMaxSide: 1, format: '', fileSize: 0 }).finally(() => bitmap.close());
    return this.cropped(photo, crops);
  }

  /** Returns whether call `id` was a clip's analysis (now stopping). */
  cancel(id: number): boolean {
    const stop = this.running.get(id);
    stop?.abort();
    return !!stop;
  }

  /** The crops and Fmt maps of a frame's faces, cut and computed as the frame's analysis did. */
  async faceImages(file: Blob, time: number, crops: Box[]): Promise<FaceImages[]> {
    const decoding = this.deps.decoder;
    const photo = nextId++;
    await decoding.call({ kind: 'video-frame', photo, file, time, detectMaxSide: 1 });
    return this.cropped(photo, crops);
  }

  private async cropped(photo: number, crops: Box[]): Promise<FaceImages[]> {
    const { model } = this.deps;
    const decoding = this.deps.decoder;
    const cut = await decoding.call({ kind: 'crop', photo, boxes: crops, inputSize: model.inputSize });
    const scores = await model.classify(cut.map((c) => c.pixels));
    return scores.map((s, i) => ({ crop: cut[i].preview, fmt: fmtMagnitudeMap(s.fmt, model.inputSize) }));
  }

  strip(file: Blob, times: number[], maxSide: number) {
    return this.deps.decoder.call({ kind: 'video-strip', file, times, maxSide });
  }
}
