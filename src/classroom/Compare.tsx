// AMTENnet and its baseline (Model-base: the same network without the AMTEN module) on the same
// face, side by side, and the measured results table from training/RESULTS.md.
import { useEffect, useState } from 'react';
import { NO_CHANGE } from '../model/whatIf';
import { ProbabilityBars } from '../ui/ProbabilityBars';
import { useClassroomT } from '../i18n/classroom';
import { parseMarkdownTables } from './markdownTable';
import { runInspect, useLatestRun } from './run';
import { faceByKey, useClassroom } from './state';
import { FaceImage } from './FaceImage';

export const BASELINE_ID = 'model-base-faces-v1';

/** `?baseline=<id>` compares with another folder under public/models (same rule as `?model=`). */
export function baselineId(search: string): string {
  const b = new URLSearchParams(search).get('baseline');
  return b && /^[a-z0-9][a-z0-9._-]*$/i.test(b) ? b : BASELINE_ID;
}

// Absent until the training work ships it; the glob is then empty rather than a build error.
const RESULTS_MD = Object.values(import.meta.glob<string>('../../training/RESULTS.md', { query: '?raw', import: 'default', eager: true }))[0] ?? null;

/** Whether the baseline's model card is in this build (a missing file may come back as the page). */
async function baselineShipped(baselineUrl: string): Promise<boolean> {
  try {
    const res = await fetch(`${baselineUrl}model-card.json`);
    if (!res.ok) return false;
    const card = (await res.json()) as { id?: unknown };
    return typeof card.id === 'string';
  } catch {
    return false;
  }
}

function ModelColumn({ file, modelUrl, testId }: { file: string; modelUrl?: string; testId: string }) {
  const t = useClassroomT();
  const run = useLatestRun(file, (f) => runInspect(faceByKey(f), { kind: 'inspect', whatIf: NO_CHANGE, withMaps: false, modelUrl }));
  return (
    <div
      className="cr-model"
      data-testid={testId}
      data-model={run.value?.card.id ?? ''}
      data-file={run.key ?? ''}
      data-current={String(run.key === file && !run.busy)}
      data-probabilities={run.value ? JSON.stringify(run.value.probabilities) : ''}
    >
      {run.value ? (
        <>
          <h4>
            {run.value.card.id} <span className="muted">({run.value.card.architecture})</span>
          </h4>
          <ProbabilityBars probabilities={run.value.probabilities} classes={run.value.card.classes} />
        </>
      ) : run.error ? (
        <p role="alert">{t('runFailed', { message: run.error })}</p>
      ) : (
        <p aria-live="polite">{t('running')}</p>
      )}
    </div>
  );
}

export function ResultsTable() {
  const t = useClassroomT();
  const table = RESULTS_MD ? parseMarkdownTables(RESULTS_MD)[0] : undefined;
  return (
    <section aria-labelledby="results-title" data-testid="results-md">
      <h3 id="results-title">{t('resultsTitle')}</h3>
      {table && <p className="muted">{t('resultsCaveat')}</p>}
      {table ? (
        <div className="cr-table-wrap" tabIndex={0} role="region" aria-labelledby="results-title">
          <table className="cr-table">
            {table.title && <caption>{table.title}</caption>}
            <thead>
              <tr>
                {table.header.map((h, i) => (
                  <th scope="col" key={i} style={{ textAlign: table.align[i] ?? 'left' }}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((r, i) => (
                <tr key={i}>
                  {r.map((c, k) => (
                    <td key={k} style={{ textAlign: table.align[k] ?? undefined }}>
                      {c}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p data-testid="results-missing">{t('resultsMissing')}</p>
      )}
    </section>
  );
}

export function Compare() {
  const t = useClassroomT();
  const { faces, face, reveal } = useClassroom();
  const [shipped, setShipped] = useState<boolean | null>(null);
  const id = baselineId(location.search);
  const baselineUrl = `${import.meta.env.BASE_URL}models/${id}/`;
  useEffect(() => {
    void baselineShipped(baselineUrl).then(setShipped);
  }, [baselineUrl]);
  const entry = faces[face];
  if (!entry) return null;
  return (
    <section aria-labelledby="compare-title" data-testid="compare">
      <h3 id="compare-title">{t('compareTitle', { n: face + 1 })}</h3>
      <p>{t('compareHelp')}</p>
      <div className="cr-compare">
        <FaceImage face={entry} n={face + 1} reveal={reveal} />
        <ModelColumn file={entry.key} testId="compare-amtennet" />
        {shipped === true && <ModelColumn file={entry.key} modelUrl={baselineUrl} testId="compare-baseline" />}
        {shipped === false && (
          <p className="cr-missing" data-testid="baseline-missing">
            {t('baselineMissing', { path: `models/${id}/` })}
          </p>
        )}
      </div>
      <ResultsTable />
    </section>
  );
}
