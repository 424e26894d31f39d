// The app's one store: plain data about queued files, their results and the engine. It never
// holds tensors, models or the worker itself (see engine.ts for those).
import { create } from 'zustand';
import type { ModelCard } from '../model/modelCard';
import type { BackendChoice, BackendName, EngineMemory } from '../shared/analysisProtocol';
import type { ImageAnalysis, ItemStatus } from '../analysis/types';
import { DEFAULT_SORT, NO_FILTER, triageRows, type ItemFilter, type Sort } from './triage';
import { judgeFor } from '../analysis/verdict';
import { defaultLang, type Lang } from '../i18n/messages';
import type { Localized } from '../i18n/localized';
import { DEFAULT_SAMPLING, type SamplingOptions } from '../analysis/videoTypes';
import { samplingFrom } from '../video/sampling';


export interface Item {
  id: string;
  /** File name, with its folder path when it came from a dropped folder. */
  name: string;
  size: number;
  type: string;
  /** The person's file, read only on this device (decoded by the worker, shown by the UI). */
  file: File;
  status: ItemStatus;
  /** Why the file could not be analysed, said in the interface language. */
  error?: Localized;
  analysis?: ImageAnalysis;
  /** A video's frames analysed so far, while it is analysed (issue 25). */
  progress?: { done: number; total: number };
  /** Position in the order the files were added. */
  order: number;
  /** name|size|lastModified: recognises the same file dropped again. */
  key: string;
}

export interface EngineState {
  status: 'loading' | 'ready' | 'restarting' | 'failed';
  choice: BackendChoice;
  backend?: BackendName;
  /** Why this backend runs. */
  backendNote?: Localized;
  card?: ModelCard;
  loadedBytes: number;
  totalBytes: number;
  /** Why the engine stopped, or is restarting. */
  message?: Localized;
  memory?: EngineMemory;
  restarts: number;
  /** A person's own model folder runs instead of the shipped model (issue 27): its card's id and version; `kept` in this browser. */
  own?: { id: string; version: string; kept?: boolean };
  /** Why the own model kept in this browser could not run again (it was removed). */
  ownProblem?: Localized;
}

export interface AppState {
  items: Item[];
  selectedId: string | null;
  sort: Sort;
  filter: ItemFilter;
  lang: Lang;
  /** The results, the printable report of the visible rows, or the classroom (issue 8). */
  view: 'results' | 'report' | 'classroom';
  engine: EngineState;
  /** The service worker has cached the app and the model. */
  offlineReady: boolean;
  /** A message about the last files added (e.g. duplicates skipped). */
  notice: Localized | null;
  /** Detect faces in new photos (on), or analyse each whole photo as one face (off). */
  findFaces: boolean;
  setFindFaces(on: boolean): void;
  /** How frames are taken from clips dropped from now on (`?fps=`, `?frames=`, or the Details setting). */
  videoSampling: SamplingOptions;
  setVideoSampling(sampling: SamplingOptions): void;
  add(items: Omit<Item, 'order' | 'status'>[]): void;
  /** Applies patches to many items in one store update (one React render). */
  update(patches: Map<string, Partial<Item>>): void;
  select(id: string | null): void;
  setSort(sort: Sort): void;
  setFilter(patch: Partial<ItemFilter>): void;
  setLang(lang: Lang): void;
  setView(view: AppState['view']): void;
  setEngine(patch: Partial<EngineState>): void;
  setOfflineReady(ready: boolean): void;
  setNotice(notice: Localized | null): void;
  /** Removes every item; their object URLs go with the components that showed them. */
  clear(): void;
}

/** A store of its own (the page has one, `useStore`; each engine test makes a fresh one). */
export function createAppStore() {
  let nextOrder = 0;
  return create<AppState>()((set) => ({
    items: [],
    selectedId: null,
    sort: DEFAULT_SORT,
    filter: NO_FILTER,
    lang: typeof navigator === 'undefined' ? 'en' : defaultLang(navigator.languages?.length ? navigator.languages : [navigator.language]),
    view: 'results',
    engine: { status: 'loading', choice: 'auto', loadedBytes: 0, totalBytes: 0, restarts: 0 },
    offlineReady: false,
    notice: null,
    findFaces: typeof location === 'undefined' || new URLSearchParams(location.search).get('faces') !== 'off',
    setFindFaces: (findFaces) => set({ findFaces }),
    videoSampling: samplingFrom(typeof location === 'undefined' ? '' : location.search, DEFAULT_SAMPLING),
    setVideoSampling: (videoSampling) => set({ videoSampling }),
    add: (items) =>
      set((s) => ({
        items: [...s.items, ...items.map((i) => ({ ...i, status: 'queued' as const, order: nextOrder++ }))],
        selectedId: s.selectedId ?? items[0]?.id ?? null,
      })),
    update: (patches) =>
      set((s) => ({ items: s.items.map((i) => (patches.has(i.id) ? { ...i, ...patches.get(i.id) } : i)) })),
    select: (selectedId) => set({ selectedId }),
    setSort: (sort) => set({ sort }),
    setFilter: (patch) => set((s) => ({ filter: { ...s.filter, ...patch } })),
    setLang: (lang) => set({ lang }),
    setView: (view) => set({ view }),
    setEngine: (patch) => set((s) => ({ engine: { ...s.engine, ...patch } })),
    setOfflineReady: (offlineReady) => set({ offlineReady }),
    setNotice: (notice) => set({ notice }),
    clear: () => set({ items: [], selectedId: null, notice: null, view: 'results' }),
  }));
}

export type AppStore = ReturnType<typeof createAppStore>;

export const useStore = createAppStore();

/** The rows the table shows, in its order: what every export includes too. */
export function visibleItems(s: Pick<AppState, 'items' | 'filter' | 'sort' | 'engine'>): Item[] {
  return triageRows(s.items, s.filter, s.sort, s.engine.card ? judgeFor(s.engine.card) : undefined);
}

export function batchProgress(items: Item[]): { finished: number; total: number; running: boolean } {
  const total = items.filter((i) => i.status !== 'cancelled').length;
  const finished = items.filter((i) => i.status === 'done' || i.status === 'error').length;
  return { finished, total, running: finished < total };
}
