import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { FACES_V1_DIR, FACES_V1_MISSING, facesV1Present } from '../testData';
import { makeGallery } from './makeGallery';
import { parseGalleryIndex } from '../../src/classroom/gallery';
import { galleryEntry, GALLERY_QUOTA, selectGallery, type ManifestRow } from './gallerySelection';

/** A manifest like faces-v1's: every pair, with kinds, in both splits. */
function manifest(): ManifestRow[] {
  const rows: ManifestRow[] = [];
  const add = (label: string, source: string, kinds: string[], n: number) => {
    for (const split of ['train', 'test'])
      for (let i = 0; i < n; i++) {
        const detail = kinds[i % kinds.length];
        rows.push({ path: `${split}/${label}/${source}_${String(i).padStart(3, '0')}.jpg`, label, source, detail, split });
      }
  };
  add('real', 'dfdc', [''], 30);
  add('identity', 'dfdc', ['faceswap'], 30);
  add('real', 'stargan-celeba', ['real'], 30);
  add('attribute', 'stargan-celeba', ['age', 'black_hair', 'blond_hair', 'brown_hair', 'gender'], 30);
  add('real', 'ciplab', [''], 30);
  add('splice', 'ciplab', ['easy:1111', 'mid:0011', 'hard:1000'], 30);
  add('identity', 'stylegan3', ['synthesis:psi0.70', 'synthesis:psi1.00'], 6);
  return rows;
}

describe('the gallery selection', () => {
  it('takes 24 test faces, every label x source pair at its quota, spread over the kinds', () => {
    const picked = selectGallery(manifest());
    expect(picked).toHaveLength(24);
    expect(picked.every((r) => r.split === 'test')).toBe(true);
    expect(new Set(picked.map((r) => r.path)).size).toBe(24);
    for (const [pair, n] of Object.entries(GALLERY_QUOTA)) expect(picked.filter((r) => `${r.label}/${r.source}` === pair), pair).toHaveLength(n);
    expect(new Set(picked.filter((r) => r.label === 'attribute').map((r) => r.detail)).size).toBe(5);
    expect(new Set(picked.filter((r) => r.label === 'splice').map((r) => r.detail.split(':')[0])).size).toBe(3);
  });

  it('is reproducible and independent of the manifest order', () => {
    const rows = manifest();
    expect(selectGallery([...rows].reverse())).toEqual(selectGallery(rows));
  });

  it('is shuffled so neighbours do not give the labels away', () => {
    const labels = selectGallery(manifest()).map((r) => r.label);
    const runs = labels.filter((l, i) => i > 0 && l === labels[i - 1]).length;
    expect(runs).toBeLessThan(10);
  });

  it('refuses a pair the split cannot fill', () => {
    expect(() => selectGallery(manifest().filter((r) => r.source !== 'stylegan3'))).toThrow(/identity\/stylegan3/);
  });

  it('credits each face with its source licence', () => {
    const e = galleryEntry({ path: 'test/splice/ciplab_easy_1_1111.jpg', label: 'splice', source: 'ciplab', detail: 'easy:1111', split: 'test' }, 6);
    expect(e).toMatchObject({ file: 'face-07.jpg', label: 'splice', licence: 'Research use', origin: 'test/splice/ciplab_easy_1_1111.jpg' });
    expect(galleryEntry({ path: 'test/identity/sg3.PNG', label: 'identity', source: 'stylegan3', detail: '', split: 'test' }, 11).file).toBe('face-12.png');
    expect(() => galleryEntry({ path: 'x.jpg', label: 'real', source: 'unknown', detail: '', split: 'test' }, 0)).toThrow(/licence/);
  });

});

describe('makeGallery', () => {
  it('writes the selected faces byte for byte, an index the app accepts and the credits', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gallery-'));
    const rows = manifest();
    const header = 'path,label,source,group,detail,split';
    writeFileSync(join(dir, 'manifest.csv'), [header, ...rows.map((r) => `${r.path},${r.label},${r.source},g,"${r.detail}",${r.split}`)].join('\n') + '\n');
    rows.forEach((r, i) => {
      mkdirSync(dirname(join(dir, r.path)), { recursive: true });
      writeFileSync(join(dir, r.path), `face ${i}`);
    });
    const files = new Map(makeGallery(dir).map((f) => [f.name, Buffer.from(f.bytes)]));
    const index = parseGalleryIndex(JSON.parse(files.get('index.json')!.toString('utf8')));
    expect(index.entries).toHaveLength(24);
    expect(files.size).toBe(26);
    for (const e of index.entries) {
      expect(files.get(e.file)!.equals(readFileSync(join(dir, e.origin))), e.file).toBe(true);
      expect(files.get('ATTRIBUTION.md')!.toString('utf8')).toContain(`| \`${e.file}\` | \`${e.origin}\` | ${e.label} |`);
    }
    expect(() => parseGalleryIndex({ entries: [{ file: 'a.jpg' }] })).toThrow();
  });

  it('on faces-v1: every pair, credits, and names that do not give the label away', ({ skip }) => {
    skip(!facesV1Present(), FACES_V1_MISSING);
    const files = makeGallery(FACES_V1_DIR);
    const index = parseGalleryIndex(JSON.parse(new TextDecoder().decode(files.find((f) => f.name === 'index.json')!.bytes)));
    expect(index.entries).toHaveLength(24);
    expect(new Set(index.entries.map((e) => `${e.label}/${e.source}`))).toEqual(new Set(Object.keys(GALLERY_QUOTA)));
    for (const e of index.entries) {
      expect(e.file).not.toContain(e.label);
      expect(e.licence && e.attribution).toBeTruthy();
      expect(files.find((f) => f.name === e.file)!.bytes.length).toBeGreaterThan(1000);
    }
  });
});
