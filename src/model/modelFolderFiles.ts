// The files of a person's own model folder (issue 27) as the page collects them: picked with the folder
// picker or dropped, keyed by their names. No TensorFlow.js here, so the page's bundle can import it; the
// checks and the loading (modelFolder.ts) run in the worker.

/** The folder's files by name (the name inside the folder, without the folder's own path). */
export type ModelFolderFiles = Record<string, Blob>;

/**
 * The folder's files by base name, from files picked (`webkitRelativePath`) or dropped (their path):
 * a file nearer the top wins over one of the same name deeper down.
 */
export function folderFiles(files: readonly { file: Blob & { name?: string }; path?: string }[]): ModelFolderFiles {
  const byName = new Map<string, { depth: number; file: Blob }>();
  for (const { file, path } of files) {
    const parts = (path || file.name || '').split('/').filter(Boolean);
    const name = parts.at(-1);
    if (!name) continue;
    const seen = byName.get(name);
    if (!seen || parts.length < seen.depth) byName.set(name, { depth: parts.length, file });
  }
  return Object.fromEntries([...byName].map(([name, { file }]) => [name, file]));
}
