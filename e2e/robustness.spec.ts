// Issue 5: no input breaks the tool, every bad file gets a specific message, and nothing else is lost.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { FIXTURES, TraceLensPage } from './support/TraceLensPage';
import { exifOrientations, hardCases, type NamedFile } from './support/makeImages';

const FACE = FIXTURES + 'sample6-2.png';
const JPEG_FACE = FIXTURES + 'sample4-2.jpg';
const good = (name: string): NamedFile => ({ name, buffer: readFileSync(FIXTURES + name), mimeType: 'image/png' });

test('a batch of hostile and unusual files: a specific message for each bad one, every good one analysed', async ({ page, baseURL }) => {
  test.setTimeout(300_000);
  const app = new TraceLensPage(page);
  const consoleErrors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  // Whole photos: the EXIF orientation checks compare the pixels the model saw.
  await app.open('?faces=off');
  await expect(page.getByTestId('dropzone')).toContainText('100 MB');
  await expect(page.getByTestId('dropzone')).toContainText('64 megapixels');

  const cases = await hardCases(FACE, JPEG_FACE);
  const orientations = await exifOrientations(FACE);
  const goods = ['sample1-1.png', 'sample3-1.png', 'sample6-1.png'].map(good);
  // Good photos between the bad ones.
  const batch: NamedFile[] = [];
  cases.forEach((c, i) => batch.push(c, ...(i % 4 === 0 ? [goods[(i / 4) % goods.length]] : [])));
  batch.push(...orientations);
  await app.chooseFiles(batch);
  await app.waitFinished(batch.length, 240_000);

  const report = await app.exportJson();
  expect(report.items.map((i) => i.file)).toEqual(batch.map((f) => f.name));
  const byName = new Map(report.items.map((i) => [i.file, i]));
  for (const c of cases) {
    const item = byName.get(c.name)!;
    if (c.expect) {
      expect(item.status, c.name).toBe('error');
      expect(item.error, c.name).toMatch(c.expect);
    } else {
      expect(item.status, `${c.name}: ${item.error}`).toBe('done');
    }
  }
  for (const g of [...goods, ...orientations]) expect(byName.get(g.name)?.status, g.name).toBe('done');
  expect(byName.get('animated.gif')!.warnings.join(' ')).toMatch(/first frame/);
  expect(byName.get('transparent.png')!.warnings.join(' ')).toMatch(/transparent/);
  expect(byName.get('cmyk.jpg')!.warnings.join(' ')).toMatch(/CMYK/);

  // Every EXIF orientation shows the same upright 160x120 picture to the model.
  const cropOf = async (name: string) => {
    await app.select(name);
    return page.getByTestId('model-crop').evaluate((c: HTMLCanvasElement) => Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data));
  };
  const upright = await cropOf('orientation-1.jpg');
  for (const o of orientations) {
    expect(byName.get(o.name)).toMatchObject({ width: 160, height: 120 });
    const crop = await cropOf(o.name);
    let diff = 0;
    for (let i = 0; i < crop.length; i++) if (i % 4 !== 3) diff += Math.abs(crop[i] - upright[i]);
    expect(diff / ((crop.length * 3) / 4), o.name).toBeLessThan(4);
  }

  // The page, worker and queue are alive: one more photo goes through, and nothing left the origin.
  await app.chooseFiles([good('sample3-2.png')]);
  await app.waitFinished(batch.length + 1);
  expect(app.foreignRequests(baseURL!)).toEqual([]);
  expect(consoleErrors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
});

test('Cancel stops the batch within one image; a re-dropped file is not analysed twice unless asked', async ({ page }) => {
  const app = new TraceLensPage(page);
  await app.open('?backend=wasm');
  // Enough photos that a fast machine is still mid-batch when Cancel is pressed.
  const total = 200;
  const files = Array.from({ length: total }, (_, i) => ({ ...good('sample3-1.png'), name: `s${i}.png` }));
  await app.chooseFiles(files);
  await expect(page.getByTestId('result-row').first()).toHaveAttribute('data-status', 'done');
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  const doneAtCancel = Number(await page.getByTestId('progress-text').getAttribute('data-finished'));
  await page.waitForTimeout(1500);
  const report = await app.exportJson();
  const done = report.items.filter((i) => i.status === 'done').length;
  const cancelled = report.items.filter((i) => i.status === 'cancelled').length;
  expect(done - doneAtCancel).toBeLessThanOrEqual(1);
  expect(done + cancelled).toBe(total);
  // Cancel did stop the batch: what had not started is marked cancelled, not analysed.
  expect(cancelled).toBeGreaterThan(0);
  expect(done).toBeLessThan(total);
  await expect(page.getByRole('button', { name: 'Cancel', exact: true })).toHaveCount(0);

  // The same file again: skipped, with a notice and a way to analyse it anyway.
  await page.getByRole('button', { name: 'Clear all' }).click();
  // A file from disk (its modification time is what a re-drop is recognised by).
  const one = [FIXTURES + 'sample6-1.png'];
  await app.chooseFiles(one);
  await app.waitFinished(1);
  await app.chooseFiles(one);
  await expect(page.getByTestId('notice')).toContainText('already in this batch');
  await expect(page.getByTestId('result-row')).toHaveCount(1);
  await page.getByRole('button', { name: 'Analyse them again' }).click();
  await app.waitFinished(2);
  await expect(page.getByTestId('result-row')).toHaveCount(2);
});

test('Clear all empties the queue and the results and releases the photos', async ({ page }) => {
  const app = new TraceLensPage(page);
  await app.open();
  await app.chooseFiles([good('sample6-1.png'), good('sample3-1.png')]);
  await app.waitFinished(2);
  // Thumbnails get their object URLs in idle time.
  await expect(page.locator('img.thumb')).toHaveCount(2);
  const urls = await page.locator('img.thumb').evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).src));
  await page.getByRole('button', { name: 'Clear all' }).click();
  await expect(page.getByTestId('result-row')).toHaveCount(0);
  const stillReadable = await page.evaluate(async (list) => {
    const ok = await Promise.all(list.map((u) => fetch(u).then(() => true, () => false)));
    return ok.filter(Boolean).length;
  }, urls);
  expect(stillReadable).toBe(0);
});
