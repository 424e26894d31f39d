// Which faces-v1 test faces the classroom gallery shows, and their credits: a fixed rule, so
// config/gallery/makeGallery.ts writes the same gallery every time. Not shipped with the app.
import type { GalleryEntry } from '../../src/classroom/gallery';
import { seededShuffle } from '../../src/crop/seededRandom.ts';

export interface ManifestRow {
  path: string;
  label: string;
  source: string;
  detail: string;
  split: string;
}

/** How many faces of each label x source pair: every pair faces-v1's test split has, 24 in all. */
export const GALLERY_QUOTA: Record<string, number> = {
  'real/dfdc': 4,
  'identity/dfdc': 4,
  'real/stargan-celeba': 3,
  'attribute/stargan-celeba': 5,
  'real/ciplab': 3,
  'splice/ciplab': 3,
  'identity/stylegan3': 2,
};

/** Licence and attribution of each faces-v1 source (from faces-v1/README.md). */
export const SOURCE_CREDITS: Record<string, { licence: string; attribution: string }> = {
  dfdc: {
    licence: 'DFDC terms: non-commercial research',
    attribution: 'DeepFake Detection Challenge face crop (via i-Shreyansh/DeepFake-Detection)',
  },
  'stargan-celeba': {
    licence: 'CelebA: non-commercial research',
    attribution: 'StarGAN CelebA-128 test output (via ZoeLiao/VT-CS5804-Intro-to-AI-Mini-Project)',
  },
  ciplab: {
    licence: 'Research use',
    attribution: 'Yonsei CIPLAB "Real and Fake Face Detection" (via miguel-kjh/fake-face-detector)',
  },
  stylegan3: {
    licence: 'NVIDIA: non-commercial',
    attribution: 'StyleGAN3-R FFHQ sample (via sklinderton/vit-real-vs-fake-faces)',
  },
};

/** The kind inside a pair that the selection spreads over: attribute, difficulty, or synthesis. */
const kindOf = (detail: string) => detail.split(':')[0];

/**
 * The fixed, reproducible selection: for each label x source pair, faces are taken round-robin
 * over its kinds (so every StarGAN attribute and every CIPLAB difficulty shows), evenly spaced in
 * path order within a kind, then shuffled with a fixed seed. Only the test split is used.
 */
export function selectGallery(rows: ManifestRow[], quota: Record<string, number> = GALLERY_QUOTA): ManifestRow[] {
  const test = rows.filter((r) => r.split === 'test');
  const picked: ManifestRow[] = [];
  for (const [pair, n] of Object.entries(quota)) {
    const [label, source] = pair.split('/');
    const pool = test.filter((r) => r.label === label && r.source === source).sort((a, b) => a.path.localeCompare(b.path));
    if (pool.length < n) throw new Error(`${pair}: the test split has ${pool.length} faces, the gallery wants ${n}`);
    const kinds = [...new Set(pool.map((r) => kindOf(r.detail)))].sort();
    const perKind = kinds.map((k) => ({ rows: pool.filter((r) => kindOf(r.detail) === k), want: 0 }));
    for (let i = 0; i < n; i++) perKind[i % perKind.length].want++;
    for (const k of perKind) {
      const want = Math.min(k.want, k.rows.length);
      for (let i = 0; i < want; i++) picked.push(k.rows[Math.floor(((i + 0.5) * k.rows.length) / want)]);
    }
  }
  return seededShuffle(picked, GALLERY_SEED);
}

/** The gallery's order is shuffled (with a fixed seed) so that neighbours do not give the labels away. */
export const GALLERY_SEED = 8;

/**
 * The gallery file name: its position and the original extension, nothing more, so that a file
 * name (shown when an image is opened on its own) cannot give the label away.
 */
export const galleryFileName = (r: ManifestRow, index: number) => `face-${String(index + 1).padStart(2, '0')}${/\.[a-z]+$/i.exec(r.path)?.[0].toLowerCase() ?? ''}`;

export function galleryEntry(r: ManifestRow, index: number): GalleryEntry {
  const credit = SOURCE_CREDITS[r.source];
  if (!credit) throw new Error(`no licence known for source ${r.source}`);
  return { file: galleryFileName(r, index), label: r.label, source: r.source, detail: r.detail, origin: r.path, ...credit };
}
