// The frames a clip's analysis checked, small, in order (issue 25): made again from the file when
// shown; choosing one shows its faces' crops and Fmt maps below.
import { useEffect, useRef, useState } from 'react';
import { videoStrip } from '../../state/videoImages';
import { localizedError, type Localized } from '../../i18n/localized';
import { useT } from '../useT';
import { frameFacesText, seconds } from './videoText';
import type { VideoAnalysis } from '../../analysis/videoTypes';

const THUMB_SIDE = 96;

function FrameThumb({ bitmap }: { bitmap: ImageBitmap }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    ref.current?.getContext('2d')?.drawImage(bitmap, 0, 0);
  }, [bitmap]);
  return <canvas ref={ref} width={bitmap.width} height={bitmap.height} aria-hidden="true" />;
}

/** The strip's pictures, asked for once per file and times; closed when no longer shown. */
export function useStrip(file: Blob, times: number[], maxSide = THUMB_SIDE, decoder: VideoAnalysis['decoder'] = 'webcodecs') {
  const [state, setState] = useState<{ bitmaps: ImageBitmap[] } | { failed: Localized } | null>(null);
  const key = times.join(',');
  useEffect(() => {
    const stop = new AbortController();
    let got: ImageBitmap[] = [];
    setState(null);
    videoStrip(file, times, maxSide, stop.signal, decoder).then(
      (frames) => {
        got = frames.map((f) => f.bitmap);
        if (stop.signal.aborted) got.forEach((b) => b.close());
        else setState({ bitmaps: got });
      },
      (e: unknown) => stop.signal.aborted || setState({ failed: localizedError(e) }),
    );
    return () => {
      stop.abort();
      got.forEach((b) => b.close());
    };
  }, [file, key, maxSide, decoder]);
  return state;
}

export function FrameStrip({ file, times, shownTimes, selected, onSelect, marks, decoder }: {
  file: Blob;
  /** Each frame's own time, as the person reads it. */
  shownTimes: number[];
  decoder: VideoAnalysis['decoder'];
  times: number[];
  selected: number;
  onSelect(frame: number): void;
  /** How many faces each frame has. */
  marks: number[];
}) {
  const t = useT();
  const strip = useStrip(file, times, THUMB_SIDE, decoder);
  return (
    <div className="frame-strip" role="group" aria-label={t('videoStrip')} data-testid="frame-strip">
      {times.map((_, i) => (
        <button
          key={i}
          type="button"
          className="frame-thumb"
          aria-pressed={i === selected}
          data-testid="strip-frame"
          data-faces={marks[i]}
          title={`${t('videoFrameAt', { time: seconds(shownTimes[i]) })} · ${frameFacesText(marks[i], t)}`}
          onClick={() => onSelect(i)}
        >
          {strip && 'bitmaps' in strip ? <FrameThumb bitmap={strip.bitmaps[i]} /> : <span className="frame-placeholder" />}
          <span className="frame-time">{seconds(shownTimes[i])}</span>
        </button>
      ))}
      {strip && 'failed' in strip && (
        <p className="error-message" role="alert">
          {t('faceImagesFailed', { reason: strip.failed })}
        </p>
      )}
    </div>
  );
}
