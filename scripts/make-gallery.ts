// Writes the classroom gallery: ~24 faces from faces-v1's test split (every label x source pair),
// copied byte for byte into public/gallery/, with index.json and ATTRIBUTION.md. The selection is
// fixed (scripts/lib/gallerySelection.ts), so running it again gives the same files.
//   npx tsx scripts/make-gallery.ts [--data ../shared/datasets/faces-v1]
import { chmodSync, copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsvRecords } from '../src/report/parseCsv';
import type { GalleryIndex } from '../src/classroom/gallery';
import { galleryEntry, selectGallery, type ManifestRow } from './lib/gallerySelection';

const arg = process.argv.indexOf('--data');
const data = arg > 0 ? process.argv[arg + 1] : '../shared/datasets/faces-v1';
const out = 'public/gallery';

const rows = parseCsvRecords(readFileSync(join(data, 'manifest.csv'), 'utf8')) as unknown as ManifestRow[];
const picked = selectGallery(rows);
mkdirSync(out, { recursive: true });
for (const f of readdirSync(out)) if (/\.(jpe?g|png)$/i.test(f)) rmSync(join(out, f));
const entries = picked.map((r, i) => galleryEntry(r, i));
picked.forEach((r, i) => {
  copyFileSync(join(data, r.path), join(out, entries[i].file));
  chmodSync(join(out, entries[i].file), 0o644); // the data set's files are read-only
});

const index: GalleryIndex = { dataset: 'faces-v1', split: 'test', entries };
writeFileSync(join(out, 'index.json'), JSON.stringify(index, null, 2) + '\n');
writeFileSync(
  join(out, 'ATTRIBUTION.md'),
  [
    '# Classroom gallery',
    '',
    `${entries.length} faces from the **test** split of \`faces-v1\` (see \`../shared/datasets/faces-v1/README.md\`), copied`,
    'unchanged by `scripts/make-gallery.ts` for the classroom mode. Research and non-commercial use, under the licences',
    'of their sources:',
    '',
    '| file | from faces-v1 | label | detail | source | licence |',
    '|---|---|---|---|---|---|',
    ...entries.map((e) => `| \`${e.file}\` | \`${e.origin}\` | ${e.label} | ${e.detail || '-'} | ${e.attribution} | ${e.licence} |`),
    '',
  ].join('\n'),
);
console.log(`wrote ${entries.length} faces to ${out}`);
