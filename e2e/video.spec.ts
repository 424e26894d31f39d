// Issue 25: a clip dropped beside photos is decoded on the device (WebCodecs via mediabunny), its
// frames sampled and analysed by the photo pipeline, its faces followed into one track per person,
// shown with a timeline, a frame strip and a frame's crop and Fmt map, and exported; bad clips get
// their own message and nothing else in the batch is lost. The clips are made now with ffmpeg.
import { expect, test } from '@playwright/test';
import { FIXTURES, TraceLensPage } from './support/TraceLensPage';
import { readFileSync, statSync } from 'node:fs';
import { makeBadClips, makeTestClips } from './support/clips';
import { pageMemory, workerMemory } from './support/workerHeap';
import { parseCsv } from '../src/report/parseCsv';

test('clips beside a photo: one verdict per person, timeline, strip, frame crop and Fmt map, exports', async ({ page }) => {
  const clips = await makeTestClips(['still', 'two', 'cut', 'webm', 'mov']);
  const app = new TraceLensPage(page);
  await app.open();
  await app.chooseFiles([clips.still, clips.two, clips.cut, clips.webm, clips.mov, FIXTURES + 'sample3-1.png']);
  await app.waitFinished(6);
  for (const name of ['still.mp4', 'two.mp4', 'cut.mp4', 'still.webm', 'still.mov', 'sample3-1.png'])
    await expect(page.locator(`[data-testid="result-row"][data-name="${name}"]`)).toHaveAttribute('data-status', 'done');
  await expect(page.locator('[data-name="two.mp4"] [data-testid="video-summary"]')).toHaveText('3.0 s · 2 people');
  await expect(page.locator('[data-name="still.webm"] [data-testid="video-summary"]')).toHaveText('2.0 s · 1 person');
  await expect(page.locator('[data-name="still.mov"] [data-testid="video-summary"]')).toHaveText('2.0 s · 1 person');

  await app.select('two.mp4');
  const detail = page.getByTestId('result-detail');
  await expect(detail.getByTestId('video-summary')).toHaveText('3.0 s · 2 people · 6 frames checked');
  await expect(detail.getByTestId('video-track')).toHaveCount(2);
  const timeline = detail.getByTestId('video-timeline').first();
  await expect(timeline.getByTestId('timeline-point')).toHaveCount(6);
  await expect(timeline.getByTestId('timeline-band')).toHaveCount(1);
  // Frame times: the frames shown at 0.25, 0.75, … s (25 frames a second: at most 1/25 s before).
  const times = (await timeline.getByTestId('timeline-point').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-time')))));
  times.forEach((t, i) => expect(Math.abs(t - (0.25 + i * 0.5))).toBeLessThanOrEqual(0.04 + 1e-3));
  await expect(detail.getByTestId('strip-frame')).toHaveCount(6);
  await expect(detail.getByTestId('strip-frame').first().locator('canvas')).toBeVisible();
  await detail.getByTestId('strip-frame').nth(2).click();
  await expect(detail.getByTestId('video-frame-face')).toHaveCount(2);
  await expect(detail.getByTestId('video-crop')).toHaveCount(2);
  await expect(detail.getByTestId('fmt-map')).toHaveCount(2);
  const colours = await detail.getByTestId('fmt-map').first().evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    return new Set(Array.from({ length: d.length / 4 }, (_, i) => (d[4 * i] << 16) | (d[4 * i + 1] << 8) | d[4 * i + 2])).size;
  });
  expect(colours).toBeGreaterThan(10);

  const report = await app.exportJson();
  const two = report.items.find((i) => i.file === 'two.mp4')!;
  expect(two.faces).toHaveLength(2);
  expect(two.faces.every((f) => f.track && f.track.frames === 6)).toBe(true);
  expect(two.video!.frames).toHaveLength(6);
  expect(two.video!.frames.every((f) => f.faces.length === 2)).toBe(true);
  // The track's P(manipulated) is the mean of its frames'.
  const mean = two.video!.frames.reduce((s, f) => s + f.faces.find((x) => x.track === 1)!.pManipulated!, 0) / 6;
  expect(two.faces[0].pManipulated!).toBeCloseTo(mean, 6);
  const cut = report.items.find((i) => i.file === 'cut.mp4')!;
  expect(cut.faces.map((f) => f.track!.end < 2)).toEqual([true, false]);
  // The same frame as a photo: the frame as the app decoded it (full size, from the strip's call),
  // as a PNG, analysed by the photo path, gives the same faces and numbers.
  const png = await page.evaluate(async ({ bytes, time }) => {
    type Strip = (file: Blob, times: number[], maxSide: number) => Promise<{ bitmap: ImageBitmap }[]>;
    const strip = (window as unknown as { tracelens: { videoStrip: Strip } }).tracelens.videoStrip;
    const [{ bitmap }] = await strip(new Blob([new Uint8Array(bytes)]), [time], Infinity);
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0);
    return Array.from(new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer()));
  }, { bytes: Array.from(readFileSync(clips.two)), time: two.video!.frames[2].target });
  await app.chooseFiles([{ name: 'two-frame.png', buffer: Buffer.from(png), mimeType: 'image/png' }]);
  await app.waitFinished(7);
  const withPhoto = await app.exportJson();
  const photo = withPhoto.items.find((i) => i.file === 'two-frame.png')!;
  const inClip = two.video!.frames[2].faces;
  expect(photo.faces.map((f) => f.box)).toEqual(inClip.map((f) => f.box));
  photo.faces.forEach((f, i) => expect(f.pManipulated!).toBeCloseTo(inClip[i].pManipulated!, 5));
  const rows = parseCsv(await app.exportCsv());
  const col = (h: string) => rows[0].indexOf(h);
  expect(rows.filter((r) => r[0] === 'two.mp4').map((r) => r[col('track_frames')])).toEqual(['6', '6']);
  expect(rows.filter((r) => r[0] === 'sample3-1.png')).toHaveLength(1);

  // The printable report: each person's timeline and the strip of the frames they were seen in.
  await page.getByRole('button', { name: 'Printable report' }).click();
  const printed = page.getByTestId('print-report');
  const twoPrinted = printed.locator('[data-testid="print-item"][aria-label="two.mp4"]');
  await expect(twoPrinted.getByTestId('print-track')).toHaveCount(2);
  await expect(twoPrinted.getByTestId('video-timeline')).toHaveCount(2);
  await expect(twoPrinted.getByTestId('print-track-strip').first().locator('canvas')).toHaveCount(6);
  await expect(printed.getByTestId('print-track')).toHaveCount(7);
  await expect(page.getByRole('button', { name: 'Print' })).toBeEnabled();
});

