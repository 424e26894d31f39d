import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './config/chromium';

// End-to-end tests run against the production build (vite preview) in Debian's Chromium,
// since Playwright cannot download its own browser here.
// E2E_PORT lets two checkouts on one machine run their e2e tests side by side.
const PORT = Number(process.env.E2E_PORT ?? 4173);

export default defineConfig({
  testDir: 'e2e',
  timeout: 240_000,
  expect: { timeout: 60_000 },
  // Writes the face fixtures (crops of face-api's sample photos) before any test runs.
  globalSetup: './e2e/support/globalSetup.ts',
  workers: 1,
  retries: 0,
  // The second reporter says how many tests were skipped and why (e.g. no ../shared/datasets/faces-v1).
  reporter: [['list'], ['./config/skipSummary.ts']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    acceptDownloads: true,
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
  },
  webServer: {
    command: `npx vite preview --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
