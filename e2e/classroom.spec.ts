// Issue 8, classroom mode: the gallery runs the real model in the worker, the walkthrough draws
// the network's real maps step by step, and the what-if lab's maps and plot move as they should.
// Issue 16: the build's gallery (made from faces-v1 when it is beside the checkout), a labelled
// folder the person opens, and any photo the person adds.
import { expect, test } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { FIXTURE_NAMES, FIXTURES, TraceLensPage } from './support/TraceLensPage';
import { ClassroomPage } from './support/ClassroomPage';
import { labelledFolder } from './support/labelledFolder';
import { parseGalleryIndex } from '../src/classroom/gallery';
import type { MarkdownTable } from '../src/classroom/markdownTable';
import { readResults } from '../src/classroom/resultsMd';
import { BASELINE_IDS, FACES_V1_AMTENNET_ID } from '../src/classroom/baselines';
import { DEFAULT_MODEL_ID } from '../src/state/urlSettings';
import { FACES_V1_MISSING, facesV1Present } from '../config/testData';

const GALLERY = new URL('../dist/gallery/', import.meta.url).pathname;
// The service worker would answer gallery/index.json from its cache, past ClassroomPage.withoutGallery's route.
test.use({ serviceWorkers: 'block' });
const photos = FIXTURE_NAMES.map((f) => FIXTURES + f);