test('bad clips each get their own message, in English and Chinese, and the rest of the batch is analysed', async ({ page }) => {
  const bad = await makeBadClips();
  const app = new TraceLensPage(page);
  await app.open();
  await app.chooseFiles([bad.truncated, bad.cutInFirstFrame, bad.damaged, bad.audio, bad.empty, bad.zero, bad.codec, FIXTURES + 'sample3-1.png']);
  await app.waitFinished(8);
  await expect(page.locator('[data-testid="result-row"][data-name="sample3-1.png"]')).toHaveAttribute('data-status', 'done');
  const report = await app.exportJson();
  const error = (file: string) => report.items.find((i) => i.file === file)!;
  expect(error('damaged.mp4').error).toMatch(/damaged or cut short/);
  expect(error('audio-only.m4a').error).toBe('This file holds sound only: there is no picture to check.');
  expect(error('empty.mp4').error).toBe('The file is empty (0 bytes).');
  expect(error('zero-length.mp4').error).toBe('This video has no frames (it is zero seconds long).');
  expect(error('mpeg4.mp4').error).toMatch(/cannot decode the video codec/);
  // Cut short: the frames it holds are checked, and it says where it ended; cut inside its first frame, nothing can be.
  const truncated = error('truncated.mp4');
  expect(truncated.status).toBe('done');
  expect(truncated.warnings.join(' ')).toMatch(/^The video ends early: frames after [\d.]+ s could not be read, so only the first \d sampled frames were checked\.$/);
  expect(truncated.video!.frames.length).toBeGreaterThan(0);
  expect(truncated.video!.frames.length).toBeLessThan(8);
  expect(error('cut-in-first-frame.mp4').error).toBe('The frame at 0.25 s could not be decoded (no frame): the file may be damaged.');
  await app.select('audio-only.m4a');
  await expect(page.getByTestId('item-error')).toHaveText(/sound only/);
  await page.getByTestId('language').selectOption('zh');
  await expect(page.getByTestId('item-error')).toHaveText(/此文件只有声音/);
  await app.select('mpeg4.mp4');
  await expect(page.getByTestId('item-error')).toHaveText(/无法在本设备上解码视频编码/);
});

