// Issue 23: a new user's first try. face-api's six sample photos (demo/sample1.jpg … sample6.jpg:
// ordinary camera photos of real people, lightly edited, JPEG quality 60) must not get a stated
// "manipulated" verdict on any face: "uncertain" is allowed, an accusation is not. Read the way a
// person reads it: the table's verdict chip of each photo, and the verdict in the details of every
// face of it.
import { expect, test } from '@playwright/test';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { TraceLensPage } from './support/TraceLensPage';

const demo = join(dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json')), 'demo');
const PHOTOS = [1, 2, 3, 4, 5, 6].map((n) => join(demo, `sample${n}.jpg`));
const names = PHOTOS.map((p) => p.slice(demo.length + 1));

// Still failing with amtennet-faces-v2 2.1.0 (issue 23's target, not met): in Chromium it states "manipulated" for
// sample2 (splice, P(manipulated) 0.956 and 0.944 on two of its faces) and sample3 (identity, 0.905), against the
// card's 0.89, chosen on val. 2.0.0 stated it for sample2 only; amtennet-faces-v1 stated "splice" for 5 of the 6.
// Enable it when a model passes; do not move the band to pass it.
test.fixme(
  'no face in face-api\'s six sample photos of real people gets a stated "manipulated" verdict',
  { annotation: { type: 'fixme', description: 'amtennet-faces-v2 2.1.0 still states "manipulated" for 2 of the 6 sample photos in Chromium (issue 23 target not met)' } },
  async ({ page }) => {
    const app = new TraceLensPage(page);
    await app.open();
    await app.dropFiles(PHOTOS);
    await app.waitFinished(PHOTOS.length);

    const accusations: string[] = [];
    // The table: one verdict chip per photo, for its face most likely manipulated. A stated
    // "manipulated" verdict is the chip with a ✕ (its colour says the same, never alone).
    const rows = page.getByTestId('result-row');
    await expect(rows).toHaveCount(PHOTOS.length);
    for (const name of names) {
      const chip = page.locator(`[data-testid="result-row"][data-name="${name}"] .verdict-cell .chip`);
      await expect(chip, `${name}: no face found`).toHaveCount(1);
      const text = (await chip.innerText()).trim();
      if (text.startsWith('✕')) accusations.push(`${name} (table): ${text}`);
    }

    // The details: every face of every photo, as its verdict reads ("Likely manipulated — …").
    let faces = 0;
    for (const name of names) {
      await app.select(name);
      const tabs = page.getByTestId('face-tab');
      const n = Math.max(1, await tabs.count());
      for (let i = 0; i < n; i++) {
        if (n > 1) {
          await tabs.nth(i).click();
          await expect(tabs.nth(i)).toHaveAttribute('aria-pressed', 'true');
        }
        const verdict = page.getByTestId('verdict');
        await expect(verdict).toBeVisible();
        const headline = (await verdict.locator('strong').innerText()).trim();
        if (headline === 'Likely manipulated') accusations.push(`${name} face ${i + 1} of ${n}: ${(await verdict.innerText()).replace(/\s+/g, ' ')}`);
        faces++;
      }
    }
    expect(faces).toBeGreaterThanOrEqual(PHOTOS.length);
    expect(accusations, 'faces of real people given a stated "manipulated" verdict').toEqual([]);
  },
);
