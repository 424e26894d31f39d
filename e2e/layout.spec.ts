// Issue 15: at 1024 px and wider, nothing in the results table wraps inside a verdict chip, a
// number or a status, or spills out of its cell, in either language.
import { expect, test, type Page } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { FIXTURES, TraceLensPage } from './support/TraceLensPage';

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

for (const width of [1024, 1400]) {
  test(`at ${width} px no verdict chip, number or status in the table wraps or leaves its cell`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    const app = new TraceLensPage(page);
    await app.open('?backend=wasm');
    await app.chooseFiles(batch);
    await app.waitFinished(batch.length);
    await expect(page.locator('.result-row .chip')).toHaveCount(faces.length);
    for (const lang of ['en', 'zh'] as const) {
      await page.getByTestId('language').selectOption(lang);
      expect(await brokenCells(page), lang).toEqual([]);
    }
  });
}
