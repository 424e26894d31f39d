import { describe, expect, it } from 'vitest';
import { labelledFolderFaces, MAX_FOLDER_PHOTOS, ownFaces, shownSource } from './faces';

/** A File as a folder picker gives it: its path inside the chosen folder, starting with the folder's name. */
function picked(path: string, text = path): File {
  const f = new File([text], path.split('/').pop()!, { lastModified: 1 });
  Object.defineProperty(f, 'webkitRelativePath', { value: path });
  return f;
}

const CLASSES = ['real', 'identity', 'attribute', 'splice'];

describe('labelledFolderFaces', () => {
  it('reads class sub-folders, and shuffles so neighbours do not give the labels away', async () => {
    const files = [...Array.from({ length: 6 }, (_, i) => picked(`lesson/real/r${i}.jpg`)), ...Array.from({ length: 6 }, (_, i) => picked(`lesson/splice/s${i}.png`))];
    const r = await labelledFolderFaces(files, CLASSES);
    if (r.kind !== 'faces') throw new Error(r.kind);
    expect(r).toMatchObject({ folder: 'lesson', labelled: 12, missing: 0 });
    expect(r.faces.map((f) => f.key).sort()).toEqual(files.map((f) => `folder:${f.webkitRelativePath}`).sort());
    expect(r.faces.every((f) => f.file !== null && f.credit === null && f.from.startsWith(f.label! + '/'))).toBe(true);
    expect(r.faces.map((f) => f.label)).not.toEqual([...r.faces.map((f) => f.label)].sort());
    // A fixed order: the same folder shows the same way every time.
    const again = await labelledFolderFaces(files, CLASSES);
    expect(again.kind === 'faces' && again.faces.map((f) => f.key)).toEqual(r.faces.map((f) => f.key));
  });

  it('reads a manifest.csv, counts the files it names that are missing, and refuses labels the model lacks', async () => {
    const manifest = picked('survey/manifest.csv', 'path,label,source\na.jpg,real,cam-a\nb.jpg,identity,cam-b\ngone.jpg,real,cam-a\n');
    const r = await labelledFolderFaces([manifest, picked('survey/a.jpg'), picked('survey/b.jpg')], CLASSES);
    if (r.kind !== 'faces') throw new Error(r.kind);
    expect([r.labelled, r.missing]).toEqual([2, 1]);
    expect(r.faces.map((f) => [f.label, f.from]).sort()).toEqual([
      ['identity', 'cam-b'],
      ['real', 'cam-a'],
    ]);
    expect(await labelledFolderFaces([picked('x/fake/a.jpg'), picked('x/real/b.jpg')], CLASSES)).toEqual({ kind: 'unknown-labels', folder: 'x', labels: ['fake'] });
  });

  it('says why a folder gives no photos as data, for the page to word in its language', async () => {
    expect(await labelledFolderFaces([picked('y/manifest.csv', 'path,label\nno.jpg,real\n')], CLASSES)).toEqual({ kind: 'none-present', folder: 'y', named: 1 });
    expect(await labelledFolderFaces([picked('z/manifest.csv', 'file,class\na.jpg,real\n'), picked('z/a.jpg')], CLASSES)).toEqual({
      kind: 'manifest-columns',
      folder: 'z',
      columns: ['file', 'class'],
    });
    expect(await labelledFolderFaces([picked('holiday/a.jpg')], CLASSES)).toEqual({ kind: 'no-layout', folder: 'holiday' });
    expect(await labelledFolderFaces([], CLASSES)).toEqual({ kind: 'no-folder' });
  });

  it(`shows at most ${MAX_FOLDER_PHOTOS} photos, spread over the whole folder`, async () => {
    const files = Array.from({ length: 250 }, (_, i) => picked(`big/real/${String(i).padStart(3, '0')}.jpg`));
    const r = await labelledFolderFaces(files, CLASSES);
    if (r.kind !== 'faces') throw new Error(r.kind);
    expect(r.faces).toHaveLength(MAX_FOLDER_PHOTOS);
    expect(r.labelled).toBe(250);
    const numbers = r.faces.map((f) => Number(f.key.slice(-7, -4))).sort((a, b) => a - b);
    expect(numbers[0]).toBe(0);
    expect(numbers[numbers.length - 1]).toBeGreaterThan(240);
  });
});

describe('ownFaces', () => {
  it('adds each photo once, unlabelled', () => {
    const a = new File(['a'], 'a.jpg', { lastModified: 5 });
    const faces = ownFaces([a, a, new File(['bb'], 'b.jpg', { lastModified: 5 })], new Set());
    expect(faces.map((f) => [f.from, f.label])).toEqual([
      ['a.jpg', null],
      ['b.jpg', null],
    ]);
    expect(ownFaces([a], new Set(faces.map((f) => f.key)))).toEqual([]);
  });
});

describe('shownSource', () => {
  it("keeps a labelled photo's source back until the truth is revealed, and always names the person's own", () => {
    const labelled = { key: 'k', url: '', file: null, label: 'identity', from: 'stylegan3', credit: { attribution: 'StyleGAN3-R FFHQ sample', licence: 'NVIDIA' } };
    expect(shownSource(labelled, false)).toBeNull();
    expect(shownSource(labelled, true)).toBe('stylegan3');
    const own = { ...labelled, label: null, from: 'me.jpg', credit: null };
    expect(shownSource(own, false)).toBe('me.jpg');
  });
});
