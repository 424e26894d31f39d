// Collects files from a drop (including whole folders, recursively), a file input or a paste.
import type { IncomingFile } from '../state/engine';

function readAllEntries(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  return new Promise((resolve, reject) => {
    const next = () =>
      reader.readEntries((batch) => {
        if (batch.length === 0) resolve(all);
        else {
          all.push(...batch);
          next();
        }
      }, reject);
    next();
  });
}

async function walk(entry: FileSystemEntry, prefix: string): Promise<IncomingFile[]> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    return [{ file, path: prefix + entry.name }];
  }
  if (entry.isDirectory) {
    const children = await readAllEntries(entry as FileSystemDirectoryEntry);
    children.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
    const nested = await Promise.all(children.map((c) => walk(c, `${prefix}${entry.name}/`)));
    return nested.flat();
  }
  return [];
}

/** Files of a drop. Entries must be taken synchronously, before the event handler returns. */
export function filesFromDataTransfer(dt: DataTransfer): Promise<IncomingFile[]> {
  const pending: (Promise<IncomingFile[]> | IncomingFile[])[] = [];
  for (const item of Array.from(dt.items)) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry?.();
    if (entry?.isDirectory) pending.push(walk(entry, ''));
    else {
      const file = item.getAsFile();
      if (file) pending.push([{ file }]);
    }
  }
  if (pending.length === 0) pending.push(Array.from(dt.files).map((file) => ({ file })));
  return Promise.all(pending).then((lists) => lists.flat());
}

export function filesFromInput(list: FileList | null): IncomingFile[] {
  return Array.from(list ?? []).map((file) => ({ file, path: file.webkitRelativePath || undefined }));
}
