// The <video> element fallback (issue 25): a clip the worker cannot decode with WebCodecs (no
// WebCodecs in this browser, or `?decoder=element`) is decoded here on the page by the browser's
// own <video> element, frame by sampled frame, and each frame goes to the worker through the same
// photo pipeline; the faces are followed and summed up as the worker does for a decoded clip.
// One clip at a time; Cancel stops it between frames.
import type { EngineClient } from './engine';
import type { Item } from './store';
import type { ModelCard } from '../model/modelCard';
import type { ImageAnalysis } from '../analysis/types';
import { judgeFor } from '../analysis/verdict';
import type { SamplingOptions, VideoFrameResult } from '../analysis/videoTypes';
import { localizedError, type Localized } from '../i18n/localized';
import { sampleTimes } from '../video/sampling';
import { trackFaces, tracksAsFaces } from '../video/tracks';
import { openElementVideo } from '../video/elementFrames';

/**
 * The worker's answers that send a clip to the element: no WebCodecs, or a codec WebCodecs cannot
 * decode here (the browser's media player may have a decoder WebCodecs is not given).
 */
export const ELEMENT_FALLBACK_KEYS: ReadonlySet<Localized['key']> = new Set(['videoNoWebCodecs', 'videoUnsupportedCodec']);

/** A clip's analysis from frames the <video> element decoded; `call` is the worker's. */
export async function analyseWithElement(
  file: Blob,
  sampling: SamplingOptions,
  deps: { call: EngineClient['call']; card: ModelCard; progress(done: number, total: number): void; signal: AbortSignal },
): Promise<ImageAnalysis> {
  const video = await openElementVideo(file);
  try {
    const times = sampleTimes(video.duration, sampling);
    const frames: VideoFrameResult[] = [];
    let detector: string | null = null;
    deps.progress(0, times.length);
    for (const [k, target] of times.entries()) {
      deps.signal.throwIfAborted();
      const { time, bitmap } = await video.frameAt(target);
      try {
        const a = await deps.call({ kind: 'analyse-frame', bitmap, format: 'video element', fileSize: file.size }, { signal: deps.signal });
        detector ??= a.detector;
        frames.push({ target, time, faces: a.faces.map(({ box, cropBox, probabilities, score, cropSize, reliability }) => ({ box, cropBox, probabilities, score, cropSize, reliability })) });
      } finally {
        bitmap.close();
      }
      deps.progress(k + 1, times.length);
    }
    const tracks = trackFaces(frames, judgeFor(deps.card));
    return {
      width: video.width,
      height: video.height,
      format: 'video (<video> element)',
      warnings: [],
      facts: { fileSize: file.size, jpegQuality: null, exif: null },
      reliability: [],
      faces: tracksAsFaces(tracks, frames),
      detector,
      video: { duration: video.duration, codec: '?', decoder: 'video-element', sampling, frames, tracks },
    };
  } finally {
    video.close();
  }
}

/** Clips waiting for the element, one analysed at a time. */
export class ElementFallback {
  private chain: Promise<void> = Promise.resolve();
  private stops = new Map<string, AbortController>();

  constructor(
    private readonly deps: {
      call: () => EngineClient['call'];
      card: () => ModelCard | undefined;
      item: (id: string) => Item | undefined;
      sampling: () => SamplingOptions;
      update: (id: string, patch: Partial<Item>) => void;
    },
  ) {}

  /** Takes the clip over from the worker; false when this answer is not for the element. */
  take(itemId: string, message: Localized): boolean {
    if (!ELEMENT_FALLBACK_KEYS.has(message.key) || typeof document === 'undefined') return false;
    const item = this.deps.item(itemId);
    const card = this.deps.card();
    if (!item || !card) return false;
    const stop = new AbortController();
    this.stops.set(itemId, stop);
    this.deps.update(itemId, { status: 'analysing' });
    this.chain = this.chain.then(async () => {
      try {
        if (stop.signal.aborted) return;
        const call = this.deps.call();
        const analysis = await analyseWithElement(item.file, this.deps.sampling(), {
          call: call as EngineClient['call'],
          card,
          progress: (done, total) => this.deps.update(itemId, { progress: { done, total } }),
          signal: stop.signal,
        });
        if (!stop.signal.aborted) this.deps.update(itemId, { status: 'done', analysis, error: undefined });
      } catch (e) {
        // Neither could decode the codec: the worker's message names it, the element's cannot.
        const failed = localizedError(e);
        const error = failed.key === 'videoUnsupportedCodec' && message.key === 'videoUnsupportedCodec' ? message : failed;
        if (!stop.signal.aborted) this.deps.update(itemId, { status: 'error', error });
      } finally {
        this.stops.delete(itemId);
      }
    });
    return true;
  }

  /** Stops every clip waiting for, or in, the element; returns their items. */
  cancel(): string[] {
    const ids = [...this.stops.keys()];
    for (const s of this.stops.values()) s.abort();
    this.stops.clear();
    return ids;
  }
}
