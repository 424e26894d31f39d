// A clip's frames at the sampled times, decoded on this device: mediabunny reads the container
// from the file in pieces (a Blob is sliced, never read whole: a 2 GB clip is not 2 GB of memory)
// and decodes with the browser's WebCodecs; each frame comes out as an ImageBitmap with the
// track's rotation applied, which the decoder then treats exactly as an opened photo.
// Runs in the decode worker (OffscreenCanvas, VideoDecoder).
import { BlobSource, CanvasSink, Input, MATROSKA, MP4, QTFF, WEBM, type InputVideoTrack, type WrappedCanvas } from 'mediabunny';
import { localized, LocalizedError } from '../i18n/localized';
import { sampleTimes } from './sampling';
import { isoBoxesBroken } from './isoBoxes';
import { isSoundOnlyHead } from './sniffMedia';
import type { SamplingOptions, VideoMeta } from '../analysis/videoTypes';

export type { VideoMeta };


export interface DecodedFrame {
  /** The time asked for and the presentation time of the frame decoded for it (seconds from the clip's start). */
  target: number;
  time: number;
  bitmap: ImageBitmap;
}

/**
 * The containers read: MP4 (and M4A, 3GP), QuickTime, WebM and Matroska. Only these demuxers are
 * bundled (mediabunny's others, 60 kB gzip, are for sound-only formats, which need no demuxing to be
 * told they hold no picture: sniffMedia.ts knows them by their first bytes).
 */
const FORMATS = [MP4, QTFF, WEBM, MATROSKA];

const detail = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 200);

/** The clip's one video track, or the specific reason there is none the browser can decode. */
async function videoTrack(input: Input, file: Blob): Promise<InputVideoTrack> {
  try {
    await input.getFormat();
  } catch (e) {
    throw new LocalizedError(localized('videoDamaged', { detail: detail(e) }));
  }
  let track: InputVideoTrack | null;
  try {
    track = await input.getPrimaryVideoTrack();
    if (!track) {
      if ((await input.getAudioTracks()).length > 0) throw new LocalizedError(localized('videoAudioOnly', {}));
      // No track at all: a clip of no length, or a container whose index is missing or unreadable.
      const iso = String.fromCharCode(...new Uint8Array(await file.slice(4, 8).arrayBuffer())) === 'ftyp';
      if (iso && (await isoBoxesBroken(file))) throw new LocalizedError(localized('videoDamaged', { detail: 'no tracks found' }));
      throw new LocalizedError(localized('videoEmpty', {}));
    }
  } catch (e) {
    if (e instanceof LocalizedError) throw e;
    throw new LocalizedError(localized('videoDamaged', { detail: detail(e) }));
  }
  if (typeof VideoDecoder === 'undefined') throw new LocalizedError(localized('videoNoWebCodecs', {}));
  const codec = (await track.getCodec()) ?? (await track.getCodecParameterString()) ?? '?';
  if (!(await track.canDecode())) throw new LocalizedError(localized('videoUnsupportedCodec', { codec }));
  return track;
}

/** An opened clip: its facts, then its sampled frames one after another (decoded in order, so each packet is decoded once). */
export class VideoFrames {
  private constructor(
    private readonly input: Input,
    readonly meta: VideoMeta,
    private readonly frames: AsyncGenerator<WrappedCanvas | null, void, unknown>,
    private readonly start: number,
  ) {}

  private next_ = 0;

  static async open(file: Blob, sampling: SamplingOptions): Promise<VideoFrames> {
    if (file.size === 0) throw new LocalizedError(localized('videoEmpty', {}));
    if (isSoundOnlyHead(new Uint8Array(await file.slice(0, 16).arrayBuffer()))) throw new LocalizedError(localized('videoAudioOnly', {}));
    const input = new Input({ source: new BlobSource(file), formats: FORMATS });
    try {
      const track = await videoTrack(input, file);
      let start: number;
      let end: number;
      try {
        start = await track.getFirstTimestamp();
        end = await track.computeDuration();
      } catch (e) {
        throw new LocalizedError(localized('videoDamaged', { detail: detail(e) }));
      }
      const duration = end - start;
      if (!(duration > 0)) throw new LocalizedError(localized('videoEmpty', {}));
      const times = sampleTimes(duration, sampling);
      const container = (await input.getFormat()).name;
      const codec = (await track.getCodec()) ?? '?';
      // No pool: each frame is copied into its own ImageBitmap at once.
      const sink = new CanvasSink(track);
      const frames = sink.canvasesAtTimestamps(times.map((t) => t + start));
      return new VideoFrames(input, { duration, width: track.displayWidth, height: track.displayHeight, codec, container, times }, frames, start);
    } catch (e) {
      input.dispose();
      throw e;
    }
  }

  /** The next sampled frame; null after the last. A frame that cannot be decoded fails with the time it was asked for. */
  async next(): Promise<DecodedFrame | null> {
    const k = this.next_++;
    if (k >= this.meta.times.length) return null;
    const target = this.meta.times[k];
    let wrapped: IteratorResult<WrappedCanvas | null, void>;
    try {
      wrapped = await this.frames.next();
    } catch (e) {
      throw new LocalizedError(localized('videoDecodeFailed', { time: target.toFixed(2), detail: detail(e) }));
    }
    if (wrapped.done || !wrapped.value) throw new LocalizedError(localized('videoDecodeFailed', { time: target.toFixed(2), detail: 'no frame' }));
    const { canvas, timestamp } = wrapped.value;
    const bitmap = await createImageBitmap(canvas as OffscreenCanvas);
    return { target, time: timestamp - this.start, bitmap };
  }

  close(): void {
    void this.frames.return(undefined).catch(() => {});
    this.input.dispose();
  }
}

/** One frame of the clip, the one shown at `time` seconds from its start (for a panel's crop and Fmt map, or the frame strip). */
export async function frameAt(file: Blob, times: number[], maxSide = Infinity): Promise<{ time: number; bitmap: ImageBitmap }[]> {
  const input = new Input({ source: new BlobSource(file), formats: FORMATS });
  try {
    const track = await videoTrack(input, file);
    const start = await track.getFirstTimestamp();
    const scale = Math.min(1, maxSide / Math.max(track.displayWidth, track.displayHeight));
    const sink = new CanvasSink(track, scale < 1 ? { width: Math.max(1, Math.round(track.displayWidth * scale)), height: Math.max(1, Math.round(track.displayHeight * scale)), fit: 'fill' } : {});
    const out: { time: number; bitmap: ImageBitmap }[] = [];
    for await (const w of sink.canvasesAtTimestamps(times.map((t) => t + start))) {
      if (!w) throw new LocalizedError(localized('videoDecodeFailed', { time: times[out.length].toFixed(2), detail: 'no frame' }));
      out.push({ time: w.timestamp - start, bitmap: await createImageBitmap(w.canvas as OffscreenCanvas) });
    }
    return out;
  } finally {
    input.dispose();
  }
}
