// AMTENnet beside any baseline of the paper's comparison that this build ships (Model-base, the hybrids) or
// the app's earlier AMTENnet trained on faces-v1 only, on the same face, and the measured results of
// training/RESULTS.md: the shipped models and the comparison.
import { useEffect, useId, useState } from 'react';
import { parseModelCard, type ModelCard } from '../model/modelCard';
import { NO_CHANGE } from '../crop/whatIf';
import { ProbabilityBars } from '../ui/ProbabilityBars';
import { useClassroomT } from './useClassroomT';
import { BASELINE_ID, BASELINE_IDS, FACES_V1_AMTENNET_ID, baselineParam } from './baselines';
import { readUrlSettings } from '../state/urlSettings';
import type { ClassroomKey } from './messages';
import type { MarkdownTable } from './markdownTable';
import { readResults } from './resultsMd';
import { runInspect, useLatestRun } from './run';
import { faceByKey, useClassroom } from './state';
import { FaceImage } from './FaceImage';
import { useStore } from '../state/store';
import { OwnModelPicker } from '../ui/OwnModelPicker';

// Absent until the training work ships it; the glob is then empty rather than a build error.
const RESULTS_MD = Object.values(import.meta.glob<string>('../../training/RESULTS.md', { query: '?classroom', import: 'default', eager: true }))[0] ?? null;

const modelUrl = (id: string) => `${import.meta.env.BASE_URL}models/${id}/`;

interface ShippedModel {
  id: string;
  card: ModelCard;
}

const cards = new Map<string, Promise<ModelCard | null>>();
/** The folder's model card, or null when this build lacks it (a missing file may come back as the page). */
function shippedCard(id: string): Promise<ModelCard | null> {
  let c = cards.get(id);
  if (!c) {
    c = fetch(`${modelUrl(id)}model-card.json`)
      .then(async (res) => (res.ok ? parseModelCard(await res.json()) : null))
      .catch(() => null);
    cards.set(id, c);
  }
  return c;
}

/**
 * The baselines in this build in BASELINE_IDS' order, after `asked` (from the URL) when it is another folder;
 * never the app's own model (`appModel`) unless `asked` names it, or a model folder of the person's own runs
 * in its place (`ownInUse`, issue 27): then the shipped model comes first.
 */
async function shippedBaselines(asked: string | null, appModel: string, ownInUse: boolean): Promise<ShippedModel[]> {
  const listed = [...(ownInUse ? [appModel] : []), ...BASELINE_IDS.filter((id) => id !== appModel)];
  const ids = asked && !listed.includes(asked) ? [asked, ...listed] : listed;
  const found = await Promise.all(ids.map(async (id) => ({ id, card: await shippedCard(id) })));
  return found.filter((m): m is ShippedModel => m.card !== null);
}

function ModelColumn({ file, modelUrl, testId }: { file: string; modelUrl?: string; testId: string }) {
  const t = useClassroomT();
  const run = useLatestRun(file, (f) => runInspect(faceByKey(f), { kind: 'inspect', whatIf: NO_CHANGE, withMaps: false, modelUrl }));
  const card = run.value?.card;
  return (
    <div
      className="cr-model"
      data-testid={testId}
      data-model={card?.id ?? ''}
      data-file={run.key ?? ''}
      data-current={String(run.key === file && !run.busy)}
      data-probabilities={run.value ? JSON.stringify(run.value.probabilities) : ''}
    >
      {run.value && card ? (
        <>
          <h4>{t(`arch_${card.architecture}`)}</h4>
          <p className="muted">{t('modelVersion', { id: card.id, version: card.version })}</p>
          <ProbabilityBars probabilities={run.value.probabilities} classes={card.classes} />
        </>
      ) : run.error ? (
        <p role="alert">{t('runFailed', { message: run.error })}</p>
      ) : (
        <p aria-live="polite">{t('running')}</p>
      )}
    </div>
  );
}

/** A markdown table as a real table, in a scrollable region named by its caption. */
function MdTable({ table, caption, testId }: { table: MarkdownTable; caption: string | null; testId: string }) {
  const id = useId();
  return (
    <div className="cr-table-wrap" tabIndex={0} role="region" aria-labelledby={id} data-testid={testId}>
      <table className="cr-table">
        <caption id={id}>{caption}</caption>
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
  );
}