test('the build has a gallery of faces-v1 test faces, which predicts every face in the worker and reveals the truth', async ({ page }) => {
  test.skip(!facesV1Present(), FACES_V1_MISSING);
  // faces-v1 is beside the checkout, so the build must have put the gallery into dist/.
  expect(existsSync(GALLERY + 'index.json'), 'dist/gallery/index.json (rebuild: npm run build)').toBe(true);
  const index = parseGalleryIndex(JSON.parse(readFileSync(GALLERY + 'index.json', 'utf8')));
  const app = new TraceLensPage(page);
  // faces=off: the gallery's faces are crops already, analysed whole, as a dropped crop is then.
  await app.open('?backend=wasm&faces=off');
  const room = new ClassroomPage(page);
  await room.open();
  await expect(room.items()).toHaveCount(index.entries.length);
  expect(index.entries.length).toBeGreaterThanOrEqual(20);
  await expect(page.getByTestId('no-gallery')).toHaveCount(0);
  // Every label x source pair of the test split.
  const pairs = new Set(index.entries.map((e) => `${e.label}/${e.source}`));
  expect(pairs.size).toBe(7);

  await room.waitPredicted(index.entries.length);
  await expect(page.getByTestId('truth')).toHaveCount(0);
  // A face's source or credit ("StyleGAN3-R FFHQ sample") would tell a student the answer: none shows
  // before the truth is revealed, neither on the page nor in an image's description.
  await room.expectNoSourcesShown(index.entries.flatMap((e) => [e.source, e.attribution, e.licence]));
  await page.getByTestId('reveal-truth').check();
  await expect(page.getByTestId('truth')).toHaveCount(index.entries.length);
  for (const [i, e] of index.entries.entries()) await expect(room.items().nth(i)).toContainText(e.licence);

  const shown = await room.shownItems();
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

test('without a gallery the classroom says how to get one; a labelled folder (class sub-folders or manifest.csv) becomes the gallery', async ({ page }) => {
  const app = new TraceLensPage(page);
  await app.open('?backend=wasm&faces=off');
  const room = new ClassroomPage(page);
  await room.withoutGallery();
  await room.open();
  await expect(page.getByTestId('no-gallery')).toContainText('../shared/datasets/faces-v1/');
  await expect(room.items()).toHaveCount(0);
  await room.tab('walkthrough').click();
  await expect(page.getByTestId('no-photo')).toBeVisible();
  await room.tab('gallery').click();

  // One sub-folder per class (files beside the class folders are not read).
  const byClass = labelledFolder('my-class', {
    'real/a.png': photos[0],
    'real/b.png': photos[1],
    'real/c.jpg': photos[5],
    'notes.txt': { text: 'not a photo' },
  });
  await room.openFolder(byClass);
  await expect(page.getByTestId('folder-note')).toHaveText('my-class: 3 labelled photos.');
  await expect(page.getByRole('heading', { name: 'Labelled photos from my-class' })).toBeVisible();
  await expect(page.getByTestId('no-gallery')).toHaveCount(0);
  await expect(room.items()).toHaveCount(3);
  await room.waitPredicted(3);
  // The paths name the class folders: they stay hidden until the truth is revealed.
  await room.expectNoSourcesShown(['real/']);
  await page.getByTestId('reveal-truth').check();
  await expect(room.items().getByTestId('credit')).toHaveCount(3);
  const shown = await room.shownItems();
  expect(shown.map((s) => s.truth)).toEqual(['real', 'real', 'real']);
  for (const s of shown) expect(s.correct).toBe(String(s.predicted === 'real'));
  await expect(page.getByTestId('gallery-score')).toHaveAttribute('data-right', String(shown.filter((s) => s.predicted === 'real').length));

  // The folder's numbers are the analysis's: the same file analysed as a photo gets the same probabilities.
  const a = shown.find((s) => s.file.endsWith('/real/a.png'))!;
  await page.getByRole('button', { name: 'Back to my photos' }).click();
  await app.chooseFiles([photos[0]]);
  await app.waitFinished(1);
  const report = await app.exportJson();
  report.model.classes.forEach((c, k) => expect(Math.abs(report.items[0].faces[0].probabilities[c] - a.probabilities[k])).toBeLessThan(1e-4));
  await room.open();

  // A manifest.csv (path,label,source), as `npm run evaluate` reads it, replaces the folder; a
  // file it names that is not there is counted.
  const withManifest = labelledFolder('survey', {
    'manifest.csv': { text: 'path,label,source\nimg/one.png,real,camera-a\nimg/two.png,real,camera-b\nimg/gone.png,real,camera-b\n' },
    'img/one.png': photos[2],
    'img/two.png': photos[3],
  });
  await room.openFolder(withManifest);
  await expect(page.getByTestId('folder-note')).toHaveText('survey: 2 labelled photos. Files named in manifest.csv but not in the folder: 1.');
  await expect(room.items()).toHaveCount(2);
  // A new folder starts with its truth hidden again, sources included.
  await expect(page.getByTestId('reveal-truth')).not.toBeChecked();
  await expect(page.getByRole('img', { name: 'Face 1', exact: true })).toBeVisible();
  await room.expectNoSourcesShown(['camera-a', 'camera-b']);
  await page.getByTestId('reveal-truth').check();
  await expect(page.getByRole('img', { name: 'Face 1, from camera-a' }).or(page.getByRole('img', { name: 'Face 1, from camera-b' }))).toBeVisible();
  await expect(room.items().getByTestId('credit')).toHaveText([/^camera-[ab]$/, /^camera-[ab]$/]);

  // Labels that are not the model's classes, and a folder with neither layout: a clear message each.
  await room.openFolder(labelledFolder('fakes', { 'fake/x.png': photos[0], 'genuine/y.png': photos[1] }));
  await expect(page.getByTestId('folder-error')).toHaveText(
    'fakes: the labels fake, genuine are not classes of the model. Name the class sub-folders (or the label column of manifest.csv) real, identity, attribute, splice.',
  );
  await room.openFolder(labelledFolder('holiday', { 'x.png': photos[0] }));
  await expect(page.getByTestId('folder-error')).toHaveText(
    'holiday has neither a manifest.csv nor one sub-folder of photos per class (real, identity, attribute, splice).',
  );
  // The last good folder is still open.
  await expect(room.items()).toHaveCount(2);
});

test('photos the person adds work in every section; a file that is not a photo says so', async ({ page }) => {
  await new TraceLensPage(page).open('?backend=wasm');
  const room = new ClassroomPage(page);
  await room.withoutGallery();
  await room.open();
  await room.addPhotos([photos[0], photos[1]]);
  await expect(room.items()).toHaveCount(2);
  await room.waitPredicted(2);
  await expect(page.getByTestId('reveal-truth')).toHaveCount(0);
  await expect(room.items().first()).toContainText('Your photo (sample1-1.png)');
  // The same photo again is not added twice; a text file gets the analysis's message.
  await room.addPhotos([photos[0]]);
  await page.getByTestId('classroom-photos').setInputFiles([{ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a photo\n'.repeat(10)) }]);
  await expect(room.items()).toHaveCount(3);
  await expect(room.items().nth(2).getByTestId('face-failed')).toContainText('text file');
  // A photo dropped on the classroom is added too.
  await room.dropPhotos([photos[2]]);
  await expect(room.items()).toHaveCount(4);
  await room.waitPredicted(3);
});

test('the walkthrough steps through the real maps with the arrow keys, and they are consistent', async ({ page }) => {
  await new TraceLensPage(page).open('?backend=wasm');
  const room = new ClassroomPage(page);
  await room.withoutGallery();
  await room.open();
  await room.addPhotos(photos);
  // Face 1 (sample1-1.png): every map of every step has something to see (Node found a nearly flat block-4 map for face 2).
  await page.getByRole('button', { name: 'Walk through face 1', exact: true }).click();
  const walk = room.walkthrough();
  await expect(walk).toHaveAttribute('data-steps', '9', { timeout: 120_000 });
  await expect(walk.getByRole('heading', { level: 3 })).toHaveText('Face 1 through the network');
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
  // The preview is the input in bytes (a resized photo's values fall between them).
  for (let i = 0; i < n; i += 101) expect(Math.abs(m.input[i * 3] - m.preview[i * 4])).toBeLessThanOrEqual(0.5);
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
  await room.withoutGallery();
  await room.open();
  await room.addPhotos(photos);
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

test("the comparison offers every shipped baseline beside the app's AMTENnet, the faces-v1 AMTENnet among them, or says none is shipped, and the results of RESULTS.md", async ({ page }) => {
  await new TraceLensPage(page).open('?backend=wasm');
  const room = new ClassroomPage(page);
  await room.withoutGallery();
  await room.open();
  await room.addPhotos(photos);
  await room.tab('compare').click();
  const amten = page.getByTestId('compare-amtennet');
  await expect(amten).toHaveAttribute('data-model', DEFAULT_MODEL_ID, { timeout: 120_000 });
  const baseline = page.getByTestId('compare-baseline');
  const missing = page.getByTestId('baseline-missing');
  await expect(baseline.or(missing)).toBeVisible();
  // Exactly the baseline folders this build has are offered, Model-base first; the app's model is not one.
  const shipped = BASELINE_IDS.filter((id) => existsSync(new URL(`../public/models/${id}/model-card.json`, import.meta.url)));
  // The build ships the app's earlier AMTENnet (faces-v1 only) for this comparison.
  expect(shipped).toContain(FACES_V1_AMTENNET_ID);
  expect(shipped).not.toContain(DEFAULT_MODEL_ID);
  if (shipped.length === 0) {
    await expect(missing).toContainText('models/model-base-faces-v1/');
    await expect(page.getByTestId('baseline-select')).toHaveCount(0);
  } else {
    const select = page.getByTestId('baseline-select');
    const offered = await select.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(offered).toEqual(shipped);
    await expect(select).toHaveValue(shipped[0]);
    const a = JSON.parse((await amten.getAttribute('data-probabilities'))!) as number[];
    for (const id of shipped) {
      await select.selectOption(id);
      await expect(baseline).toHaveAttribute('data-model', id, { timeout: 120_000 });
      await expect(baseline).toHaveAttribute('data-current', 'true');
      const b = JSON.parse((await baseline.getAttribute('data-probabilities'))!) as number[];
      expect(b.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 4);
      expect(b.some((p, k) => Math.abs(p - a[k]) > 1e-3), `${id} gives AMTENnet's numbers`).toBe(true);
      await expect(baseline).toContainText(id);
      await expect(page.getByTestId('baseline-about')).not.toBeEmpty();
      if (id === FACES_V1_AMTENNET_ID) {
        await expect(baseline).toContainText('AMTENnet');
        await expect(page.getByTestId('baseline-about')).toContainText("The app's earlier AMTENnet (amtennet-faces-v1), the same network trained on faces-v1 only.");
      }
      // The choice is in the URL, so a reload (or a shared link) keeps it.
      expect(new URL(page.url()).searchParams.get('baseline')).toBe(id);
    }
    // The keyboard reaches the picker and moves it.
    await select.focus();
    for (let i = 1; i < shipped.length; i++) await page.keyboard.press('ArrowUp');
    await expect(select).toHaveValue(shipped[0]);
    await expect(baseline).toHaveAttribute('data-model', shipped[0], { timeout: 120_000 });
    // In Chinese too.
    await page.getByTestId('language').selectOption('zh');
    await expect(page.getByRole('combobox', { name: '基线模型', exact: true })).toHaveValue(shipped[0]);
    await expect(page.getByRole('heading', { name: /AMTENnet 与一个基线模型/ })).toBeVisible();
    await page.getByTestId('language').selectOption('en');
  }

  // training/RESULTS.md: its first table (the shipped models), and the paper's comparison between its markers.
  const resultsFile = new URL('../training/RESULTS.md', import.meta.url);
  const results = page.getByTestId('results-md');
  const sameTable = async (testId: string, table: MarkdownTable) => {
    const shown = results.getByTestId(testId);
    await expect(shown.locator('thead th')).toHaveText(table.header);
    await expect(shown.locator('tbody tr')).toHaveCount(table.rows.length);
    for (const [i, row] of table.rows.entries()) await expect(shown.locator('tbody tr').nth(i).locator('td')).toHaveText(row);
  };
  if (!existsSync(resultsFile)) {
    await expect(results.getByTestId('results-missing')).toBeVisible();
    return;
  }
  const md = readResults(readFileSync(resultsFile, 'utf8'));
  await sameTable('results-shipped', md.shipped!);
  expect(md.comparison, 'RESULTS.md has the compare markers').not.toBeNull();
  const { table, differences, differencesNote, runs } = md.comparison!;
  if (table && table.rows.length) await sameTable('results-comparison', table);
  else await expect(results.getByTestId('comparison-none')).toHaveText(/No run of the comparison has finished yet/);
  if (differences) {
    await sameTable('results-differences', differences);
    if (differencesNote) await expect(results.getByText(differencesNote, { exact: true })).toBeVisible();
  } else await expect(results.getByTestId('results-differences')).toHaveCount(0);
  if (runs) {
    await results.getByTestId('comparison-runs').locator('summary').click();
    await sameTable('results-runs', runs);
  } else await expect(results.getByTestId('comparison-runs')).toHaveCount(0);
});

test("the comparison loads a second model by id in the worker: the app's model twice gives the same numbers", async ({ page }) => {
  await new TraceLensPage(page).open(`?backend=wasm&baseline=${DEFAULT_MODEL_ID}`);
  const room = new ClassroomPage(page);
  await room.withoutGallery();
  await room.open();
  await room.addPhotos(photos);
  await room.tab('compare').click();
  await page.getByTestId('face-select').selectOption('4');
  const amten = page.getByTestId('compare-amtennet');
  const second = page.getByTestId('compare-baseline');
  // Both columns answer face 5 (not a result for face 1 that was still on its way).
  for (const column of [amten, second]) {
    await expect(column).toHaveAttribute('data-file', new RegExp(`^own:${FIXTURE_NAMES[4]}\\|`), { timeout: 120_000 });
    await expect(column).toHaveAttribute('data-current', 'true');
    await expect(column).toHaveAttribute('data-model', DEFAULT_MODEL_ID);
  }
  await expect(page.getByTestId('baseline-about')).toHaveText('AMTENnet itself, loaded a second time: both columns must agree.');
  const a = JSON.parse((await amten.getAttribute('data-probabilities'))!) as number[];
  const b = JSON.parse((await second.getAttribute('data-probabilities'))!) as number[];
  b.forEach((p, k) => expect(p).toBeCloseTo(a[k], 6));
  // and they are face 5's numbers, as the gallery has them
  await room.tab('gallery').click();
  await room.waitPredicted(photos.length);
  const g = JSON.parse((await room.items().nth(4).getAttribute('data-probabilities'))!) as number[];
  g.forEach((p, k) => expect(p).toBeCloseTo(a[k], 6));
});
