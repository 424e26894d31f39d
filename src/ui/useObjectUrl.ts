// An object URL for a blob that lives exactly as long as the component showing it, so only
// the photos on screen hold one and none outlives "Clear all".
import { useEffect, useState } from 'react';

export function useObjectUrl(blob: Blob, opts: { whenIdle?: boolean } = {}): string | undefined {
  const [url, setUrl] = useState<string>();
  const whenIdle = opts.whenIdle ?? false;
  useEffect(() => {
    let u: string | undefined;
    const make = () => {
      u = URL.createObjectURL(blob);
      setUrl(u);
    };
    const cancel = whenIdle ? whenMainThreadIdle(make) : (make(), () => undefined);
    return () => {
      cancel();
      if (u) URL.revokeObjectURL(u);
    };
  }, [blob, whenIdle]);
  return url;
}

// Creating an object URL for a file the person dropped is a synchronous round trip to the
// browser process. The table's thumbnails make theirs one at a time in idle time, so a row
// scrolling into view never makes a frame late (issue 17).
const waiting: (() => void)[] = [];
let scheduled = false;

function whenMainThreadIdle(run: () => void): () => void {
  waiting.push(run);
  if (!scheduled) {
    scheduled = true;
    idle(drain);
  }
  return () => {
    const i = waiting.indexOf(run);
    if (i >= 0) waiting.splice(i, 1);
  };
}

function drain(deadline: { timeRemaining(): number }): void {
  do waiting.shift()?.();
  while (waiting.length && deadline.timeRemaining() > 2);
  if (waiting.length) idle(drain);
  else scheduled = false;
}

/** requestIdleCallback, or the next task where a browser lacks it. */
function idle(cb: (deadline: { timeRemaining(): number }) => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(cb, { timeout: 1000 });
  else setTimeout(() => cb({ timeRemaining: () => 5 }), 0);
}
