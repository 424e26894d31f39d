// The results table: thumbnail, file name, verdict, each class probability, status and warnings.
// Sortable by any column (header buttons), filtered by FilterBar, and keyboard navigable as an
// ARIA grid (arrows, Home/End, Page Up/Down move the selection, which opens the details).
// Virtualised: only the rows in view are in the DOM, so a batch of 1,000 stays smooth.
import { memo, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { judgeFor, type Judge } from '../analysis/verdict';
import { useStore, type Item } from '../state/store';
import type { SortKey } from '../state/triage';
import { useT, type T } from './useT';
import { percent } from './classText';
import { STATUS_KEY } from './statusText';
import { useObjectUrl } from './useObjectUrl';
import { useVisibleRows } from './useVisibleRows';
import { VerdictChip } from './VerdictChip';
import { allReliability, headlineFace } from '../analysis/faces';
import { looksLikeVideo, peopleText, seconds } from './video/videoText';

const ROW_HEIGHT = 56;
const NO_CLASSES: string[] = [];
const HEADER_HEIGHT = 44;
/**
 * Narrowest widths of the columns, in px. Chips, numbers, statuses and header labels never wrap
 * (styles.css), so these fit the longest of each on one line: "? Uncertain (attribute?) · 59.9 %",
 * "100.0 %", "⚠ Could not analyse", the header "Warnings ↕".
 */
const MIN = { thumb: 52, file: 120, verdict: 240, probability: 64, status: 140, warnings: 100 };
/** A probability column is headed by its class's name (the model's, any length) and a sort arrow: about 8 px a letter. */
const probabilityMin = (className: string) => Math.max(MIN.probability, 28 + 8 * className.length);
const COLUMN_GAP = 8;
const ROW_PADDING = 20;

/** The grid's columns and the row width they need, with one probability column per class. */
function columnLayout(classes: string[]): { columns: string; minWidth: number } {
  const columns = [
    `${MIN.thumb}px`,
    `minmax(${MIN.file}px, 2fr)`,
    `minmax(${MIN.verdict}px, 1.3fr)`,
    ...classes.map((c) => `minmax(${probabilityMin(c)}px, 0.8fr)`),
    `minmax(${MIN.status}px, 1fr)`,
    `${MIN.warnings}px`,
  ];
  const mins = MIN.thumb + MIN.file + MIN.verdict + classes.reduce((sum, c) => sum + probabilityMin(c), 0) + MIN.status + MIN.warnings;
  return { columns: columns.join(' '), minWidth: mins + (columns.length - 1) * COLUMN_GAP + ROW_PADDING };
}

/**
 * The photo, once the table has stopped scrolling, with its object URL made in idle time: each
 * costs a synchronous round trip to the browser process (a file the person dropped), which made
 * scroll frames slow with thousands of rows (issue 17). A row keeps its thumbnail once it has one.
 */
function Thumb({ file, scrolling }: { file: File; scrolling: boolean }) {
  const [wanted, setWanted] = useState(!scrolling);
  useEffect(() => {
    if (!scrolling) setWanted(true);
  }, [scrolling]);
  return wanted ? <ObjectUrlThumb file={file} /> : <span className="thumb" />;
}

function ObjectUrlThumb({ file }: { file: File }) {
  const url = useObjectUrl(file, { whenIdle: true });
  return url ? <img src={url} alt="" decoding="async" className="thumb" /> : <span className="thumb" />;
}

const rowId = (id: string) => `row-${id}`;

// Memoised, and selecting through the store's getState(): while a batch runs, only the rows
// whose result arrived re-render, not every row on screen at every store update.
const Row = memo(function Row({ item, judge, selected, index, layout, start, scrolling, t }: {
  item: Item;
  /** The model card's (judgeFor(card)); undefined before the model is loaded, when no row has a result. */
  judge: Judge | undefined;
  selected: boolean;
  index: number;
  layout: { columns: string; minWidth: number };
  start: number;
  scrolling: boolean;
  t: T;
}) {
  const classes = judge?.classes ?? [];
  const a = item.status === 'done' ? item.analysis : undefined;
  const face = judge && headlineFace(a, classes);
  const warnings = a ? a.warnings.length + allReliability(a).length : 0;
  return (
    <div
      role="row"
      id={rowId(item.id)}
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`result-row${selected ? ' selected' : ''}`}
      data-testid="result-row"
      data-status={item.status}
      data-name={item.name}
      style={{ transform: `translateY(${start}px)`, height: ROW_HEIGHT, gridTemplateColumns: layout.columns, minWidth: layout.minWidth }}
      onClick={() => useStore.getState().select(item.id)}
    >
      <div role="gridcell">
        {item.status === 'error' ? (
          <span className="thumb broken" aria-hidden="true">!</span>
        ) : a?.video || looksLikeVideo(item) ? (
          <span className="thumb video-thumb" aria-hidden="true">▶</span>
        ) : (
          <Thumb file={item.file} scrolling={scrolling} />
        )}
      </div>
      <div role="gridcell" className="file-name" title={item.name}>
        {item.name}
      </div>
      <div role="gridcell" className="verdict-cell">
        {face ? <VerdictChip probabilities={face.probabilities} judge={judge} reliability={face.reliability} /> : null}
        {a?.video && (
          <span className="face-count" data-testid="video-summary">
            {seconds(a.video.duration)} s · {peopleText(a.faces.length, t)}
          </span>
        )}
        {a && !a.video && a.faces.length > 1 && (
          <span className="face-count" data-testid="face-count">
            {t('facesCount', { n: a.faces.length })}
          </span>
        )}
        {a && a.faces.length === 0 && (
          <span className="muted" data-testid="no-face">
            {t('noFaceShort')}
          </span>
        )}
      </div>
      {classes.map((c, k) => (
        <div role="gridcell" key={c} className="num" data-testid={`cell-p-${c}`}>
          {face ? (
            <>
              <span className="mini-bar" aria-hidden="true">
                <span style={{ width: `${(face.probabilities[k] * 100).toFixed(1)}%` }} />
              </span>
              {percent(face.probabilities[k])}
            </>
          ) : (
            ''
          )}
        </div>
      ))}
      <div role="gridcell" className={`status ${item.status}`}>
        {item.status === 'error' && <span aria-hidden="true">⚠ </span>}
        {t(STATUS_KEY[item.status])}
        {item.status === 'analysing' && item.progress && <span data-testid="video-progress"> · {t('videoProgress', item.progress)}</span>}
      </div>
      <div role="gridcell" className={warnings ? 'row-warnings' : 'muted'} title={a ? a.warnings.map((w) => t(w)).join('\n') : undefined}>
        {warnings ? (
          <>
            <span aria-hidden="true">⚠ {warnings}</span>
            <span className="visually-hidden">{t('warningsCount', { n: warnings })}</span>
          </>
        ) : a ? (
          <>
            <span aria-hidden="true">–</span>
            <span className="visually-hidden">{t('noWarnings')}</span>
          </>
        ) : null}
      </div>
    </div>
  );
});

