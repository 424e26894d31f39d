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
