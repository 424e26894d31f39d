// The printable report of the rows the table shows (current filter and order): for each photo
// the crop the model saw, its verdict, probabilities, facts, warnings and Fmt map; then the model
// card. The print stylesheet hides everything else, so the browser's Print gives a clean document.
// Results keep no images (issue 17): each photo's crop and Fmt map are made again from its file,
// a few at a time, drawn on their canvases and dropped; Print waits until every one is drawn.
import { memo, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useStore, type Item } from '../state/store';
import { faceImages } from '../state/pageEngine';
import { describeFilter } from '../state/triage';
import { judgeFor, type Judge } from '../analysis/verdict';
import { reliabilitySentence } from '../analysis/reliability';
import { useT } from './useT';
import { percent } from './classText';
import { verdictFigure, verdictHeadline } from './verdictText';
import { FactsList } from './FactsList';
import { FmtLegend } from './FmtMapView';
import { ModelCardView } from './ModelCardView';
import { BlankCanvas, drawPixels } from './PixelCanvas';
import { colouriseMagnitude } from './colormap';
import { STATUS_KEY } from './statusText';
import { useVisibleRows } from './useVisibleRows';
import { allReliability, headlineFace, headlineFaceIndex } from '../analysis/faces';
import { localizedError, type Localized } from '../i18n/localized';
import { PrintVideo } from './video/PrintVideo';

/**
 * Which photos of the report have their images drawn (or failed to), kept outside React state so
 * that one photo finishing re-renders the progress line, not the thousands of other photos; and
 * that line only a few times a second, however fast the photos come.
 */
class DrawnPhotos {
  private ids = new Set<string>();
  private listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  add(id: string): void {
    this.ids.add(id);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.listeners.forEach((l) => l());
    }, 200);
  }
  readonly count = (): number => this.ids.size;
  readonly subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };
}

/** Draws the headline face's crop and Fmt map on the two canvases, once they are made again from the file. */
function usePrintImages(item: Item, faceIndex: number, drawn: DrawnPhotos) {
  const crop = useRef<HTMLCanvasElement>(null);
  const fmt = useRef<HTMLCanvasElement>(null);
  const [result, setResult] = useState<{ scale: number; mean: number } | { problem: Localized } | null>(null);
  const a = item.analysis;
  useEffect(() => {
    if (!a || faceIndex < 0) return;
    const stop = new AbortController();
    faceImages.get(item.id, item.file, a.faces.map((f) => f.cropBox), stop.signal).then(
      (faces) => {
        if (stop.signal.aborted) return;
        const f = faces[faceIndex];
        drawPixels(crop.current, f.crop, f.fmt.size);
        drawPixels(fmt.current, colouriseMagnitude(f.fmt.magnitude), f.fmt.size);
        setResult({ scale: f.fmt.scale, mean: f.fmt.mean });
        drawn.add(item.id);
      },
      (e: unknown) => {
        if (stop.signal.aborted) return;
        setResult({ problem: localizedError(e) });
        drawn.add(item.id);
      },
    );
    return () => stop.abort();
  }, [item.id, item.file, a, faceIndex, drawn]);
  return { crop, fmt, result };
}

// Memoised: a report of thousands of photos re-renders only the photos that changed.
const PrintItem = memo(function PrintItem({ item, judge, drawn }: { item: Item; judge: Judge; drawn: DrawnPhotos }) {
  const t = useT();
  const { classes } = judge;
  const a = item.status === 'done' ? item.analysis : undefined;
  const faceIndex = a ? headlineFaceIndex(a.faces, classes) : -1;
  const face = a?.faces[faceIndex];
  const images = usePrintImages(item, face ? faceIndex : -1, drawn);
  const numbers = images.result && 'mean' in images.result ? images.result : null;
  const reliability = a ? allReliability(a) : [];
  const v = face ? judge.verdict(face.probabilities, face.reliability) : null;
  return (
    <article className="print-item" data-testid="print-item" aria-label={item.name}>
      <h3>{item.name}</h3>
      <div className="print-item-body">
        {face && <BlankCanvas ref={images.crop} size={face.cropSize} label={t('cropLabel')} className="print-thumb" />}
        <div>
          <p className="print-verdict">
            <strong>{v ? verdictHeadline(v, t) : t(STATUS_KEY[item.status])}</strong>
            {v && ` · ${verdictFigure(v, t)}`}
          </p>
          {item.error && <p className="error-message">{t(item.error)}</p>}
          {images.result && 'problem' in images.result && (
            <p className="error-message" data-testid="face-images-failed">
              {t('faceImagesFailed', { reason: images.result.problem })}
            </p>
          )}
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
        {face && (
          <figure className="fmt">
            <BlankCanvas ref={images.fmt} size={face.cropSize} testId="fmt-map" label={t('fmtLabel', { mean: numbers ? numbers.mean.toFixed(2) : '…' })} />
            <figcaption>{numbers && <FmtLegend scale={numbers.scale} mean={numbers.mean} />}</figcaption>
          </figure>
        )}
      </div>
    </article>
  );
});

/** Print (once every photo's images are drawn, with how many are so far) and back to the results. */
function PrintActions({ drawn, needed }: { drawn: DrawnPhotos; needed: number }) {
  const t = useT();
  const setView = useStore((s) => s.setView);
  const done = useSyncExternalStore(drawn.subscribe, drawn.count);
  const ready = done >= needed;
  return (
    <>
      <div className="print-actions no-print">
        <button type="button" onClick={() => window.print()} disabled={!ready}>
          {t('print')}
        </button>
        <button type="button" className="secondary" onClick={() => setView('results')}>
          {t('closeReport')}
        </button>
      </div>
      {!ready && (
        <p className="no-print" role="status" data-testid="print-preparing">
          {t('printPreparing', { done, total: needed })}
        </p>
      )}
    </>
  );
}

export function PrintReport() {
  const t = useT();
  const rows = useVisibleRows();
  const card = useStore((s) => s.engine.card);
  const total = useStore((s) => s.items.length);
  const filter = useStore((s) => describeFilter(s.filter));
  const [drawn] = useState(() => new DrawnPhotos());
  if (!card) return null;
  const needed = rows.filter((r) => r.status === 'done' && headlineFace(r.analysis, card.classes)).length;
  return (
    <section className="print-report" aria-labelledby="print-title" data-testid="print-report">
      <PrintActions drawn={drawn} needed={needed} />
      <h2 id="print-title">{t('printTitle')}</h2>
      <p className="muted">
        {t('printCreated', {
          date: new Date().toLocaleString(),
          shown: rows.length,
          total,
          filter: filter ? t('printFilter', { filter }) : '',
        })}
      </p>
      {rows.map((item) =>
        item.status === 'done' && item.analysis?.video ? (
          <PrintVideo key={item.id} item={item} judge={judgeFor(card)} onDrawn={() => drawn.add(item.id)} />
        ) : (
          <PrintItem key={item.id} item={item} judge={judgeFor(card)} drawn={drawn} />
        ),
      )}
      <ModelCardView card={card} />
    </section>
  );
}
