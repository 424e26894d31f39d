import { describe, expect, it } from 'vitest';
import { consumeLaunchedFiles, type LaunchParams } from './launchQueue';
import type { IncomingFile } from './engine';

const handle = (name: string) => ({ kind: 'file', getFile: () => Promise.resolve(new File([name], name)) });

describe('consumeLaunchedFiles', () => {
  it('does nothing where the browser has no launch queue', () => {
    expect(consumeLaunchedFiles(undefined, () => {})).toBe(false);
  });

  it("puts each launch's files into the queue in order, skipping folders and files that cannot be read", async () => {
    let consumer: ((p: LaunchParams) => void | Promise<void>) | undefined;
    const got: IncomingFile[][] = [];
    expect(consumeLaunchedFiles({ setConsumer: (c) => (consumer = c) }, (files) => got.push(files))).toBe(true);
    await consumer!({
      files: [
        handle('a.jpg'),
        { kind: 'directory', getFile: () => Promise.reject(new Error('a folder')) },
        { kind: 'file', getFile: () => Promise.reject(new DOMException('gone', 'NotFoundError')) },
        handle('b.mp4'),
      ],
    });
    await consumer!({ files: [] });
    expect(got.map((files) => files.map((f) => f.file.name))).toEqual([['a.jpg', 'b.mp4']]);
  });
});
