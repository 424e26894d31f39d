// Issue 15: in Simplified Chinese, every error, warning and notice about a hostile batch is said
// in Chinese (file names, format names and numbers aside), and the export stays in English; so is
// every failure the classroom reports (a damaged gallery, folders it cannot use, a file that is not a photo).
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { FIXTURES, TraceLensPage } from './support/TraceLensPage';
import { ClassroomPage } from './support/ClassroomPage';
import { labelledFolder } from './support/labelledFolder';
import { hardCases } from './support/makeImages';
import type { Report } from '../src/report/report';

// face-api's sample photos, cut at test time (e2e/support/globalSetup.ts): no data-set face is committed.
const FACE = FIXTURES + 'sample3-1.png';
const JPEG_FACE = FIXTURES + 'sample4-2.jpg';
const AGAIN = FIXTURES + 'sample1-1.png';

/** Three or more English words in a row: a sentence left untranslated. */
const ENGLISH_RUN = /[A-Za-z]{2,}(?:[\s,.;:'"()-]+[A-Za-z]{2,}){2,}/g;

function englishRuns(text: string, allowed: string[]): string[] {
  let rest = text;
  for (const a of allowed) rest = rest.split(a).join(' ');
  return rest.match(ENGLISH_RUN) ?? [];
}

/** The renderer string the worker's backend note quotes: data, not a sentence. */
function webglRenderer(page: Page): Promise<string> {
  return page.evaluate(() => {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    const info = gl?.getExtension('WEBGL_debug_renderer_info');
    return gl ? String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER)) : '';
  });
}

/** Every message the page shows about the batch and the engine, by where it is shown. */
async function visibleMessages(app: TraceLensPage, names: string[]): Promise<Map<string, string>> {
  const { page } = app;
  const texts = new Map<string, string>();
  for (const name of names) {
    await app.select(name);
    const detail = page.getByTestId('result-detail');
    for (const id of ['item-error', 'warnings', 'unreliable']) {
      const el = detail.getByTestId(id);
      if (await el.count()) texts.set(`${name} ${id}`, await el.innerText());
    }
  }
  const titles = await page.locator('.result-row [title]').evaluateAll((els) => els.map((e) => e.getAttribute('title') ?? ''));
  texts.set('table titles', titles.join('\n'));
  texts.set('notice', await page.getByTestId('notice').innerText());
  await app.openEngineDetails();
  texts.set('header', await page.getByTestId('engine').innerText());
  return texts;
}

test('in 简体中文 every error, warning and notice about a hostile batch is in Chinese, and the export in English', async ({ page }) => {
  test.setTimeout(600_000);
  const app = new TraceLensPage(page);
  await app.open('?faces=off');
  await page.getByTestId('language').selectOption('zh');

  const cases = await hardCases(FACE, JPEG_FACE);
  await app.chooseFiles(cases);
  await app.waitFinished(cases.length, 300_000);
  // A photo dropped twice: the second time it is skipped with a notice.
  await app.chooseFiles([AGAIN]);
  await app.waitFinished(cases.length + 1);
  await app.chooseFiles([AGAIN]);
  await expect(page.getByTestId('notice')).toBeVisible();

  // The export is a file format: its messages are English whatever the interface says.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 JSON' }).click()]);
  const report = JSON.parse(readFileSync(await download.path(), 'utf8')) as Report;
  const byName = new Map(report.items.map((i) => [i.file, i]));
  for (const c of cases) if (c.expect) expect(byName.get(c.name)!.error, c.name).toMatch(c.expect);
  expect(byName.get('transparent.png')!.warnings.join(' ')).toMatch(/transparent/);

  const names = report.items.map((i) => i.file);
  // File names are data, not sentences: the photos', and those of a model folder that "Open a model folder…" names.
  const allowed = [...names, report.model.id, await webglRenderer(page), 'model-card.json', 'weights_manifest.json'];
  const zh = await visibleMessages(app, names);
  for (const c of cases.filter((x) => x.expect)) expect(zh.get(`${c.name} item-error`), c.name).toMatch(/[\u4e00-\u9fff]/);
  for (const name of ['animated.gif', 'transparent.png', 'cmyk.jpg']) expect(zh.get(`${name} warnings`), name).toMatch(/[\u4e00-\u9fff]/);
  expect(zh.get('notice')).toMatch(/[\u4e00-\u9fff]/);
  const untranslated = [...zh].flatMap(([where, text]) => englishRuns(text, allowed).map((run) => `${where}: ${run}`));
  expect(untranslated).toEqual([]);

  // The same check finds the English sentences once the language is English again: it can fail.
  await page.getByTestId('language').selectOption('en');
  const en = await visibleMessages(app, names);
  for (const c of cases.filter((x) => x.expect)) expect(englishRuns(en.get(`${c.name} item-error`)!, allowed), c.name).not.toEqual([]);
  expect(englishRuns(en.get('notice')!, allowed)).not.toEqual([]);
  expect(englishRuns(en.get('header')!, allowed)).not.toEqual([]);
});

