// The list of files in the batch with their status and verdict; selecting one opens its details.
// Virtualised: only the rows in view are in the DOM, so a batch of hundreds stays smooth.
import { useMemo, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { sortItems, useStore, type Item } from '../state/store';
import { VerdictChip } from './VerdictChip';
import { useObjectUrl } from './useObjectUrl';

function Thumb({ file }: { file: File }) {
  const url = useObjectUrl(file);
  return url ? <img src={url} alt="" decoding="async" className="thumb" /> : <span className="thumb" />;
}

const STATUS_TEXT: Record<Item['status'], string> = {
  queued: 'Waiting',
  analysing: 'Analysing…',
  done: 'Done',
  error: 'Could not analyse',
  cancelled: 'Cancelled',
};

const ROW_HEIGHT = 61;

function Row({ item, classes, selected }: { item: Item; classes: string[] | undefined; selected: boolean }) {
  const select = useStore((s) => s.select);
  const face = item.analysis?.faces[0];
  return (
    <button
      type="button"
      className={`result-row${selected ? ' selected' : ''}`}
      aria-current={selected}
      data-testid="result-row"
      data-status={item.status}
      onClick={() => select(item.id)}
    >
      {item.status === 'error' ? (
        <span className="thumb broken" aria-hidden="true">
          !
        </span>
      ) : (
        <Thumb file={item.file} />
      )}
      <span className="row-text">
        <span className="file-name" title={item.name}>
          {item.name}
        </span>
        <span className={`status ${item.status}`}>
          {face && classes ? <VerdictChip probabilities={face.probabilities} classes={classes} /> : STATUS_TEXT[item.status]}
        </span>
      </span>
    </button>
  );
}

export function ResultsList() {
  const items = useStore((s) => s.items);
  const sort = useStore((s) => s.sort);
  const classes = useStore((s) => s.engine.card?.classes);
  const selectedId = useStore((s) => s.selectedId);
  const rows = useMemo(() => sortItems(items, sort, classes), [items, sort, classes]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    getItemKey: (i) => rows[i].id,
  });
  return (
    <div ref={scroller} className="results-list" role="list" aria-label="Photos in this batch" data-testid="results-list">
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((v) => (
          <div
            key={v.key}
            role="listitem"
            className="result-slot"
            style={{ transform: `translateY(${v.start}px)`, height: ROW_HEIGHT }}
          >
            <Row item={rows[v.index]} classes={classes} selected={rows[v.index].id === selectedId} />
          </div>
        ))}
      </div>
    </div>
  );
}
