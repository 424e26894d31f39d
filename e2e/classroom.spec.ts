// Issue 8, classroom mode: the gallery runs the real model in the worker, the walkthrough draws
// the network's real maps step by step, and the what-if lab's maps and plot move as they should.
import { expect, test } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { TraceLensPage } from './support/TraceLensPage';
import { ClassroomPage } from './support/ClassroomPage';
import type { GalleryIndex } from '../src/classroom/gallery';
import { parseMarkdownTables } from '../src/classroom/markdownTable';

const GALLERY = new URL('../public/gallery/', import.meta.url).pathname;
const index = JSON.parse(readFileSync(GALLERY + 'index.json', 'utf8')) as GalleryIndex;

test('the gallery opens with one click, predicts every face in the worker, and reveals the truth', async ({ page }) => {
  const app = new TraceLensPage(page);
  // faces=off: the gallery's faces are crops already, analysed whole, as a dropped crop is then.
  await app.open('?backend=wasm&faces=off');
  const room = new ClassroomPage(page);
  await room.open();
  await expect(room.items()).toHaveCount(index.entries.length);
  expect(index.entries.length).toBeGreaterThanOrEqual(20);
  // Every label x source pair of the test split, each with its licence shown.
  const pairs = new Set(index.entries.map((e) => `${e.label}/${e.source}`));
  expect(pairs.size).toBe(7);
  for (const [i, e] of index.entries.entries()) await expect(room.items().nth(i)).toContainText(e.licence);

  await room.waitPredicted(index.entries.length);
  await expect(page.getByTestId('truth')).toHaveCount(0);
  await page.getByTestId('reveal-truth').check();
  await expect(page.getByTestId('truth')).toHaveCount(index.entries.length);

  const shown = await room.items().evaluateAll((els) =>
    els.map((e) => ({
      file: e.getAttribute('data-file')!,
      predicted: e.getAttribute('data-predicted')!,
      probabilities: JSON.parse(e.getAttribute('data-probabilities')!) as number[],
      truth: e.querySelector('[data-testid="truth"]')!.getAttribute('data-label')!,
      correct: e.querySelector('[data-testid="truth"]')!.getAttribute('data-correct'),
    })),
  );
  for (const [i, s] of shown.entries()) {
    expect(s.file).toBe(index.entries[i].file);
    expect(s.truth).toBe(index.entries[i].label);
    expect(s.correct).toBe(String(s.predicted === s.truth));
    expect(s.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
  }
  const right = shown.filter((s) => s.predicted === s.truth).length;
  await expect(page.getByTestId('gallery-score')).toHaveAttribute('data-right', String(right));

  // The gallery's numbers are the analysis's: the same file dropped in gets the same probabilities.
  const first = index.entries.find((e) => e.source === 'stargan-celeba')!;
  await page.getByRole('button', { name: 'Back to my photos' }).click();
  await app.chooseFiles([GALLERY + first.file]);
  await app.waitFinished(1);
  const report = await app.exportJson();
  const dropped = report.items[0].faces[0].probabilities;
  const fromGallery = shown.find((s) => s.file === first.file)!.probabilities;
  report.model.classes.forEach((c, k) => expect(Math.abs(dropped[c] - fromGallery[k])).toBeLessThan(1e-4));
});

test('the walkthrough steps through the real maps with the arrow keys, and they are consistent', async ({ page }) => {
  await new TraceLensPage(page).open('?backend=wasm');
  const room = new ClassroomPage(page);
  await room.open();
  await page.getByRole('button', { name: 'Walk through face 7', exact: true }).click();
  const walk = room.walkthrough();
  await expect(walk).toHaveAttribute('data-steps', '9', { timeout: 120_000 });
  await expect(walk.getByRole('heading', { level: 3 })).toHaveText('Face 7 through the network');
  await expect(walk).toBeFocused();

  // The numbers behind the pictures: Fmt is Conv1(I) - I, Freu ends with Fmt, I is the crop.
  const m = await room.rawMaps();
  const n = m.size * m.size;
  expect(m.size).toBe(128);
  let worst = 0;
  let energy = 0;
  for (let i = 0; i < n * 3; i++) {
    worst = Math.max(worst, Math.abs(m.fmt[i] - (m.conv1[i] - m.input[i])));
    energy += Math.abs(m.fmt[i]);
  }
  expect(worst).toBeLessThan(1e-3);
  expect(energy / (n * 3)).toBeGreaterThan(0.01);
  for (let i = 0; i < n; i += 97) for (let c = 0; c < 3; c++) expect(m.freu[i * 12 + 9 + c]).toBeCloseTo(m.fmt[i * 3 + c], 3);
  for (let i = 0; i < n; i += 101) expect(Math.round(m.input[i * 3])).toBe(m.preview[i * 4]);
  expect(m.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);

  const expected = ['input', 'conv1', 'fmt', 'freu', 'block4', 'block5', 'block6', 'block7', 'probabilities'];
  const mapCounts = [1, 1, 5, 12, 4, 4, 4, 4, 0];
  for (const [i, id] of expected.entries()) {
    await expect(walk).toHaveAttribute('data-step', id);
    await expect(page.getByTestId('step-counter')).toHaveText(`Step ${i + 1} of 9`);
    await expect(walk.getByTestId('step-map')).toHaveCount(mapCounts[i]);
    const colours = await room.stepCanvasColours();
    for (const c of colours) expect(c, `${id}: a canvas is flat`).toBeGreaterThan(8);
    await page.keyboard.press('ArrowRight');
  }
  // Past the last step it stays there; the verdict step shows the same probabilities.
  await expect(walk).toHaveAttribute('data-step', 'probabilities');
  const bars = await room.probabilitiesIn(walk.getByTestId('step-probabilities'));
  Object.values(bars).forEach((p, k) => expect(p).toBeCloseTo(m.probabilities[k], 6));
  await page.keyboard.press('ArrowLeft');
  await expect(walk).toHaveAttribute('data-step', 'block7');
  await page.keyboard.press('Home');
  await expect(walk).toHaveAttribute('data-step', 'input');
  await page.keyboard.press('End');
  await expect(walk).toHaveAttribute('data-step', 'probabilities');

  // Presentation mode: full screen, larger type, still keyboard driven.
  await page.getByTestId('present').click();
  await expect(walk).toHaveAttribute('data-present', 'true');
  const size = await walk.getByTestId('step-title').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(size).toBeGreaterThanOrEqual(28);
  await page.keyboard.press('Home');
  await expect(walk).toHaveAttribute('data-step', 'input');
  await page.keyboard.press('Escape');
  await expect(walk).toHaveAttribute('data-present', 'false');
});

test('the what-if lab: the fine-detail energy of Fmt falls as blur rises, JPEG changes the verdict, the plot has one point per quality', async ({ page }) => {
  await new TraceLensPage(page).open('?backend=wasm');
  const room = new ClassroomPage(page);
  await room.open();
  await page.getByRole('button', { name: 'Experiment with face 1', exact: true }).click();
  await room.waitLabSettled();

  const energies: number[] = [];
  for (const blur of [0, 0.5, 1, 2, 4]) {
    await room.setSlider('blur', blur);
    energies.push(await room.fmtEnergy());
  }
  for (let i = 1; i < energies.length; i++) expect(energies[i], `energy at blur step ${i}: ${energies.join(', ')}`).toBeLessThan(energies[i - 1]);
  expect(energies[energies.length - 1]).toBeLessThan(energies[0] * 0.5);
  await room.setSlider('blur', 0);
  expect(await room.fmtEnergy()).toBeCloseTo(energies[0], 4);

  // Noise adds high-frequency energy that the residual keeps.
  await room.setSlider('noise', 20);
  expect(await room.fmtEnergy()).toBeGreaterThan(energies[0] * 1.2);
  await room.setSlider('noise', 0);

  // The plot: every class has one point per quality step, and each point is a real run: the lab's
  // own run at quality 30 gives the same numbers.
  const plot = page.getByTestId('jpeg-plot');
  const classes = Object.keys(await room.labProbabilities());
  await expect(plot.getByTestId('plot-series')).toHaveCount(classes.length);
  const points = await room.plotPoints();
  for (const c of classes) expect(Object.keys(points[c]).map(Number)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
  for (const q of [10, 50, 100]) expect(classes.reduce((s, c) => s + points[c][q], 0)).toBeCloseTo(1, 4);

  const original = await room.labProbabilities();
  await page.getByTestId('whatif-jpeg').check();
  await room.setSlider('jpegQuality', 30);
  const at30 = await room.labProbabilities();
  for (const c of classes) expect(at30[c]).toBeCloseTo(points[c][30], 5);
  expect(classes.some((c) => Math.abs(at30[c] - original[c]) > 1e-3)).toBe(true);

  // Other sliders change the sweep's input too: the plot is redrawn for the downscaled photo.
  await room.setSlider('scale', 0.5);
  const smaller = await room.plotPoints();
  expect(classes.some((c) => Math.abs(smaller[c][30] - points[c][30]) > 1e-4)).toBe(true);
  await room.setSlider('shiftX', 8);
  expect(JSON.parse((await page.getByTestId('whatif-fmt').getAttribute('data-settings'))!)).toMatchObject({ shiftX: 8, scale: 0.5, jpegQuality: 30 });
});

test('the comparison shows AMTENnet beside the baseline, or says the baseline is not shipped, and the results table', async ({ page }) => {
  await new TraceLensPage(page).open('?backend=wasm');
  const room = new ClassroomPage(page);
  await room.open();
  await room.tab('compare').click();
  const amten = page.getByTestId('compare-amtennet');
  await expect(amten).toHaveAttribute('data-model', 'amtennet-faces-v1', { timeout: 120_000 });
  const baseline = page.getByTestId('compare-baseline');
  const missing = page.getByTestId('baseline-missing');
  await expect(baseline.or(missing)).toBeVisible();
  const shipped = existsSync(new URL('../public/models/model-base-faces-v1/model-card.json', import.meta.url));
  if (shipped) {
    await expect(baseline).toHaveAttribute('data-model', 'model-base-faces-v1', { timeout: 120_000 });
    for (const column of [amten, baseline]) await expect(column).toHaveAttribute('data-current', 'true');
    const a = JSON.parse((await amten.getAttribute('data-probabilities'))!) as number[];
    const b = JSON.parse((await baseline.getAttribute('data-probabilities'))!) as number[];
    expect(b.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 4);
    expect(b.some((p, k) => Math.abs(p - a[k]) > 1e-3)).toBe(true);
    await expect(baseline).toContainText('model-base');
  } else await expect(missing).toContainText('models/model-base-faces-v1/');

  // The first table of training/RESULTS.md, as a real table with every row and cell.
  const resultsFile = new URL('../training/RESULTS.md', import.meta.url);
  const results = page.getByTestId('results-md');
  if (existsSync(resultsFile)) {
    const [table] = parseMarkdownTables(readFileSync(resultsFile, 'utf8'));
    await expect(results.locator('thead th')).toHaveText(table.header);
    await expect(results.locator('tbody tr')).toHaveCount(table.rows.length);
    for (const [i, row] of table.rows.entries()) await expect(results.locator('tbody tr').nth(i).locator('td')).toHaveText(row);
  } else await expect(results.getByTestId('results-missing')).toBeVisible();
});

test('the comparison loads a second model by id in the worker: the same model twice gives the same numbers', async ({ page }) => {
  await new TraceLensPage(page).open('?backend=wasm&baseline=amtennet-faces-v1');
  const room = new ClassroomPage(page);
  await room.open();
  await room.tab('compare').click();
  await page.getByTestId('face-select').selectOption('4');
  const amten = page.getByTestId('compare-amtennet');
  const second = page.getByTestId('compare-baseline');
  // Both columns answer face 5 (not a result for face 1 that was still on its way).
  for (const column of [amten, second]) {
    await expect(column).toHaveAttribute('data-file', index.entries[4].file, { timeout: 120_000 });
    await expect(column).toHaveAttribute('data-current', 'true');
    await expect(column).toHaveAttribute('data-model', 'amtennet-faces-v1');
  }
  const a = JSON.parse((await amten.getAttribute('data-probabilities'))!) as number[];
  const b = JSON.parse((await second.getAttribute('data-probabilities'))!) as number[];
  b.forEach((p, k) => expect(p).toBeCloseTo(a[k], 6));
  // and they are face 5's numbers, as the gallery has them
  await room.tab('gallery').click();
  await room.waitPredicted(24);
  const g = JSON.parse((await room.items().nth(4).getAttribute('data-probabilities'))!) as number[];
  g.forEach((p, k) => expect(p).toBeCloseTo(a[k], 6));
});
