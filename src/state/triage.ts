// Sorting and filtering of the results table: pure functions of the items, so the table, the
// exports and the printable report all show the same rows in the same order.
import type { ReportSource } from '../report/report';
import type { Judge } from '../analysis/verdict';
import { allReliability, headlineFace } from '../analysis/faces';

/** What these functions need of an item (the store's Item has more). */
export interface TriageItem {
  name: string;
  order: number;
  status: ReportSource['status'];
  analysis?: ReportSource['analysis'];
}

/** A column to sort by: fixed ones, or `p:<class>` for a class probability. */
export type SortKey = 'added' | 'name' | 'verdict' | 'status' | 'warnings' | `p:${string}`;
export interface Sort {
  key: SortKey;
  dir: 'asc' | 'desc';
}
export const DEFAULT_SORT: Sort = { key: 'added', dir: 'asc' };

export type VerdictFilter = 'all' | 'real' | 'manipulated' | 'uncertain' | `label:${string}`;
export type StatusFilter = 'all' | 'done' | 'error' | 'pending';

export interface ItemFilter {
  verdict: VerdictFilter;
  status: StatusFilter;
  /** With `minProbability`: keep faces whose probability of this class is at least that. */
  probClass: string | null;
  minProbability: number;
  unreliableOnly: boolean;
}
export const NO_FILTER: ItemFilter = { verdict: 'all', status: 'all', probClass: null, minProbability: 0, unreliableOnly: false };

export const isFiltered = (f: ItemFilter): boolean =>
  f.verdict !== 'all' || f.status !== 'all' || (f.probClass !== null && f.minProbability > 0) || f.unreliableOnly;

const face = (i: TriageItem, classes: string[]) => (i.status === 'done' ? headlineFace(i.analysis, classes) : undefined);
const warningCount = (i: TriageItem) => (i.analysis ? i.analysis.warnings.length + allReliability(i.analysis).length : 0);

function matches(i: TriageItem, f: ItemFilter, judge: Judge): boolean {
  const { classes } = judge;
  if (f.status === 'done' && i.status !== 'done') return false;
  if (f.status === 'error' && i.status !== 'error') return false;
  if (f.status === 'pending' && (i.status === 'done' || i.status === 'error')) return false;
  if (f.unreliableOnly && !(i.analysis && allReliability(i.analysis).length > 0)) return false;
  if (f.verdict !== 'all') {
    const fa = face(i, classes);
    if (!fa) return false;
    const v = judge.verdict(fa.probabilities, fa.reliability);
    if (f.verdict === 'uncertain' && !v.uncertain) return false;
    if (f.verdict === 'real' && (v.uncertain || v.manipulated)) return false;
    if (f.verdict === 'manipulated' && (v.uncertain || !v.manipulated)) return false;
    if (f.verdict.startsWith('label:') && (v.uncertain || v.label !== f.verdict.slice(6))) return false;
  }
  if (f.probClass !== null && f.minProbability > 0) {
    const k = classes.indexOf(f.probClass);
    // Any face of the photo at or above the threshold keeps it.
    const faces = i.status === 'done' ? (i.analysis?.faces ?? []) : [];
    if (k < 0 || !faces.some((x) => x.probabilities[k] >= f.minProbability)) return false;
  }
  return true;
}

const STATUS_RANK: Record<TriageItem['status'], number> = { error: 0, done: 1, analysing: 2, queued: 3, cancelled: 4 };

/** Numbers or strings to compare; items without a value (not analysed) always sort last. */
function sortValue(i: TriageItem, key: SortKey, judge: Judge | undefined): number | string | null {
  const classes = judge?.classes ?? [];
  switch (key) {
    case 'added':
      return i.order;
    case 'name':
      return i.name;
    case 'status':
      return STATUS_RANK[i.status];
    case 'warnings':
      return warningCount(i);
    case 'verdict': {
      const fa = judge && face(i, classes);
      if (!fa) return null;
      const v = judge.verdict(fa.probabilities, fa.reliability);
      // Grouped by verdict (classes in card order, uncertain last), most confident first within a group.
      return (v.uncertain ? classes.length : classes.indexOf(v.label)) * 10 + (1 - v.probability);
    }
    default: {
      const fa = face(i, classes);
      const k = classes.indexOf(key.slice(2));
      return fa && k >= 0 ? fa.probabilities[k] : null;
    }
  }
}

const collator = new Intl.Collator(undefined, { numeric: true });

function inAddedOrder(items: readonly TriageItem[]): boolean {
  for (let k = 1; k < items.length; k++) if (items[k - 1].order >= items[k].order) return false;
  return true;
}

/** `judge` is the model card's (judgeFor(card)); without a card nothing is filtered and nothing has a verdict or a class probability. */
export function triageRows<T extends TriageItem>(items: readonly T[], filter: ItemFilter, sort: Sort, judge: Judge | undefined): T[] {
  // The common case, and the one a large batch is updated in while it runs: every item, in the
  // order added (which the store keeps), needs no sort.
  if (!isFiltered(filter) && sort.key === 'added' && inAddedOrder(items)) return sort.dir === 'asc' ? [...items] : [...items].reverse();
  const kept = judge ? items.filter((i) => matches(i, filter, judge)) : [...items];
  const sign = sort.dir === 'asc' ? 1 : -1;
  const keyed = kept.map((item) => ({ item, v: sortValue(item, sort.key, judge) }));
  keyed.sort((a, b) => {
    if (a.v === null || b.v === null) return a.v === b.v ? a.item.order - b.item.order : a.v === null ? 1 : -1;
    const c = typeof a.v === 'string' ? collator.compare(a.v, b.v as string) : a.v - (b.v as number);
    return c * sign || a.item.order - b.item.order;
  });
  return keyed.map((k) => k.item);
}

/** The filter in English words, for the reports; null when nothing is filtered. */
export function describeFilter(f: ItemFilter): string | null {
  if (!isFiltered(f)) return null;
  const parts: string[] = [];
  if (f.verdict !== 'all') parts.push(`verdict ${f.verdict.startsWith('label:') ? f.verdict.slice(6) : f.verdict}`);
  if (f.status !== 'all') parts.push(`status ${f.status}`);
  if (f.probClass !== null && f.minProbability > 0) parts.push(`P(${f.probClass}) ≥ ${Math.round(f.minProbability * 100)} %`);
  if (f.unreliableOnly) parts.push('unreliable verdicts only');
  return parts.join(', ');
}
