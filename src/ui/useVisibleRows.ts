// The table's rows (filtered, sorted), recomputed only when the items, filter, sort or the model card's judge
// change, and once for every component that shows them (the table and the filter bar's count):
// with thousands of photos, sorting them once per store update is what costs.
import { judgeFor, type Judge } from '../analysis/verdict';
import { useStore, type Item } from '../state/store';
import { triageRows, type ItemFilter, type Sort } from '../state/triage';

type Inputs = [items: Item[], filter: ItemFilter, sort: Sort, judge: Judge | undefined];
let last: { inputs: Inputs; rows: Item[] } | null = null;

function visibleRows(...inputs: Inputs): Item[] {
  if (!last || inputs.some((x, i) => x !== last!.inputs[i])) last = { inputs, rows: triageRows(...inputs) };
  return last.rows;
}

export function useVisibleRows(): Item[] {
  const items = useStore((s) => s.items);
  const filter = useStore((s) => s.filter);
  const sort = useStore((s) => s.sort);
  const judge = useStore((s) => (s.engine.card ? judgeFor(s.engine.card) : undefined));
  return visibleRows(items, filter, sort, judge);
}
