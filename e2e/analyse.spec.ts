import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { FIXTURE_NAMES, FIXTURES, TraceLensPage } from './support/TraceLensPage';
import { nodeCrop, nodeProbabilitiesForBoxes } from './support/nodeReference';
import { fmtReading } from '../src/model/fmtReading';
import { DEFAULT_MODEL_ID } from '../src/state/urlSettings';

const faces = FIXTURE_NAMES.map((f) => FIXTURES + f);
const pngs = faces.filter((f) => f.endsWith('.png'));

test('with no setting, software WebGL (headless Chromium) gives way to wasm, and the page says why behind Details', async ({ page }) => {
  const app = new TraceLensPage(page);
  await app.open();
  expect(await app.backend()).toBe('wasm');
  // The first screen says where it runs in plain words; the renderer, memory and menu wait behind Details.
  await expect(page.getByTestId('backend')).toHaveText('WebAssembly');
  await expect(page.getByTestId('engine')).toContainText('Runs on this device · WebAssembly');
  await expect(page.getByTestId('find-faces')).toBeVisible();
  for (const hidden of [page.getByTestId('backend-note'), page.getByTestId('num-tensors'), page.getByLabel('Backend')]) await expect(hidden).toBeHidden();
  await app.openEngineDetails();
  await expect(page.getByTestId('backend-note')).toBeVisible();
  await expect(page.getByTestId('backend-note')).toContainText('software-rendered');
  await expect(page.getByTestId('backend-note')).toContainText('SwiftShader');
  await expect(page.getByTestId('num-tensors')).toContainText('tensors in memory');
  await expect(page.getByRole('link', { name: 'Model card' })).toHaveAttribute('href', new RegExp(`models/${DEFAULT_MODEL_ID}/model-card\\.json$`));
  await expect(page.getByLabel('Backend')).toBeVisible();
});

test('dropped faces are analysed on WebGL in the worker, match Node, draw Fmt and export, all on this origin', async ({ page, baseURL }) => {
  const app = new TraceLensPage(page);
  // Headless Chromium's WebGL is software (auto picks wasm, see above): ask for WebGL, which must
  // then start in the worker and pass its precision self-test.
  await app.open('?backend=webgl');
  expect(await app.backend()).toBe('webgl');

  await app.dropFiles(faces);
  await app.waitFinished(faces.length);

  const report = await app.exportJson();
  expect(report.tool).toBe('tracelens');
  expect(report.backend).toBe('webgl');
  expect(report.model.id).toBe(DEFAULT_MODEL_ID);
  expect(report.items.map((i) => i.file)).toEqual(faces.map((f) => f.slice(FIXTURES.length)));
  let checked = 0;
  for (const item of report.items) {
    expect(item.status, `${item.file}: ${item.error}`).toBe('done');
    expect(item.faces.length).toBeGreaterThanOrEqual(1);
    for (const face of item.faces) {
      expect(Object.keys(face.probabilities)).toEqual(report.model.classes);
      const sum = Object.values(face.probabilities).reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(1, 5);
    }
    // Node, cropping the squares the page showed the model, gives the same numbers (PNG: identical decoding).
    if (!item.file.endsWith('.png')) continue;
    const reference = await nodeProbabilitiesForBoxes(FIXTURES + item.file, item.faces.map((f) => f.crop));
    item.faces.forEach((face, i) => {
      for (const c of report.model.classes) expect(Math.abs(face.probabilities[c] - reference[i][c]), `${item.file} ${c}`).toBeLessThan(1e-3);
      checked++;
    });
  }
  expect(checked).toBeGreaterThanOrEqual(pngs.length);

  for (const name of ['sample3-1.png', 'sample4-2.jpg']) {
    await app.select(name);
    await expect(page.getByTestId('fmt-map')).toBeVisible();
    expect(await app.fmtDistinctColours()).toBeGreaterThan(20);
    await expect(page.getByTestId('verdict')).toBeVisible();
    // Beside the verdict: the accuracy the model card reports, so a bar is read for what it is worth.
    const card = JSON.parse(readFileSync(`public/models/${DEFAULT_MODEL_ID}/model-card.json`, 'utf8'));
    const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
    if (card.decision && card.metrics.decision) {
      // A card with a p-manipulated decision: its AUC, and what that decision stated on the test faces.
      for (const v of [card.metrics.aucPManipulated, card.metrics.decision.statedShare, card.metrics.decision.realStatedManipulated])
        await expect(page.getByTestId('model-accuracy')).toContainText(pct(v));
    } else {
      await expect(page.getByTestId('model-accuracy')).toContainText(pct(card.metrics.binaryAccuracy));
      await expect(page.getByTestId('model-accuracy')).toContainText(pct(card.metrics.realFalseAlarmRate));
    }
    // The Fmt legend says in words what this model's Fmt shows, as its card measured it.
    await expect(page.getByTestId('fmt-legend')).toHaveAttribute('data-reading', fmtReading(card.fmt));
  }

  // The crop the details draw is made again from the file (results keep no pixels: issue 17), and
  // it is exactly the crop Node cuts for the same square: the face's crop, not its tighter box.
  const pngItem = report.items.find((i) => i.file === 'sample3-1.png')!;
  expect(pngItem.faces[0].crop).not.toEqual(pngItem.faces[0].box);
  await app.select('sample3-1.png');
  const drawn = await page.getByTestId('model-crop').evaluate((c: HTMLCanvasElement) => Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data));
  const expected = await nodeCrop(FIXTURES + 'sample3-1.png', pngItem.faces[0].crop);
  expect(drawn.length).toBe(expected.length);
  expect(drawn.filter((v, i) => v !== expected[i]).length).toBe(0);

  // Overlaying the map on the crop changes what is drawn, and the opacity slider moves it again.
  const pixels = () => page.getByTestId('fmt-map').evaluate((c: HTMLCanvasElement) => Array.from(c.getContext('2d')!.getImageData(0, 0, 32, 1).data).join());
  const alone = await pixels();
  await page.getByLabel('Overlay on the crop').check();
  await expect.poll(pixels).not.toBe(alone);
  const overlaid = await pixels();
  await page.getByLabel('Opacity').fill('0.2');
  await expect.poll(pixels).not.toBe(overlaid);

  expect(app.requests.length).toBeGreaterThan(3);
  expect(app.foreignRequests(baseURL!)).toEqual([]);
});
