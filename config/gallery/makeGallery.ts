// The classroom gallery's files, made from a faces-v1 folder: ~24 faces of its test split (every
// label x source pair), byte for byte, with index.json and ATTRIBUTION.md. The selection is fixed
// (config/gallery/gallerySelection.ts), so every build gets the same gallery. The build calls this
// (config/gallery/galleryPlugin.ts) and puts the files into dist/gallery/: the data set is not ours to
// redistribute, so they are never written into a tracked folder.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsvRecords } from '../../src/report/parseCsv.ts';
import type { GalleryIndex } from '../../src/classroom/gallery';
import { galleryEntry, selectGallery, type ManifestRow } from './gallerySelection.ts';

export interface GalleryFile {
  /** Path inside the gallery folder. */
  name: string;
  bytes: Uint8Array;
}

export function makeGallery(dataDir: string): GalleryFile[] {
  const rows = parseCsvRecords(readFileSync(join(dataDir, 'manifest.csv'), 'utf8')) as unknown as ManifestRow[];
  const picked = selectGallery(rows);
  const entries = picked.map((r, i) => galleryEntry(r, i));
  const index: GalleryIndex = { dataset: 'faces-v1', split: 'test', entries };
  const attribution = [
    '# Classroom gallery',
    '',
    `${entries.length} faces from the **test** split of \`faces-v1\` (see \`../shared/datasets/faces-v1/README.md\`), copied`,
    'unchanged into the build by `config/gallery/makeGallery.ts` for the classroom mode. Research and non-commercial use, under',
    'the licences of their sources:',
    '',
    '| file | from faces-v1 | label | detail | source | licence |',
    '|---|---|---|---|---|---|',
    ...entries.map((e) => `| \`${e.file}\` | \`${e.origin}\` | ${e.label} | ${e.detail || '-'} | ${e.attribution} | ${e.licence} |`),
    '',
  ].join('\n');
  const text = (s: string) => new TextEncoder().encode(s);
  return [
    ...picked.map((r, i) => ({ name: entries[i].file, bytes: new Uint8Array(readFileSync(join(dataDir, r.path))) })),
    { name: 'index.json', bytes: text(JSON.stringify(index, null, 2) + '\n') },
    { name: 'ATTRIBUTION.md', bytes: text(attribution) },
  ];
}
