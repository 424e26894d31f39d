import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { breaches, codeFiles, folderOf, importArrows, specifiers } from './floors';

const root = join(import.meta.dirname, '..');

describe('the import rule (docs/ARCHITECTURE.md)', () => {
  it('no import arrow of the repository runs up a floor or sideways', () => {
    const arrows = importArrows(root);
    // The parser finds the arrows at all: hundreds, most of them between folders.
    expect(arrows.length).toBeGreaterThan(500);
    expect(arrows.filter((a) => folderOf(a.from) !== folderOf(a.to)).length).toBeGreaterThan(300);
    expect(breaches(arrows).map((b) => `${b.why}: ${b.from} -> ${b.to}`)).toEqual([]);
  });

  it('every code file is in a folder that has a floor', () => {
    expect(codeFiles(root).filter((f) => folderOf(f) === null && !f.endsWith('.d.ts'))).toEqual([]);
  });

  it('finds imports, re-exports, type imports, dynamic imports and workers', () => {
    const src = [
      "import { a } from '../crop/box';",
      "import type { B } from './b';",
      "export { c } from '../state/c';",
      "const V = lazy(() => import('../classroom/View'));",
      "new Worker(new URL('./decode.worker.ts', import.meta.url));",
      "import * as tf from '@tensorflow/tfjs-core';",
    ].join('\n');
    expect(specifiers(src).sort()).toEqual(['../classroom/View', '../crop/box', '../state/c', './b', './decode.worker.ts'].sort());
  });

  it('fails an arrow up a floor or sideways, and passes one down or inside a folder', () => {
    expect(breaches([{ from: 'src/ui/App.tsx', to: 'src/classroom/ClassroomView.tsx' }])).toEqual([
      { from: 'src/ui/App.tsx', to: 'src/classroom/ClassroomView.tsx', why: 'upward' },
    ]);
    expect(breaches([{ from: 'config/galleryPlugin.ts', to: 'scripts/make-gallery.ts' }])[0]?.why).toBe('upward');
    expect(breaches([{ from: 'src/model/forward.ts', to: 'src/crop/resize.ts' }])[0]?.why).toBe('sideways');
    expect(breaches([{ from: 'src/foo/x.ts', to: 'src/model/spec.ts' }])[0]?.why).toBe('no floor');
    expect(breaches([{ from: 'src/ui/Panel.tsx', to: 'src/ui/helpers.test.ts' }])[0]?.why).toBe('upward');
    expect(
      breaches([
        { from: 'src/classroom/Gallery.tsx', to: 'src/ui/classText.ts' },
        { from: 'src/app/App.tsx', to: 'src/classroom/ClassroomView.tsx' },
        { from: 'src/crop/readRegion.ts', to: 'src/crop/box.ts' },
        { from: 'src/model/parity.test.ts', to: 'src/state/urlSettings.ts' },
        { from: 'src/worker/backend.ts', to: 'node_modules/@tensorflow/tfjs-core/dist/index.js' },
      ]),
    ).toEqual([]);
  });
});
