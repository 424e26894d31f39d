// A clip's analysis in the worker (issue 25), with the shipped model and detector on wasm and a
// Node decoder (ffmpeg) in place of the decode worker's WebCodecs: the clips are made now from
// face-api's sample faces (src/node/makeClips.ts). Checks the tracks of each scene, the frame
// times, and that each frame's numbers are the photo path's for the same frame as a PNG.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../node/tfNode';
import { fsModelSource } from '../node/fsModelSource';
import { cropInputs, openDecoded } from '../node/nodePhoto';
import { decodeFileRgba } from '../node/decodeFile';
import { CLIP_HEIGHT, CLIP_WIDTH, CLIPS, hasFfmpeg, makeClip } from '../node/makeClips';
import { AmtennetClassifier } from '../model/classifier';
import { FaceDetector } from '../faces/detector';
import type { RgbaImage } from '../crop/preprocess';
import { AnalysisJobs, type PhotoDecoder } from './analysisJobs';
import { analyseVideo, type VideoDecoderCalls } from './videoJob';
import { analysePhoto } from '../analysis/pipeline';
import { judgeFor } from '../analysis/verdict';
import { DEFAULT_SAMPLING, type SamplingOptions } from '../analysis/videoTypes';
import type { ImageAnalysis } from '../analysis/types';
import { sampleTimes } from '../video/sampling';
import { DEFAULT_MODEL_ID } from '../state/urlSettings';

const FPS = 25;
const ffmpeg = hasFfmpeg();
let model: AmtennetClassifier;
let detector: FaceDetector;
let dir: string;

/** Frame `n` of the clip (ffmpeg's decoding), as raw RGBA or as a PNG file. */
function frameRgba(clip: string, n: number): RgbaImage {
  const data = execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', clip, '-vf', `select=eq(n\\,${n})`, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgba', '-'], { maxBuffer: 64 << 20 });
  return { width: CLIP_WIDTH, height: CLIP_HEIGHT, data: new Uint8Array(data) };
}
function framePng(clip: string, n: number): Buffer {
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', clip, '-vf', `select=eq(n\\,${n})`, '-frames:v', '1', '-pix_fmt', 'rgba', join(dir, 'frame.png')]);
  return readFileSync(join(dir, 'frame.png'));
}
/** The frame shown at time t (the last one that starts at or before it). */
const frameIndex = (t: number) => Math.floor(t * FPS + 1e-6);

/** The clip's analysis as the worker runs it, frames decoded by ffmpeg. */
async function analyseClip(clip: string, seconds: number, sampling: SamplingOptions = DEFAULT_SAMPLING) {
  const kept = new Map<number, RgbaImage>();
  const photoDecoder: PhotoDecoder = {
    open: () => Promise.reject(new Error('not a photo')),
    crop: async (photo, boxes, inputSize) => cropInputs(kept.get(photo)!, boxes, inputSize),
    release: (photo) => kept.delete(photo),
  };
  let times: number[] = [];
  let k = 0;
  const decoder: VideoDecoderCalls = {
    open: async (_video, _file, s) => {
      times = sampleTimes(seconds, s);
      return { duration: seconds, width: CLIP_WIDTH, height: CLIP_HEIGHT, codec: 'avc', container: 'MP4', times };
    },
    next: async (_video, photo) => {
      const target = times[k++];
      if (target === undefined) return null;
      const img = frameRgba(clip, frameIndex(target));
      kept.set(photo, img);
      return { target, time: frameIndex(target) / FPS, photo: await openDecoded(img, 'MP4 (avc)', 1) };
    },
    close: () => {},
  };
  const jobs = new AnalysisJobs({ model, detector, decoder: photoDecoder, reply: () => {}, trustworthy: () => true, fatal: () => {} });
  let id = 1000;
  const progress: number[] = [];
  const analysis = await analyseVideo(
    new Blob([readFileSync(clip)]),
    sampling,
    { decoder, analyseFrame: (p, open, signal) => jobs.analyseOpened(p, open, signal), nextId: () => id++, judge: judgeFor(model.card), progress: (done) => progress.push(done) },
    new AbortController().signal,
  );
  return { analysis, progress };
}

