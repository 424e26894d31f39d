// Files the operating system opens with the installed app (the manifest's file_handlers, config/webManifest.ts)
// arrive in the window's launch queue; they go into the same queue as dropped files.
import type { IncomingFile } from './engine';

/** The part of the File Handling API used here (Chromium's `window.launchQueue`). */
export interface LaunchParams {
  readonly files: readonly { readonly kind: string; getFile(): Promise<File> }[];
}
export interface LaunchQueue {
  setConsumer(consumer: (params: LaunchParams) => void | Promise<void>): void;
}

/**
 * Hands every launch's files to `analyse` (in the order the system gave them; folders are skipped);
 * a file that cannot be read is left out and the others still go. Returns whether the browser has a launch queue.
 */
export function consumeLaunchedFiles(queue: LaunchQueue | undefined, analyse: (files: IncomingFile[]) => void): boolean {
  if (!queue) return false;
  queue.setConsumer(async ({ files }) => {
    const read = await Promise.allSettled(files.filter((h) => h.kind === 'file').map((h) => h.getFile()));
    const opened = read.flatMap((r) => (r.status === 'fulfilled' ? [{ file: r.value }] : []));
    if (opened.length) analyse(opened);
  });
  return true;
}
