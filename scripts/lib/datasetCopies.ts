// Finds files that are byte-for-byte copies of a file in the shared data sets: sizes first (one
// stat per data-set file), then SHA-256 of the files whose size matches. Empty files are never
// copies (they carry no data).
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface DatasetCopy {
  file: string;
  /** The data-set files it is identical to. */
  copyOf: string[];
}

function filesBySize(dir: string, out = new Map<number, string[]>()): Map<number, string[]> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) filesBySize(p, out);
    else if (entry.isFile()) {
      const size = statSync(p).size;
      if (size > 0) out.set(size, [...(out.get(size) ?? []), p]);
    }
  }
  return out;
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** `files` that are copies of a file under `datasetsDir`, and how many data-set files were compared. */
export function findDatasetCopies(files: string[], datasetsDir: string): { copies: DatasetCopy[]; datasetFiles: number } {
  const bySize = filesBySize(datasetsDir);
  const hashes = new Map<string, string>();
  const hashOf = (p: string) => hashes.get(p) ?? hashes.set(p, sha256(p)).get(p)!;
  const copies: DatasetCopy[] = [];
  for (const file of files) {
    const same = bySize.get(statSync(file).size);
    if (!same) continue;
    const copyOf = same.filter((d) => hashOf(d) === hashOf(file));
    if (copyOf.length) copies.push({ file, copyOf });
  }
  return { copies, datasetFiles: [...bySize.values()].reduce((n, l) => n + l.length, 0) };
}
