import { describe, expect, it } from 'vitest';
import { answer, Calls, type Reply } from './calls';
import { LocalizedError, localized } from '../i18n/localized';

type Call = { kind: 'double'; n: number } | { kind: 'name'; n: number };
interface Results {
  double: number;
  name: string;
}

/** A worker on the other side of `Calls`: it answers with `answer`, as the real ones do. */
function pair() {
  const posted: { id: number; call: Call }[] = [];
  const calls = new Calls<Call, Results>(
    (id, call) => posted.push({ id, call }),
    () => {},
  );
  const transfers: Transferable[][] = [];
  const serve = (id: number, call: Call) =>
    answer<unknown>(
      id,
      () => {
        if (call.n < 0) throw new LocalizedError(localized('unexpectedError', { detail: 'negative' }));
        if (call.n === 0) throw new Error('zero');
        return call.kind === 'double' ? call.n * 2 : `#${call.n}`;
      },
      (reply: Reply, transfer) => {
        transfers.push(transfer);
        calls.settle(reply);
      },
      (v) => (typeof v === 'number' ? [new ArrayBuffer(v)] : []),
    );
  return { calls, posted, transfers, serve };
}

describe('Calls and answer', () => {
  it('matches each answer to its call, with the result, the sentence of a failure, or a wrapped unexpected error', async () => {
    const { calls, posted, transfers, serve } = pair();
    calls.open();
    const a = calls.call({ kind: 'double', n: 4 });
    const b = calls.call({ kind: 'name', n: 7 });
    const c = calls.call({ kind: 'double', n: -1 });
    const d = calls.call({ kind: 'double', n: 0 });
    for (const p of [...posted].reverse()) await serve(p.id, p.call);
    expect(await a).toBe(8);
    expect(await b).toBe('#7');
    await expect(c).rejects.toMatchObject({ localized: localized('unexpectedError', { detail: 'negative' }) });
    await expect(d).rejects.toMatchObject({ localized: localized('unexpectedError', { detail: 'zero' }) });
    expect(transfers.map((t) => t.map((x) => (x as ArrayBuffer).byteLength))).toEqual([[], [], [], [8]]);
    expect(calls.size).toBe(0);
  });

  it('calls wait while the worker is closed; those that go again are sent to the next one, the others fail with the reason', async () => {
    const { calls, posted } = pair();
    const kept = calls.call({ kind: 'double', n: 1 });
    expect(posted).toEqual([]);
    calls.open();
    const once = calls.call({ kind: 'double', n: 2 }, { resend: false });
    expect(posted.map((p) => p.call.n)).toEqual([1, 2]);
    const reason = localized('engineHung', {});
    calls.close(reason);
    await expect(once).rejects.toMatchObject({ localized: reason });
    calls.open();
    expect(posted.map((p) => p.call.n)).toEqual([1, 2, 1]);
    calls.settle({ kind: 'reply', id: posted[2].id, outcome: 'done', value: 5 });
    expect(await kept).toBe(5);
  });
});
