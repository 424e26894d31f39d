// Face detection end to end: photos composed from fixture faces (crops of face-api's sample
// photos: frontal, a real profile, a three-quarter view and tilted faces) at known places on a
// larger background. Every face is found where it was put, cropped from the full-resolution photo
// (the numbers match Node's for the same crop), classified, and can be moved or added. The export
// gives each face's box (the face as found) and its crop (the square the model was shown).
import { test, expect } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import AxeBuilder from '@axe-core/playwright';
import { TraceLensPage, FIXTURES } from './support/TraceLensPage';
import { nodeProbabilitiesForBoxes } from './support/nodeReference';
import { composePhoto } from '../src/node/composePhoto';
import { cropForFace, iou, TRAINING_FRAMING } from '../src/crop/framing';
import { posedFace } from '../src/node/posedFaces';
import type { Box } from '../src/analysis/types';
import { parseCsv } from '../src/report/parseCsv';

const dir = mkdtempSync(join(tmpdir(), 'tracelens-faces-'));
// Fixture faces framed as the app frames a face (as faces-v1 frames its faces on average, docs/FACES.md).
const FACE_A = FIXTURES + 'sample3-1.png';
const FACE_B = FIXTURES + 'sample1-1.png';

async function writePhoto(name: string, faces: (string | Buffer)[], sides: number[], w: number, h: number, seed: number) {
  const photo = await composePhoto(faces, sides, w, h, seed);
  const path = join(dir, name);
  writeFileSync(path, photo.png);
  return { path, name, boxes: photo.boxes };
}