export function ResultsSection() {
  const t = useClassroomT();
  const results = RESULTS_MD ? readResults(RESULTS_MD) : null;
  const comparison = results?.comparison;
  return (
    <section aria-labelledby="results-title" data-testid="results-md">
      <h3 id="results-title">{t('resultsTitle')}</h3>
      {results ? <p className="muted">{t('resultsCaveat')}</p> : <p data-testid="results-missing">{t('resultsMissing')}</p>}
      {results?.shipped && <MdTable table={results.shipped} caption={results.shipped.title ?? t('resultsTitle')} testId="results-shipped" />}
      {comparison && (
        <>
          <h4>{t('comparisonTitle')}</h4>
          {comparison.table && comparison.table.rows.length > 0 ? (
            <MdTable table={comparison.table} caption={t('comparisonTitle')} testId="results-comparison" />
          ) : (
            <p data-testid="comparison-none">{t('comparisonNone')}</p>
          )}
          {comparison.differences && (
            <>
              <MdTable table={comparison.differences} caption={t('comparisonDifferences')} testId="results-differences" />
              {comparison.differencesNote && <p className="muted">{comparison.differencesNote}</p>}
            </>
          )}
          {comparison.runs && (
            <details data-testid="comparison-runs">
              <summary>{t('comparisonRuns', { n: comparison.runs.rows.length })}</summary>
              <MdTable table={comparison.runs} caption={t('comparisonRuns', { n: comparison.runs.rows.length })} testId="results-runs" />
            </details>
          )}
        </>
      )}
    </section>
  );
}

/** What the chosen baseline is: its architecture's sentence, or for an AMTENnet, which one it is beside the app's. */
function aboutKey(baseline: ShippedModel, appModel: string, ownInUse: boolean): { key: ClassroomKey; params?: Record<string, string> } {
  const architecture = baseline.card.architecture;
  if (architecture !== 'amtennet') return { key: `about_${architecture}` };
  if (baseline.id === appModel && ownInUse) return { key: 'about_amtennet_shipped', params: { id: baseline.id, version: baseline.card.version } };
  if (baseline.id === appModel) return { key: 'about_amtennet' };
  if (baseline.id === FACES_V1_AMTENNET_ID) return { key: 'about_amtennet_faces_v1' };
  return { key: 'about_amtennet_other', params: { id: baseline.id, version: baseline.card.version } };
}

export function Compare() {
  const t = useClassroomT();
  const { faces, face, reveal } = useClassroom();
  const asked = baselineParam(location.search);
  const appModel = readUrlSettings(location.search).modelId;
  const [shipped, setShipped] = useState<ShippedModel[] | null>(null);
  const ownInUse = useStore((s) => s.engine.own !== undefined);
  const [chosen, setChosen] = useState(asked ?? BASELINE_ID);
  useEffect(() => {
    void shippedBaselines(asked, appModel, ownInUse).then((list) => {
      setShipped(list);
      // Without a choice in the URL: beside a model of the person's own, the shipped one; else Model-base,
      // or else the first baseline this build has.
      if (!asked && ownInUse) setChosen(appModel);
      else if (!asked && list.length && !list.some((m) => m.id === BASELINE_ID)) setChosen(list[0].id);
      else if (!asked) setChosen(BASELINE_ID);
    });
  }, [asked, appModel, ownInUse]);
  const pick = (id: string) => {
    setChosen(id);
    const url = new URL(location.href);
    url.searchParams.set('baseline', id);
    history.replaceState(null, '', url);
  };
  const entry = faces[face];
  if (!entry) return null;
  const current = shipped?.find((m) => m.id === chosen);
  const about = current ? aboutKey(current, appModel, ownInUse) : null;
  return (
    <section aria-labelledby="compare-title" data-testid="compare">
      <h3 id="compare-title">{t('compareTitle', { n: face + 1 })}</h3>
      <p>{t('compareHelp')}</p>
      {shipped === null ? (
        <p aria-live="polite">{t('baselineChecking')}</p>
      ) : (
        shipped.length > 0 && (
          <p>
            <label>
              {t('baselinePick')}{' '}
              <select data-testid="baseline-select" value={current ? chosen : ''} onChange={(e) => pick(e.currentTarget.value)}>
                {!current && <option value="" disabled />}
                {shipped.map((m) => (
                  <option key={m.id} value={m.id}>
                    {t(`arch_${m.card.architecture}`)} ({m.id})
                  </option>
                ))}
              </select>
            </label>
          </p>
        )
      )}
      {about && <p data-testid="baseline-about">{t(about.key, about.params)}</p>}
      <p>{t('compareOwnModel')}</p>
      <OwnModelPicker testId="compare-own-model" />
      <div className="cr-compare">
        <FaceImage face={entry} n={face + 1} reveal={reveal} />
        <ModelColumn file={entry.key} testId="compare-amtennet" />
        {current && <ModelColumn key={current.id} file={entry.key} modelUrl={modelUrl(current.id)} testId="compare-baseline" />}
        {shipped && !current && (
          <p className="cr-missing" data-testid="baseline-missing">
            {t('baselineMissing', { path: `models/${chosen}/` })}
          </p>
        )}
      </div>
      <ResultsSection />
    </section>
  );
}
