// Details of the selected photo: file facts, reliability warnings, the verdict, the class
// probabilities, the input, the exact crop the model saw and the Fmt map.
import { useEffect, useState } from 'react';
import { useStore } from '../state/store';
import { analyseRegion } from '../state/pageEngine';
import { headlineFaceIndex } from '../analysis/faces';
import type { Box, FaceOrigin } from '../analysis/types';
import { FaceBoxes } from './FaceBoxes';
import { judgeFor, verdictTone } from '../analysis/verdict';
import { reliabilitySentence } from '../analysis/reliability';
import { useT, type T } from './useT';
import { WarningsList } from './WarningsList';
import { percent } from './classText';
import { verdictExplanation, verdictHeadline } from './verdictText';
import { FactsList } from './FactsList';
import { FmtMapView } from './FmtMapView';
import { PixelCanvas } from './PixelCanvas';
import { ProbabilityBars } from './ProbabilityBars';
import { useObjectUrl } from './useObjectUrl';
import { useFaceImages, type FaceImagesState } from './useFaceImages';
import { VideoDetail } from './video/VideoDetail';

function Original({ file, alt }: { file: File; alt: string }) {
  const url = useObjectUrl(file);
  return url ? <img src={url} alt={alt} className="original" /> : null;
}

/** Where the crop and Fmt map will be while the worker makes them again, or why it could not. */
function ImagesPending({ state }: { state: FaceImagesState | null }) {
  const t = useT();
  if (state?.status === 'failed')
    return (
      <p className="error-message" role="alert" data-testid="face-images-failed">
        <span aria-hidden="true">⚠ </span>
        {t('faceImagesFailed', { reason: state.message })}
      </p>
    );
  return (
    <p className="images-pending muted" role="status" data-testid="face-images-loading">
      {t('faceImagesLoading')}
    </p>
  );
}

/** A face's origin in words: detected (with the detector's confidence), whole image, or the person's box. */
function originText(origin: FaceOrigin, score: number | undefined, t: T): string {
  if (origin === 'detected') return t('faceOrigin_detected', { score: Math.round((score ?? 0) * 100) });
  if (origin === 'whole-image') return t('faceOrigin_whole');
  if (origin === 'drawn') return t('faceOrigin_drawn');
  return t('faceOrigin_adjusted');
}

