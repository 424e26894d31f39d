// Issue 7: every view passes an axe-core scan with no serious or critical violations, in light
// and dark themes and (issue 15) in English and Simplified Chinese, and the printable report
// carries thumbnails, Fmt maps and the model card.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { FIXTURE_NAMES, FIXTURES, TraceLensPage } from './support/TraceLensPage';
import { ClassroomPage } from './support/ClassroomPage';
import { labelledFolder } from './support/labelledFolder';
import { makeTestClips } from './support/clips';
import { en, zh } from '../src/i18n/messages';
import { DEFAULT_MODEL_ID } from '../src/state/urlSettings';

const faces = FIXTURE_NAMES.map((f) => FIXTURES + f);
/** The faces and one file that is not a photo, so an error row and its message are scanned too. */
const batch = () => [
  ...faces.map((p) => ({ name: basename(p), buffer: readFileSync(p), mimeType: p.endsWith('.png') ? 'image/png' : 'image/jpeg' })),
  { name: 'notes.txt', buffer: Buffer.from('not a photo\n'.repeat(10)), mimeType: 'text/plain' },
];

/** Serious and critical violations, as "rule: selector" lines that say what to fix. */
async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}: ${n.failureSummary ?? ''}`));
}

/** The same scan in Chinese, then in English (the language the test goes on in), each line saying which. */
async function violationsInBothLanguages(page: Page, view: string): Promise<string[]> {
  const found: string[] = [];
  for (const lang of ['zh', 'en'] as const) {
    await page.getByTestId('language').selectOption(lang);
    await expect(page.locator('html')).toHaveAttribute('lang', lang === 'zh' ? 'zh-Hans' : 'en');
    found.push(...(await seriousViolations(page)).map((v) => `${view} (${lang}): ${v}`));
  }
  return found;
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`axe: empty view, results with details, and the printable report, in both languages (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    const app = new TraceLensPage(page);
    await app.open('?backend=wasm');
    expect(await violationsInBothLanguages(page, 'empty view')).toEqual([]);
    // The header's Details stay open for the scans that follow, so their contents are checked too.
    await app.openEngineDetails();
    expect(await violationsInBothLanguages(page, 'empty view with details')).toEqual([]);

    await app.chooseFiles(batch());
    await app.waitFinished(faces.length + 1);
    await app.select('sample3-1.png');
    await expect(page.getByTestId('fmt-map')).toBeVisible();
    expect(await violationsInBothLanguages(page, 'results with details')).toEqual([]);
    await app.select('notes.txt');
    expect(await violationsInBothLanguages(page, 'results with an error open')).toEqual([]);

    // The report has no language menu: it is opened once in each language.
    for (const [lang, open, close] of [
      ['zh', zh.printReport, zh.closeReport],
      ['en', en.printReport, en.closeReport],
    ] as const) {
      await page.getByTestId('language').selectOption(lang);
      await page.getByRole('button', { name: open }).click();
      await expect(page.getByTestId('print-report')).toBeVisible();
      expect(await seriousViolations(page), `printable report (${lang})`).toEqual([]);
      await page.getByRole('button', { name: close }).click();
    }
  });
}

test('the printable report shows the filtered photos with thumbnails, maps and the model card, and prints without the app chrome', async ({ page }) => {
  const app = new TraceLensPage(page);
  await app.open('?backend=wasm');
  await app.chooseFiles(batch());
  await app.waitFinished(faces.length + 1);
  await page.getByLabel('Status', { exact: true }).selectOption('done');
  await expect.poll(() => app.shownCount()).toEqual({ shown: faces.length, total: faces.length + 1 });

  await page.getByRole('button', { name: 'Printable report' }).click();
  const report = page.getByTestId('print-report');
  await expect(report.getByTestId('print-item')).toHaveCount(faces.length);
  await expect(report.getByText('notes.txt')).toHaveCount(0);
  await expect(report.locator('canvas.print-thumb')).toHaveCount(faces.length);
  await expect(report.getByTestId('fmt-map')).toHaveCount(faces.length);
  await expect(report.getByTestId('model-card')).toContainText(DEFAULT_MODEL_ID);
  await expect(report.getByTestId('model-card')).toContainText('splice');
  // The shipped card's decision in words: a band from 0 means the model never states "real", and says so.
  const { decision } = JSON.parse(readFileSync(`public/models/${DEFAULT_MODEL_ID}/model-card.json`, 'utf8'));
  const decisionText = report.getByTestId('model-card-decision');
  await expect(decisionText).toContainText(`reaches ${(100 * decision.uncertain[1]).toFixed(1)} %`);
  await expect(decisionText).toContainText(decision.uncertain[0] <= 0 ? 'This model never states "real"' : 'and real below');
  await expect(report).toContainText('filter: status done');

  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('button', { name: 'Print' })).toBeHidden();
  await expect(report.getByTestId('print-item').first()).toBeVisible();
  await page.emulateMedia({ media: 'screen' });

  // window.print is the browser's; here it only has to be called.
  await page.evaluate(() => ((window as unknown as { printed: number }).printed = 0));
  await page.evaluate(() => (window.print = () => void (window as unknown as { printed: number }).printed++));
  await page.getByRole('button', { name: 'Print', exact: true }).click();
  expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
  await page.getByRole('button', { name: 'Back to the results' }).click();
  await expect(page.getByTestId('results-list')).toBeVisible();
});

