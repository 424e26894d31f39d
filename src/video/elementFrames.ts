// A clip's frames from the browser's <video> element: the fallback where WebCodecs cannot decode
// it (a browser without WebCodecs, a codec only its media pipeline plays). Runs on the page (the
// element is DOM); the element streams the file from an object URL, so it is not read whole. Each
// frame is sought, then copied into an ImageBitmap that goes to the worker like a decoded frame.
// The element says where it sought, not which frame it shows: a frame's time is the time asked for.
import { localized, LocalizedError } from '../i18n/localized';

export interface ElementVideo {
  duration: number;
  width: number;
  height: number;
  /** The frame shown at `time` seconds, its longer side at most `maxSide`. */
  frameAt(time: number, maxSide?: number): Promise<{ time: number; bitmap: ImageBitmap }>;
  close(): void;
}

const SEEK_TIMEOUT_MS = 15_000;

function once(el: HTMLVideoElement, ok: string, timeoutMs: number, what: () => LocalizedError): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (f: () => void) => {
      clearTimeout(timer);
      el.removeEventListener(ok, onOk);
      el.removeEventListener('error', onError);
      f();
    };
    const onOk = () => done(resolve);
    const onError = () => done(() => reject(mediaError(el)));
    const timer = setTimeout(() => done(() => reject(what())), timeoutMs);
    el.addEventListener(ok, onOk);
    el.addEventListener('error', onError);
  });
}

function mediaError(el: HTMLVideoElement): LocalizedError {
  const e = el.error;
  if (e?.code === MediaError.MEDIA_ERR_SRC_NOT_SUPPORTED) return new LocalizedError(localized('videoUnsupportedCodec', { codec: e.message || '?' }));
  return new LocalizedError(localized('videoDamaged', { detail: e?.message || 'the video element could not read it' }));
}

export async function openElementVideo(file: Blob): Promise<ElementVideo> {
  const url = URL.createObjectURL(file);
  const el = document.createElement('video');
  el.muted = true;
  el.preload = 'auto';
  el.src = url;
  const close = () => {
    el.removeAttribute('src');
    el.load();
    URL.revokeObjectURL(url);
  };
  try {
    await once(el, 'loadeddata', SEEK_TIMEOUT_MS, () => new LocalizedError(localized('videoDamaged', { detail: 'no frame in time' })));
    if (el.videoWidth === 0) throw new LocalizedError(localized('videoAudioOnly', {}));
    const duration = el.duration;
    if (!(duration > 0)) throw new LocalizedError(localized('videoEmpty', {}));
    if (!Number.isFinite(duration)) throw new LocalizedError(localized('videoDamaged', { detail: 'unknown length' }));
    return {
      duration,
      width: el.videoWidth,
      height: el.videoHeight,
      async frameAt(time, maxSide = Infinity) {
        el.currentTime = time;
        await once(el, 'seeked', SEEK_TIMEOUT_MS, () => new LocalizedError(localized('videoDecodeFailed', { time: time.toFixed(2), detail: 'seek timed out' })));
        const scale = Math.min(1, maxSide / Math.max(el.videoWidth, el.videoHeight));
        const bitmap = await createImageBitmap(el, scale < 1 ? { resizeWidth: Math.max(1, Math.round(el.videoWidth * scale)), resizeHeight: Math.max(1, Math.round(el.videoHeight * scale)), resizeQuality: 'medium' } : {});
        return { time, bitmap };
      },
      close,
    };
  } catch (e) {
    close();
    throw e;
  }
}
