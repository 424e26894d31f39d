import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { FIXTURES, TraceLensPage } from './support/TraceLensPage';
import { badFiles, formatVariants } from './support/makeImages';

const FACE = FIXTURES + 'sample3-1.png';

test('the file picker takes every common format, applies EXIF orientation, and explains each bad file', async ({ page }) => {
  const app = new TraceLensPage(page);
  await app.open();
  const good = await formatVariants(FACE);
  const bad = badFiles();
  // Bad files between good ones: one broken file must not stop the rest.
  const batch = [good[0], bad[0], good[1], bad[1], good[2], bad[2], good[3], bad[3], good[4], bad[4]];
  await app.chooseFiles(batch);
  await app.waitFinished(batch.length);

  const report = await app.exportJson();
  expect(report.items.map((i) => i.file)).toEqual(batch.map((f) => f.name));
  const byName = new Map(report.items.map((i) => [i.file, i]));
  for (const f of good) expect(byName.get(f.name)?.status, `${f.name}: ${byName.get(f.name)?.error}`).toBe('done');
  expect(byName.get('face.webp')).toMatchObject({ format: 'WebP', width: 160, height: 160 });
  expect(byName.get('face.gif')).toMatchObject({ format: 'GIF', width: 160, height: 160 });
  expect(byName.get('face.avif')).toMatchObject({ format: 'AVIF', width: 160, height: 160 });
  expect(byName.get('face.bmp')).toMatchObject({ format: 'BMP', width: 160, height: 160 });
  expect(byName.get('sideways-exif6.jpg')).toMatchObject({ format: 'JPEG', width: 96, height: 128 });

  const errors = Object.fromEntries(bad.map((f) => [f.name, byName.get(f.name)!]));
  for (const item of Object.values(errors)) expect(item.status).toBe('error');
  expect(errors['empty.jpg'].error).toMatch(/empty/i);
  expect(errors['notes.txt'].error).toMatch(/text file/i);
  expect(errors['scan.pdf'].error).toMatch(/PDF/);
  expect(errors['phone.heic'].error).toMatch(/HEIC/);
  expect(errors['noise.jpg'].error).toMatch(/not a supported image/i);

  // The message is shown to the person, too.
  await app.select('scan.pdf');
  await expect(page.getByTestId('item-error')).toContainText('PDF');
  // The page and the worker are still fine: a good file after the batch is analysed.
  await app.chooseFiles([FACE]);
  await app.waitFinished(batch.length + 1);
});

test('a pasted image is analysed', async ({ page }) => {
  const app = new TraceLensPage(page);
  await app.open();
  const b64 = readFileSync(FACE).toString('base64');
  await page.evaluate((data) => {
    const dt = new DataTransfer();
    dt.items.add(new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], 'image.png', { type: 'image/png' }));
    document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true }));
  }, b64);
  await app.waitFinished(1);
  await expect(page.getByTestId('result-row')).toHaveAttribute('data-status', 'done');
});
