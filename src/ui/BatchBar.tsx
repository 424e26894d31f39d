// Batch controls: progress, cancel, export (JSON, CSV, printable report) and clear.
import { batchProgress, useStore } from '../state/store';
import { analyseSkippedAgain, cancelBatch, clearAll } from '../state/pageEngine';
import { useT } from './useT';
import { exportCsv, exportJson } from './exportActions';

export function BatchBar() {
  const t = useT();
  const items = useStore((s) => s.items);
  const setView = useStore((s) => s.setView);
  const canExport = useStore((s) => !!s.engine.card && !!s.engine.backend);
  const { finished, total, running } = batchProgress(items);
  const errors = items.filter((i) => i.status === 'error').length;
  const notice = useStore((s) => s.notice);
  return (
    <>
      {notice && (
        <p className="notice" role="status" data-testid="notice">
          {t(notice)}{' '}
          <button type="button" className="secondary" onClick={analyseSkippedAgain}>
            {t('analyseAgain')}
          </button>
        </p>
      )}
      <div className="batchbar">
        <div className="progress">
          {/* Not a <progress>: setting its value made Chromium lay the page out there and then, 10 ms and
              more per update in a batch of thousands (issue 17); a scaled bar needs no layout. */}
          <div className="progress-bar" role="progressbar" aria-label={t('batchProgress')} aria-valuemin={0} aria-valuemax={total} aria-valuenow={finished}>
            <span style={{ transform: `scaleX(${total ? finished / total : 0})` }} />
          </div>
          <span data-testid="progress-text" data-finished={finished} data-total={total} data-errors={errors}>
            {t('analysedOf', { finished, total })}
            {errors ? t('couldNotBeRead', { n: errors }) : ''}
          </span>
        </div>
        <div className="batch-actions">
          {running && (
            <button type="button" className="secondary" onClick={cancelBatch}>
              {t('cancel')}
            </button>
          )}
          <button type="button" onClick={exportJson} disabled={!canExport}>
            {t('exportJson')}
          </button>
          <button type="button" onClick={exportCsv} disabled={!canExport}>
            {t('exportCsv')}
          </button>
          <button type="button" onClick={() => setView('report')} disabled={!canExport}>
            {t('printReport')}
          </button>
          <button type="button" className="secondary" onClick={clearAll}>
            {t('clearAll')}
          </button>
        </div>
      </div>
    </>
  );
}
