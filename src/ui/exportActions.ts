// The export buttons' actions: the JSON and CSV reports of the rows the table shows now (the
// current filter and order), saved on this device.
import { useStore, visibleItems } from '../state/store';
import { describeFilter } from '../state/triage';
import { buildReport, reportFileName, type Report } from '../report/report';
import { buildCsv } from '../report/csv';
import { downloadText } from '../report/download';

/** The report of the visible rows, or null while the engine has no model. */
export function currentReport(): Report | null {
  const state = useStore.getState();
  const { engine } = state;
  if (!engine.card || !engine.backend) return null;
  return buildReport({
    version: __APP_VERSION__,
    card: engine.card,
    backend: engine.backend,
    batchSize: state.items.length,
    filter: describeFilter(state.filter),
    ownModel: engine.own !== undefined,
    sources: visibleItems(state).map((i) => ({ file: i.name, status: i.status, error: i.error, analysis: i.analysis, size: i.size })),
  });
}

export function exportJson(): void {
  const report = currentReport();
  if (report) downloadText(reportFileName(), JSON.stringify(report, null, 2), 'application/json');
}

export function exportCsv(): void {
  const report = currentReport();
  // The byte-order mark makes spreadsheet programs read the file as UTF-8 (non-Latin file names).
  if (report) downloadText(reportFileName(new Date(), 'csv'), '\uFEFF' + buildCsv(report), 'text/csv;charset=utf-8');
}
