// Details of the selected photo: file facts, reliability warnings, the verdict, the class
// probabilities, the input, the exact crop the model saw and the Fmt map.
import { useStore } from '../state/store';
import { verdictOf } from '../state/verdict';
import { useT } from '../i18n/useT';
import { classDescription, percent } from './classText';
import { FactsList } from './FactsList';
import { FmtMapView } from './FmtMapView';
import { PixelCanvas } from './PixelCanvas';
import { ProbabilityBars } from './ProbabilityBars';
import { reliabilityMessage } from './reliabilityText';
import { useObjectUrl } from './useObjectUrl';

function Original({ file, alt }: { file: File; alt: string }) {
  const url = useObjectUrl(file);
  return url ? <img src={url} alt={alt} className="original" /> : null;
}

export function ResultDetail() {
  const t = useT();
  const lang = useStore((s) => s.lang);
  const item = useStore((s) => s.items.find((i) => i.id === s.selectedId));
  const card = useStore((s) => s.engine.card);
  if (!item) return <section className="detail empty">{t('selectPhoto')}</section>;
  const a = item.analysis;
  const face = a?.faces[0];
  const v = face && card ? verdictOf(face.probabilities, card.classes) : null;
  return (
    <section className="detail" aria-label={t('analysisOf', { name: item.name })} data-testid="result-detail">
      <header>
        <h2 title={item.name}>{item.name}</h2>
      </header>
      <FactsList analysis={a} size={item.size} />
      {item.status === 'error' && (
        <p className="error-message" role="alert" data-testid="item-error">
          <span aria-hidden="true">⚠ </span>
          {item.error}
        </p>
      )}
      {a && a.reliability.length > 0 && (
        <div className="unreliable" data-testid="unreliable">
          <strong>
            <span aria-hidden="true">⚠ </span>
            {t('unreliableTitle')}
          </strong>
          <ul>
            {a.reliability.map((w) => (
              <li key={w.code} data-code={w.code}>
                {reliabilityMessage(w, t)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {a && a.warnings.length > 0 && (
        <ul className="warnings" data-testid="warnings">
          {a.warnings.map((w) => (
            <li key={w}>
              <span aria-hidden="true">⚠ </span>
              {w}
            </li>
          ))}
        </ul>
      )}
      {item.status !== 'done' && item.status !== 'error' && (
        <p className="muted">{item.status === 'cancelled' ? t('cancelledDot') : t('waitingForAnalysis')}</p>
      )}
      {v && face && card && (
        <>
          <div
            className={`verdict ${v.uncertain ? 'uncertain' : v.manipulated ? 'fake' : 'real'}`}
            data-testid="verdict"
            data-verdict={v.uncertain ? 'uncertain' : v.label}
          >
            <strong>{v.uncertain ? t('uncertain') : v.manipulated ? t('likelyManipulated') : t('likelyReal')}</strong>
            <span>
              {v.uncertain
                ? t('uncertainExplain', { label: v.label, p: percent(v.probability) })
                : `${classDescription(v.label, lang)} (${percent(v.probability)}).`}
            </span>
          </div>
          <ProbabilityBars probabilities={face.probabilities} classes={card.classes} />
          {card.metrics?.binaryAccuracy !== undefined && (
            // The model card's measured accuracy, so a confident-looking bar is read for what it is worth.
            <p className="model-accuracy" data-testid="model-accuracy">
              {t('modelAccuracy', {
                n: card.metrics.n,
                split: card.metrics.split,
                binary: percent(card.metrics.binaryAccuracy),
                balanced: percent(card.metrics.balancedAccuracy),
              })}
            </p>
          )}
        </>
      )}
      <div className="panels">
        {item.status !== 'error' && (
          <figure>
            <Original file={item.file} alt={t('photoAlt', { name: item.name })} />
            <figcaption>
              {t('yourPhoto')}
              {a ? ` (${a.width}×${a.height})` : ''}
            </figcaption>
          </figure>
        )}
        {face && (
          <figure>
            <PixelCanvas pixels={face.crop} size={face.cropSize} label={t('cropLabel')} testId="model-crop" />
            <figcaption>{t('whatModelSaw', { box: face.box.join(', '), size: face.cropSize })}</figcaption>
          </figure>
        )}
        {face && <FmtMapView face={face} />}
      </div>
    </section>
  );
}
