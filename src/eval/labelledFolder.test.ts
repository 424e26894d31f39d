import { describe, expect, it } from 'vitest';
import { labelledImages } from './labelledFolder';

describe('labelledImages', () => {
  it('reads path, label and source from a manifest, and says which columns are missing', () => {
    const manifest = 'path,label,source\nreal/a.jpg,real,cam\n"odd, name.png",splice,\n';
    expect(labelledImages({ name: 'mine', manifest, files: [] })).toEqual([
      { path: 'real/a.jpg', label: 'real', source: 'cam' },
      { path: 'odd, name.png', label: 'splice', source: 'all' },
    ]);
    expect(() => labelledImages({ name: 'mine', manifest: 'file,class\na.jpg,real\n', files: [] })).toThrow(
      'mine/manifest.csv needs the columns path and label (it has: file, class)',
    );
    expect(() => labelledImages({ name: 'mine', manifest, files: [] }, 'test')).toThrow(/no split column/);
  });

  it('reads one sub-folder per class: images one level down only, sorted by class then name', () => {
    const files = ['real/b.png', 'real/a.JPG', 'identity/x.webp', 'identity/notes.txt', 'readme.jpg', 'real/deeper/c.jpg'];
    expect(labelledImages({ name: 'mine', manifest: null, files })).toEqual([
      { path: 'identity/x.webp', label: 'identity', source: 'all' },
      { path: 'real/a.JPG', label: 'real', source: 'all' },
      { path: 'real/b.png', label: 'real', source: 'all' },
    ]);
  });

  it('refuses a folder with neither, and a split without a manifest', () => {
    expect(() => labelledImages({ name: 'holiday', manifest: null, files: ['a.jpg', 'b.jpg'] })).toThrow(
      'holiday has neither a manifest.csv nor one sub-folder of images per class',
    );
    expect(() => labelledImages({ name: 'holiday', manifest: null, files: ['real/a.jpg'] }, 'test')).toThrow(/--split needs a manifest.csv/);
  });
});