function HeaderCell({ sortKey, label }: { sortKey: SortKey | null; label: string }) {
  const sort = useStore((s) => s.sort);
  const setSort = useStore((s) => s.setSort);
  if (!sortKey)
    return (
      <div role="columnheader">
        <span className="visually-hidden">{label}</span>
      </div>
    );
  const active = sort.key === sortKey;
  // Probabilities and verdicts are most useful highest first; names and status A→Z.
  const firstDir = sortKey.startsWith('p:') || sortKey === 'warnings' ? 'desc' : 'asc';
  return (
    <div role="columnheader" aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button
        type="button"
        className="sort-button"
        data-testid={`sort-${sortKey}`}
        onClick={() => setSort({ key: sortKey, dir: active ? (sort.dir === 'asc' ? 'desc' : 'asc') : firstDir })}
      >
        {label}
        <span aria-hidden="true" className="sort-arrow">
          {active ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ' ↕'}
        </span>
      </button>
    </div>
  );
}

export function ResultsTable() {
  const t = useT();
  const rows = useVisibleRows();
  const judge = useStore((s) => (s.engine.card ? judgeFor(s.engine.card) : undefined));
  const classes = judge?.classes ?? NO_CLASSES;
  const selectedId = useStore((s) => s.selectedId);
  const select = useStore((s) => s.select);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    // Rows are keyed by position (the default): keying by item would make the virtualiser redo its
    // measurements of every row at every update, since the row list is a new array each time.
  });
  const layout = useMemo(() => columnLayout(classes), [classes]);
  const selectedIndex = rows.findIndex((r) => r.id === selectedId);
  const virtualItems = virtualizer.getVirtualItems();
  const selectedRendered = virtualItems.some((v) => v.index === selectedIndex);

  // Keep the selected row in view when the keyboard moves it.
  const pendingScroll = useRef(false);
  useEffect(() => {
    if (pendingScroll.current && selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
    pendingScroll.current = false;
  }, [selectedIndex, virtualizer]);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.target !== e.currentTarget || rows.length === 0) return;
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 0) / ROW_HEIGHT) - 1);
    const from = selectedIndex < 0 ? -1 : selectedIndex;
    const to = { ArrowDown: from + 1, ArrowUp: from - 1, Home: 0, End: rows.length - 1, PageDown: from + page, PageUp: from - page }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    pendingScroll.current = true;
    select(rows[Math.min(rows.length - 1, Math.max(0, to))].id);
  }

  return (
    <>
    <span id="table-help" className="visually-hidden">
      {t('tableHelp')}
    </span>
    <div
      ref={scroller}
      className="results-list"
      role="grid"
      aria-label={t('resultsTable')}
      aria-describedby="table-help"
      aria-rowcount={rows.length + 1}
      aria-colcount={classes.length + 5}
      aria-activedescendant={selectedRendered ? rowId(selectedId!) : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      data-testid="results-list"
    >
      {/* As wide as the rows below, so each header sits over its column when the table scrolls sideways. */}
      <div role="rowgroup" className="thead" style={{ minWidth: layout.minWidth }}>
        <div role="row" aria-rowindex={1} className="header-row" style={{ gridTemplateColumns: layout.columns, minWidth: layout.minWidth, height: HEADER_HEIGHT }}>
          <HeaderCell sortKey={null} label={t('colThumb')} />
          <HeaderCell sortKey="name" label={t('colFile')} />
          <HeaderCell sortKey="verdict" label={t('colVerdict')} />
          {classes.map((c) => (
            <HeaderCell key={c} sortKey={`p:${c}`} label={c} />
          ))}
          <HeaderCell sortKey="status" label={t('colStatus')} />
          <HeaderCell sortKey="warnings" label={t('colWarnings')} />
        </div>
      </div>
      <div role="rowgroup" className="tbody" style={{ height: virtualizer.getTotalSize(), minWidth: layout.minWidth }}>
        {virtualItems.map((v) => (
          <Row
            key={v.key}
            item={rows[v.index]}
            judge={judge}
            selected={v.index === selectedIndex}
            index={v.index}
            layout={layout}
            start={v.start - HEADER_HEIGHT}
            scrolling={virtualizer.isScrolling}
            t={t}
          />
        ))}
      </div>
    </div>
    {rows.length === 0 && <p className="no-rows">{t('noRowsMatch')}</p>}
    </>
  );
}
