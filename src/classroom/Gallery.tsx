// The gallery: labelled test faces with their credits. The model's prediction appears under each
// face as the worker returns it; "Reveal the truth" adds the label and whether the model was right.
import { useEffect } from 'react';
import { NO_CHANGE } from '../model/whatIf';
import { percent } from '../ui/classText';
import { useClassroomT } from '../i18n/classroom';
import { argmax } from './measure';
import { galleryUrl, runInspect } from './run';
import { useClassroom, type ClassroomTab } from './state';

/** Predicts every gallery face once, one at a time, in gallery order. */
function usePredictions(): void {
  const gallery = useClassroom((s) => s.gallery);
  useEffect(() => {
    if (!gallery) return;
    let stop = false;
    void (async () => {
      for (const e of gallery.entries) {
        if (stop) return;
        if (useClassroom.getState().predictions[e.file]) continue;
        try {
          const r = await runInspect(e.file, { kind: 'inspect', whatIf: NO_CHANGE, withMaps: false });
          const s = useClassroom.getState();
          s.set({ predictions: { ...s.predictions, [e.file]: r.probabilities }, classes: r.card.classes });
        } catch (err) {
          useClassroom.getState().set({ galleryError: err instanceof Error ? err.message : String(err) });
          return;
        }
      }
    })();
    return () => {
      stop = true;
    };
  }, [gallery]);
}

export function Gallery() {
  const t = useClassroomT();
  const { gallery, reveal, predictions, classes, set } = useClassroom();
  usePredictions();
  if (!gallery) return null;
  const open = (face: number, tab: ClassroomTab) => set({ face, tab, step: 0 });
  const judged = gallery.entries.filter((e) => predictions[e.file]);
  const right = judged.filter((e) => classes[argmax(predictions[e.file])] === e.label).length;
  return (
    <section aria-labelledby="gallery-title" data-testid="classroom-gallery">
      <h3 id="gallery-title">{t('galleryTitle')}</h3>
      <p>{t('galleryHelp')}</p>
      <div className="cr-toolbar">
        <label>
          <input type="checkbox" checked={reveal} onChange={(e) => set({ reveal: e.currentTarget.checked })} data-testid="reveal-truth" />{' '}
          {t('revealTruth')}
        </label>
        {reveal && judged.length === gallery.entries.length && (
          <span data-testid="gallery-score" data-right={right} data-total={judged.length}>
            {t('score', { right, total: judged.length })}
          </span>
        )}
      </div>
      <ul className="cr-gallery">
        {gallery.entries.map((e, i) => {
          const p = predictions[e.file];
          const predicted = p ? classes[argmax(p)] : null;
          return (
            <li key={e.file} data-testid="gallery-item" data-file={e.file} data-predicted={predicted ?? ''} data-probabilities={p ? JSON.stringify(p) : ''}>
              <figure>
                <img src={galleryUrl(e.file)} alt={t('faceAlt', { n: i + 1, source: e.source })} width={128} height={128} />
                <figcaption>
                  <strong>{t('faceNumber', { n: i + 1 })}</strong>
                  <span className="cr-pred" aria-live="polite">
                    {p ? t('modelSays', { label: predicted!, p: percent(Math.max(...p)) }) : t('looking')}
                  </span>
                  {reveal && (
                    <span className="cr-truth" data-testid="truth" data-label={e.label} data-correct={predicted === null ? '' : String(predicted === e.label)}>
                      {t('truth', { label: e.label })}
                      {predicted !== null && (
                        <span className={predicted === e.label ? 'cr-right' : 'cr-wrong'}> · {t(predicted === e.label ? 'correct' : 'wrong')}</span>
                      )}
                    </span>
                  )}
                  <small className="cr-credit">
                    {t('licenceLine', { attribution: e.attribution, licence: e.licence })}
                  </small>
                  <span className="cr-actions">
                    <button type="button" onClick={() => open(i, 'walkthrough')}>
                      {t('walkThis', { n: i + 1 })}
                    </button>
                    <button type="button" onClick={() => open(i, 'whatif')}>
                      {t('whatIfThis', { n: i + 1 })}
                    </button>
                  </span>
                </figcaption>
              </figure>
            </li>
          );
        })}
      </ul>
      <p className="muted">{t('attributionFile')}</p>
    </section>
  );
}