test('a clip shows its frames as they are analysed, and Cancel stops it; the next file is analysed', async ({ page }) => {
  const { still } = await makeTestClips(['still']);
  const app = new TraceLensPage(page);
  // 10 frames a second: 40 frames, time to see the progress and cancel.
  await app.open('?fps=10');
  await app.chooseFiles([still]);
  const progress = page.locator('[data-name="still.mp4"] [data-testid="video-progress"]');
  await expect(progress).toHaveText(/ · [1-9]\d* \/ 40 frames/);
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(page.locator('[data-testid="result-row"][data-name="still.mp4"]')).toHaveAttribute('data-status', 'cancelled');
  await app.chooseFiles([FIXTURES + 'sample3-1.png']);
  await expect(page.locator('[data-testid="result-row"][data-name="sample3-1.png"]')).toHaveAttribute('data-status', 'done');
  expect(await app.numTensors()).toBeLessThan(400);
});

test('the sampling set in Details is used for the next clip and kept in the address', async ({ page }) => {
  const { still } = await makeTestClips(['still']);
  const app = new TraceLensPage(page);
  await app.open();
  await app.openEngineDetails();
  await page.getByTestId('video-sampling-perSecond').fill('1');
  await page.getByTestId('video-sampling-maxFrames').fill('3');
  await expect(page).toHaveURL(/[?&]fps=1(&|$)/);
  await expect(page).toHaveURL(/[?&]frames=3(&|$)/);
  // Outside the limits: refused, marked, and the last good value stays.
  await page.getByTestId('video-sampling-maxFrames').fill('5000');
  await expect(page.getByTestId('video-sampling-maxFrames')).toHaveAttribute('aria-invalid', 'true');
  await expect(page).toHaveURL(/[?&]frames=3(&|$)/);
  await app.chooseFiles([still]);
  await app.waitFinished(1);
  await app.select('still.mp4');
  // A 4 s clip at 1 a second would give 4 frames; the limit of 3 holds.
  await expect(page.getByTestId('result-detail').getByTestId('video-summary')).toHaveText('4.0 s · 1 person · 3 frames checked');
});

test('where WebCodecs cannot (?decoder=element), the <video> element decodes the clip: the same people, timeline, strip and crops', async ({ page }) => {
  const clips = await makeTestClips(['two', 'still']);
  const app = new TraceLensPage(page);
  await app.open();
  await app.chooseFiles([clips.two]);
  await app.waitFinished(1);
  const webcodecs = (await app.exportJson()).items[0];
  await app.open('?decoder=element');
  await app.chooseFiles([clips.two, clips.still]);
  await app.waitFinished(2);
  const report = await app.exportJson();
  const element = report.items.find((i) => i.file === 'two.mp4')!;
  expect(element.video!.decoder).toBe('video-element');
  expect(element.faces).toHaveLength(2);
  expect(element.video!.frames.map((f) => f.target)).toEqual(webcodecs.video!.frames.map((f) => f.target));
  // Both decoders show the same frames; their numbers agree closely (the element's colour conversion may differ by a level).
  const gaps = element.video!.frames.flatMap((f, k) => f.faces.map((x, i) => Math.abs(x.pManipulated! - webcodecs.video!.frames[k].faces[i].pManipulated!)));
  console.log(`element vs WebCodecs, largest P(manipulated) gap: ${Math.max(...gaps).toFixed(4)}`);
  expect(Math.max(...gaps)).toBeLessThan(0.15);
  await app.select('two.mp4');
  const detail = page.getByTestId('result-detail');
  await expect(detail.getByTestId('video-summary')).toHaveAttribute('data-decoder', 'video-element');
  await expect(detail.getByTestId('video-track')).toHaveCount(2);
  await expect(detail.getByTestId('strip-frame').first().locator('canvas')).toBeVisible();
  await expect(detail.getByTestId('video-crop')).toHaveCount(2);
});

