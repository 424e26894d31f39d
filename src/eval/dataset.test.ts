import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDataset } from './dataset';

describe('readDataset', () => {
  it('reads a manifest with an optional split filter', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ds-'));
    writeFileSync(join(dir, 'manifest.csv'), 'path,label,source,group,detail,split\na/1.jpg,real,dfdc,g,,test\nb/2.jpg,splice,ciplab,g,"easy,1",train\n');
    expect(readDataset(dir, 'test')).toEqual([{ path: join(dir, 'a/1.jpg'), label: 'real', source: 'dfdc' }]);
    expect(readDataset(dir).map((d) => d.label)).toEqual(['real', 'splice']);
    expect(readDataset(dir, 'nope')).toEqual([]);
  });

  it("reads faces-v2's manifest, with its family and crop columns, keeping the family", () => {
    const dir = mkdtempSync(join(tmpdir(), 'ds-'));
    writeFileSync(
      join(dir, 'manifest.csv'),
      'path,label,source,family,group,detail,split,crop\n' +
        'attribute/a.jpg,attribute,attentiongan_rafd,expression-gan,s0,,test,5 3 169 169\n' +
        'real/b.jpg,real,lfw,real-photo,,,val,0 0 176 176\n' +
        'real/c.jpg,real,lfw,,,,test,\n',
    );
    expect(readDataset(dir, 'test')).toEqual([
      { path: join(dir, 'attribute/a.jpg'), label: 'attribute', source: 'attentiongan_rafd', family: 'expression-gan' },
      { path: join(dir, 'real/c.jpg'), label: 'real', source: 'lfw' },
    ]);
    expect(readDataset(dir, 'test')[1]).not.toHaveProperty('family');
  });

  it('reads one sub-folder per class when there is no manifest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ds-'));
    for (const [c, f] of [['real', 'x.png'], ['identity', 'y.jpg'], ['identity', 'notes.txt']]) {
      mkdirSync(join(dir, c), { recursive: true });
      writeFileSync(join(dir, c, f), '');
    }
    expect(readDataset(dir)).toEqual([
      { path: join(dir, 'identity', 'y.jpg'), label: 'identity', source: 'all' },
      { path: join(dir, 'real', 'x.png'), label: 'real', source: 'all' },
    ]);
  });
});
