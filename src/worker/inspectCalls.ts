// The page-side bookkeeping of the classroom's requests to the analysis worker (and of the
// panels' face-image requests, with the other type parameters): each gets an id and a promise;
// requests wait until the worker is ready, and are sent again to a respawned one.
import type { InspectRequest, InspectResponse } from './inspectProtocol';
import { LocalizedError, type Localized } from '../i18n/localized';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type InspectCall = DistributiveOmit<InspectRequest, 'requestId'>;

interface Pending<Req, Res> {
  msg: Req;
  resolve: (r: Res) => void;
  reject: (e: Error) => void;
  sent: boolean;
}

type Call = { requestId: number };

export class InspectCalls<Req extends Call = InspectRequest, Res extends Call = InspectResponse> {
  private nextId = 1;
  private pending = new Map<number, Pending<Req, Res>>();

  /** `send` posts to the worker when it is ready and returns whether it did. */
  constructor(private readonly send: (msg: Req) => boolean) {}

  call(body: DistributiveOmit<Req, 'requestId'>): Promise<Res> {
    const msg = { ...body, requestId: this.nextId++ } as unknown as Req;
    return new Promise((resolve, reject) => {
      const p: Pending<Req, Res> = { msg, resolve, reject, sent: false };
      this.pending.set(msg.requestId, p);
      p.sent = this.send(msg);
    });
  }

  /** The worker became ready: send what waited. */
  flush(): void {
    for (const p of this.pending.values()) if (!p.sent) p.sent = this.send(p.msg);
  }

  /** The worker is being replaced: everything goes again to the next one. */
  reset(): void {
    for (const p of this.pending.values()) p.sent = false;
  }

  settle(r: Res): void {
    const p = this.pending.get(r.requestId);
    if (!p) return;
    this.pending.delete(r.requestId);
    p.resolve(r);
  }

  /** The engine stopped for good: every call fails with `reason`, which the page says in its language. */
  rejectAll(reason: Localized): void {
    for (const p of this.pending.values()) p.reject(new LocalizedError(reason));
    this.pending.clear();
  }

  get size(): number {
    return this.pending.size;
  }
}
