// Takes the README screenshot: serves nothing itself; run `npm run preview` first.
// Usage: npx tsx scripts/screenshot.ts [url] [out.png]
import { chromium } from '@playwright/test';
import { readdirSync } from 'node:fs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../config/chromium';

const url = process.argv[2] ?? 'http://127.0.0.1:4173/';
const out = process.argv[3] ?? 'docs/screenshot.png';
const dir = new URL('../e2e/fixtures/faces/', import.meta.url).pathname;

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(url);
await page.getByTestId('backend').waitFor({ timeout: 120_000 });
const files = readdirSync(dir).filter((f) => /\.(png|jpg)$/.test(f)).sort();
await page.getByTestId('file-input').setInputFiles(files.map((f) => dir + f));
await page.getByTestId('progress-text').filter({ hasText: `${files.length} of ${files.length}` }).waitFor({ timeout: 120_000 });
await page.getByTestId('result-row').nth(1).click();
await page.screenshot({ path: out, fullPage: true });
await browser.close();
console.log(`wrote ${out}`);