// Issue 25: a clip's row, its details (a timeline per person, the frame strip, a frame's crops and
// Fmt maps) and its printable report pass the same scan, in both themes and languages.
for (const colorScheme of ['light', 'dark'] as const) {
  test(`axe: a clip's details and its printable report, in both languages (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    const { two } = await makeTestClips(['two']);
    const app = new TraceLensPage(page);
    await app.open('?backend=wasm');
    await app.chooseFiles([two]);
    await app.waitFinished(1);
    await app.select('two.mp4');
    await expect(page.getByTestId('video-crop')).toHaveCount(2);
    expect(await violationsInBothLanguages(page, 'clip details')).toEqual([]);
    await page.getByRole('button', { name: 'Printable report' }).click();
    await expect(page.getByTestId('print-track')).toHaveCount(2);
    expect(await seriousViolations(page), 'clip in the printable report').toEqual([]);
  });
}

test('reduced motion is respected', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await new TraceLensPage(page).open('?backend=wasm');
  const transition = await page.getByTestId('dropzone').evaluate((el) => getComputedStyle(el).transitionDuration);
  expect(transition.split(',').every((d) => parseFloat(d) === 0)).toBe(true);
});

// Issue 8: the classroom's views (gallery with the truth revealed, a walkthrough step with maps and
// in presentation mode, the what-if lab with its plot, the comparison) pass the same scan; issue 16:
// so do the classroom without a gallery and a labelled folder with one of the person's own photos;
// issue 15: the gallery before the truth is revealed too, and each view in both languages.
test.describe('the classroom', () => {
  // The service worker would answer gallery/index.json from its cache, past ClassroomPage.withoutGallery's route.
  test.use({ serviceWorkers: 'block' });
  for (const colorScheme of ['light', 'dark'] as const) {
    test(`axe: the classroom's gallery, walkthrough, what-if lab and comparison, in both languages (${colorScheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      await new TraceLensPage(page).open('?backend=wasm');
      const room = new ClassroomPage(page);
      await room.withoutGallery();
      await room.open();
      await expect(page.getByTestId('no-gallery')).toBeVisible();
      expect(await violationsInBothLanguages(page, 'classroom without a gallery')).toEqual([]);
      await room.openFolder(labelledFolder('class', { 'real/a.png': faces[0], 'real/b.jpg': faces[5], 'real/c.png': faces[2] }));
      await room.addPhotos([faces[1]]);
      await room.waitPredicted(4);
      expect(await violationsInBothLanguages(page, 'gallery, truth hidden')).toEqual([]);
      await page.getByTestId('reveal-truth').check();
      expect(await violationsInBothLanguages(page, 'gallery, truth revealed')).toEqual([]);

      await page.getByRole('button', { name: 'Walk through face 2', exact: true }).click();
      await expect(page.getByTestId('walkthrough')).toHaveAttribute('data-steps', '9', { timeout: 120_000 });
      await page.getByTestId('walkthrough').focus();
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      await expect(page.getByTestId('walkthrough')).toHaveAttribute('data-step', 'fmt');
      expect(await violationsInBothLanguages(page, 'walkthrough')).toEqual([]);
      await page.getByTestId('present').click();
      expect(await violationsInBothLanguages(page, 'presentation mode')).toEqual([]);
      await page.getByTestId('present').click();

      await page.getByTestId('tab-whatif').click();
      await expect(page.getByTestId('jpeg-plot')).toBeVisible({ timeout: 120_000 });
      expect(await violationsInBothLanguages(page, 'what-if lab')).toEqual([]);

      await page.getByTestId('tab-compare').click();
      await expect(page.getByTestId('compare-amtennet')).not.toHaveAttribute('data-model', '', { timeout: 120_000 });
      await expect(page.getByTestId('compare-baseline').or(page.getByTestId('baseline-missing'))).toBeVisible();
      const runs = page.getByTestId('comparison-runs');
      if (await runs.count()) await runs.locator('summary').click();
      expect(await violationsInBothLanguages(page, 'comparison')).toEqual([]);
    });
  }
});
