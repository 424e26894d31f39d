import { describe, expect, it } from 'vitest';
import { filesFromDataTransfer } from './dropFiles';

// Minimal stand-ins for the browser's drag-and-drop file system entries.
const file = (name: string) => new File(['x'], name);
const fileEntry = (name: string) => ({ isFile: true, isDirectory: false, name, file: (ok: (f: File) => void) => ok(file(name)) });
function dirEntry(name: string, children: unknown[]) {
  return {
    isFile: false,
    isDirectory: true,
    name,
    createReader() {
      // Browsers hand directory contents over in pages; end with an empty page.
      const pages = [children.slice(0, 2), children.slice(2), []];
      return { readEntries: (ok: (e: unknown[]) => void) => ok(pages.shift() ?? []) };
    },
  };
}
const item = (entry: unknown, f?: File) => ({ kind: 'file', webkitGetAsEntry: () => entry, getAsFile: () => f ?? null });

describe('filesFromDataTransfer', () => {
  it('walks dropped folders recursively, in natural name order, keeping relative paths', async () => {
    const dt = {
      items: [
        item(dirEntry('holiday', [fileEntry('img10.jpg'), dirEntry('day2', [fileEntry('b.png')]), fileEntry('img2.jpg')])),
        item(fileEntry('loose.png'), file('loose.png')),
      ],
      files: [],
    } as unknown as DataTransfer;
    const got = await filesFromDataTransfer(dt);
    expect(got.map((f) => f.path ?? f.file.name)).toEqual(['holiday/day2/b.png', 'holiday/img2.jpg', 'holiday/img10.jpg', 'loose.png']);
  });

  it('falls back to the plain file list when entries are unavailable', async () => {
    const dt = { items: [{ kind: 'string' }], files: [file('a.jpg')] } as unknown as DataTransfer;
    expect((await filesFromDataTransfer(dt)).map((f) => f.file.name)).toEqual(['a.jpg']);
  });
});
