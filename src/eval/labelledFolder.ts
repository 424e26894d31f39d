// What a labelled folder says about its images: a manifest.csv (columns path,label and optionally
// source, family and split; other columns, such as faces-v2's crop, are ignored; paths relative to the folder) or else one sub-folder per class. No file-system
// access, so the evaluation command (dataset.ts, Node) and the classroom's "Open a labelled
// folder…" (a folder the person picks in the browser) read folders with the same rules.
import { parseCsv, parseCsvRecords } from '../report/parseCsv';

export interface LabelledImage {
  /** Relative to the folder, '/'-separated. */
  path: string;
  label: string;
  source: string;
  /** The manifest's `family` column (faces-v2 groups its sources so), when it has one and it is filled. */
  family?: string;
}

export interface FolderListing {
  /** The name the folder is known by, for messages. */
  name: string;
  /** The text of its manifest.csv, or null when it has none. */
  manifest: string | null;
  /** Its files, relative to it and '/'-separated; only read when there is no manifest. */
  files: string[];
}

/** Why a folder is not a labelled folder, as data: the command says it in English, the classroom in the page's language. */
export type NotLabelled = { kind: 'manifest-columns'; folder: string; columns: string[] } | { kind: 'no-layout'; folder: string };

export class NotLabelledFolder extends Error {
  constructor(readonly problem: NotLabelled) {
    super(
      problem.kind === 'manifest-columns'
        ? `${problem.folder}/manifest.csv needs the columns path and label (it has: ${problem.columns.join(', ')})`
        : `${problem.folder} has neither a manifest.csv nor one sub-folder of images per class`,
    );
    this.name = 'NotLabelledFolder';
  }
}

export const IMAGE_FILE = /\.(jpe?g|png|webp|gif|bmp|avif)$/i;

export function labelledImages(folder: FolderListing, split?: string): LabelledImage[] {
  if (folder.manifest !== null) {
    const where = `${folder.name}/manifest.csv`;
    const columns = (parseCsv(folder.manifest)[0] ?? []).map((c) => c.trim());
    if (!columns.includes('path') || !columns.includes('label')) throw new NotLabelledFolder({ kind: 'manifest-columns', folder: folder.name, columns });
    if (split && !columns.includes('split')) throw new Error(`--split ${split} given but ${where} has no split column`);
    return parseCsvRecords(folder.manifest)
      .filter((r) => r.path && (!split || r.split === split))
      .map((r) => ({ path: r.path, label: r.label, source: r.source || 'all', ...(r.family ? { family: r.family } : {}) }));
  }
  if (split) throw new Error(`--split needs a manifest.csv in ${folder.name}`);
  // One level down: <class>/<image>; files deeper down or beside the class folders are not read.
  const images = folder.files.map((f) => f.split('/')).filter((parts) => parts.length === 2 && IMAGE_FILE.test(parts[1]));
  if (!images.length) throw new NotLabelledFolder({ kind: 'no-layout', folder: folder.name });
  return images.sort(byClassThenName).map(([label, file]) => ({ path: `${label}/${file}`, label, source: 'all' }));
}

const order = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
const byClassThenName = (a: string[], b: string[]) => order(a[0], b[0]) || order(a[1], b[1]);
