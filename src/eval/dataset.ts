// Finds the labelled images of an evaluation folder: a manifest.csv (columns path,label and
// optionally source and split; paths relative to the folder) or else one sub-folder per class.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsvRecords } from '../report/parseCsv';

export interface LabelledImage {
  path: string;
  label: string;
  source: string;
}

const IMAGE = /\.(jpe?g|png|webp|gif|bmp|avif)$/i;

export function readDataset(dir: string, split?: string): LabelledImage[] {
  const manifest = join(dir, 'manifest.csv');
  if (existsSync(manifest)) {
    const rows = parseCsvRecords(readFileSync(manifest, 'utf8')).filter((r) => r.path);
    const columns = Object.keys(rows[0] ?? {});
    if (!columns.includes('path') || !columns.includes('label'))
      throw new Error(`${manifest} needs the columns path and label (it has: ${columns.join(', ')})`);
    if (split && !columns.includes('split')) throw new Error(`--split ${split} given but ${manifest} has no split column`);
    return rows
      .filter((r) => !split || r.split === split)
      .map((r) => ({ path: join(dir, r.path), label: r.label, source: r.source || 'all' }));
  }
  if (split) throw new Error(`--split needs a manifest.csv in ${dir}`);
  const classes = readdirSync(dir).filter((d) => statSync(join(dir, d)).isDirectory()).sort();
  if (!classes.length) throw new Error(`${dir} has neither a manifest.csv nor one sub-folder per class`);
  return classes.flatMap((label) =>
    readdirSync(join(dir, label))
      .filter((f) => IMAGE.test(f))
      .sort()
      .map((f) => ({ path: join(dir, label, f), label, source: 'all' })),
  );
}
