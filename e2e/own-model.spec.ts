// Issue 27, "bring your own model": a folder exported by training/ from a tiny run made now
// (training/tracelens_train/tiny_export.py) is opened in Details, checked, and runs the new analyses: the
// header says so, the browser's probabilities on the parity inputs are PyTorch's within the parity
// tolerance, the exports carry its id and version, and the classroom compares it with the shipped model.
// Damaged copies of the folder are each refused with their own message, the shipped model staying in use.
import { expect, test, type Page } from '@playwright/test';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { dropFilesOn, TraceLensPage } from './support/TraceLensPage';
import { ClassroomPage } from './support/ClassroomPage';
import { DEFAULT_MODEL_ID } from '../src/state/urlSettings';
import { PARITY_TOLERANCE } from '../src/model/parityTolerance';
import { runTrainingModule } from '../src/node/trainingPython';
import { parseCsv } from '../src/report/parseCsv';

const work = mkdtempSync(join(tmpdir(), 'tracelens-own-model-'));
const model = join(work, 'my-run', 'app');
const VERSION = '0.0.9-e2e';

interface Golden {
  classes: string[];
  cases: { name: string; input: string; probabilities: number[] }[];
}
let golden: Golden;
/** The parity inputs as PNG photos (128 × 128, analysed whole: exactly the pixels PyTorch saw). */
const photos: string[] = [];

/** A copy of the good folder, damaged by `damage`. */
function damaged(name: string, damage: (dir: string) => void): string {
  const dir = join(work, 'damaged', name);
  cpSync(model, dir, { recursive: true, filter: (src) => !src.includes('golden') });
  damage(dir);
  return dir;
}
const editJson = (file: string, edit: (j: Record<string, unknown>) => unknown) =>
  writeFileSync(file, JSON.stringify(edit(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>)));

test.beforeAll(async () => {
  test.setTimeout(300_000);
  mkdirSync(model, { recursive: true });
  runTrainingModule('tracelens_train.tiny_export', ['--out', model, '--version', VERSION]);
  // The goldens go beside the folder, not in it: a person picks the exported folder alone.
  cpSync(join(model, 'golden'), join(work, 'golden'), { recursive: true });
  rmSync(join(model, 'golden'), { recursive: true });
  golden = JSON.parse(readFileSync(join(work, 'golden', 'my-tiny-amtennet-golden.json'), 'utf8')) as Golden;
  for (const c of golden.cases) {
    const path = join(work, `${c.name}.png`);
    await sharp(readFileSync(join(work, 'golden', c.input)), { raw: { width: 128, height: 128, channels: 3 } }).png().toFile(path);
    photos.push(path);
  }
});
test.afterAll(() => rmSync(work, { recursive: true, force: true }));

async function openModelFolder(page: Page, dir: string, testId = 'own-model'): Promise<void> {
  // The button before the folder input: enabled once the engine is ready.
  await expect(page.locator(`button:has(+ [data-testid="${testId}-input"])`)).toBeEnabled({ timeout: 120_000 });
  await page.getByTestId(`${testId}-input`).setInputFiles(dir);
}

