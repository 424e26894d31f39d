// Issue 7: the results table stays virtualised and responsive with 1,000 rows: the DOM holds a
// screenful of rows, scrolling to the end renders the last one, and sorting is quick.
import { expect, test } from '@playwright/test';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { FIXTURES, TraceLensPage } from './support/TraceLensPage';

test('1,000 rows: few rows in the DOM, the last row reachable, sorting and keyboard stay quick', async ({ page }) => {
  test.setTimeout(600_000);
  const app = new TraceLensPage(page);
  await app.open('?backend=wasm');
  const dir = mkdtempSync(tmpdir() + '/tracelens-1000-');
  const sources = ['sample1-1.png', 'sample6-1.png', 'sample3-2.png'];
  const batch = (from: number, n: number) =>
    Array.from({ length: n }, (_, i) => {
      const k = from + i;
      const p = `${dir}/p${String(k).padStart(4, '0')}.png`;
      copyFileSync(FIXTURES + sources[k % sources.length], p);
      return p;
    });
  for (let from = 0; from < 1000; from += 200) await app.chooseFiles(batch(from, 200));
  await expect.poll(() => app.shownCount(), { timeout: 60_000 }).toEqual({ shown: 1000, total: 1000 });

  const list = page.getByTestId('results-list');
  await expect(list).toHaveAttribute('aria-rowcount', '1001');
  expect(await page.getByTestId('result-row').count()).toBeLessThan(40);
  await list.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(page.locator('[data-testid="result-row"][data-name="p0999.png"]')).toBeVisible();
  expect(await page.getByTestId('result-row').count()).toBeLessThan(40);

  // Keyboard from the top to the end: the last row is selected, rendered and opened.
  await list.focus();
  await page.keyboard.press('Home');
  await expect(page.getByTestId('result-detail').getByRole('heading')).toHaveText('p0000.png');
  await page.keyboard.press('End');
  await expect(page.getByTestId('result-detail').getByRole('heading')).toHaveText('p0999.png');

  // Sorting 1,000 rows by name, descending: the first rendered row is the last file, quickly.
  await list.evaluate((el) => (el.scrollTop = 0));
  const started = Date.now();
  await page.getByTestId('sort-name').click();
  await page.getByTestId('sort-name').click();
  await expect(page.locator('[data-testid="result-row"][aria-rowindex="2"]')).toHaveAttribute('data-name', 'p0999.png');
  const sortMs = Date.now() - started;
  console.log(`1,000 rows sorted twice in ${sortMs} ms`);
  expect(sortMs).toBeLessThan(3000);

  // Scrolling through the whole table never blocks the main thread long.
  await page.evaluate(() => {
    const w = window as unknown as { longTasks: number[] };
    w.longTasks = [];
    new PerformanceObserver((l) => l.getEntries().forEach((e) => w.longTasks.push(e.duration))).observe({ type: 'longtask' });
  });
  for (let i = 0; i < 100; i++) {
    const atEnd = await list.evaluate((el) => {
      el.scrollBy(0, el.clientHeight * 2);
      return el.scrollTop + el.clientHeight >= el.scrollHeight - 1;
    });
    await page.waitForTimeout(16);
    if (atEnd) break;
  }
  await expect(page.locator('[data-testid="result-row"][data-name="p0000.png"]')).toBeVisible();
  const longTasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
  expect(Math.max(0, ...longTasks), `long tasks while scrolling: ${longTasks.join(', ')}`).toBeLessThan(200);
});
