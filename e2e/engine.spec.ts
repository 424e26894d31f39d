import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { FIXTURES, TraceLensPage } from './support/TraceLensPage';
import { nodeProbabilities } from './support/nodeReference';
import type { Report } from '../src/report/report';

const SMALL = FIXTURES + 'sample1-1.png';
const PNGS = ['sample1-1.png', 'sample3-1.png', 'sample6-1.png'].map((f) => FIXTURES + f);

const copies = (n: number, start = 0) =>
  Array.from({ length: n }, (_, i) => ({ name: `copy-${String(start + i).padStart(3, '0')}.png`, buffer: readFileSync(SMALL), mimeType: 'image/png' }));

const probs = (r: Report) => r.items.map((i) => i.faces[0]?.probabilities);

test('the worker holds as many tensors after 50 images as after 1 (WebGL)', async ({ page }) => {
  const app = new TraceLensPage(page);
  // Whole photos: this test is about the network's tensors (the detector's are checked on wasm in scale.spec.ts).
  await app.open('?backend=webgl&faces=off');
  await app.chooseFiles(copies(1));
  await app.waitFinished(1);
  const afterOne = await app.numTensors();
  expect(afterOne).toBeGreaterThan(20); // the model's weights are resident
  await app.chooseFiles(copies(49, 1));
  await app.waitFinished(50);
  expect(await app.numTensors()).toBe(afterOne);
});

for (const failure of ['lose-context', 'crash'] as const) {
  test(`after a ${failure === 'crash' ? 'worker crash' : 'lost WebGL context'} the engine restarts and the queue finishes with identical results`, async ({ page }) => {
    const app = new TraceLensPage(page);
    await app.open('?backend=webgl&faces=off');
    const files = copies(2).concat(PNGS.map((p) => ({ name: p.slice(FIXTURES.length), buffer: readFileSync(p), mimeType: 'image/png' })));
    await app.chooseFiles(files);
    await app.waitFinished(files.length);
    const baseline = await app.exportJson();
    await page.getByRole('button', { name: 'Clear all' }).click();

    await app.chooseFiles(files);
    await expect(page.getByTestId('result-row').first()).toHaveAttribute('data-status', 'done');
    await page.evaluate((kind) => (window as unknown as { tracelens: { simulateEngineFailure(k: string): void } }).tracelens.simulateEngineFailure(kind), failure);
    await expect(page.getByTestId('engine')).toHaveAttribute('data-restarts', '1');
    await app.waitFinished(files.length);
    await expect(page.getByTestId('engine')).toHaveAttribute('data-status', 'ready');
    const after = await app.exportJson();
    expect(after.items.map((i) => i.status)).toEqual(files.map(() => 'done'));
    const [a, b] = [probs(baseline), probs(after)];
    a.forEach((p, i) => Object.keys(p).forEach((c) => expect(Math.abs(p[c] - b[i][c])).toBeLessThan(1e-5)));
  });
}

for (const backend of ['wasm', 'cpu'] as const) {
  test(`?backend=${backend} forces that backend and gives the same numbers as Node`, async ({ page }) => {
    const app = new TraceLensPage(page);
    await app.open(`?backend=${backend}&faces=off`);
    expect(await app.backend()).toBe(backend);
    await app.openEngineDetails();
    await expect(page.getByTestId('backend-note')).toContainText('requested');
    await app.chooseFiles(PNGS);
    await app.waitFinished(PNGS.length);
    const report = await app.exportJson();
    expect(report.backend).toBe(backend);
    const ref = await nodeProbabilities(PNGS);
    report.items.forEach((item, i) => {
      const r = ref.get(PNGS[i])!;
      for (const c of report.model.classes) expect(Math.abs(item.faces[0].probabilities[c] - r[c])).toBeLessThan(1e-3);
    });
  });
}

test('the backend setting switches the engine without a reload and keeps it in the URL', async ({ page }) => {
  const app = new TraceLensPage(page);
  await app.open();
  await app.openEngineDetails();
  await page.getByLabel('Backend').selectOption('cpu');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'cpu');
  expect(new URL(page.url()).searchParams.get('backend')).toBe('cpu');
  await app.chooseFiles([SMALL]);
  await app.waitFinished(1);
});
