import { describe, expect, it } from 'vitest';
import { FaceImageCache } from './faceImages';
import type { FaceImages } from '../shared/analysisProtocol';
import type { Box } from '../analysis/types';

/** A worker stand-in whose requests the test answers one by one. */
function fakeWorker() {
  const asked: { file: Blob; boxes: Box[]; answer: (f: FaceImages[]) => void; fail: (e: Error) => void }[] = [];
  const fetch = (file: Blob, boxes: Box[]) =>
    new Promise<FaceImages[]>((answer, fail) => asked.push({ file, boxes, answer, fail }));
  return { asked, fetch };
}

const images = (n: number): FaceImages[] =>
  Array.from({ length: n }, (_, i) => ({ crop: new Uint8ClampedArray([i]), fmt: { size: 1, magnitude: new Uint8Array([i]), scale: 1, mean: i } }));
const file = new Blob(['photo']);
const box: Box = [0, 0, 10, 10];
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('FaceImageCache', () => {
  it('asks the worker once per photo and boxes, and keeps the last few', async () => {
    const w = fakeWorker();
    const cache = new FaceImageCache(w.fetch, 2, 1);
    const a = cache.get('a', file, [box]);
    const again = cache.get('a', file, [box]);
    await tick();
    expect(w.asked).toHaveLength(1);
    w.asked[0].answer(images(1));
    expect(await a).toBe(await again);
    expect(await cache.get('a', file, [box])).toBe(await a);
    expect(w.asked).toHaveLength(1);

    // A moved box is another request; the oldest result goes when more than two are kept.
    for (const [i, id] of ['a', 'b', 'c'].entries()) {
      const p = cache.get(id, file, [[1, 1, 10, 10]]);
      await tick();
      w.asked[1 + i].answer(images(1));
      await p;
    }
    expect(cache.size).toBe(2);
    void cache.get('a', file, [[1, 1, 10, 10]]);
    await tick();
    expect(w.asked).toHaveLength(5);
  });

  it('runs at most `atOnce` requests; an aborted request that waits is never sent', async () => {
    const w = fakeWorker();
    const cache = new FaceImageCache(w.fetch, 16, 2);
    const stop = new AbortController();
    const results = ['a', 'b', 'c', 'd'].map((id) => cache.get(id, file, [box], id === 'c' ? stop.signal : undefined));
    await tick();
    expect(w.asked).toHaveLength(2);
    stop.abort(new Error('row left the screen'));
    await expect(results[2]).rejects.toThrow('row left the screen');
    w.asked[0].answer(images(1));
    await tick();
    // 'c' was dropped: 'd' took the free slot.
    expect(w.asked).toHaveLength(3);
    w.asked[1].fail(new Error('file changed'));
    await expect(results[1]).rejects.toThrow('file changed');
    w.asked[2].answer(images(2));
    expect(await results[3]).toHaveLength(2);
    // A failure is not kept: asking again asks the worker again.
    void cache.get('b', file, [box]);
    await tick();
    expect(w.asked).toHaveLength(4);
  });

  it('clear() forgets what it kept', async () => {
    const w = fakeWorker();
    const cache = new FaceImageCache(w.fetch);
    const p = cache.get('a', file, [box]);
    await tick();
    w.asked[0].answer(images(1));
    await p;
    cache.clear();
    void cache.get('a', file, [box]);
    await tick();
    expect(w.asked).toHaveLength(2);
  });
});
