// Takes the README screenshot: the app analysing the six sample photos that the @vladmandic/face-api
// package ships (group photos, read from node_modules), with the faces found in one of them.
// Serves nothing itself; run `npm run preview` first.
// Usage: npx tsx scripts/screenshot.ts [url] [out.png]
import { chromium } from '@playwright/test';
import { basename } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../config/chromium';
import { samplePhotos } from '../src/node/sampleFaces';

const url = process.argv[2] ?? 'http://127.0.0.1:4173/';
const out = process.argv[3] ?? 'docs/screenshot.png';
const photos = samplePhotos();

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(url);
await page.getByTestId('backend').waitFor({ timeout: 120_000 });
await page.getByTestId('file-input').setInputFiles(photos);
await page.getByTestId('progress-text').filter({ hasText: `${photos.length} of ${photos.length}` }).waitFor({ timeout: 300_000 });
await page.locator(`[data-testid="result-row"][data-name="${basename(photos[0])}"]`).click();
await page.getByTestId('face-box').first().waitFor();
await page.screenshot({ path: out, fullPage: true });
await browser.close();
console.log(`wrote ${out}`);
