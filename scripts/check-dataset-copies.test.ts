// The data-set copy check must fail on a copy: first the search itself, then the command as
// `npm test` runs it, in a scratch git repository with a data-set file committed under src/.
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findDatasetCopies } from './lib/datasetCopies';

function write(path: string, bytes: string | Buffer): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  return path;
}

/** A data set folder with a photo, another file of the photo's size and an empty file. */
function datasets(): string {
  const dir = mkdtempSync(join(tmpdir(), 'datasets-'));
  write(join(dir, 'faces', 'test', 'real', 'a.jpg'), 'pretend jpeg bytes');
  write(join(dir, 'faces', 'manifest.csv'), 'path,label\n');
  write(join(dir, 'faces', 'empty.txt'), '');
  return dir;
}

describe('findDatasetCopies', () => {
  it('finds a byte-identical copy, and not a different file of the same size or an empty one', () => {
    const data = datasets();
    const work = mkdtempSync(join(tmpdir(), 'work-'));
    const copy = write(join(work, 'face.jpg'), 'pretend jpeg bytes');
    const sameSize = write(join(work, 'other.jpg'), 'pretend JPEG bytes');
    const empty = write(join(work, '.gitkeep'), '');
    const { copies, datasetFiles } = findDatasetCopies([copy, sameSize, empty], data);
    expect(copies).toEqual([{ file: copy, copyOf: [join(data, 'faces', 'test', 'real', 'a.jpg')] }]);
    expect(datasetFiles).toBe(2);
  });
});

describe('scripts/check-dataset-copies.ts', () => {
  const script = fileURLToPath(new URL('./check-dataset-copies.ts', import.meta.url));
  const tsx = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));
  const run = (cwd: string, data: string) => spawnSync(tsx, [script], { cwd, env: { ...process.env, TRACELENS_DATASETS: data }, encoding: 'utf8' });

  it('fails, naming the file and its original, when a tracked file copies the data set; passes otherwise', () => {
    const data = datasets();
    const repo = mkdtempSync(join(tmpdir(), 'repo-'));
    execFileSync('git', ['init', '-q'], { cwd: repo });
    write(join(repo, 'src', 'model.ts'), 'export {};\n');
    write(join(repo, 'scripts', 'a.jpg'), 'pretend jpeg bytes'); // outside the checked folders
    execFileSync('git', ['add', '.'], { cwd: repo });
    const clean = run(repo, data);
    expect(clean.status, clean.stderr).toBe(0);
    expect(clean.stdout).toContain('no data-set copies among 1 tracked files');

    write(join(repo, 'public', 'gallery', 'face-01.jpg'), 'pretend jpeg bytes');
    execFileSync('git', ['add', '.'], { cwd: repo });
    const copied = run(repo, data);
    expect(copied.status).toBe(1);
    expect(copied.stderr).toContain(`public/gallery/face-01.jpg is a copy of ${join(data, 'faces', 'test', 'real', 'a.jpg')}`);
  });

  it('passes, saying it did not check, when the data sets are not there', () => {
    const r = run(mkdtempSync(join(tmpdir(), 'repo-')), join(tmpdir(), 'no-such-datasets'));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('not checked');
  });
});
