// Batch controls: progress, cancel, sort, export and clear.
import { batchProgress, useStore, type SortKey } from '../state/store';
import { analyseSkippedAgain, cancelBatch, clearAll } from '../state/engine';
import { buildReport, reportFileName } from '../report/report';
import { downloadText } from '../report/download';

function exportJson(): void {
  const { items, engine } = useStore.getState();
  if (!engine.card || !engine.backend) return;
  const report = buildReport({
    version: __APP_VERSION__,
    card: engine.card,
    backend: engine.backend,
    sources: [...items].sort((a, b) => a.order - b.order).map((i) => ({ file: i.name, status: i.status, error: i.error, analysis: i.analysis })),
  });
  downloadText(reportFileName(), JSON.stringify(report, null, 2), 'application/json');
}

const SORTS: Record<SortKey, string> = {
  added: 'Order added',
  manipulation: 'Most likely manipulated first',
  name: 'File name',
  status: 'Errors first',
};

export function BatchBar() {
  const items = useStore((s) => s.items);
  const sort = useStore((s) => s.sort);
  const setSort = useStore((s) => s.setSort);
  const canExport = useStore((s) => !!s.engine.card && !!s.engine.backend);
  const { finished, total, running } = batchProgress(items);
  const errors = items.filter((i) => i.status === 'error').length;
  const notice = useStore((s) => s.notice);
  return (
    <>
    {notice && (
      <p className="notice" role="status" data-testid="notice">
        {notice}{' '}
        <button type="button" className="secondary" onClick={analyseSkippedAgain}>
          Analyse them again
        </button>
      </p>
    )}
    <div className="batchbar">
      <div className="progress">
        <progress max={total || 1} value={finished} aria-label="Batch progress" />
        <span data-testid="progress-text">
          {finished} of {total} analysed{errors ? ` · ${errors} could not be read` : ''}
        </span>
      </div>
      <div className="batch-actions">
        {running && (
          <button type="button" className="secondary" onClick={cancelBatch}>
            Cancel
          </button>
        )}
        <label>
          Sort{' '}
          <select value={sort} onChange={(e) => setSort(e.currentTarget.value as SortKey)}>
            {Object.entries(SORTS).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={exportJson} disabled={!canExport}>
          Export JSON
        </button>
        <button type="button" className="secondary" onClick={clearAll}>
          Clear all
        </button>
      </div>
    </div>
    </>
  );
}
