// `npm run bench` (issue 25): a 30-second clip with faces at the default sampling (2 frames a
// second: 60 frames), analysed in the app on one backend, against the same 60 frames as PNG photos,
// in one page, one after the other: frames/s, photos/s and the ratio of the two times (target ≤ 1:
// a clip takes no longer than its frames as photos). The clip and frames are made now with ffmpeg.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { makeClip, type ClipSpec } from '../../src/node/makeClips';
import { sampleTimes } from '../../src/video/sampling';
import { DEFAULT_SAMPLING } from '../../src/analysis/videoTypes';

export interface VideoBench {
  backend: string;
  clipSeconds: number;
  frames: number;
  facesPerFrame: number;
  clipMs: number;
  framesPerS: number;
  photosMs: number;
  photosPerS: number;
  /** Clip time ÷ the same frames' time as photos (target ≤ 1). */
  clipOverPhotos: number;
}

const FPS = 25;
/** Two people, one still and one walking across: 30 s, 640 × 360, H.264. */
const BENCH_CLIP: ClipSpec = {
  name: 'bench-30s.mp4',
  seconds: 30,
  faces: [
    { face: 'sample6-2.png', x: '20', y: '80' },
    { face: 'sample3-2.png', x: '260+100*sin(t/3)', y: '100' },
  ],
};

async function timeDrop(page: Page, files: string[]): Promise<number> {
  await page.getByRole('button', { name: 'Clear all' }).click().catch(() => {});
  const progress = page.getByTestId('progress-text');
  const t0 = await page.evaluate(() => performance.now());
  await page.getByTestId('file-input').setInputFiles(files);
  await progress.filter({ hasText: `${files.length} of ${files.length} analysed` }).waitFor({ timeout: 600_000 });
  return (await page.evaluate(() => performance.now())) - t0;
}

export async function benchVideo(browser: Browser, origin: string, backend: string): Promise<VideoBench> {
  const dir = mkdtempSync(join(tmpdir(), 'tracelens-bench-video-'));
  const clip = await makeClip(dir, BENCH_CLIP, FPS);
  const times = sampleTimes(BENCH_CLIP.seconds, DEFAULT_SAMPLING);
  // The frames the clip's analysis is given (the one shown at each sampled time), as photos.
  const photos = times.map((t, i) => {
    const out = join(dir, `frame-${String(i).padStart(2, '0')}.png`);
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', clip, '-vf', `select=eq(n\\,${Math.floor(t * FPS + 1e-6)})`, '-frames:v', '1', out]);
    return out;
  });
  const page = await browser.newPage();
  try {
    await page.goto(`${origin}/?backend=${backend}`);
    await page.waitForFunction(() => performance.getEntriesByName('tracelens-ready').length > 0, undefined, { timeout: 300_000 });
    // Warm-up: the first photo and the first clip compile what they need.
    await timeDrop(page, [photos[0]]);
    await timeDrop(page, [clip]);
    const clipMs = await timeDrop(page, [clip]);
    const photosMs = await timeDrop(page, photos);
    return {
      backend,
      clipSeconds: BENCH_CLIP.seconds,
      frames: times.length,
      facesPerFrame: BENCH_CLIP.faces.length,
      clipMs,
      framesPerS: times.length / (clipMs / 1000),
      photosMs,
      photosPerS: photos.length / (photosMs / 1000),
      clipOverPhotos: clipMs / photosMs,
    };
  } finally {
    await page.close();
  }
}

export function describeVideoBench(v: VideoBench): string {
  return `video on ${v.backend}: a ${v.clipSeconds} s clip (640x360 H.264, ${v.facesPerFrame} faces a frame) at the default sampling, ${v.frames} frames in ${(v.clipMs / 1000).toFixed(1)} s = ${v.framesPerS.toFixed(1)} frames/s; the same ${v.frames} frames as PNG photos ${(v.photosMs / 1000).toFixed(1)} s = ${v.photosPerS.toFixed(1)} photos/s; clip ÷ photos ${v.clipOverPhotos.toFixed(2)} (target ≤ 1)`;
}
