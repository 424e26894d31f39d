// Finds the labelled images of an evaluation folder: a manifest.csv (columns path,label and
// optionally source and split; paths relative to the folder) or else one sub-folder per class.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export interface LabelledImage {
  path: string;
  label: string;
  source: string;
}

const IMAGE = /\.(jpe?g|png|webp|gif|bmp|avif)$/i;

/** Splits one CSV line, honouring double-quoted fields with "" escapes. */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') field += line[i++];
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(field);
      field = '';
    } else field += ch;
  }
  out.push(field);
  return out;
}

export function readDataset(dir: string, split?: string): LabelledImage[] {
  const manifest = join(dir, 'manifest.csv');
  if (existsSync(manifest)) {
    const lines = readFileSync(manifest, 'utf8').split(/\r?\n/).filter((l) => l.trim());
    const header = splitCsvLine(lines[0]).map((h) => h.trim());
    const col = (name: string) => header.indexOf(name);
    if (col('path') < 0 || col('label') < 0) throw new Error(`${manifest} needs the columns path and label (it has: ${header.join(', ')})`);
    if (split && col('split') < 0) throw new Error(`--split ${split} given but ${manifest} has no split column`);
    return lines
      .slice(1)
      .map(splitCsvLine)
      .filter((r) => !split || r[col('split')] === split)
      .map((r) => ({ path: join(dir, r[col('path')]), label: r[col('label')], source: col('source') >= 0 ? r[col('source')] : 'all' }));
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