test('every face of a composed photo is found where it was put, cropped at full resolution, and classified', async ({ page }) => {
  // 2400 x 1600: searched at 1024 px, cropped from the full photo.
  const big = await writePhoto('group-big.png', [FACE_A, FACE_B], [420, 330], 2400, 1600, 11);
  // 1000 x 700 with a 90 px face: found, and flagged as smaller than the model's input.
  const small = await writePhoto('group-small.png', [FACE_B, FACE_A], [260, 90], 1000, 700, 12);
  // Faces not looking at the camera: a profile (facing left, and mirrored), a three-quarter view, tilted 30 and 45 degrees.
  const posed = await writePhoto(
    'group-posed.png',
    await Promise.all(['sample2-1-profile.png', 'sample2-1-profile-mirrored.png', 'sample4-1-turned.png', 'sample1-1-tilt30.png', 'sample3-1-tilt-45.png'].map((n) => posedFace(n))),
    [260, 180, 220, 240, 200],
    1800,
    1200,
    13,
  );
  const empty = join(dir, 'no-face.png');
  writeFileSync(empty, await sharp({ create: { width: 640, height: 480, channels: 3, background: '#7a8ba0' } }).png().toBuffer());

  const app = new TraceLensPage(page);
  await app.open('?backend=wasm');
  await app.chooseFiles([big.path, small.path, posed.path, empty]);
  await app.waitFinished(4);
  const report = await app.exportJson();
  const classes = report.model.classes;

  for (const photo of [big, small, posed]) {
    const item = report.items.find((i) => i.file === photo.name)!;
    expect(item.status).toBe('done');
    expect(item.detector).toBe('blazeface');
    expect(item.faces).toHaveLength(photo.boxes.length);
    for (const truth of photo.boxes) {
      // The crop the model was shown covers the placed face square.
      const best = Math.max(...item.faces.map((f) => iou(f.crop, truth)));
      expect(best, `face at ${truth.join(',')} in ${photo.name}`).toBeGreaterThanOrEqual(0.5);
    }
    for (const f of item.faces) {
      expect(f.origin).toBe('detected');
      expect(classes).toContain(f.label);
      expect(Object.values(f.probabilities).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
      // box: the face, tight, inside its crop; crop: the box framed as training faces are.
      const [x, y, w, h] = f.box;
      expect(w).toBeLessThan(f.crop[2] * 0.7);
      expect(x >= f.crop[0] && y >= f.crop[1] && x + w <= f.crop[0] + f.crop[2] && y + h <= f.crop[1] + f.crop[3]).toBe(true);
      expect(f.crop[2]).toBe(f.crop[3]);
    }
    // The crops come from the full-resolution photo: Node, cropping the same squares, agrees.
    const reference = await nodeProbabilitiesForBoxes(photo.path, item.faces.map((f) => f.crop));
    item.faces.forEach((f, i) => classes.forEach((c) => expect(Math.abs(f.probabilities[c] - reference[i][c])).toBeLessThan(1e-3)));
  }
  const smallItem = report.items.find((i) => i.file === small.name)!;
  const smallFace = smallItem.faces.reduce((a, b) => (b.crop[2] < a.crop[2] ? b : a));
  expect(smallFace.crop[2]).toBeLessThan(128);
  expect(smallFace.reliability.map((w) => w.code)).toContain('upscaled');
  const emptyItem = report.items.find((i) => i.file === 'no-face.png')!;
  expect(emptyItem.status).toBe('done');
  expect(emptyItem.faces).toEqual([]);

  // The details show a box per face on the photo and let the person switch faces.
  await app.select(big.name);
  await expect(page.getByTestId('face-box')).toHaveCount(2);
  await expect(page.getByTestId('face-tab')).toHaveCount(2);
  // Each face box on the photo is the exported box; the crop is drawn around it.
  const bigItem = report.items.find((i) => i.file === big.name)!;
  expect(await page.getByTestId('face-box').evaluateAll((els) => els.map((e) => e.getAttribute('data-box')))).toEqual(bigItem.faces.map((f) => f.box.join(',')));
  expect(await page.getByTestId('face-crop').evaluateAll((els) => els.map((e) => e.getAttribute('data-box')))).toEqual(bigItem.faces.map((f) => f.crop.join(',')));
  await page.getByTestId('face-tab').nth(1).click();
  await expect(page.getByTestId('face-tab').nth(1)).toHaveAttribute('aria-pressed', 'true');
  expect(await app.fmtDistinctColours()).toBeGreaterThan(10);
  // The photo with its boxes and the face chooser pass the same axe scan as every other view.
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  const [header, ...body] = parseCsv(await app.exportCsv()); // quoted cells (a warning's sentence) hold commas
  const rows = body.filter((r) => r[0] === 'group-big.png');
  expect(rows.length).toBe(2);
  const col = (row: string[], name: string) => Number(row[header.indexOf(name)]);
  rows.forEach((row, i) => {
    expect(['box_x', 'box_y', 'box_width', 'box_height'].map((c) => col(row, c))).toEqual(bigItem.faces[i].box);
    expect(['crop_x', 'crop_y', 'crop_width', 'crop_height'].map((c) => col(row, c))).toEqual(bigItem.faces[i].crop);
  });
});

test('no face: the whole image or a drawn box; a moved box is re-analysed', async ({ page }) => {
  const photo = await writePhoto('pair.png', [FACE_A, FACE_B], [300, 240], 1200, 800, 21);
  const empty = join(dir, 'plain.png');
  writeFileSync(empty, await sharp({ create: { width: 600, height: 400, channels: 3, background: '#8a7a60' } }).png().toBuffer());
  const app = new TraceLensPage(page);
  await app.open('?backend=wasm');
  await app.chooseFiles([photo.path, empty]);
  await app.waitFinished(2);

  // No face: say so, then analyse the whole image on request.
  await app.select('plain.png');
  await expect(page.getByTestId('no-face-found')).toContainText('No face was found');
  await page.getByRole('button', { name: 'Analyse the whole image' }).click();
  await expect(page.getByTestId('face-origin')).toHaveAttribute('data-origin', 'whole-image');
  // ... or draw a box on it.
  await page.getByRole('button', { name: 'Add a face box' }).click();
  const svg = page.getByTestId('face-boxes');
  const r = (await svg.boundingBox())!;
  await page.mouse.move(r.x + r.width * 0.2, r.y + r.height * 0.2);
  await page.mouse.down();
  await page.mouse.move(r.x + r.width * 0.4, r.y + r.height * 0.5, { steps: 5 });
  await page.mouse.up();
  await expect(page.getByTestId('face-box')).toHaveCount(2);
  await expect(page.getByTestId('face-origin')).toHaveAttribute('data-origin', 'drawn');

  // Move a detected box with the keyboard and re-run that face.
  await app.select('pair.png');
  const box = page.getByTestId('face-box').first();
  await box.focus();
  const before = (await box.getAttribute('data-box'))!.split(',').map(Number) as Box;
  for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowRight');
  const moved = (await box.getAttribute('data-box'))!.split(',').map(Number) as Box;
  expect(moved[0]).toBeGreaterThan(before[0]);
  await page.getByTestId('rerun-face').click();
  await expect(page.getByTestId('face-origin')).toHaveAttribute('data-origin', 'adjusted');
  await app.waitFinished(2);
  const report = await app.exportJson();
  const pair = report.items.find((i) => i.file === 'pair.png')!;
  expect(pair.faces).toHaveLength(2);
  const adjusted = pair.faces.find((f) => f.origin === 'adjusted')!;
  expect(adjusted.box).toEqual(moved);
  // The moved face box is framed as a detected one is.
  expect(adjusted.crop).toEqual(cropForFace(moved, 1200, 800, TRAINING_FRAMING));
  const plain = report.items.find((i) => i.file === 'plain.png')!;
  expect(plain.faces.map((f) => f.origin)).toEqual(['whole-image', 'drawn']);
  expect(plain.faces[0].box).toEqual([0, 0, 600, 400]);
  expect(plain.faces[0].crop).toEqual([0, 0, 600, 400]);
  expect(plain.faces[1].crop).toEqual(cropForFace(plain.faces[1].box, 600, 400, TRAINING_FRAMING));
  // What Node gives for the moved box's crop is what the page shows.
  const [ref] = await nodeProbabilitiesForBoxes(photo.path, [adjusted.crop]);
  for (const c of report.model.classes) expect(Math.abs(adjusted.probabilities[c] - ref[c])).toBeLessThan(1e-3);
});
