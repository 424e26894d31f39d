// Issue 7: triage a batch in the results table: sort, filter, read the file facts, move with the
// keyboard, export what is shown (JSON and CSV), and switch the interface language.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { FIXTURE_NAMES, FIXTURES, TraceLensPage } from './support/TraceLensPage';
import { parseCsvRecords as parseCsv } from '../src/report/parseCsv';
import type { NamedFile } from './support/makeImages';

const FACE = FIXTURES + 'sample3-1.png';
const fixtures = (): NamedFile[] =>
  FIXTURE_NAMES.map((name) => ({ name, buffer: readFileSync(FIXTURES + name), mimeType: name.endsWith('.png') ? 'image/png' : 'image/jpeg' }));

async function madeFiles(): Promise<NamedFile[]> {
  const camera = await sharp(FACE)
    .resize(200, 200)
    .withExif({
      IFD0: { Make: 'Canon', Model: 'Canon EOS 5D', Software: 'GIMP 2.10', DateTime: '2024:05:06 07:08:09' },
      IFD2: { DateTimeOriginal: '2023:01:02 03:04:05' },
    })
    .jpeg({ quality: 55 })
    .toBuffer();
  const tiny = await sharp(FACE).resize(48, 48).png().toBuffer();
  return [
    { name: 'camera-q55.jpg', buffer: camera, mimeType: 'image/jpeg' },
    { name: 'tiny.png', buffer: tiny, mimeType: 'image/png' },
    { name: 'notes, "draft".txt', buffer: Buffer.from('not a photo\n'.repeat(10)), mimeType: 'text/plain' },
  ];
}

