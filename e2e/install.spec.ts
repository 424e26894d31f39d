// Issue 27: the app is installable. The manifest is linked, served with its type and allowed by the CSP; every
// icon it names exists at its stated size; Chromium reports no installability error (the nearest check there is
// headless: CDP Page.getInstallabilityErrors); and, once visited, the app starts offline from its start URL.
import { chromium, expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../config/chromium';
import sharp from 'sharp';
import { FIXTURES, TraceLensPage } from './support/TraceLensPage';

interface ManifestIcon {
  src: string;
  sizes: string;
  type: string;
  purpose?: string;
}
interface Manifest {
  name: string;
  short_name: string;
  start_url: string;
  scope: string;
  display: string;
  theme_color: string;
  background_color: string;
  icons: ManifestIcon[];
  file_handlers: { action: string; accept: Record<string, string[]> }[];
}

/** The manifest the page links to, its URL, and the response's content type. */
async function linkedManifest(page: Page): Promise<{ url: URL; manifest: Manifest; type: string }> {
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBeTruthy();
  const url = new URL(href!, page.url());
  const res = await page.request.get(url.href);
  expect(res.status()).toBe(200);
  return { url, manifest: (await res.json()) as Manifest, type: res.headers()['content-type'] ?? '' };
}

test('the manifest is linked, typed, allowed by the CSP, complete, and every icon is there at its stated size', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (m) => /Content Security Policy/i.test(m.text()) && violations.push(m.text()));
  const response = await page.goto('/');
  expect(response?.headers()['content-security-policy']).toContain("manifest-src 'self'");
  const { url, manifest, type } = await linkedManifest(page);
  expect(type).toMatch(/^application\/manifest\+json/);

  expect(manifest.name).toContain('TraceLens');
  expect(manifest.short_name).toBe('TraceLens');
  expect(manifest.display).toBe('standalone');
  const origin = new URL(page.url()).origin + '/';
  expect(new URL(manifest.start_url, url).href).toBe(origin);
  expect(new URL(manifest.scope, url).href).toBe(origin);
  for (const colour of [manifest.theme_color, manifest.background_color]) expect(colour).toMatch(/^#[0-9a-f]{6}$/i);
  // Light and dark theme colours for the window's title bar.
  await expect(page.locator('meta[name="theme-color"][media="(prefers-color-scheme: light)"]')).toHaveCount(1);
  await expect(page.locator('meta[name="theme-color"][media="(prefers-color-scheme: dark)"]')).toHaveCount(1);

  const accepted = Object.entries(manifest.file_handlers[0].accept);
  expect(accepted.map(([mime]) => mime)).toEqual(expect.arrayContaining(['image/jpeg', 'image/png', 'image/webp', 'video/mp4', 'video/webm', 'video/quicktime']));
  expect(new URL(manifest.file_handlers[0].action, url).href).toBe(origin);

  const pngs = manifest.icons.filter((i) => i.type === 'image/png');
  expect(pngs.some((i) => i.purpose === 'maskable' && i.sizes === '512x512')).toBe(true);
  expect(pngs.some((i) => (i.purpose ?? 'any') === 'any' && i.sizes === '192x192')).toBe(true);
  expect(pngs.some((i) => (i.purpose ?? 'any') === 'any' && i.sizes === '512x512')).toBe(true);
  const appleTouch = await page.locator('link[rel="apple-touch-icon"]').getAttribute('href');
  for (const icon of [...manifest.icons, { src: appleTouch!, sizes: '180x180', type: 'image/png' }]) {
    const res = await page.request.get(new URL(icon.src, url).href);
    expect(res.status(), icon.src).toBe(200);
    expect(res.headers()['content-type'], icon.src).toContain(icon.type);
    const meta = await sharp(await res.body()).metadata();
    if (icon.sizes === 'any') expect(meta.format, icon.src).toBe('svg');
    else expect(`${meta.width}x${meta.height}`, icon.src).toBe(icon.sizes);
  }
  expect(violations).toEqual([]);
});

test('Chromium finds the app installable', async ({ baseURL }) => {
  // A browser profile on disk: Chromium never offers to install from an incognito context (Playwright's default).
  const profile = mkdtempSync(join(tmpdir(), 'tracelens-install-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, baseURL });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto('/');
    // Installability needs the service worker in charge of the page.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });
    const cdp = await context.newCDPSession(page);
    const { errors } = (await cdp.send('Page.getAppManifest')) as { errors: { message: string }[] };
    expect(errors).toEqual([]);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] };
    expect(installabilityErrors).toEqual([]);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

test('after one visit the installed app starts offline from its start URL, manifest and icons included', async ({ page, context }) => {
  const app = new TraceLensPage(page);
  await app.open();
  await expect(page.getByTestId('offline-ready')).toBeVisible({ timeout: 60_000 });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });
  const { url, manifest } = await linkedManifest(page);

  await context.setOffline(true);
  try {
    const installed = await context.newPage();
    await installed.goto(new URL(manifest.start_url, url).href);
    await expect(installed.getByTestId('backend')).toBeVisible({ timeout: 120_000 });
    // The manifest and its icons come from the cache too (what an installed window asks for).
    const cached = await installed.evaluate(
      async (paths) => Promise.all(paths.map(async (p) => (await fetch(p)).status)),
      [url.pathname, ...manifest.icons.map((i) => new URL(i.src, url).pathname)],
    );
    expect(cached.every((s) => s === 200)).toBe(true);
    const offlineApp = new TraceLensPage(installed);
    await offlineApp.chooseFiles([FIXTURES + 'sample3-1.png']);
    await offlineApp.waitFinished(1);
    await expect(installed.getByTestId('result-row')).toHaveAttribute('data-status', 'done');
  } finally {
    await context.setOffline(false);
  }
});
