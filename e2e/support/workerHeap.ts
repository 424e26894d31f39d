// Reads the analysis worker's JavaScript heap through the DevTools protocol (performance.memory
// does not exist in workers), after a forced garbage collection so the number is stable.
import type { Page } from '@playwright/test';

export async function workerHeapBytes(page: Page, title = 'tracelens-analysis'): Promise<number> {
  return (await workerMemory(page, title)).heap;
}

/** A worker's JavaScript heap and the ArrayBuffers' memory outside it (`backingStorageSize`), after a garbage collection. */
export async function workerMemory(page: Page, title = 'tracelens-analysis'): Promise<{ heap: number; buffers: number }> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { targetInfos } = await cdp.send('Target.getTargets');
    const target = targetInfos.find((t) => t.type === 'worker' && t.title === title);
    if (!target) throw new Error(`worker ${title} not found`);
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
    let nextId = 1;
    const call = (method: string) =>
      new Promise<Record<string, number>>((resolve, reject) => {
        const id = nextId++;
        const onMessage = (e: { sessionId?: string; message: string }) => {
          const msg = JSON.parse(e.message) as { id?: number; result?: Record<string, number>; error?: { message: string } };
          if (e.sessionId !== sessionId || msg.id !== id) return;
          cdp.off('Target.receivedMessageFromTarget', onMessage);
          if (msg.error) reject(new Error(msg.error.message));
          else resolve(msg.result ?? {});
        };
        cdp.on('Target.receivedMessageFromTarget', onMessage);
        void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) });
      });
    await call('HeapProfiler.collectGarbage');
    const { usedSize, backingStorageSize } = await call('Runtime.getHeapUsage');
    await cdp.send('Target.detachFromTarget', { sessionId });
    return { heap: usedSize, buffers: backingStorageSize ?? 0 };
  } finally {
    await cdp.detach();
  }
}

/** The page's JavaScript heap and ArrayBuffers, after a garbage collection. */
export async function pageMemory(page: Page): Promise<{ heap: number; buffers: number }> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    const u = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
    return { heap: u.usedSize, buffers: u.backingStorageSize ?? 0 };
  } finally {
    await cdp.detach();
  }
}