export function ResultDetail() {
  const t = useT();
  const lang = useStore((s) => s.lang);
  const item = useStore((s) => s.items.find((i) => i.id === s.selectedId));
  const card = useStore((s) => s.engine.card);
  const a = item?.analysis;
  const images = useFaceImages(item);
  const judge = card ? judgeFor(card) : undefined;
  const classes = judge?.classes ?? [];
  const [faceIndex, setFaceIndex] = useState(0);
  const [draft, setDraft] = useState<Box | null>(null);
  const [drawing, setDrawing] = useState(false);
  // A new photo opens on its most suspicious face; a re-run keeps the face chosen.
  useEffect(() => {
    setFaceIndex(a ? Math.max(0, headlineFaceIndex(a.faces, classes)) : 0);
    setDraft(null);
    setDrawing(false);
  }, [item?.id]);
  useEffect(() => {
    if (!drawing) return;
    const onKey = (e: globalThis.KeyboardEvent) => e.key === 'Escape' && setDrawing(false);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [drawing]);
  if (!item) return <section className="detail empty">{t('selectPhoto')}</section>;
  if (a?.video) return <VideoDetail item={item} />;
  const faceCount = a?.faces.length ?? 0;
  const shown = Math.min(faceIndex, Math.max(0, faceCount - 1));
  const face = a?.faces[shown];
  const shownImages = images?.status === 'ready' ? images.faces[shown] : undefined;
  const busy = item.status === 'analysing' || item.status === 'queued';
  const rerun = () => {
    if (!draft || !face) return;
    analyseRegion(item.id, { box: draft, origin: face.origin === 'drawn' ? 'drawn' : 'adjusted' }, shown);
    setDraft(null);
  };
  const onDrawn = (box: Box) => {
    setDrawing(false);
    analyseRegion(item.id, { box, origin: 'drawn' }, faceCount);
    setFaceIndex(faceCount);
  };
  const warningsShown = a ? [...a.reliability, ...(face?.reliability ?? [])] : [];
  const v = face && judge ? judge.verdict(face.probabilities, face.reliability) : null;
  return (
    <section className="detail" aria-label={t('analysisOf', { name: item.name })} data-testid="result-detail">
      <header>
        <h2 title={item.name}>{item.name}</h2>
      </header>
      <FactsList analysis={a} size={item.size} />
      {item.status === 'error' && (
        <p className="error-message" role="alert" data-testid="item-error">
          <span aria-hidden="true">⚠ </span>
          {item.error ? t(item.error) : t('statusError')}
        </p>
      )}
      {a && warningsShown.length > 0 && (
        <div className="unreliable" data-testid="unreliable">
          <strong>
            <span aria-hidden="true">⚠ </span>
            {t('unreliableTitle')}
          </strong>
          <ul>
            {warningsShown.map((w) => (
              <li key={w.code} data-code={w.code}>
                {t(reliabilitySentence(w))}
              </li>
            ))}
          </ul>
        </div>
      )}
      {a && <WarningsList warnings={a.warnings} />}
      {item.status !== 'done' && item.status !== 'error' && (
        <p className="muted">{item.status === 'cancelled' ? t('cancelledDot') : t('waitingForAnalysis')}</p>
      )}
      {a && item.status !== 'error' && faceCount === 0 && (
        <div className="no-face" role="status" data-testid="no-face-found">
          <strong>{t('noFaceTitle')}</strong>
          <p>{t('noFaceExplain')}</p>
          <div className="button-row">
            <button type="button" disabled={busy} onClick={() => analyseRegion(item.id, { box: [0, 0, a.width, a.height], origin: 'whole-image' }, 0)}>
              {t('analyseWholeImage')}
            </button>
            <button type="button" className="secondary" disabled={busy} aria-pressed={drawing} onClick={() => setDrawing(!drawing)}>
              {drawing ? t('cancelDraw') : t('drawBox')}
            </button>
          </div>
        </div>
      )}
      {a && faceCount > 1 && (
        <div className="face-tabs" role="group" aria-label={t('faceTabs')}>
          {a.faces.map((f, i) => {
            const fv = judge ? judge.verdict(f.probabilities, f.reliability) : null;
            return (
              <button
                key={i}
                type="button"
                className="secondary"
                aria-pressed={i === shown}
                data-testid="face-tab"
                onClick={() => {
                  setFaceIndex(i);
                  setDraft(null);
                }}
              >
                {t('faceN', { n: i + 1 })}
                {fv && <span className="muted"> · {fv.uncertain ? t('uncertain') : fv.label}</span>}
              </button>
            );
          })}
        </div>
      )}
      {face && (
        <p className="face-origin muted" data-testid="face-origin" data-origin={face.origin}>
          {faceCount > 1 ? `${t('faceN', { n: shown + 1 })}: ` : ''}
          {originText(face.origin, face.score, t)}
        </p>
      )}
      {v && face && card && (
        <>
          <div
            className={`verdict ${verdictTone(v)}`}
            data-testid="verdict"
            data-verdict={v.uncertain ? 'uncertain' : v.label}
            data-manipulated={String(v.manipulated)}
          >
            <strong>{verdictHeadline(v, t)}</strong>
            <span>{verdictExplanation(v, judge?.rule, t, lang)}</span>
          </div>
          <ProbabilityBars probabilities={face.probabilities} classes={card.classes} />
          {card.decision && card.metrics?.decision && card.metrics.aucPManipulated !== undefined ? (
            // A card with a p-manipulated decision: what that decision did on the test faces.
            <p className="model-accuracy" data-testid="model-accuracy">
              {t('modelAccuracyDecision', {
                n: card.metrics.n,
                split: card.metrics.split,
                auc: percent(card.metrics.aucPManipulated),
                stated: percent(card.metrics.decision.statedShare),
                right: percent(card.metrics.decision.statedRight ?? 0),
                falseAlarms: percent(card.metrics.decision.realStatedManipulated ?? 0),
              })}
            </p>
          ) : card.metrics?.binaryAccuracy !== undefined && (
            // The model card's measured accuracy, so a confident-looking bar is read for what it is worth.
            <p className="model-accuracy" data-testid="model-accuracy">
              {t('modelAccuracy', {
                n: card.metrics.n,
                split: card.metrics.split,
                binary: percent(card.metrics.binaryAccuracy),
                balanced: percent(card.metrics.balancedAccuracy),
              })}
              {card.metrics.realFalseAlarmRate !== undefined && ` ${t('modelFalseAlarms', { rate: percent(card.metrics.realFalseAlarmRate) })}`}
            </p>
          )}
        </>
      )}
      <div className="panels">
        {item.status !== 'error' && (
          <figure className="photo-figure">
            {a ? (
              <FaceBoxes
                file={item.file}
                alt={t('photoAlt', { name: item.name })}
                width={a.width}
                height={a.height}
                faces={a.faces}
                selected={shown}
                onSelect={(i) => {
                  setFaceIndex(i);
                  setDraft(null);
                }}
                draft={draft}
                onDraft={setDraft}
                onDrawn={drawing ? onDrawn : null}
              />
            ) : (
              <Original file={item.file} alt={t('photoAlt', { name: item.name })} />
            )}
            <figcaption>
              {t('yourPhoto')}
              {a ? ` (${a.width}×${a.height})` : ''}
              {drawing && <span className="draw-hint"> · {t('drawBoxHint')}</span>}
            </figcaption>
            {a && (
              <div className="button-row">
                {draft && face && (
                  <>
                    <button type="button" disabled={busy} onClick={rerun} data-testid="rerun-face">
                      {t('rerunFace', { n: shown + 1 })}
                    </button>
                    <button type="button" className="secondary" onClick={() => setDraft(null)}>
                      {t('resetBox')}
                    </button>
                  </>
                )}
                {faceCount > 0 && (
                  <button type="button" className="secondary" disabled={busy} aria-pressed={drawing} onClick={() => setDrawing(!drawing)}>
                    {drawing ? t('cancelDraw') : t('addFace')}
                  </button>
                )}
              </div>
            )}
          </figure>
        )}
        {face && (
          <figure>
            {shownImages ? (
              <PixelCanvas pixels={shownImages.crop} size={face.cropSize} label={t('cropLabel')} testId="model-crop" />
            ) : (
              <ImagesPending state={images} />
            )}
            <figcaption>{t('whatModelSaw', { box: face.cropBox.join(', '), size: face.cropSize })}</figcaption>
          </figure>
        )}
        {shownImages && <FmtMapView fmt={shownImages.fmt} crop={shownImages.crop} />}
      </div>
    </section>
  );
}
