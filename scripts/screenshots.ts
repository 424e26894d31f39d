// Takes the README's screenshots of the production build (dist/, served here with `vite preview`)
// at 1400 × 950 and on a phone (390 × 844): the first screen, the results of the six sample photos
// that the @vladmandic/face-api package ships (read from node_modules), and the classroom with a
// labelled folder of crops of those photos made at run time, and (desktop) a clip made from those crops with
// ffmpeg: two people, one after the other, with their timelines. Never a faces-v1 face: every request
// for the build's gallery is refused, and a screenshot is not written if one was made anyway.
// Usage: npm run build && npm run screenshots [-- --out docs/screenshots]   (E2E_PORT picks the port)
import { chromium, type Browser, type BrowserContextOptions, type Page } from '@playwright/test';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { preview } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../config/chromium';
import { samplePhotos, writeSampleFaces } from '../src/node/sampleFaces';
import { CLIPS, hasFfmpeg, makeClip } from '../src/node/makeClips';

const { values: args } = parseArgs({ options: { out: { type: 'string', default: 'docs/screenshots' } } });
const PORT = Number(process.env.E2E_PORT ?? 4173);
const ORIGIN = `http://127.0.0.1:${PORT}/`;
const TIMEOUT = 300_000;

/** Each size; on a phone, one screen holds less, so the results and classroom shots scroll to their point. */
const SIZES: Record<string, { options: BrowserContextOptions; scroll: boolean }> = {
  desktop: { options: { viewport: { width: 1400, height: 950 } }, scroll: false },
  phone: { options: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }, scroll: true },
};

/** A labelled folder as a teacher makes one: the sample crops, all real photos, with a source column. */
async function sampleFolder(): Promise<string> {
  const dir = join(mkdtempSync(join(tmpdir(), 'tracelens-shots-')), 'face-api-samples');
  const crops = await writeSampleFaces(join(dir, 'photos'));
  const rows = crops.map((p) => `photos/${basename(p)},real,face-api sample photo`);
  writeFileSync(join(dir, 'manifest.csv'), ['path,label,source', ...rows, ''].join('\n'));
  return dir;
}

/** A page whose requests for the build's gallery are refused (index.json as a build without one answers it). */
async function newPage(browser: Browser, options: BrowserContextOptions, galleryRequests: string[]): Promise<Page> {
  // The service worker would answer from its cache, past the route.
  const context = await browser.newContext({ ...options, colorScheme: 'light', serviceWorkers: 'block', locale: 'en-GB' });
  await context.route('**/gallery/**', (route) => {
    const url = route.request().url();
    if (url.endsWith('/gallery/index.json')) return route.fulfill({ status: 404, body: '' });
    galleryRequests.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  await page.goto(ORIGIN);
  await page.getByTestId('backend').waitFor({ timeout: TIMEOUT });
  await page.locator('[data-testid="engine"][data-status="ready"]').waitFor({ timeout: TIMEOUT });
  return page;
}

async function save(page: Page, file: string, galleryRequests: string[]): Promise<void> {
  if (galleryRequests.length) throw new Error(`the page asked for gallery images (${galleryRequests.join(', ')}): no screenshot may show them`);
  const png = await page.screenshot();
  // 256 colours keep each file at a few hundred kB at most; interface text stays sharp.
  const small = await sharp(png).png({ palette: true, quality: 90, effort: 10, compressionLevel: 9 }).toBuffer();
  writeFileSync(file, small);
  console.log(`wrote ${file} (${(small.length / 1024).toFixed(0)} kB)`);
}

/** Scrolls so that `selector` starts at the top of the window. */
const scrollTo = (page: Page, selector: string) => page.locator(selector).first().evaluate((e) => e.scrollIntoView({ block: 'start' }));

async function shoot(browser: Browser, name: string, { options, scroll }: (typeof SIZES)[string], folder: string): Promise<void> {
  const galleryRequests: string[] = [];
  const out = (what: string) => join(args.out!, `${name}-${what}.png`);
  const page = await newPage(browser, options, galleryRequests);
  await save(page, out('start'), galleryRequests);

  const photos = samplePhotos();
  await page.getByTestId('file-input').setInputFiles(photos);
  await page.locator(`[data-testid="progress-text"][data-finished="${photos.length}"]`).waitFor({ timeout: TIMEOUT });
  await page.locator(`[data-testid="result-row"][data-name="${basename(photos[0])}"]`).click();
  await page.getByTestId('face-box').first().waitFor();
  // The filters, the table and the start of the photo's details.
  if (scroll) await scrollTo(page, '.filters');
  await save(page, out('results'), galleryRequests);

  await page.getByTestId('open-classroom').click();
  await page.locator('button:has(+ [data-testid="classroom-folder"])').and(page.locator(':enabled')).waitFor({ timeout: TIMEOUT });
  await page.getByTestId('classroom-folder').setInputFiles(folder);
  await page.locator('[data-testid="gallery-item"]:not([data-predicted=""])').nth(5).waitFor({ timeout: TIMEOUT });
  await page.getByTestId('reveal-truth').check();
  if (scroll) await scrollTo(page, '[data-testid="classroom-gallery"]');
  await save(page, out('classroom'), galleryRequests);
  await page.context().close();
  if (name === 'desktop') await shootVideo(browser, options, folder, out('video'));
}

/** A clip's details: the people followed through it, each with a verdict and a timeline, and the frame strip. */
async function shootVideo(browser: Browser, options: BrowserContextOptions, folder: string, file: string): Promise<void> {
  if (!hasFfmpeg()) return console.log(`skipped ${file}: no ffmpeg to make the clip (npm test installs it)`);
  const clip = await makeClip(join(folder, '..', 'clips'), CLIPS.cut);
  const galleryRequests: string[] = [];
  const page = await newPage(browser, options, galleryRequests);
  await page.getByTestId('file-input').setInputFiles([clip]);
  await page.locator('[data-testid="progress-text"][data-finished="1"]').waitFor({ timeout: TIMEOUT });
  await page.locator(`[data-testid="result-row"][data-name="${basename(clip)}"]`).click();
  await page.getByTestId('video-timeline').first().waitFor();
  await scrollTo(page, '[data-testid="result-detail"]');
  await save(page, file, galleryRequests);
  await page.context().close();
}

if (!existsSync('dist/index.html')) throw new Error('no production build: run `npm run build` first');
mkdirSync(args.out!, { recursive: true });
const folder = await sampleFolder();
const server = await preview({ preview: { port: PORT, strictPort: true }, logLevel: 'warn' });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  for (const [name, size] of Object.entries(SIZES)) await shoot(browser, name, size, folder);
} finally {
  await browser.close();
  await server.close();
}
