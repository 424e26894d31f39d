// Page object: what a person does with TraceLens, in test terms.
import { expect, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Report } from '../../src/report/report';
import { SAMPLE_FACES } from '../../src/node/sampleFaces';

/**
 * The face fixtures: crops of face-api's sample photos (src/node/sampleFaces.ts: sample1-1.png …),
 * written here by globalSetup.ts before the tests run; the folder is not tracked.
 */
export const FIXTURES = new URL('../.faces/', import.meta.url).pathname;
/** The fixtures' file names, sorted: five PNGs (128 to 256 px) and one JPEG. */
export const FIXTURE_NAMES = SAMPLE_FACES.map((f) => f.name).sort();

export class TraceLensPage {
  readonly requests: string[] = [];

  constructor(readonly page: Page) {
    page.context().on('request', (r) => this.requests.push(r.url()));
  }

  async open(query = ''): Promise<void> {
    await this.page.goto(`/${query}`);
    await expect(this.page.getByTestId('backend')).toBeVisible({ timeout: 120_000 });
  }

  backend(): Promise<string | null> {
    return this.page.getByTestId('backend').getAttribute('data-backend');
  }

  /** Opens the header's Details (why this backend, the model, the Backend menu, memory). */
  async openEngineDetails(): Promise<Locator> {
    const details = this.page.getByTestId('engine-details');
    if (!(await details.evaluate((d: HTMLDetailsElement) => d.open))) await details.locator('summary').click();
    await expect(details).toHaveAttribute('open', '');
    return details;
  }

  async numTensors(): Promise<number> {
    return Number(await this.page.getByTestId('num-tensors').getAttribute('data-value'));
  }

  /** Through the real <input type="file" multiple>. */
  async chooseFiles(files: { name: string; buffer: Buffer; mimeType?: string }[] | string[]): Promise<void> {
    const input = this.page.getByTestId('file-input');
    if (files.every((f) => typeof f === 'string')) await input.setInputFiles(files as string[]);
    else await input.setInputFiles((files as { name: string; buffer: Buffer; mimeType?: string }[]).map((f) => ({ mimeType: 'application/octet-stream', ...f })));
  }

  /** A drag-and-drop of files onto the drop zone, as the browser dispatches it. */
  dropFiles(paths: string[]): Promise<void> {
    return dropFilesOn(this.page, 'dropzone', paths);
  }

  /** Waits until `n` files of `n` have finished (done or error), in either interface language. */
  async waitFinished(n: number, timeout = 180_000): Promise<void> {
    const progress = this.page.getByTestId('progress-text');
    await expect(progress).toHaveAttribute('data-finished', String(n), { timeout });
    await expect(progress).toHaveAttribute('data-total', String(n));
  }

  async exportJson(): Promise<Report> {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.page.getByRole('button', { name: 'Export JSON' }).click(),
    ]);
    const path = await download.path();
    return JSON.parse(readFileSync(path, 'utf8')) as Report;
  }

  /** The CSV export, as text (without the byte-order mark). */
  async exportCsv(): Promise<string> {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    return readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
  }

  /** File names of the rendered table rows, top to bottom. */
  async rowNames(): Promise<string[]> {
    const rows = await this.page.getByTestId('result-row').evaluateAll((els) =>
      els.map((e) => ({ name: e.getAttribute('data-name')!, index: Number(e.getAttribute('aria-rowindex')) })),
    );
    return rows.sort((a, b) => a.index - b.index).map((r) => r.name);
  }

  /** How many rows the filter shows, of how many files. */
  async shownCount(): Promise<{ shown: number; total: number }> {
    const el = this.page.getByTestId('shown-count');
    return { shown: Number(await el.getAttribute('data-shown')), total: Number(await el.getAttribute('data-total')) };
  }

  /** Opens a file's details, scrolling the (virtualised) table until its row is rendered. */
  async select(fileName: string): Promise<void> {
    const list = this.page.getByTestId('results-list');
    const row = this.page.locator(`[data-testid="result-row"][data-name="${fileName.replace(/"/g, '\\"')}"]`);
    // A row can leave the DOM between finding and clicking it (the table re-renders as results
    // arrive), so the search is retried a few times.
    for (let attempt = 0; attempt < 3; attempt++) {
      await list.evaluate((el) => (el.scrollTop = 0));
      for (let i = 0; i < 200 && (await row.count()) === 0; i++) {
        await list.evaluate((el) => el.scrollBy(0, el.clientHeight * 0.8));
        await this.page.waitForTimeout(30);
      }
      try {
        await row.click({ timeout: 10_000 });
        break;
      } catch (e) {
        if (attempt === 2) throw e;
      }
    }
    await expect(this.page.getByTestId('result-detail').getByRole('heading')).toHaveText(fileName);
  }

  /** Distinct colours drawn in the Fmt map canvas: a flat or empty canvas has 1. */
  async fmtDistinctColours(): Promise<number> {
    return this.page.getByTestId('fmt-map').evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const seen = new Set<number>();
      for (let i = 0; i < d.length; i += 4) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
      return seen.size;
    });
  }

  /** Requests that left the page's origin (blob: and data: stay on the device). */
  foreignRequests(origin: string): string[] {
    return this.requests.filter((u) => !u.startsWith(origin + '/') && !u.startsWith('blob:') && !u.startsWith('data:'));
  }
}

/** A drag-and-drop of files onto the element with this test id, as the browser dispatches it. */
export async function dropFilesOn(page: Page, testId: string, paths: string[]): Promise<void> {
  const files = paths.map((p) => ({ name: basename(p), type: mime(p), b64: readFileSync(p).toString('base64') }));
  const dt = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) {
      const bytes = Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], f.name, { type: f.type }));
    }
    return dt;
  }, files);
  await page.getByTestId(testId).dispatchEvent('drop', { dataTransfer: dt });
}

function mime(path: string): string {
  if (path.endsWith('.png')) return 'image/png';
  if (path.endsWith('.jpg') || path.endsWith('.jpeg')) return 'image/jpeg';
  return 'application/octet-stream';
}
