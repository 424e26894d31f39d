// The printable report of the rows the table shows (current filter and order): for each photo
// the crop the model saw, its verdict, probabilities, facts, warnings and Fmt map; then the model
// card. The print stylesheet hides everything else, so the browser's Print gives a clean document.
import type { UncertainBand } from '../model/modelCard';
import { useStore, type Item } from '../state/store';
import { describeFilter } from '../state/triage';
import { verdictOf } from '../state/verdict';
import { reliabilitySentence } from '../decode/reliability';
import { useT } from '../i18n/useT';
import { percent } from './classText';
import { FactsList } from './FactsList';
import { FmtMapView } from './FmtMapView';
import { ModelCardView } from './ModelCardView';
import { PixelCanvas } from './PixelCanvas';
import { STATUS_KEY } from './statusText';
import { useVisibleRows } from './useVisibleRows';
import { allReliability, headlineFace } from '../state/faces';

function PrintItem({ item, classes, band }: { item: Item; classes: string[]; band?: UncertainBand }) {
  const t = useT();
  const a = item.status === 'done' ? item.analysis : undefined;
  const face = headlineFace(a, classes);
  const reliability = a ? allReliability(a) : [];
  const v = face ? verdictOf(face.probabilities, classes, band) : null;
  return (
    <article className="print-item" data-testid="print-item" aria-label={item.name}>
      <h3>{item.name}</h3>
      <div className="print-item-body">
        {face && <PixelCanvas pixels={face.crop} size={face.cropSize} label={t('cropLabel')} className="print-thumb" />}
        <div>
          <p className="print-verdict">
            <strong>{v ? (v.uncertain ? t('uncertain') : v.manipulated ? t('likelyManipulated') : t('likelyReal')) : t(STATUS_KEY[item.status])}</strong>
            {v && ` · ${v.label} ${percent(v.probability)}`}
          </p>
          {item.error && <p className="error-message">{t(item.error)}</p>}
          {face && (
            <table className="print-probs">
              <caption className="visually-hidden">{t('probabilities')}</caption>
              <thead>
                <tr>
                  {classes.map((c) => (
                    <th key={c} scope="col">
                      {c}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                <tr>
                  {classes.map((c, k) => (
                    <td key={c}>{percent(face.probabilities[k])}</td>
                  ))}
                </tr>
              </tbody>
            </table>
          )}
          {face && <p className="print-boxes">{t('printFaceBoxes', { box: face.box.join(', '), crop: face.cropBox.join(', ') })}</p>}
          <FactsList analysis={a} size={item.size} />
          {a && a.faces.length !== 1 && <p>{a.faces.length ? t('facesCount', { n: a.faces.length }) : t('noFaceShort')}</p>}
          {a && (reliability.length > 0 || a.warnings.length > 0) && (
            <ul className="warnings">
              {reliability.map((w, i) => (
                <li key={i}>⚠ {t(reliabilitySentence(w))}</li>
              ))}
              {a.warnings.map((w) => (
                <li key={w.key}>⚠ {t(w)}</li>
              ))}
            </ul>
          )}
        </div>
        {face && <FmtMapView face={face} controls={false} />}
      </div>
    </article>
  );
}

export function PrintReport() {
  const t = useT();
  const rows = useVisibleRows();
  const card = useStore((s) => s.engine.card);
  const total = useStore((s) => s.items.length);
  const filter = useStore((s) => describeFilter(s.filter));
  const setView = useStore((s) => s.setView);
  if (!card) return null;
  return (
    <section className="print-report" aria-labelledby="print-title" data-testid="print-report">
      <div className="print-actions no-print">
        <button type="button" onClick={() => window.print()}>
          {t('print')}
        </button>
        <button type="button" className="secondary" onClick={() => setView('results')}>
          {t('closeReport')}
        </button>
      </div>
      <h2 id="print-title">{t('printTitle')}</h2>
      <p className="muted">
        {t('printCreated', {
          date: new Date().toLocaleString(),
          shown: rows.length,
          total,
          filter: filter ? t('printFilter', { filter }) : '',
        })}
      </p>
      {rows.map((item) => (
        <PrintItem key={item.id} item={item} classes={card.classes} band={card.uncertainBand} />
      ))}
      <ModelCardView card={card} />
    </section>
  );
}