test('damaged folders are each refused with their own message, and the shipped model stays in use', async ({ page }) => {
  const app = new TraceLensPage(page);
  await app.open('?backend=wasm');
  await app.openEngineDetails();
  const cases: [string, string, RegExp][] = [
    [damaged('missing-shard', (d) => unlinkSync(join(d, 'group1-shard1of1.bin'))), 'ownModelMissingShard', /the weight file group1-shard1of1\.bin, named in weights_manifest\.json, is not among the files/],
    [damaged('short-shard', (d) => truncateSync(join(d, 'group1-shard1of1.bin'), 2042260 - 8)), 'ownModelShardLength', /hold 2042252 bytes, but the weights in the manifest need 2042260/],
    [damaged('unknown-architecture', (d) => editJson(join(d, 'model-card.json'), (c) => ({ ...c, architecture: 'amtennet-npr' }))), 'ownModelUnknownArchitecture', /architecture "amtennet-npr" is not one this app runs/],
    [damaged('bad-json', (d) => writeFileSync(join(d, 'weights_manifest.json'), '[{"paths": ')), 'ownModelBadJson', /weights_manifest\.json is not valid JSON/],
    [damaged('classes', (d) => editJson(join(d, 'model-card.json'), (c) => ({ ...c, classes: ['real', 'fake'] }))), 'ownModelClassesMismatch', /lists 2 classes, but the weights give 4 outputs/],
  ];
  for (const [dir, key, text] of cases) {
    await openModelFolder(page, dir);
    const refused = page.getByTestId('own-model-refused');
    await expect(refused).toHaveAttribute('data-key', key);
    await expect(refused).toHaveText(/^This model folder was not loaded: .* The shipped model stays in use\.$/);
    await expect(refused).toContainText(text);
    await expect(page.getByTestId('own-model-badge')).toHaveCount(0);
    await expect(page.getByTestId('engine-model')).toHaveAttribute('data-model', new RegExp(`^${DEFAULT_MODEL_ID}@`));
  }
  // In Chinese too.
  await page.getByTestId('language').selectOption('zh');
  await openModelFolder(page, cases[4][0]);
  await expect(page.getByTestId('own-model-refused')).toHaveText('未加载此模型文件夹：模型卡列出了 2 个类别，但权重给出 4 个输出。仍在使用内置模型。');
  // The shipped model still analyses.
  await page.getByTestId('language').selectOption('en');
  await app.chooseFiles([photos[0]]);
  await app.waitFinished(1);
  expect((await app.exportJson()).model.id).toBe(DEFAULT_MODEL_ID);
});

test("an exported folder runs the new analyses with PyTorch's numbers, says so in the header and the exports, and is compared with the shipped model", async ({ page }) => {
  const app = new TraceLensPage(page);
  await app.open('?backend=wasm&faces=off');
  await app.chooseFiles([photos[0]]);
  await app.waitFinished(1);
  await app.openEngineDetails();
  await openModelFolder(page, join(work, 'my-run', 'app'));
  await expect(page.getByTestId('own-model-badge')).toHaveText(`Your own model: my-tiny-amtennet v${VERSION}`, { timeout: 120_000 });
  await expect(page.getByTestId('own-model-outcome')).toContainText('from your folder is in use for new analyses');
  await expect(page.getByTestId('engine-model')).toHaveAttribute('data-model', `my-tiny-amtennet@${VERSION}`, { timeout: 120_000 });
  // The shipped model's result was cleared: every result comes from one model.
  await expect(page.getByTestId('result-row')).toHaveCount(0);

  await app.chooseFiles(photos);
  await app.waitFinished(photos.length);
  const report = await app.exportJson();
  expect(report.model).toMatchObject({ id: 'my-tiny-amtennet', version: VERSION, classes: golden.classes, ownFolder: true });
  let worst = 0;
  for (const c of golden.cases) {
    const item = report.items.find((i) => i.file === `${c.name}.png`)!;
    expect(item.faces).toHaveLength(1);
    golden.classes.forEach((k, i) => {
      const diff = Math.abs(item.faces[0].probabilities[k] - c.probabilities[i]);
      expect(diff, `${c.name} ${k}`).toBeLessThan(PARITY_TOLERANCE);
      worst = Math.max(worst, diff);
    });
  }
  console.log(`own model in the browser (wasm) vs PyTorch: largest probability difference ${worst.toExponential(2)} (tolerance ${PARITY_TOLERANCE})`);
  const csv = parseCsv(await app.exportCsv()); // quoted cells (a warning's sentence) hold commas
  const [idCol, versionCol] = [csv[0].indexOf('model_id'), csv[0].indexOf('model_version')];
  expect(csv.slice(1).map((r) => `${r[idCol]} ${r[versionCol]}`)).toEqual(photos.map(() => `my-tiny-amtennet ${VERSION}`));

  // The classroom's comparison: the own model on the left, the shipped one offered first and chosen.
  const room = new ClassroomPage(page);
  await room.open();
  await room.addPhotos([photos[3]]);
  await room.tab('compare').click();
  await expect(page.getByTestId('compare-amtennet')).toHaveAttribute('data-model', 'my-tiny-amtennet', { timeout: 120_000 });
  await expect(page.getByTestId('baseline-select')).toHaveValue(DEFAULT_MODEL_ID);
  await expect(page.getByTestId('compare-baseline')).toHaveAttribute('data-model', DEFAULT_MODEL_ID, { timeout: 120_000 });
  await expect(page.getByTestId('baseline-about')).toContainText('beside your own model');

  // Back to the shipped model, from the classroom.
  await page.getByTestId('compare-own-model-shipped').click();
  await expect(page.getByTestId('own-model-badge')).toHaveCount(0);
  await expect(page.getByTestId('compare-amtennet')).toHaveAttribute('data-model', DEFAULT_MODEL_ID, { timeout: 120_000 });
});

