// The list of files in the batch with their status and verdict; selecting one opens its details.
import { sortItems, useStore, type Item } from '../state/store';
import { VerdictChip } from './VerdictChip';

const STATUS_TEXT: Record<Item['status'], string> = {
  queued: 'Waiting',
  decoding: 'Decoding…',
  analysing: 'Analysing…',
  done: 'Done',
  error: 'Could not analyse',
  cancelled: 'Cancelled',
};

export function ResultsList() {
  const items = useStore((s) => s.items);
  const sort = useStore((s) => s.sort);
  const classes = useStore((s) => s.engine.card?.classes);
  const selectedId = useStore((s) => s.selectedId);
  const select = useStore((s) => s.select);
  return (
    <ul className="results-list" aria-label="Photos in this batch">
      {sortItems(items, sort, classes).map((item) => {
        const face = item.analysis?.faces[0];
        return (
          <li key={item.id}>
            <button
              type="button"
              className={`result-row${item.id === selectedId ? ' selected' : ''}`}
              aria-current={item.id === selectedId}
              data-testid="result-row"
              data-status={item.status}
              onClick={() => select(item.id)}
            >
              {item.status === 'error' ? (
                <span className="thumb broken" aria-hidden="true">!</span>
              ) : (
                <img src={item.previewUrl} alt="" loading="lazy" decoding="async" className="thumb" />
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
          </li>
        );
      })}
    </ul>
  );
}
