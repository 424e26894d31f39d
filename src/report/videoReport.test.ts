import { describe, expect, it } from 'vitest';
import { fixtureCard } from '../model/__fixtures__/fixtureModel';
import { buildReport } from './report';
import { buildCsv } from './csv';
import { parseCsv } from './parseCsv';
import { trackFaces, tracksAsFaces } from '../video/tracks';
import { judgeFor } from '../analysis/verdict';
import type { ImageAnalysis } from '../analysis/types';
import type { FrameFace, VideoFrameResult } from '../analysis/videoTypes';

const card = fixtureCard();
const n = card.classes.length;
/** A face whose P(real) is `real`, the rest on the second class. */
const face = (x: number, real: number): FrameFace => {
  const p = new Array(n).fill(0);
  p[card.classes.indexOf('real')] = real;
  p[card.classes.findIndex((c) => c !== 'real')] = 1 - real;
  return { box: [x, 20, 80, 80], cropBox: [x - 20, 0, 150, 150], probabilities: p, score: 0.9, cropSize: 128, reliability: [] };
};

describe('a clip in the exports', () => {
  const frames: VideoFrameResult[] = [0.9, 0.2, 0.8].map((r, k) => ({ target: 0.25 + k / 2, time: 0.24 + k / 2, faces: [face(10, r), face(400, 0.95)] }));
  const tracks = trackFaces(frames, judgeFor(card));
  const analysis: ImageAnalysis = {
    width: 640,
    height: 360,
    format: 'MP4 (avc)',
    warnings: [],
    facts: { fileSize: 1000, jpegQuality: null, exif: null },
    reliability: [],
    faces: tracksAsFaces(tracks, frames),
    detector: 'blazeface',
    video: { duration: 1.5, codec: 'avc', decoder: 'webcodecs', sampling: { perSecond: 2, maxFrames: 64 }, frames, tracks },
  };
  const report = buildReport({ version: '1', card, backend: 'wasm', sources: [{ file: 'clip.mp4', status: 'done', analysis }] });

  it('JSON: one face per person, with when they were seen, and every frame with its numbers', () => {
    const [item] = report.items;
    expect(item.faces).toHaveLength(2);
    expect(item.faces[0].track).toEqual({ start: 0.24, end: 1.24, frames: 3, manipulatedShare: expect.any(Number), aggregation: 'mean-probabilities' });
    expect(item.faces[0].pManipulated).toBeCloseTo((0.1 + 0.8 + 0.2) / 3);
    expect(item.video!.frames).toHaveLength(3);
    expect(item.video!.frames[1].faces.map((f) => [f.track, Number(f.pManipulated!.toFixed(6))])).toEqual([[1, 0.8], [2, 0.05]]);
    expect(item.video!.duration).toBe(1.5);
  });

  it('CSV: one row per person with the track columns', () => {
    const rows = parseCsv(buildCsv(report));
    expect(rows).toHaveLength(3);
    const byCol = (r: string[]) => Object.fromEntries(rows[0].map((h, i) => [h, r[i]]));
    expect(byCol(rows[1])).toMatchObject({ file: 'clip.mp4', face: '1', duration: '1.5', track_start: '0.24', track_end: '1.24', track_frames: '3' });
    expect(byCol(rows[2])).toMatchObject({ face: '2', track_manipulated_share: '0' });
  });
});
