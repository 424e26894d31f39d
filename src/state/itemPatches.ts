// Worker messages arrive several per photo; applying each as its own store update re-rendered
// the page so often that the main thread, not the network, set the pace. Item changes are
// gathered here and applied together at most every delayMs(): an update costs time in proportion
// to the batch (the store's list, the table's sort), so a larger batch is updated less often and
// the page's share of the main thread stays the same.
import type { Item } from './store';
import type { EngineMemory } from '../shared/analysisProtocol';

/** 50 ms up to 1,000 photos, growing to 500 ms at 10,000. */
export const flushDelayMs = (items: number) => Math.min(500, Math.max(50, items / 20));

export class ItemPatches {
  private pending = new Map<string, Partial<Item>>();
  private memory: EngineMemory | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    /** Applies one batch: the items' changes (merged per item, latest last) and the engine's memory. */
    private readonly apply: (patches: Map<string, Partial<Item>>, memory: EngineMemory | undefined) => void,
    private readonly delayMs: () => number,
  ) {}

  /** Merges `patch` into what waits for `id`; the batch goes out after delayMs() unless flushed first. */
  add(id: string, patch: Partial<Item>, memory?: EngineMemory): void {
    this.pending.set(id, { ...this.pending.get(id), ...patch });
    if (memory) this.memory = memory;
    this.timer ??= setTimeout(() => this.flush(), this.delayMs());
  }

  /** What waits for `id`, not yet in the store. */
  get(id: string): Partial<Item> | undefined {
    return this.pending.get(id);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const patches = this.pending;
    const memory = this.memory;
    this.pending = new Map();
    this.memory = undefined;
    if (patches.size || memory) this.apply(patches, memory);
  }

  /** Forgets everything waiting (the batch was cleared). */
  drop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
    this.memory = undefined;
  }
}
