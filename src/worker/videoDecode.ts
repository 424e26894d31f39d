// The decode worker's video calls (issue 25): a clip opened with mediabunny (src/video/frameSource.ts)
// gives its sampled frames one by one, each kept as a photo of the decoder (`keep`), so the
// analysis crops it exactly as it crops a photo.
import { answer } from '../shared/calls';
import type { DecodeCall } from '../shared/decodeProtocol';
import type { OpenedPhoto } from '../analysis/pipeline';
import type { VideoFrames } from '../video/frameSource';
import type { VideoMeta } from '../analysis/videoTypes';

/** The demuxer (mediabunny, 63 kB gzip) is fetched with the first clip, never for photos alone. */
const frameSource = () => import('../video/frameSource');

type Keep = (photo: number, bitmap: ImageBitmap, detectMaxSide: number, about: Omit<OpenedPhoto, 'detectImage'>) => OpenedPhoto;
type Guarded = <T>(work: () => Promise<T> | T) => Promise<T>;
type VideoCall = Exclude<DecodeCall, { kind: 'open' | 'crop' }>;

const videos = new Map<number, VideoFrames>();

const post = (reply: unknown, transfer: Transferable[]) => self.postMessage(reply, transfer);

/** What a frame reports of its file, as a photo's opening does: the container and codec, its size; no EXIF. */
function about(meta: Pick<VideoMeta, 'width' | 'height' | 'container' | 'codec'>, fileSize: number): Omit<OpenedPhoto, 'detectImage'> {
  return { width: meta.width, height: meta.height, format: `${meta.container} (${meta.codec})`, warnings: [], facts: { fileSize, jpegQuality: null, exif: null } };
}

export function closeVideo(video: number): void {
  videos.get(video)?.close();
  videos.delete(video);
  sizes.delete(video);
}

const sizes = new Map<number, number>();

export function handleVideo(id: number, call: VideoCall, keep: Keep, guarded: Guarded): Promise<void> {
  const detectCopy = (o: OpenedPhoto) => [o.detectImage.data.buffer as ArrayBuffer];
  switch (call.kind) {
    case 'video-open':
      return answer(id, () =>
        guarded(async () => {
          closeVideo(call.video);
          const frames = await (await frameSource()).VideoFrames.open(call.file, call.sampling);
          videos.set(call.video, frames);
          sizes.set(call.video, call.file.size);
          return frames.meta;
        }),
      post);
    case 'video-next':
      return answer(id, () =>
        guarded(async () => {
          const frames = videos.get(call.video);
          if (!frames) throw new Error('The clip was closed before its frames were read');
          const frame = await frames.next();
          if (!frame) return null;
          // The frame's own size: a clip may change size midway.
          const meta = { ...frames.meta, width: frame.bitmap.width, height: frame.bitmap.height };
          return { target: frame.target, time: frame.time, photo: keep(call.photo, frame.bitmap, call.detectMaxSide, about(meta, sizes.get(call.video) ?? 0)) };
        }),
      post, (f) => (f ? detectCopy(f.photo) : []));
    case 'video-frame':
      return answer(id, () =>
        guarded(async () => {
          const [frame] = await (await frameSource()).frameAt(call.file, [call.time]);
          const meta = { width: frame.bitmap.width, height: frame.bitmap.height, container: '', codec: '' };
          return { target: call.time, time: frame.time, photo: keep(call.photo, frame.bitmap, call.detectMaxSide, about(meta, call.file.size)) };
        }),
      post, (f) => detectCopy(f.photo));
    case 'video-bitmap':
      return answer(id, () =>
        guarded(() => {
          const { bitmap } = call;
          return keep(call.photo, bitmap, call.detectMaxSide, { width: bitmap.width, height: bitmap.height, format: call.format, warnings: [], facts: { fileSize: call.fileSize, jpegQuality: null, exif: null } });
        }),
      post, detectCopy);
    case 'video-strip':
      return answer(id, () => guarded(async () => (await frameSource()).frameAt(call.file, call.times, call.maxSide)), post, (frames) => frames.map((f) => f.bitmap));
  }
}
