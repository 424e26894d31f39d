// The crops and Fmt maps that the detail panel and the printable report draw. Results keep none
// (80 KB a face, issue 17): the worker makes them again from the person's file on request. The
// last few are kept, for moving back and forth between rows, and only a few requests run at once,
// so a report of thousands of photos asks for them in turn, and a photo skipped past is never asked.
import type { FaceImages } from '../shared/analysisProtocol';
import type { Box } from '../analysis/types';

/** `crops`: the faces' crop squares (cropBox), the squares the model was shown. */
export type FetchFaceImages = (file: Blob, crops: Box[]) => Promise<FaceImages[]>;

/** Results kept: a screenful of rows looked at, at about 80 KB a face. */
const KEEP = 16;
/**
 * Requests in the worker at once: each passes through the decoder, the network and back, so a
 * few in flight keep both busy (as the analysis keeps 8 photos); more would only queue there.
 */
const AT_ONCE = 6;

export class FaceImageCache {
  /** Oldest first: a hit moves to the end. */
  private kept = new Map<string, FaceImages[]>();
  private running = new Map<string, Promise<FaceImages[]>>();
  private waiting: { start: () => void; signal?: AbortSignal }[] = [];
  private busy = 0;

  constructor(
    private readonly fetch: FetchFaceImages,
    private readonly keep = KEEP,
    private readonly atOnce = AT_ONCE,
  ) {}

  /**
   * The images of these crop squares of a photo (`id` names the photo). A request still waiting its turn
   * when `signal` aborts is dropped and rejects with the signal's reason.
   */
  get(id: string, file: Blob, crops: Box[], signal?: AbortSignal): Promise<FaceImages[]> {
    const key = `${id}|${crops.map((b) => b.join(',')).join(';')}`;
    const hit = this.kept.get(key);
    if (hit) {
      this.kept.delete(key);
      this.kept.set(key, hit);
      return Promise.resolve(hit);
    }
    const already = this.running.get(key);
    if (already) return already;
    return this.turn(signal).then(() => this.run(key, file, crops));
  }

  /** Forgets every kept result (the batch was cleared). */
  clear(): void {
    this.kept.clear();
  }

  get size(): number {
    return this.kept.size;
  }

  /** In its turn: what is kept or already asked for since, or a new request to the worker. */
  private run(key: string, file: Blob, crops: Box[]): Promise<FaceImages[]> {
    const kept = this.kept.get(key);
    let p = kept ? Promise.resolve(kept) : this.running.get(key);
    if (!p) {
      p = this.fetch(file, crops);
      this.running.set(key, p);
      const settled = () => this.running.delete(key);
      p.then((faces) => {
        settled();
        this.kept.set(key, faces);
        while (this.kept.size > this.keep) this.kept.delete(this.kept.keys().next().value!);
      }, settled);
    }
    const release = () => {
      this.busy--;
      this.next();
    };
    p.then(release, release);
    return p;
  }

  /** Resolves when a slot is free; rejects if `signal` aborts first. */
  private turn(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const entry = { signal, start: () => resolve() };
      signal?.addEventListener('abort', () => {
        const i = this.waiting.indexOf(entry);
        if (i >= 0) {
          this.waiting.splice(i, 1);
          reject(signal.reason);
        }
      });
      this.waiting.push(entry);
      this.next();
    });
  }

  private next(): void {
    while (this.busy < this.atOnce && this.waiting.length) {
      this.busy++;
      this.waiting.shift()!.start();
    }
  }
}
