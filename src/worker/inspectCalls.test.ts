import { describe, expect, it } from 'vitest';
import { InspectCalls } from './inspectCalls';
import type { InspectRequest } from './inspectProtocol';
import { NO_CHANGE } from '../model/whatIf';
import { localized } from '../i18n/localized';

const call = { kind: 'inspect' as const, fileKey: 'a', file: new Blob(), whatIf: NO_CHANGE, withMaps: false };

describe('InspectCalls', () => {
  it('waits for a ready worker, sends again after a respawn, and settles by id', async () => {
    const sent: InspectRequest[] = [];
    let ready = false;
    const calls = new InspectCalls((m) => (ready ? (sent.push(m), true) : false));
    const p1 = calls.call(call);
    const p2 = calls.call({ ...call, fileKey: 'b' });
    expect(sent).toHaveLength(0);
    ready = true;
    calls.flush();
    expect(sent.map((m) => m.requestId)).toEqual([1, 2]);
    calls.flush();
    expect(sent).toHaveLength(2);
    calls.reset();
    calls.flush();
    expect(sent.map((m) => m.requestId)).toEqual([1, 2, 1, 2]);
    const nope = localized('unexpectedError', { detail: 'nope' });
    calls.settle({ kind: 'inspect-failed', requestId: 2, message: nope });
    calls.settle({ kind: 'inspect-failed', requestId: 99, message: localized('unexpectedError', { detail: 'unknown id: ignored' }) });
    expect(await p2).toMatchObject({ requestId: 2, message: nope });
    expect(calls.size).toBe(1);
    // The reason travels as a sentence the page translates, not as English text.
    const closed = localized('engineClosed', {});
    calls.rejectAll(closed);
    await expect(p1).rejects.toMatchObject({ localized: closed });
    expect(calls.size).toBe(0);
  });
});
