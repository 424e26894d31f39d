// Finds the labelled images of an evaluation folder on disk, by the rules of labelledFolder.ts
// (a manifest.csv, or one sub-folder per class); paths come back joined to the folder.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { labelledImages, type LabelledImage } from './labelledFolder';

export type { LabelledImage } from './labelledFolder';

export function readDataset(dir: string, split?: string): LabelledImage[] {
  const manifestPath = join(dir, 'manifest.csv');
  const manifest = existsSync(manifestPath) ? readFileSync(manifestPath, 'utf8') : null;
  // Without a manifest: the files one level down, <class>/<image>.
  const files =
    manifest !== null
      ? []
      : readdirSync(dir)
          .filter((d) => statSync(join(dir, d)).isDirectory())
          .flatMap((d) => readdirSync(join(dir, d)).map((f) => `${d}/${f}`));
  return labelledImages({ name: dir, manifest, files }, split).map((i) => ({ ...i, path: join(dir, i.path) }));
}
