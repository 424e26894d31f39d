// Page object for classroom mode: what a teacher does, in test terms, and the raw numbers the
// worker returned (read from the hook the classroom leaves on window).
import { expect, type Locator, type Page } from '@playwright/test';
import { dropFilesOn } from './TraceLensPage';

export interface RawMaps {
  size: number;
  input: number[];
  conv1: number[];
  fmt: number[];
  freu: number[];
  preview: number[];
  probabilities: number[];
}

export class ClassroomPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByTestId('open-classroom').click();
    await expect(this.page.getByTestId('classroom')).toBeVisible();
  }

  /**
   * The classroom as a build without faces-v1 has it: no gallery/index.json. Call before open(), in a
   * test with `serviceWorkers: 'block'` (the service worker would answer from its cache).
   */
  async withoutGallery(): Promise<void> {
    // As `vite preview` answers for a file the build lacks: the app's page.
    await this.page.route('**/gallery/index.json', (r) => r.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>TraceLens</title>' }));
  }

  /** "Add your own photos…", through the real file input. */
  async addPhotos(paths: string[]): Promise<void> {
    await this.page.getByTestId('classroom-photos').setInputFiles(paths);
  }

  /** "Open a labelled folder…", through the real folder input (the model must have loaded), in either language. */
  async openFolder(dir: string): Promise<void> {
    await expect(this.page.locator('button:has(+ [data-testid="classroom-folder"])')).toBeEnabled({ timeout: 120_000 });
    await this.page.getByTestId('classroom-folder').setInputFiles(dir);
  }

  tab(name: 'gallery' | 'walkthrough' | 'whatif' | 'compare'): Locator {
    return this.page.getByTestId(`tab-${name}`);
  }

  items(): Locator {
    return this.page.getByTestId('gallery-item');
  }

  /**
   * None of `giveaways` (sources, credits, class-folder paths) is said in the gallery (its text and
   * image descriptions), in the face chooser of the other sections, or in the comparison's image.
   */
  async expectNoSourcesShown(giveaways: string[]): Promise<void> {
    const alts = (scope: Locator) => scope.locator('img').evaluateAll((imgs) => imgs.map((i) => i.getAttribute('alt') ?? '').join('\n'));
    const gallery = this.page.getByTestId('classroom-gallery');
    await expect(gallery.getByTestId('credit')).toHaveCount(0);
    const said = [await gallery.innerText(), await alts(gallery)];
    await this.tab('walkthrough').click();
    said.push((await this.page.getByTestId('face-select').locator('option').allInnerTexts()).join('\n'));
    await this.tab('compare').click();
    said.push(await alts(this.page.getByTestId('compare')));
    await this.tab('gallery').click();
    for (const text of said) for (const g of giveaways) expect(text).not.toContain(g);
  }

  /** Drops files on the classroom, as the browser dispatches a drop. */
  dropPhotos(paths: string[]): Promise<void> {
    return dropFilesOn(this.page, 'classroom', paths);
  }

  /** What each gallery item shows: its key, the prediction, the probabilities, and (once revealed) the truth. */
  shownItems(): Promise<{ file: string; predicted: string; probabilities: number[]; truth: string | null; correct: string | null }[]> {
    return this.items().evaluateAll((els) =>
      els.map((e) => ({
        file: e.getAttribute('data-file')!,
        predicted: e.getAttribute('data-predicted')!,
        probabilities: JSON.parse(e.getAttribute('data-probabilities')!) as number[],
        truth: e.querySelector('[data-testid="truth"]')?.getAttribute('data-label') ?? null,
        correct: e.querySelector('[data-testid="truth"]')?.getAttribute('data-correct') ?? null,
      })),
    );
  }

  /** Waits until the model has predicted every gallery face. */
  async waitPredicted(n: number): Promise<void> {
    await expect(this.page.locator('[data-testid="gallery-item"]:not([data-predicted=""])')).toHaveCount(n, { timeout: 180_000 });
  }

  walkthrough(): Locator {
    return this.page.getByTestId('walkthrough');
  }

  /** For every canvas of the current step: how many distinct colours it draws (1 = flat). */
  async stepCanvasColours(): Promise<number[]> {
    return this.walkthrough()
      .getByTestId('step-map')
      .evaluateAll((cs) =>
        (cs as HTMLCanvasElement[]).map((c) => {
          const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
          const seen = new Set<number>();
          for (let i = 0; i < d.length; i += 4) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
          return seen.size;
        }),
      );
  }

  /** The last maps the worker returned to the walkthrough or the lab, as plain arrays. */
  rawMaps(): Promise<RawMaps> {
    return this.page.evaluate(() => {
      const r = (window as unknown as { tracelensClassroom: { result: { maps: Record<string, Float32Array> & { size: number }; preview: Uint8ClampedArray; probabilities: number[] } } })
        .tracelensClassroom.result;
      const m = r.maps;
      return {
        size: m.size,
        input: Array.from(m.input),
        conv1: Array.from(m.conv1),
        fmt: Array.from(m.fmt),
        freu: Array.from(m.freu),
        preview: Array.from(r.preview),
        probabilities: r.probabilities,
      };
    });
  }

  /** Sets a what-if slider and waits until the drawn Fmt answers exactly these settings. */
  async setSlider(id: 'jpegQuality' | 'scale' | 'blur' | 'noise' | 'shiftX' | 'shiftY', value: number): Promise<void> {
    await this.page.getByTestId(`whatif-${id}`).fill(String(value));
    await this.waitLabSettled();
    const settings = JSON.parse((await this.page.getByTestId('whatif-fmt').getAttribute('data-settings'))!) as Record<string, number>;
    expect(settings[id]).toBe(value);
  }

  async waitLabSettled(): Promise<void> {
    await expect(this.page.getByTestId('whatif-lab')).toHaveAttribute('data-busy', 'false', { timeout: 120_000 });
    await expect(this.page.getByTestId('whatif-fmt')).toHaveAttribute('data-current', 'true');
    await expect(this.page.getByTestId('sweep')).toHaveAttribute('data-current', 'true');
  }

  /** Mean magnitude of Fmt's fine detail (Fmt minus its local mean), as drawn. */
  async fmtEnergy(): Promise<number> {
    return Number(await this.page.getByTestId('whatif-fmt').getAttribute('data-detail-energy'));
  }

  async labProbabilities(): Promise<Record<string, number>> {
    return this.probabilitiesIn(this.page.getByTestId('whatif-probabilities'));
  }

  async probabilitiesIn(scope: Locator): Promise<Record<string, number>> {
    const bars = await scope.locator('[data-testid^="prob-"]').evaluateAll((els) =>
      els.map((e) => [e.getAttribute('data-testid')!.slice(5), Number(e.getAttribute('data-value'))] as const),
    );
    return Object.fromEntries(bars);
  }

  /** The plotted points: class -> quality -> probability. */
  async plotPoints(): Promise<Record<string, Record<number, number>>> {
    const pts = await this.page
      .getByTestId('plot-point')
      .evaluateAll((els) =>
        els.map((e) => [e.closest('[data-class]')!.getAttribute('data-class')!, Number(e.getAttribute('data-quality')), Number(e.getAttribute('data-value'))] as const),
      );
    const out: Record<string, Record<number, number>> = {};
    for (const [c, q, v] of pts) (out[c] ??= {})[q] = v;
    return out;
  }
}