test.describe('the classroom', () => {
  // The service worker would answer gallery/index.json from its cache, past the route below.
  test.use({ serviceWorkers: 'block' });

  test("in 简体中文 the classroom says in Chinese why the gallery, a folder or a photo failed, and in English once switched", async ({ page }) => {
    const app = new TraceLensPage(page);
    await app.open('?backend=wasm');
    await page.getByTestId('language').selectOption('zh');
    const room = new ClassroomPage(page);
    // A build whose gallery index is damaged.
    await page.route('**/gallery/index.json', (r) => r.fulfill({ status: 200, contentType: 'application/json', body: '{"entries": 3}' }));
    await room.open();
    await expect(page.getByTestId('gallery-error')).toBeVisible();

    // Folders that give no photos, each for another reason.
    const folders: Record<string, Record<string, string | { text: string }>> = {
      holiday: { 'x.png': FACE },
      survey: { 'manifest.csv': { text: 'file,class\nx.png,real\n' }, 'x.png': FACE },
      gone: { 'manifest.csv': { text: 'path,label\nmissing.png,real\n' } },
      fakes: { 'fake/x.png': FACE },
    };
    // A file that is not a photo: the gallery and the walkthrough say why.
    await page.getByTestId('classroom-photos').setInputFiles([{ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a photo\n'.repeat(10)) }]);
    await expect(room.items().getByTestId('face-failed')).toBeVisible();
    await room.tab('walkthrough').click();
    await expect(room.walkthrough().getByRole('alert')).toBeVisible();
    await room.tab('gallery').click();

    /** Every failure shown, the last folder's as `folder`: open each folder in turn for the first call. */
    const shown = async (open: boolean): Promise<Map<string, string>> => {
      const texts = new Map<string, string>();
      texts.set('gallery', await page.getByTestId('gallery-error').innerText());
      for (const [name, files] of Object.entries(folders)) {
        if (!open) break;
        await room.openFolder(labelledFolder(name, files));
        await expect(page.getByTestId('folder-error')).toContainText(name);
        texts.set(name, await page.getByTestId('folder-error').innerText());
      }
      if (!open) texts.set('folder', await page.getByTestId('folder-error').innerText());
      texts.set('photo', await room.items().getByTestId('face-failed').innerText());
      await room.tab('walkthrough').click();
      texts.set('walkthrough', await room.walkthrough().getByRole('alert').innerText());
      await room.tab('gallery').click();
      return texts;
    };
    const allowed = [...Object.keys(folders), 'manifest.csv', 'gallery/index.json', 'TraceLens', 'notes.txt', 'real', 'identity', 'attribute', 'splice', 'fake'];
    const zh = await shown(true);
    for (const [where, text] of zh) expect(text, where).toMatch(/[\u4e00-\u9fff]/);
    expect([...zh].flatMap(([where, text]) => englishRuns(text, allowed).map((run) => `${where}: ${run}`))).toEqual([]);
    // The walkthrough says what the gallery says, not a message key.
    expect(zh.get('walkthrough')).toBe(zh.get('photo'));

    // Kept as sentences, they follow the language: the same check finds English now, so it can fail.
    await page.getByTestId('language').selectOption('en');
    const en = await shown(false);
    for (const [where, text] of en) expect(englishRuns(text, allowed), where).not.toEqual([]);
    expect(en.get('walkthrough')).toBe(en.get('photo'));
  });
});
