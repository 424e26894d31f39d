// The table's rows (filtered, sorted), recomputed only when the items, filter, sort, classes or verdict rule
// change, and once for every component that shows them (the table and the filter bar's count):
// with thousands of photos, sorting them once per store update is what costs.
import { verdictRule, type VerdictRule } from '../analysis/verdict';
import { useStore, type Item } from '../state/store';
import { triageRows, type ItemFilter, type Sort } from '../state/triage';

type Inputs = [items: Item[], filter: ItemFilter, sort: Sort, classes: string[] | undefined, rule: VerdictRule | undefined];
let last: { inputs: Inputs; rows: Item[] } | null = null;

function visibleRows(...inputs: Inputs): Item[] {
  if (!last || inputs.some((x, i) => x !== last!.inputs[i])) last = { inputs, rows: triageRows(...inputs) };
  return last.rows;
}

export function useVisibleRows(): Item[] {
  const items = useStore((s) => s.items);
  const filter = useStore((s) => s.filter);
  const sort = useStore((s) => s.sort);
  const classes = useStore((s) => s.engine.card?.classes);
  const rule = useStore((s) => verdictRule(s.engine.card));
  return visibleRows(items, filter, sort, classes, rule);
}