test("model files dropped on the classroom's comparison are checked the same way", async ({ page }) => {
  const app = new TraceLensPage(page);
  await app.open('?backend=wasm');
  const room = new ClassroomPage(page);
  await room.open();
  await room.addPhotos([photos[1]]);
  await room.tab('compare').click();
  const dir = damaged('dropped-missing', (d) => unlinkSync(join(d, 'weights_manifest.json')));
  await expect(page.locator('button:has(+ [data-testid="compare-own-model-input"])')).toBeEnabled({ timeout: 120_000 });
  await dropFilesOn(page, 'compare-own-model', [join(dir, 'model-card.json'), join(dir, 'group1-shard1of1.bin')]);
  await expect(page.getByTestId('compare-own-model-refused')).toHaveAttribute('data-key', 'ownModelMissingFile');
  await expect(page.getByTestId('compare-own-model-refused')).toContainText('weights_manifest.json is missing');
  await expect(page.getByTestId('compare-amtennet')).toHaveAttribute('data-model', DEFAULT_MODEL_ID, { timeout: 120_000 });
});

test('a folder kept in this browser runs again on the next visit until it is removed; one that no longer passes is removed with the reason', async ({ page }) => {
  const app = new TraceLensPage(page);
  await app.open('?backend=wasm');
  await app.openEngineDetails();
  await page.getByTestId('own-model-keep').check();
  await openModelFolder(page, model);
  await expect(page.getByTestId('own-model-kept')).toBeVisible({ timeout: 120_000 });

  await app.open('?backend=wasm');
  await expect(page.getByTestId('own-model-badge')).toHaveText(`Your own model: my-tiny-amtennet v${VERSION}`, { timeout: 120_000 });
  await expect(page.getByTestId('engine-model')).toHaveAttribute('data-model', `my-tiny-amtennet@${VERSION}`, { timeout: 120_000 });
  await app.chooseFiles([photos[2]]);
  await app.waitFinished(1);
  expect((await app.exportJson()).model).toMatchObject({ id: 'my-tiny-amtennet', ownFolder: true });

  // Damaged in storage (as an update of the app could find it): checked again, refused, removed.
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('tracelens-own-model');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('kept', 'readwrite');
          const kept = tx.objectStore('kept');
          const get = kept.get('folder');
          get.onsuccess = () => {
            const value = get.result as { files: Record<string, Blob> };
            delete value.files['group1-shard1of1.bin'];
            kept.put(value, 'folder');
          };
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
  await app.open('?backend=wasm');
  await app.openEngineDetails();
  await expect(page.getByTestId('own-model-restore-failed')).toContainText(
    'The model kept in this browser could not be loaded again: the weight file group1-shard1of1.bin',
    { timeout: 120_000 },
  );
  await expect(page.getByTestId('own-model-badge')).toHaveCount(0);
  await expect(page.getByTestId('engine-model')).toHaveAttribute('data-model', new RegExp(`^${DEFAULT_MODEL_ID}@`));

  // Kept again, then removed: the next visit runs the shipped model.
  await page.getByTestId('own-model-keep').check();
  await openModelFolder(page, model);
  await expect(page.getByTestId('own-model-kept')).toBeVisible({ timeout: 120_000 });
  await page.getByTestId('own-model-remove').click();
  await expect(page.getByTestId('own-model-badge')).toHaveCount(0);
  await app.open('?backend=wasm');
  await expect(page.getByTestId('engine-model')).toHaveAttribute('data-model', new RegExp(`^${DEFAULT_MODEL_ID}@`));
  await app.chooseFiles([photos[2]]);
  await app.waitFinished(1);
  await expect(page.getByTestId('own-model-badge')).toHaveCount(0);
  expect((await app.exportJson()).model.id).toBe(DEFAULT_MODEL_ID);
});
