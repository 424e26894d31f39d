// The table's filters: verdict, status, a class probability threshold and unreliable verdicts.
// Labels point at their controls by id, so each control's accessible name is its label alone.
import { useStore } from '../state/store';
import { isFiltered, NO_FILTER, type StatusFilter, type VerdictFilter } from '../state/triage';
import { useT } from './useT';
import { useVisibleRows } from './useVisibleRows';

export function FilterBar() {
  const t = useT();
  const filter = useStore((s) => s.filter);
  const setFilter = useStore((s) => s.setFilter);
  const classes = useStore((s) => s.engine.card?.classes) ?? [];
  const shown = useVisibleRows().length;
  const total = useStore((s) => s.items.length);
  return (
    <fieldset className="filters" data-testid="filters">
      <legend className="visually-hidden">{t('filters')}</legend>
      <span className="filter-field">
        <label htmlFor="filter-verdict">{t('filterVerdict')}</label>
        <select id="filter-verdict" value={filter.verdict} onChange={(e) => setFilter({ verdict: e.currentTarget.value as VerdictFilter })}>
          <option value="all">{t('anyVerdict')}</option>
          <option value="real">{t('verdictReal')}</option>
          <option value="manipulated">{t('verdictManipulated')}</option>
          {classes
            .filter((c) => c !== 'real')
            .map((c) => (
              <option key={c} value={`label:${c}`}>
                {t('verdictIs', { label: c })}
              </option>
            ))}
          <option value="uncertain">{t('verdictUncertain')}</option>
        </select>
      </span>
      <span className="filter-field">
        <label htmlFor="filter-status">{t('filterStatus')}</label>
        <select id="filter-status" value={filter.status} onChange={(e) => setFilter({ status: e.currentTarget.value as StatusFilter })}>
          <option value="all">{t('anyStatus')}</option>
          <option value="done">{t('statusFinished')}</option>
          <option value="error">{t('statusError')}</option>
          <option value="pending">{t('statusPending')}</option>
        </select>
      </span>
      <span className="filter-field">
        <label htmlFor="filter-class">{t('filterClass')}</label>
        <select id="filter-class" value={filter.probClass ?? ''} onChange={(e) => setFilter({ probClass: e.currentTarget.value || null })}>
          <option value="">{t('anyClass')}</option>
          {classes.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
        <label htmlFor="filter-min">{t('filterMinProb')}</label>
        <input
          id="filter-min"
          type="number"
          min={0}
          max={100}
          step={1}
          value={Math.round(filter.minProbability * 100)}
          disabled={filter.probClass === null}
          onChange={(e) => setFilter({ minProbability: Math.min(100, Math.max(0, Number(e.currentTarget.value) || 0)) / 100 })}
        />
      </span>
      <span className="filter-field">
        <input
          id="filter-unreliable"
          type="checkbox"
          checked={filter.unreliableOnly}
          onChange={(e) => setFilter({ unreliableOnly: e.currentTarget.checked })}
        />
        <label htmlFor="filter-unreliable">{t('unreliableOnly')}</label>
      </span>
      <span className="shown-count" role="status" data-testid="shown-count" data-shown={shown} data-total={total}>
        {t('shownOf', { shown, total })}
      </span>
      {isFiltered(filter) && (
        <button type="button" className="secondary" onClick={() => setFilter(NO_FILTER)}>
          {t('resetFilters')}
        </button>
      )}
    </fieldset>
  );
}