test('sort, filter, facts, keyboard and exports of what is shown', async ({ page }) => {
  const app = new TraceLensPage(page);
  // Whole photos: the made images have no faces for the detector; each is one "face" here.
  await app.open('?backend=wasm&faces=off');
  const batch = [...fixtures(), ...(await madeFiles())];
  await app.chooseFiles(batch);
  await app.waitFinished(batch.length);
  await expect.poll(() => app.shownCount()).toEqual({ shown: batch.length, total: batch.length });

  // Everything, in the order added.
  const all = await app.exportJson();
  expect(all.items.map((i) => i.file)).toEqual(batch.map((f) => f.name));
  expect(all).toMatchObject({ batchSize: batch.length, filter: null });
  const pReal = new Map(all.items.filter((i) => i.status === 'done').map((i) => [i.file, i.faces[0].probabilities.real]));

  // Sorting by P(real): highest first, then lowest first on a second click; the unread file last both ways.
  const byReal = [...pReal.keys()].sort((a, b) => pReal.get(b)! - pReal.get(a)!);
  await page.getByTestId('sort-p:real').click();
  await expect(page.getByRole('columnheader', { name: /real/ })).toHaveAttribute('aria-sort', 'descending');
  expect(await app.rowNames()).toEqual([...byReal, 'notes, "draft".txt']);
  await page.getByTestId('sort-p:real').click();
  expect(await app.rowNames()).toEqual([...byReal].reverse().concat('notes, "draft".txt'));
  // The export follows the table's order.
  expect((await app.exportJson()).items.map((i) => i.file)).toEqual([...byReal].reverse().concat('notes, "draft".txt'));
  await page.getByTestId('sort-name').click();
  expect(await app.rowNames()).toEqual(batch.map((f) => f.name).sort((a, b) => a.localeCompare(b, undefined, { numeric: true })));

  // Filters: status, then a class probability threshold; counts and both exports follow.
  await page.getByLabel('Status', { exact: true }).selectOption('error');
  await expect.poll(() => app.shownCount()).toEqual({ shown: 1, total: batch.length });
  let csv = parseCsv(await app.exportCsv());
  expect(csv).toHaveLength(1);
  expect(csv[0]).toMatchObject({ file: 'notes, "draft".txt', status: 'error', face: '' });
  expect(csv[0].error).toMatch(/text file/i);
  await page.getByLabel('Status', { exact: true }).selectOption('all');

  const threshold = [...pReal.values()].sort((a, b) => a - b)[Math.floor(pReal.size / 2)];
  const percent = Math.ceil(threshold * 100);
  const expected = [...pReal.entries()].filter(([, p]) => p >= percent / 100).map(([f]) => f).sort();
  await page.getByLabel('Class', { exact: true }).selectOption('real');
  await page.getByLabel('at least (%)', { exact: true }).fill(String(percent));
  await expect.poll(() => app.shownCount()).toEqual({ shown: expected.length, total: batch.length });
  expect((await app.rowNames()).sort()).toEqual(expected);
  const filtered = await app.exportJson();
  expect(filtered.items.map((i) => i.file).sort()).toEqual(expected);
  expect(filtered.filter).toBe(`P(real) ≥ ${percent} %`);
  csv = parseCsv(await app.exportCsv());
  expect(csv.map((r) => r.file).sort()).toEqual(expected);
  for (const r of csv) expect(Number(r.p_real)).toBeCloseTo(pReal.get(r.file)!, 6);
  await page.getByRole('button', { name: 'Show all' }).click();
  await expect.poll(() => app.shownCount()).toEqual({ shown: batch.length, total: batch.length });

  // Facts of the JPEG written with known EXIF at quality 55, and why its verdict is unreliable.
  await app.select('camera-q55.jpg');
  const detail = page.getByTestId('result-detail');
  await expect(detail.getByTestId('fact-camera')).toContainText('Canon EOS 5D');
  await expect(detail.getByTestId('fact-software')).toContainText('GIMP 2.10');
  await expect(detail.getByTestId('fact-taken')).toContainText('2023-01-02 03:04:05');
  await expect(detail.getByTestId('fact-dimensions')).toContainText('200 × 200');
  const quality = Number((await detail.getByTestId('fact-quality').locator('dd').textContent())!.trim());
  expect(Math.abs(quality - 55)).toBeLessThanOrEqual(2);
  await expect(detail.getByTestId('unreliable').locator('li[data-code="heavy-compression"]')).toBeVisible();
  const camera = all.items.find((i) => i.file === 'camera-q55.jpg')!;
  expect(camera.exif).toEqual({ camera: 'Canon EOS 5D', software: 'GIMP 2.10', taken: '2023-01-02 03:04:05', modified: '2024-05-06 07:08:09' });
  expect(camera.reliability.map((w) => w.code)).toEqual(['heavy-compression']);
  expect(all.items.find((i) => i.file === 'tiny.png')!.faces[0].reliability.map((w) => w.code)).toEqual(['tiny-face']);
  await app.select('tiny.png');
  await expect(detail.getByTestId('unreliable').locator('li[data-code="tiny-face"]')).toBeVisible();

  // Keyboard: the table is one tab stop; arrows, Home and End move the selection and open the details.
  const names = await app.rowNames();
  const grid = page.getByTestId('results-list');
  await grid.focus();
  await page.keyboard.press('Home');
  await expect(detail.getByRole('heading')).toHaveText(names[0]);
  await page.keyboard.press('ArrowDown');
  await expect(detail.getByRole('heading')).toHaveText(names[1]);
  await expect(page.locator('[data-testid="result-row"][aria-selected="true"]')).toHaveAttribute('data-name', names[1]);
  await page.keyboard.press('End');
  await expect(detail.getByRole('heading')).toHaveText(names[names.length - 1]);
  const active = await grid.getAttribute('aria-activedescendant');
  await expect(page.locator(`#${active}`)).toHaveAttribute('data-name', names[names.length - 1]);
  // Focus is visible: the focused grid draws an outline.
  const outline = await grid.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).toBe('solid');
});

test('the interface switches between English and Simplified Chinese', async ({ page }) => {
  const app = new TraceLensPage(page);
  await app.open('?backend=wasm');
  await expect(page.getByText('Drop face photos, videos or folders here')).toBeVisible();
  await page.getByTestId('language').selectOption('zh');
  await expect(page.getByText('将人脸照片、视频或文件夹拖放到此处')).toBeVisible();
  await expect(page.getByText('Drop face photos, videos or folders here')).toHaveCount(0);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hans');
  await app.chooseFiles([FACE]);
  await expect(page.getByTestId('progress-text')).toContainText('已分析 1 / 1', { timeout: 120_000 });
  await expect(page.getByRole('button', { name: '导出 CSV' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: '文件名' })).toBeVisible();
  await page.getByTestId('language').selectOption('en');
  await expect(page.getByRole('button', { name: 'Export CSV' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test.describe('with a Chinese browser', () => {
  test.use({ locale: 'zh-CN' });
  test('the interface starts in Simplified Chinese', async ({ page }) => {
    await page.goto('/?backend=wasm');
    await expect(page.getByTestId('language')).toHaveValue('zh');
    await expect(page.getByText('选择照片或视频…', { exact: true })).toBeVisible();
  });
});
