// Writes a folder as a teacher would make one for "Open a labelled folder…": files copied from
// the fixtures under the given relative paths, and any text files (a manifest.csv) as given.
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** `files`: relative path -> a file to copy, or { text } to write. Returns the folder's path. */
export function labelledFolder(name: string, files: Record<string, string | { text: string }>): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'tracelens-folder-')), name);
  for (const [rel, from] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    if (typeof from === 'string') copyFileSync(from, join(dir, rel));
    else writeFileSync(join(dir, rel), from.text);
  }
  return dir;
}