beforeAll(async () => {
  if (!ffmpeg) return;
  await useNodeBackend('wasm');
  model = await AmtennetClassifier.load(fsModelSource(resolve(`public/models/${DEFAULT_MODEL_ID}`)));
  detector = await FaceDetector.load(fsModelSource(resolve('public/models/face-detector-blazeface')));
  dir = mkdtempSync(join(tmpdir(), 'tracelens-clips-'));
});
afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

const tracksOf = (a: ImageAnalysis) => a.video!.tracks;

describe.skipIf(!ffmpeg)('a clip in the analysis worker', () => {
  it('samples 2 frames a second and follows one still face as one person', async () => {
    const spec = CLIPS.still;
    const { analysis, progress } = await analyseClip(await makeClip(dir, spec), spec.seconds);
    const v = analysis.video!;
    expect(v.frames.map((f) => f.target)).toEqual(sampleTimes(4, DEFAULT_SAMPLING));
    for (const f of v.frames) expect(f.target - f.time).toBeGreaterThanOrEqual(0), expect(f.target - f.time).toBeLessThan(1 / FPS);
    expect(v.frames.every((f) => f.faces.length === 1)).toBe(true);
    expect(tracksOf(analysis)).toHaveLength(1);
    expect(tracksOf(analysis)[0].members).toHaveLength(8);
    expect(analysis.faces).toHaveLength(1);
    expect(progress).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('follows a pan and a face that leaves and comes back as one person; two faces and a cut as two', async () => {
    const counts: Record<string, number> = {};
    for (const name of ['pan', 'two', 'returns', 'cut'] as const) {
      const { analysis } = await analyseClip(await makeClip(dir, CLIPS[name]), CLIPS[name].seconds);
      counts[name] = tracksOf(analysis).length;
      if (name === 'returns') {
        // The frame at 1.75 s falls in the gap: no face there, one track across it.
        const v = analysis.video!;
        expect(v.frames.filter((f) => f.faces.length === 0).map((f) => f.target)).toEqual([1.75]);
        expect(v.tracks[0].members).toHaveLength(7);
      }
      if (name === 'cut') {
        const [a, b] = tracksOf(analysis);
        expect(a.end).toBeLessThan(2);
        expect(b.start).toBeGreaterThanOrEqual(2);
      }
    }
    expect(counts).toEqual({ pan: 1, two: 2, returns: 1, cut: 2 });
  });

  it("gives each frame the photo path's numbers for the same frame as a PNG", async () => {
    const clip = await makeClip(dir, CLIPS.two);
    const { analysis } = await analyseClip(clip, CLIPS.two.seconds);
    for (const frame of analysis.video!.frames.slice(0, 3)) {
      const img = await decodeFileRgba(framePng(clip, frameIndex(frame.target)));
      const photo = await analysePhoto(await openDecoded(img, 'PNG', 1), undefined, {
        detector,
        inputSize: model.inputSize,
        crop: async (boxes) => cropInputs(img, boxes, model.inputSize),
        classify: async (inputs) => (await model.scores(inputs, { fmt: false })).map((s) => s.probabilities),
      });
      expect(frame.faces.map((f) => f.box)).toEqual(photo.faces.map((f) => f.box));
      frame.faces.forEach((f, i) => f.probabilities.forEach((p, c) => expect(p).toBeCloseTo(photo.faces[i].probabilities[c], 6)));
    }
  });

  it('reports no person in a clip with no face', async () => {
    const { analysis } = await analyseClip(await makeClip(dir, CLIPS.noface), CLIPS.noface.seconds);
    expect(analysis.faces).toEqual([]);
    expect(analysis.video!.frames).toHaveLength(4);
  });
});
