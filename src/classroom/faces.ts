// The photos the classroom works on, from three places: the build's gallery (gallery/index.json,
// there when faces-v1 was beside the checkout at build time), a labelled folder the person opens
// (class sub-folders or a manifest.csv, read by the rules `npm run evaluate` uses), and any photos
// the person adds, which have no label. Plain data for the classroom's store.
import { labelledImages, NotLabelledFolder, type LabelledImage, type NotLabelled } from '../eval/labelledFolder';
import { seededShuffle } from '../crop/seededRandom';
import type { GalleryIndex } from './gallery';

export interface ClassroomFace {
  /** Names the photo in requests to the worker, in predictions and in test hooks (the gallery's file name). */
  key: string;
  /** What the picture is shown with: the gallery file's URL, or an object URL of the person's file. */
  url: string;
  /** The person's own file; null for a gallery file, which is fetched from `url`. */
  file: Blob | null;
  /** The truth "Reveal the truth" shows; null for a photo without a label. */
  label: string | null;
  /**
   * Where it is from, as the face chooser and the image's description say it: source, or file name.
   * Of a labelled photo it can give the label away (a StyleGAN source, a class sub-folder), so it is
   * shown only once the truth is revealed (`shownSource`).
   */
  from: string;
  /** Attribution and licence of a gallery face (shown with the truth); null for the person's own photos. */
  credit: { attribution: string; licence: string } | null;
}

/**
 * What the page may say about where a photo is from: the person's own file name always, a labelled
 * photo's source and credit only after "Reveal the truth" (before it they would tell a student the answer).
 */
export function shownSource(face: ClassroomFace, reveal: boolean): string | null {
  return face.label === null || reveal ? face.from : null;
}

/** At most this many photos of an opened folder are shown (each is analysed once, in turn). */
export const MAX_FOLDER_PHOTOS = 100;

export function galleryFaces(index: GalleryIndex, urlOf: (file: string) => string): ClassroomFace[] {
  return index.entries.map((e) => ({
    key: e.file,
    url: urlOf(e.file),
    file: null,
    label: e.label,
    from: e.source,
    credit: { attribution: e.attribution, licence: e.licence },
  }));
}

const fileKey = (f: File) => `own:${f.name}|${f.size}|${f.lastModified}`;

/** The person's photos, unlabelled; `known` keys are skipped, so a photo added twice shows once. */
export function ownFaces(files: File[], known: Set<string>): ClassroomFace[] {
  const fresh = files.filter((f) => !known.has(fileKey(f)));
  return fresh
    .filter((f, i) => fresh.findIndex((g) => fileKey(g) === fileKey(f)) === i)
    .map((f) => ({ key: fileKey(f), url: URL.createObjectURL(f), file: f, label: null, from: f.name, credit: null }));
}

/** Why a folder the person chose gives no photos, as data the classroom says in the page's language. */
export type FolderProblem =
  | NotLabelled
  | { kind: 'no-folder' }
  | { kind: 'unknown-labels'; folder: string; labels: string[] }
  | { kind: 'none-present'; folder: string; named: number };

export type FolderResult = { kind: 'faces'; folder: string; faces: ClassroomFace[]; labelled: number; missing: number } | FolderProblem;

/**
 * A folder from a directory picker (each File's webkitRelativePath starts with the folder's name).
 * Labels must be classes of the model, so the truth can be compared with its verdict. Photos are
 * shown in a fixed shuffled order (neighbours do not give the labels away), at most
 * MAX_FOLDER_PHOTOS of them, evenly spread over the folder.
 */
export async function labelledFolderFaces(files: File[], classes: string[]): Promise<FolderResult> {
  const folder = files[0]?.webkitRelativePath.split('/')[0];
  if (!folder) return { kind: 'no-folder' };
  const byPath = new Map(files.map((f) => [f.webkitRelativePath.slice(folder.length + 1), f]));
  const manifest = byPath.get('manifest.csv');
  let images: LabelledImage[];
  try {
    images = labelledImages({ name: folder, manifest: manifest ? await manifest.text() : null, files: [...byPath.keys()] });
  } catch (e) {
    if (e instanceof NotLabelledFolder) return e.problem;
    throw e;
  }
  const labels = [...new Set(images.map((i) => i.label))].filter((l) => !classes.includes(l));
  if (labels.length) return { kind: 'unknown-labels', folder, labels };
  const present = images.filter((i) => byPath.has(i.path));
  if (!present.length) return { kind: 'none-present', folder, named: images.length };
  const step = Math.max(1, present.length / MAX_FOLDER_PHOTOS);
  const shown = Array.from({ length: Math.min(present.length, MAX_FOLDER_PHOTOS) }, (_, i) => present[Math.floor(i * step)]);
  const faces = seededShuffle(shown, 8).map((i) => {
    const file = byPath.get(i.path)!;
    return { key: `folder:${folder}/${i.path}`, url: URL.createObjectURL(file), file, label: i.label, from: i.source === 'all' ? i.path : i.source, credit: null };
  });
  return { kind: 'faces', folder, faces, labelled: present.length, missing: images.length - present.length };
}
