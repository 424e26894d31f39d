// The gallery: the classroom's photos, labelled ones first. The model's prediction appears under each
// photo as the worker returns it; "Reveal the truth" adds the label of each labelled photo, whether
// the model was right, and where the photo is from with its credit (shown before, a source such as
// "StyleGAN3-R FFHQ sample" would give the answer away). Without a labelled set it says in one line
// how to get one, and still predicts the photos the person added.
import { useEffect } from 'react';
import { NO_CHANGE } from '../crop/whatIf';
import { percent } from '../ui/classText';
import { useClassroomT } from './useClassroomT';
import { judgeFor, verdictCode, type Verdict } from '../analysis/verdict';
import type { CT } from './messages';
import { runInspect } from './run';
import { useClassroom, type ClassroomTab } from './state';
import { localizedError } from '../i18n/localized';
import { FaceImage } from './FaceImage';
import { shownSource } from './faces';

/** Predicts every photo once, one at a time, in gallery order; a photo that fails says why and the rest go on. */
function usePredictions(): void {
  const faces = useClassroom((s) => s.faces);
  useEffect(() => {
    let stop = false;
    void (async () => {
      for (const f of faces) {
        if (stop) return;
        const s = useClassroom.getState();
        if (s.predictions[f.key] || s.failures[f.key]) continue;
        try {
          const r = await runInspect(f, { kind: 'inspect', whatIf: NO_CHANGE, withMaps: false });
          const now = useClassroom.getState();
          now.set({ predictions: { ...now.predictions, [f.key]: r.probabilities }, judge: judgeFor(r.card) });
        } catch (err) {
          const now = useClassroom.getState();
          // Kept as a sentence, said in the page's language when shown.
          now.set({ failures: { ...now.failures, [f.key]: localizedError(err) } });
        }
      }
    })();
    return () => {
      stop = true;
    };
  }, [faces]);
}

/**
 * The model's answer, by the app's verdict rule: the class it names (for a card with a p-manipulated
 * decision, real or the kind the face looks most like), which the truth is compared with.
 */
function modelSays(v: Verdict, t: CT): string {
  const p = percent(v.probability);
  if (v.uncertain) return t('modelSaysUncertain', { label: v.label, p });
  if (v.rule !== 'p-manipulated') return t('modelSays', { label: v.label, p });
  return v.manipulated ? t('modelSaysManipulated', { label: v.label, p }) : t('modelSays', { label: v.label, p });
}

export function Gallery() {
  const t = useClassroomT();
  const { faces, labelled, gallery, reveal, predictions, failures, judge, set } = useClassroom();
  usePredictions();
  const open = (face: number, tab: ClassroomTab) => set({ face, tab, step: 0 });
  const withLabel = faces.filter((f) => f.label !== null);
  const judged = judge ? withLabel.filter((f) => predictions[f.key]) : [];
  const right = judged.filter((f) => judge!.verdict(predictions[f.key]).label === f.label).length;
  const title =
    labelled?.kind === 'gallery' ? t('galleryTitle') : labelled?.kind === 'folder' ? t('folderTitle', { folder: labelled.folder }) : t('ownTitle');
  return (
    <section aria-labelledby="gallery-title" data-testid="classroom-gallery">
      <h3 id="gallery-title">{title}</h3>
      {!labelled && gallery !== 'loading' && <p data-testid="no-gallery">{t('noGallery')}</p>}
      {withLabel.length > 0 && <p>{t('galleryHelp')}</p>}
      {withLabel.length > 0 && (
        <div className="cr-toolbar">
          <label>
            <input type="checkbox" checked={reveal} onChange={(e) => set({ reveal: e.currentTarget.checked })} data-testid="reveal-truth" />{' '}
            {t('revealTruth')}
          </label>
          {reveal && judged.length === withLabel.length && (
            <span data-testid="gallery-score" data-right={right} data-total={judged.length}>
              {t('score', { right, total: judged.length })}
            </span>
          )}
        </div>
      )}
      <ul className="cr-gallery">
        {faces.map((f, i) => {
          const p = predictions[f.key];
          const v = p && judge ? judge.verdict(p) : null;
          const predicted = v ? v.label : null;
          return (
            <li
              key={f.key}
              data-testid="gallery-item"
              data-file={f.key}
              data-predicted={predicted ?? ''}
              data-verdict={v ? verdictCode(v) : ''}
              data-probabilities={p ? JSON.stringify(p) : ''}
            >
              <figure>
                <FaceImage face={f} n={i + 1} reveal={reveal} />
                <figcaption>
                  <strong>{t('faceNumber', { n: i + 1 })}</strong>
                  {failures[f.key] ? (
                    <span role="alert" data-testid="face-failed">
                      {t('runFailed', { message: failures[f.key] })}
                    </span>
                  ) : (
                    <span className="cr-pred" aria-live="polite">
                      {v ? modelSays(v, t) : t('looking')}
                    </span>
                  )}
                  {reveal && f.label !== null && (
                    <span className="cr-truth" data-testid="truth" data-label={f.label} data-correct={predicted === null ? '' : String(predicted === f.label)}>
                      {t('truth', { label: f.label })}
                      {predicted !== null && (
                        <span className={predicted === f.label ? 'cr-right' : 'cr-wrong'}> · {t(predicted === f.label ? 'correct' : 'wrong')}</span>
                      )}
                    </span>
                  )}
                  {shownSource(f, reveal) !== null && (
                    <small className="cr-credit" data-testid="credit">
                      {f.credit ? t('licenceLine', f.credit) : f.label === null ? t('ownPhoto', { name: f.from }) : f.from}
                    </small>
                  )}
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
      {labelled?.kind === 'gallery' && <p className="muted">{t('attributionFile')}</p>}
    </section>
  );
}
