// Issue 5: no byte of a photo leaves the device, only same-origin static files are requested,
// the Content-Security-Policy holds, and the app works offline after the first visit.
import { expect, test } from '@playwright/test';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { FIXTURE_NAMES, FIXTURES, TraceLensPage } from './support/TraceLensPage';
import { makeTestClips } from './support/clips';

const DIST = new URL('../dist/', import.meta.url).pathname;
function builtFiles(dir = DIST): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? builtFiles(join(dir, n)) : ['/' + relative(DIST, join(dir, n))]));
}
const faces = FIXTURE_NAMES;

test('a 20-photo session with a clip requests only same-origin static files, never sends a body, and keeps its CSP', async ({ page, baseURL }) => {
  // A clip too (issue 25): its frames are decoded and analysed on the device like the photos.
  const { two } = await makeTestClips(['two']);
  const requests: { url: string; method: string; body: string | null }[] = [];
  page.context().on('request', (r) => requests.push({ url: r.url(), method: r.method(), body: r.postData() }));
  const violations: string[] = [];
  page.on('console', (m) => /Content Security Policy/i.test(m.text()) && violations.push(m.text()));
  const app = new TraceLensPage(page);
  const response = await page.goto('/');
  expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
  expect(response?.headers()['content-security-policy']).toContain("connect-src 'self'");
  await expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveAttribute('content', /default-src 'self'/);
  await expect(page.getByTestId('backend')).toBeVisible({ timeout: 120_000 });

  const twenty = Array.from({ length: 20 }, (_, i) => ({ name: `photo-${i}-${faces[i % faces.length]}`, buffer: readFileSync(FIXTURES + faces[i % faces.length]), mimeType: 'image/png' }));
  await app.chooseFiles([...twenty, { name: 'two.mp4', buffer: readFileSync(two), mimeType: 'video/mp4' }]);
  await app.waitFinished(21);
  const clip = (await app.exportJson()).items.find((i) => i.file === 'two.mp4')!;
  expect([clip.status, clip.faces.length]).toEqual(['done', 2]);

  const origin = new URL(baseURL!).origin;
  const files = new Set(builtFiles());
  const network = requests.filter((r) => !r.url.startsWith('blob:') && !r.url.startsWith('data:'));
  expect(network.length).toBeGreaterThan(3);
  for (const r of network) {
    const url = new URL(r.url);
    expect(url.origin, r.url).toBe(origin);
    expect(r.method, r.url).toBe('GET');
    expect(r.body, r.url).toBeNull();
    expect(url.pathname === '/' || files.has(url.pathname), `${url.pathname} is a built static file`).toBe(true);
  }
  expect(violations).toEqual([]);
});

test('after one visit the app and the model work offline', async ({ page, context }) => {
  const app = new TraceLensPage(page);
  await app.open();
  await expect(page.getByTestId('offline-ready')).toBeVisible({ timeout: 60_000 });
  // Installation caches every file; wait until the service worker is in charge of the page.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('backend')).toBeVisible({ timeout: 120_000 });
  await app.chooseFiles([FIXTURES + 'sample3-1.png']);
  await app.waitFinished(1);
  await expect(page.getByTestId('result-row')).toHaveAttribute('data-status', 'done');
  await context.setOffline(false);
});
