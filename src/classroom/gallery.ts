// The classroom gallery's index (gallery/index.json in a build made with faces-v1 beside the
// checkout): labelled faces from faces-v1's test split, written by config/gallery/makeGallery.ts (the
// selection rule: config/gallery/gallerySelection.ts).

export interface GalleryEntry {
  /** File name inside the build's gallery/. */
  file: string;
  /** The data set's label: the truth the "reveal" toggle shows. */
  label: string;
  /** faces-v1 source (dfdc, stargan-celeba, ciplab, stylegan3). */
  source: string;
  /** faces-v1 detail column (manipulation kind, difficulty, attribute). */
  detail: string;
  /** Path in faces-v1, for provenance. */
  origin: string;
  licence: string;
  attribution: string;
}

export interface GalleryIndex {
  dataset: string;
  split: string;
  entries: GalleryEntry[];
}

/** Checks a fetched index; the app refuses a malformed one with a clear message. */
export function parseGalleryIndex(json: unknown): GalleryIndex {
  const g = json as Partial<GalleryIndex>;
  if (!g || !Array.isArray(g.entries)) throw new Error('The gallery index has no entries');
  for (const e of g.entries)
    if (!e || typeof e.file !== 'string' || typeof e.label !== 'string' || typeof e.source !== 'string' || typeof e.licence !== 'string')
      throw new Error('A gallery entry lacks file, label, source or licence');
  return g as GalleryIndex;
}
