// The table's rows (filtered, sorted), recomputed only when the items, filter, sort or classes change.
import { useMemo } from 'react';
import { useStore, type Item } from '../state/store';
import { triageRows } from '../state/triage';

export function useVisibleRows(): Item[] {
  const items = useStore((s) => s.items);
  const filter = useStore((s) => s.filter);
  const sort = useStore((s) => s.sort);
  const classes = useStore((s) => s.engine.card?.classes);
  const band = useStore((s) => s.engine.card?.uncertainBand);
  return useMemo(() => triageRows(items, filter, sort, classes, band), [items, filter, sort, classes, band]);
}
