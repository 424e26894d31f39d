// A clip in the printable report (issue 25): its summary, and for each person their verdict, the
// timeline of P(manipulated) and the strip of the frames they were seen in, made again from the file.
import { useEffect, useRef } from 'react';
import type { Item } from '../../state/store';
import type { Judge } from '../../analysis/verdict';
import { useT } from '../useT';
import { percent } from '../classText';
import { verdictFigure, verdictHeadline } from '../verdictText';
import { FactsList } from '../FactsList';
import { Timeline } from './Timeline';
import { useStrip } from './FrameStrip';
import { bestFace } from '../../video/tracks';
import { trackPoints } from './VideoDetail';
import { seconds, videoSummary } from './videoText';

function Thumb({ bitmap }: { bitmap: ImageBitmap }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    ref.current?.getContext('2d')?.drawImage(bitmap, 0, 0);
  }, [bitmap]);
  return <canvas ref={ref} width={bitmap.width} height={bitmap.height} className="print-frame" aria-hidden="true" />;
}

export function PrintVideo({ item, judge, onDrawn }: { item: Item; judge: Judge; onDrawn(): void }) {
  const t = useT();
  const a = item.analysis!;
  const v = a.video!;
  const strip = useStrip(item.file, v.frames.map((f) => f.target), 80, v.decoder);
  useEffect(() => {
    if (strip) onDrawn();
  }, [strip]);
  return (
    <article className="print-item" data-testid="print-item" aria-label={item.name}>
      <h3>{item.name}</h3>
      <p>{videoSummary(v, t)}</p>
      <FactsList analysis={a} size={item.size} />
      {v.tracks.length === 0 && <p>{t('videoNoFaces', { n: v.frames.length })}</p>}
      {a.warnings.map((w) => (
        <p key={w.key}>⚠ {t(w)}</p>
      ))}
      {strip && 'failed' in strip && <p className="error-message">{t('faceImagesFailed', { reason: strip.failed })}</p>}
      {v.tracks.map((track, k) => {
        const verdict = judge.verdict(track.probabilities, bestFace(track, v.frames).reliability);
        return (
          <section key={k} className="print-track" data-testid="print-track">
            <p className="print-verdict">
              <strong>
                {t('videoTrack', { n: k + 1 })}: {verdictHeadline(verdict, t)}
              </strong>{' '}
              · {verdictFigure(verdict, t)} ·{' '}
              {t('videoTrackSeen', { start: seconds(track.start), end: seconds(track.end), frames: track.members.length, share: percent(track.manipulatedShare) })}
            </p>
            <Timeline points={trackPoints(v, k, judge)} duration={v.duration} rule={judge.rule} label={t('videoTimeline', { n: k + 1 })} />
            <div className="frame-strip" data-testid="print-track-strip">
              {strip && 'bitmaps' in strip && track.members.map(([f]) => <Thumb key={f} bitmap={strip.bitmaps[f]} />)}
            </div>
          </section>
        );
      })}
    </article>
  );
}
