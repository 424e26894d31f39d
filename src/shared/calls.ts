// One way to call a worker and match its answer, on both sides of every worker boundary (the page
// calling the analysis worker, the analysis worker calling its decoder). Each call gets an id;
// the worker answers each id exactly once with a Reply; the caller's pending map settles each call
// exactly once: with the result, with an error, or as cancelled.
import { LocalizedError, localizedError, type Localized } from '../i18n/localized';

/** The worker's answer to the call with this id. */
export type Reply<R = unknown> = { kind: 'reply'; id: number } & (
  | { outcome: 'done'; value: R }
  | { outcome: 'failed'; message: Localized }
  /** The worker dropped the call after the caller cancelled it. */
  | { outcome: 'cancelled' }
);

/** A call the caller cancelled (its signal aborted, or the worker dropped it); not a failure to report. */
export class CallCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CallCancelled';
  }
}

export interface CallOptions {
  /** Cancels the call: at once if the worker does not have it yet, else when the worker answers. */
  signal?: AbortSignal;
  /**
   * Whether the call goes again to a respawned worker (the default), or fails with the reason the
   * worker went (the caller decides what to do again, as the analysis queue does).
   */
  resend?: boolean;
}

interface Pending<C> {
  call: C;
  resolve: (value: unknown) => void;
  reject: (e: Error) => void;
  sent: boolean;
  aborted: boolean;
  resend: boolean;
  unlisten: () => void;
}

/**
 * The caller's side. `C` is the union of call messages (each with a `kind`), `R` maps each kind to
 * its result. Calls made while the worker is not open (not ready yet, or being respawned) wait.
 */
export class Calls<C extends { kind: string }, R extends { [K in C['kind']]: unknown }> {
  private nextId = 1;
  private pending = new Map<number, Pending<C>>();
  private isOpen = false;
  /** Why the worker stopped for good (failAll), until it is opened again: new calls fail at once. */
  private stopped: Localized | null = null;

  constructor(
    /** Posts the call to the worker. */
    private readonly post: (id: number, call: C) => void,
    /** Tells the worker that the caller no longer wants the call with this id. */
    private readonly cancel: (id: number) => void,
  ) {}

  call<K extends C['kind']>(call: Extract<C, { kind: K }>, { signal, resend = true }: CallOptions = {}): Promise<R[K]> {
    if (signal?.aborted) return Promise.reject(new CallCancelled());
    if (this.stopped) return Promise.reject(new LocalizedError(this.stopped));
    const id = this.nextId++;
    return new Promise<R[K]>((resolve, reject) => {
      const onAbort = () => this.abort(id);
      signal?.addEventListener('abort', onAbort);
      const unlisten = () => signal?.removeEventListener('abort', onAbort);
      this.pending.set(id, { call, resolve: resolve as (v: unknown) => void, reject, sent: false, aborted: false, resend, unlisten });
      if (this.isOpen) this.send(id);
    });
  }

  /** Settles the call the reply answers; false when no call waits for it (answered before, or unknown). */
  settle(reply: Reply): boolean {
    const p = this.pending.get(reply.id);
    if (!p) return false;
    this.pending.delete(reply.id);
    p.unlisten();
    if (p.aborted || reply.outcome === 'cancelled') p.reject(new CallCancelled());
    else if (reply.outcome === 'failed') p.reject(new LocalizedError(reply.message));
    else p.resolve(reply.value);
    return true;
  }

  /** The worker is ready: calls that waited are sent, and new ones go at once. */
  open(): void {
    this.isOpen = true;
    this.stopped = null;
    for (const [id, p] of this.pending) if (!p.sent) this.send(id);
  }

  /**
   * The worker went (it crashed or is replaced): calls that go again wait for the next one, the
   * others fail with `reason`.
   */
  close(reason: Localized): void {
    this.isOpen = false;
    this.stopped = null;
    for (const [id, p] of this.pending) {
      if (p.aborted) this.settle({ kind: 'reply', id, outcome: 'cancelled' });
      else if (p.resend) p.sent = false;
      else this.settle({ kind: 'reply', id, outcome: 'failed', message: reason });
    }
  }

  /**
   * The worker stopped for good: every call fails with `reason`, said in the reader's language, and
   * so does every new one until a worker is opened again (or replaced: close()).
   */
  failAll(reason: Localized): void {
    this.isOpen = false;
    this.stopped = reason;
    for (const id of [...this.pending.keys()]) this.settle({ kind: 'reply', id, outcome: 'failed', message: reason });
  }

  get size(): number {
    return this.pending.size;
  }

  /** Whether calls go to the worker at once (it is ready). */
  get isReady(): boolean {
    return this.isOpen;
  }

  private send(id: number): void {
    this.pending.get(id)!.sent = true;
    this.post(id, this.pending.get(id)!.call);
  }

  private abort(id: number): void {
    const p = this.pending.get(id);
    if (!p) return;
    if (!p.sent) {
      this.settle({ kind: 'reply', id, outcome: 'cancelled' });
      return;
    }
    // The worker has it: it answers (dropped, or done anyway), and that answer settles the call as cancelled.
    p.aborted = true;
    this.cancel(id);
  }
}

/**
 * The worker's side: runs `work` and posts its Reply to call `id`, moving the buffers
 * `transferables` names; what `work` throws becomes the failure's message (a LocalizedError's own).
 */
export async function answer<T>(
  id: number,
  work: () => Promise<T> | T,
  post: (reply: Reply<T>, transfer: Transferable[]) => void,
  transferables: (value: T) => Transferable[] = () => [],
): Promise<void> {
  let value: T;
  try {
    value = await work();
  } catch (e) {
    post({ kind: 'reply', id, outcome: 'failed', message: localizedError(e) }, []);
    return;
  }
  post({ kind: 'reply', id, outcome: 'done', value }, transferables(value));
}
