// The app's one store: plain data about queued files, their results and the engine. It never
// holds tensors, models or the worker itself (see engine.ts for those).
import { create } from 'zustand';
import type { ModelCard } from '../model/modelCard';
import type { BackendChoice, BackendName, EngineMemory, ImageAnalysis } from '../worker/protocol';
import type { ReportSource } from '../report/report';
import { manipulationProbability } from './verdict';

export type ItemStatus = ReportSource['status'];

export interface Item {
  id: string;
  /** File name, with its folder path when it came from a dropped folder. */
  name: string;
  size: number;
  type: string;
  /** The person's file, read only on this device (decoded by the worker, shown by the UI). */
  file: File;
  status: ItemStatus;
  error?: string;
  analysis?: ImageAnalysis;
  /** Position in the order the files were added. */
  order: number;
  /** name|size|lastModified: recognises the same file dropped again. */
  key: string;
}

export interface EngineState {
  status: 'loading' | 'ready' | 'restarting' | 'failed';
  choice: BackendChoice;
  backend?: BackendName;
  backendNote?: string;
  card?: ModelCard;
  loadedBytes: number;
  totalBytes: number;
  message?: string;
  memory?: EngineMemory;
  restarts: number;
}

export type SortKey = 'added' | 'name' | 'manipulation' | 'status';

interface State {
  items: Item[];
  selectedId: string | null;
  sort: SortKey;
  engine: EngineState;
  /** The service worker has cached the app and the model. */
  offlineReady: boolean;
  /** A message about the last files added (e.g. duplicates skipped). */
  notice: string | null;
  add(items: Omit<Item, 'order' | 'status'>[]): void;
  /** Applies patches to many items in one store update (one React render). */
  update(patches: Map<string, Partial<Item>>): void;
  select(id: string | null): void;
  setSort(sort: SortKey): void;
  setEngine(patch: Partial<EngineState>): void;
  setOfflineReady(ready: boolean): void;
  setNotice(notice: string | null): void;
  /** Removes every item; their object URLs go with the components that showed them. */
  clear(): void;
}

let nextOrder = 0;

export const useStore = create<State>()((set) => ({
  items: [],
  selectedId: null,
  sort: 'added',
  engine: { status: 'loading', choice: 'auto', loadedBytes: 0, totalBytes: 0, restarts: 0 },
  offlineReady: false,
  notice: null,
  add: (items) =>
    set((s) => ({
      items: [...s.items, ...items.map((i) => ({ ...i, status: 'queued' as const, order: nextOrder++ }))],
      selectedId: s.selectedId ?? items[0]?.id ?? null,
    })),
  update: (patches) =>
    set((s) => ({ items: s.items.map((i) => (patches.has(i.id) ? { ...i, ...patches.get(i.id) } : i)) })),
  select: (selectedId) => set({ selectedId }),
  setSort: (sort) => set({ sort }),
  setEngine: (patch) => set((s) => ({ engine: { ...s.engine, ...patch } })),
  setOfflineReady: (offlineReady) => set({ offlineReady }),
  setNotice: (notice) => set({ notice }),
  clear: () => set({ items: [], selectedId: null, notice: null }),
}));

/** Items in the chosen order; the store keeps them in arrival order. */
export function sortItems(items: Item[], sort: SortKey, classes: string[] | undefined): Item[] {
  const manip = (i: Item) => {
    const f = i.analysis?.faces[0];
    return f && classes ? manipulationProbability(f.probabilities, classes) : -1;
  };
  const statusRank: Record<ItemStatus, number> = { error: 0, done: 1, analysing: 2, queued: 3, cancelled: 4 };
  const copy = [...items];
  switch (sort) {
    case 'added':
      return copy.sort((a, b) => a.order - b.order);
    case 'name':
      return copy.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
    case 'manipulation':
      return copy.sort((a, b) => manip(b) - manip(a) || a.order - b.order);
    case 'status':
      return copy.sort((a, b) => statusRank[a.status] - statusRank[b.status] || a.order - b.order);
  }
}

export function batchProgress(items: Item[]): { finished: number; total: number; running: boolean } {
  const total = items.filter((i) => i.status !== 'cancelled').length;
  const finished = items.filter((i) => i.status === 'done' || i.status === 'error').length;
  return { finished, total, running: finished < total };
}