test('decoding speed: WebCodecs (worker, mediabunny) against the <video> element (page), the same 60 frames', async ({ page }) => {
  const { pan } = await makeTestClips(['pan']);
  const app = new TraceLensPage(page);
  await app.open();
  const ms = await page.evaluate(async (bytes) => {
    type Strip = (file: Blob, times: number[], maxSide: number, signal?: AbortSignal, decoder?: string) => Promise<{ bitmap: ImageBitmap }[]>;
    const strip = (window as unknown as { tracelens: { videoStrip: Strip } }).tracelens.videoStrip;
    const file = new Blob([new Uint8Array(bytes)], { type: 'video/mp4' });
    const times = Array.from({ length: 60 }, (_, i) => ((i + 0.5) * 4) / 60);
    const out: Record<string, number> = {};
    for (const decoder of ['webcodecs', 'video-element', 'webcodecs', 'video-element']) {
      const t0 = performance.now();
      const frames = await strip(file, times, Infinity, undefined, decoder);
      out[decoder] = performance.now() - t0;
      frames.forEach((f) => f.bitmap.close());
    }
    return out;
  }, Array.from(readFileSync(pan)));
  console.log(`60 frames of a 4 s 640x360 H.264 clip: WebCodecs ${ms.webcodecs.toFixed(0)} ms, <video> element ${ms['video-element'].toFixed(0)} ms`);
  expect(ms.webcodecs).toBeGreaterThan(0);
});

test('a ten-minute, 300 MB clip: 64 frames spread over it, and memory stays bounded (the file is read in slices)', async ({ page }) => {
  test.setTimeout(600_000);
  const { long } = await makeTestClips(['long']);
  const app = new TraceLensPage(page);
  await app.open();
  await app.chooseFiles([long]);
  // Read while the clip is being analysed, as well as after: JS heap plus ArrayBuffers.
  await expect(page.locator('[data-testid="video-progress"]')).toHaveText(/ · [1-9]\d* \/ 64 frames/, { timeout: 120_000 });
  const total = (m: { heap: number; buffers: number }) => m.heap + m.buffers;
  const decoderDuring = total(await workerMemory(page, 'tracelens-decode'));
  await app.waitFinished(1, 540_000);
  const clip = (await app.exportJson()).items[0];
  expect(clip.status).toBe('done');
  expect(clip.video!.frames).toHaveLength(64);
  expect(clip.video!.frames[63].target).toBeCloseTo(600 - 600 / 128, 1);
  expect(clip.faces.length).toBeGreaterThanOrEqual(1);
  const heaps = { decoderDuring, decoder: total(await workerMemory(page, 'tracelens-decode')), analysis: total(await workerMemory(page)), page: total(await pageMemory(page)) };
  const mb = (n: number) => (n / 1e6).toFixed(1);
  console.log(`ten-minute clip (${mb(statSync(long).size)} MB): JS heap + ArrayBuffers: decoder ${mb(heaps.decoderDuring)} MB while analysing, ${mb(heaps.decoder)} MB after; analysis worker ${mb(heaps.analysis)} MB; page ${mb(heaps.page)} MB`);
  for (const h of Object.values(heaps)) expect(h).toBeLessThan(100e6);
});
