// Issue 15: on a phone and at 1024 px and wider, nothing in the results table wraps inside a verdict
// chip, a number or a status, or spills out of its cell, and each column header sits over its column
// (the table scrolls sideways where it is wider than its panel), in either language; on a phone the
// page itself never scrolls sideways.
import { expect, test, type Page } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { FIXTURES, TraceLensPage } from './support/TraceLensPage';
import { ClassroomPage } from './support/ClassroomPage';
import { labelledFolder } from './support/labelledFolder';

const faces = readdirSync(FIXTURES)
  .filter((f) => /\.(png|jpg)$/.test(f))
  .sort()
  .map((f) => ({ name: basename(f), buffer: readFileSync(FIXTURES + f), mimeType: f.endsWith('.png') ? 'image/png' : 'image/jpeg' }));
/** An error row too, for the longest status. */
const batch = [...faces, { name: 'notes.txt', buffer: Buffer.from('not a photo\n'.repeat(10)), mimeType: 'text/plain' }];

/** "text: why" for each chip, number or status in the rendered rows that wraps or overflows its cell. */
function brokenCells(page: Page): Promise<string[]> {
  return page.getByTestId('results-list').evaluate((list) => {
    const problems: string[] = [];
    /** Lines the element's text runs over: its text fragments' boxes at more than one height. */
    const lines = (el: Element) => {
      const tops: number[] = [];
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (!n.textContent!.trim()) continue;
        const range = document.createRange();
        range.selectNodeContents(n);
        for (const r of range.getClientRects()) if (r.width > 0) tops.push(r.top);
      }
      tops.sort((x, y) => x - y);
      return tops.filter((top, i) => i === 0 || top - tops[i - 1] > 4).length;
    };
    for (const el of list.querySelectorAll<HTMLElement>('.result-row .chip, .result-row .num, .result-row .status, .result-row .face-count')) {
      const text = el.textContent?.trim() ?? '';
      if (!text) continue;
      if (lines(el) > 1) problems.push(`${text}: wraps onto ${lines(el)} lines`);
      const cell = el.closest<HTMLElement>('[role="gridcell"]')!;
      if (cell.scrollWidth > cell.clientWidth + 1) problems.push(`${text}: overflows its cell (${cell.scrollWidth} > ${cell.clientWidth} px)`);
      const box = el.getBoundingClientRect();
      const cellBox = cell.getBoundingClientRect();
      if (box.right > cellBox.right + 1) problems.push(`${text}: ends ${Math.round(box.right - cellBox.right)} px past its cell`);
    }
    return problems;
  });
}

/** "header: why" for each header not over its column's cells, or whose label runs past its column. */
function misplacedHeaders(page: Page): Promise<string[]> {
  return page.getByTestId('results-list').evaluate((list) => {
    const heads = [...list.querySelectorAll('.header-row > [role="columnheader"]')];
    const cells = [...list.querySelector('.result-row')!.querySelectorAll(':scope > [role="gridcell"]')].map((c) => c.getBoundingClientRect());
    if (cells.length !== heads.length) return [`${heads.length} headers over ${cells.length} cells`];
    return heads.flatMap((h, i) => {
      const name = h.textContent?.trim() || '(thumbnail)';
      const box = h.getBoundingClientRect();
      const off = Math.max(Math.abs(box.left - cells[i].left), Math.abs(box.right - cells[i].right));
      const label = h.querySelector('button')?.getBoundingClientRect();
      return [
        ...(off > 1 ? [`${name}: ${Math.round(off)} px off its column`] : []),
        ...(label && label.right > box.right + 1 ? [`${name}: runs ${Math.round(label.right - box.right)} px past its column`] : []),
      ];
    });
  });
}

/** How far the page is wider than the window (0: it never scrolls sideways). */
const sidewaysOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

for (const width of [390, 1024, 1400]) {
  test(`at ${width} px no verdict chip, number or status in the table wraps or leaves its cell, and the headers sit over their columns`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    const app = new TraceLensPage(page);
    await app.open('?backend=wasm');
    await app.chooseFiles(batch);
    await app.waitFinished(batch.length);
    await expect(page.locator('.result-row .chip')).toHaveCount(faces.length);
    for (const lang of ['en', 'zh'] as const) {
      await page.getByTestId('language').selectOption(lang);
      expect(await brokenCells(page), lang).toEqual([]);
      expect(await misplacedHeaders(page), lang).toEqual([]);
    }
  });
}

test.describe('on a phone', () => {
  // The service worker would answer gallery/index.json from its cache, past ClassroomPage.withoutGallery's route.
  test.use({ serviceWorkers: 'block', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('the first screen, the results with details and the classroom fit the width, in both languages', async ({ page }) => {
    const app = new TraceLensPage(page);
    await app.open('?backend=wasm');
    const check = async (view: string) => {
      for (const lang of ['en', 'zh'] as const) {
        await page.getByTestId('language').selectOption(lang);
        expect(await sidewaysOverflow(page), `${view} (${lang})`).toBe(0);
      }
    };
    await check('first screen');
    await app.chooseFiles(batch);
    await app.waitFinished(batch.length);
    await app.select(faces[1].name);
    await expect(page.getByTestId('fmt-map')).toBeVisible();
    await check('results with details');

    const room = new ClassroomPage(page);
    await room.withoutGallery();
    await room.open();
    await room.openFolder(labelledFolder('class', { 'real/a.png': FIXTURES + faces[0].name, 'real/b.png': FIXTURES + faces[2].name }));
    await room.waitPredicted(2);
    await page.getByTestId('reveal-truth').check();
    await check('classroom gallery');
    // Two faces side by side, not one the width of the screen.
    const [first, second] = await room.items().evaluateAll((els) => els.map((e) => e.getBoundingClientRect().top));
    expect(second).toBe(first);
  });
});
