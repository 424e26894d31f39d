// Details of a clip (issue 25): its facts, a card per person followed through it (verdict from
// their frames, a timeline of P(manipulated) with the uncertain band shaded), the strip of frames
// checked, and the chosen frame's faces with the crop the model saw and its Fmt map, as a photo's.
import { useEffect, useState } from 'react';
import type { Item } from '../../state/store';
import { useStore } from '../../state/store';
import { judgeFor, type Judge } from '../../analysis/verdict';
import type { VideoAnalysis } from '../../analysis/videoTypes';
import type { FaceImages } from '../../shared/analysisProtocol';
import { videoFaceImages } from '../../state/videoImages';
import { localizedError, type Localized } from '../../i18n/localized';
import { useT } from '../useT';
import { WarningsList } from '../WarningsList';
import { percent } from '../classText';
import { verdictHeadline } from '../verdictText';
import { VerdictChip } from '../VerdictChip';
import { FactsList } from '../FactsList';
import { FmtMapView } from '../FmtMapView';
import { PixelCanvas } from '../PixelCanvas';
import { ProbabilityBars } from '../ProbabilityBars';
import { Timeline } from './Timeline';
import { FrameStrip } from './FrameStrip';
import { frameFacesText, seconds, videoSummary } from './videoText';
import { bestFace } from '../../video/tracks';
import './video.css';

/** A track's points on its timeline: the time and P(manipulated) of each frame it was seen in. */
export function trackPoints(v: VideoAnalysis, track: number, judge: Judge) {
  return v.tracks[track].members.map(([frame, face]) => ({ frame, time: v.frames[frame].time, pm: judge.pManipulated(v.frames[frame].faces[face].probabilities) ?? 0 }));
}

function FrameFaces({ file, v, frame, judge }: { file: Blob; v: VideoAnalysis; frame: number; judge: Judge }) {
  const t = useT();
  const f = v.frames[frame];
  const [images, setImages] = useState<{ frame: number; faces: FaceImages[] } | { frame: number; failed: Localized } | null>(null);
  useEffect(() => {
    if (f.faces.length === 0) return;
    const stop = new AbortController();
    videoFaceImages(file, f.target, f.faces.map((x) => x.cropBox), stop.signal, v.decoder).then(
      (faces) => stop.signal.aborted || setImages({ frame, faces }),
      (e: unknown) => stop.signal.aborted || setImages({ frame, failed: localizedError(e) }),
    );
    return () => stop.abort();
  }, [file, frame]);
  const shown = images?.frame === frame ? images : null;
  return (
    <section className="video-frame" data-testid="video-frame" data-time={f.time.toFixed(3)}>
      <p className="video-subtitle">
        <strong>{t('videoFrameAt', { time: seconds(f.time) })}</strong> · {frameFacesText(f.faces.length, t)}
      </p>
      {shown && 'failed' in shown && (
        <p className="error-message" role="alert">
          {t('faceImagesFailed', { reason: shown.failed })}
        </p>
      )}
      <div className="video-frame-faces">
        {f.faces.map((face, i) => {
          const track = v.tracks.findIndex((tr) => tr.members.some(([fr, fa]) => fr === frame && fa === i));
          const img = shown && 'faces' in shown ? shown.faces[i] : undefined;
          return (
            <div key={i} className="video-frame-face" data-testid="video-frame-face" data-pm={(judge.pManipulated(face.probabilities) ?? 0).toFixed(6)}>
              <strong>{t('videoTrack', { n: track + 1 })}</strong> <VerdictChip probabilities={face.probabilities} judge={judge} reliability={face.reliability} />
              {img ? (
                <div className="images">
                  <figure>
                    <PixelCanvas pixels={img.crop} size={img.fmt.size} label={t('cropLabel')} testId="video-crop" />
                  </figure>
                  <FmtMapView fmt={img.fmt} crop={img.crop} />
                </div>
              ) : (
                !shown && <p className="muted">{t('faceImagesLoading')}</p>
              )}
              <ProbabilityBars probabilities={face.probabilities} classes={judge.classes} />
            </div>
          );
        })}
      </div>
    </section>
  );
}

export function VideoDetail({ item }: { item: Item }) {
  const t = useT();
  const card = useStore((s) => s.engine.card);
  const a = item.analysis!;
  const v = a.video!;
  const judge = card ? judgeFor(card) : undefined;
  const firstWithFace = Math.max(0, v.frames.findIndex((f) => f.faces.length > 0));
  const [frame, setFrame] = useState(firstWithFace);
  useEffect(() => setFrame(firstWithFace), [item.id]);
  return (
    <section className="detail video-detail" aria-label={t('analysisOf', { name: item.name })} data-testid="result-detail">
      <header>
        <h2 title={item.name}>{item.name}</h2>
      </header>
      <p data-testid="video-summary" data-decoder={v.decoder}>
        {videoSummary(v, t)}
      </p>
      <p className="muted" data-testid="video-decoder">
        {v.decoder === 'webcodecs' ? t('videoDecoderNote', { codec: v.codec }) : t('videoDecoderElement')}
      </p>
      <FactsList analysis={a} size={item.size} />
      <WarningsList warnings={a.warnings} />
      {v.tracks.length === 0 && (
        <p className="no-face" role="status" data-testid="no-face-found">
          {t('videoNoFaces', { n: v.frames.length })}
        </p>
      )}
      {judge &&
        v.tracks.map((track, k) => {
          const { reliability } = bestFace(track, v.frames); // the track's warnings are its best frame's, as in the table
          const verdict = judge.verdict(track.probabilities, reliability);
          return (
            <article key={k} className="video-track" data-testid="video-track" data-verdict={verdict.uncertain ? 'uncertain' : verdict.label} data-share={track.manipulatedShare.toFixed(4)}>
              <p className="video-subtitle">
                <strong>{t('videoTrack', { n: k + 1 })}</strong> <VerdictChip probabilities={track.probabilities} judge={judge} reliability={reliability} />
              </p>
              <p className="muted">
                {verdictHeadline(verdict, t)} ·{' '}
                {t('videoTrackSeen', { start: seconds(track.start), end: seconds(track.end), frames: track.members.length, share: percent(track.manipulatedShare) })}
              </p>
              <Timeline points={trackPoints(v, k, judge)} duration={v.duration} rule={judge.rule} label={t('videoTimeline', { n: k + 1 })} selectedFrame={frame} onSelect={setFrame} />
            </article>
          );
        })}
      <p className="video-subtitle">
        <strong>{t('videoStrip')}</strong>
      </p>
      <FrameStrip file={item.file} decoder={v.decoder} times={v.frames.map((f) => f.target)} shownTimes={v.frames.map((f) => f.time)} selected={frame} onSelect={setFrame} marks={v.frames.map((f) => f.faces.length)} />
      {v.frames.length > 0 && judge && <FrameFaces file={item.file} v={v} frame={Math.min(frame, v.frames.length - 1)} judge={judge} />}
    </section>
  );
}
