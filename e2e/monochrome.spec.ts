// Issue 23, item 6: a black-and-white photo of a real person is unlike the faces the model learned (in the
// training data nearly every black-and-white face is generated), and the shipped model calls such faces
// manipulated far more often than the same faces in colour. The app warns and states no verdict for them, only
// a leaning. Read as a person reads it (the table's chip, the details' warning and headline) and as a tool
// reads it (the JSON export).
import { expect, test } from '@playwright/test';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { TraceLensPage } from './support/TraceLensPage';

const demo = join(dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json')), 'demo');
const PHOTO = join(demo, 'sample1.jpg'); // a real person, in colour

test('a black-and-white or sepia photo of a real person gets a warning and no stated verdict; the colour photo no warning', async ({ page }) => {
  test.setTimeout(180_000);
  const jpeg = (s: sharp.Sharp) => s.jpeg({ quality: 90 }).toBuffer();
  const files = [
    { name: 'colour.jpg', buffer: await jpeg(sharp(PHOTO)), mimeType: 'image/jpeg' },
    { name: 'grey.jpg', buffer: await jpeg(sharp(PHOTO).grayscale()), mimeType: 'image/jpeg' },
    { name: 'sepia.jpg', buffer: await jpeg(sharp(PHOTO).grayscale().toColourspace('srgb').tint({ r: 112, g: 66, b: 20 })), mimeType: 'image/jpeg' },
  ];
  const app = new TraceLensPage(page);
  await app.open();
  await app.chooseFiles(files);
  await app.waitFinished(files.length);

  const report = await app.exportJson();
  const face = (name: string) => {
    const item = report.items.find((i) => i.file === name)!;
    expect(item.faces.length, `${name}: a face is found`).toBeGreaterThan(0);
    return item.faces[0];
  };
  expect(face('colour.jpg').reliability.map((w) => w.code)).not.toContain('monochrome');
  for (const name of ['grey.jpg', 'sepia.jpg']) {
    const f = face(name);
    expect(f.reliability.map((w) => w.code), name).toContain('monochrome');
    expect(f.uncertain, name).toBe(true);
    expect(f.verdict, name).toMatch(/^uncertain:/);
  }

  for (const name of ['grey.jpg', 'sepia.jpg']) {
    const chip = page.locator(`[data-testid="result-row"][data-name="${name}"] .verdict-cell .chip`);
    await expect(chip).toHaveAttribute('data-verdict', 'uncertain');
    await app.select(name);
    await expect(page.locator('[data-testid="unreliable"] li[data-code="monochrome"]')).toContainText('black-and-white');
    // Uncertain whatever the model says: a verdict its band would state is held (the words for that: verdictText.test.ts).
    await expect(page.getByTestId('verdict').locator('strong')).toHaveText('Uncertain');
  }
});
