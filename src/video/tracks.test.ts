import { describe, expect, it } from 'vitest';
import { followFaces, iou, summariseTrack, trackFaces, tracksAsFaces } from './tracks';
import type { Box } from '../analysis/types';
import type { FrameFace, VideoFrameResult } from '../analysis/videoTypes';
import { judgeOf, verdictOf, type VerdictRule } from '../analysis/verdict';

const classes = ['real', 'identity'];
const rule: VerdictRule = { rule: 'p-manipulated', threshold: 0.5, uncertain: [0.35, 0.65] };
const face = (box: Box, pm = 0.1): FrameFace => ({ box, cropBox: [box[0] - 10, box[1] - 10, box[2] + 20, box[2] + 20], probabilities: [1 - pm, pm], cropSize: 128, reliability: [] });
const frames = (...faces: FrameFace[][]): VideoFrameResult[] => faces.map((f, i) => ({ target: i / 2 + 0.25, time: i / 2 + 0.24, faces: f }));

describe('iou', () => {
  it('is 1 for the same box, 0 apart, the overlap otherwise', () => {
    expect(iou([0, 0, 10, 10], [0, 0, 10, 10])).toBe(1);
    expect(iou([0, 0, 10, 10], [10, 0, 10, 10])).toBe(0);
    expect(iou([0, 0, 10, 10], [5, 0, 10, 10])).toBeCloseTo(50 / 150);
  });
});

describe('followFaces', () => {
  it('follows a still face and a slow pan as one track', () => {
    expect(followFaces(frames(...[0, 1, 2, 3].map(() => [face([100, 100, 80, 80])])))).toEqual([{ members: [[0, 0], [1, 0], [2, 0], [3, 0]] }]);
    expect(followFaces(frames(...[0, 1, 2, 3].map((k) => [face([100 + 30 * k, 100, 80, 80])])))).toHaveLength(1);
  });

  it('keeps two people apart whatever order the detector lists them in', () => {
    const a = face([10, 10, 80, 80]);
    const b = face([300, 10, 80, 80]);
    const t = followFaces(frames([a, b], [b, a], [a, b]));
    expect(t).toEqual([{ members: [[0, 0], [1, 1], [2, 0]] }, { members: [[0, 1], [1, 0], [2, 1]] }]);
  });

  it('allows a short gap, not a long one', () => {
    const a = [face([10, 10, 80, 80])];
    expect(followFaces(frames(a, [], [], a))).toHaveLength(1);
    expect(followFaces(frames(a, [], [], [], a))).toHaveLength(2);
    expect(followFaces(frames(a, [], a), { minIoU: 0.3, maxSizeRatio: 1.6, maxGapFrames: 0 })).toHaveLength(2);
  });

  it('starts a new track at a cut, and for a face of another size in the same place', () => {
    expect(followFaces(frames([face([10, 10, 80, 80])], [face([300, 100, 80, 80])]))).toHaveLength(2);
    expect(followFaces(frames([face([10, 10, 80, 80])], [face([0, 0, 160, 160])]))).toHaveLength(2);
  });
});

describe('summariseTrack', () => {
  it("averages the frames' probabilities and counts the frames that looked manipulated by the photo rule", () => {
    const f = frames([face([10, 10, 80, 80], 0.9)], [face([12, 10, 90, 90], 0.2)], [face([14, 10, 80, 80], 0.7)], [face([14, 10, 80, 80], 0.1)]);
    const [s] = trackFaces(f, judgeOf(classes, rule));
    expect(s.probabilities[1]).toBeCloseTo((0.9 + 0.2 + 0.7 + 0.1) / 4);
    expect(s.probabilities[0] + s.probabilities[1]).toBeCloseTo(1);
    expect(s.manipulatedShare).toBe(0.5);
    expect([s.start, s.end]).toEqual([f[0].time, f[3].time]);
    expect(s.bestFrame).toBe(1);
    expect(s.bestBox).toEqual([12, 10, 90, 90]);
    // The track's verdict is the photo rule on the mean: 0.475 is uncertain, leaning real.
    const v = verdictOf(s.probabilities, classes, rule);
    expect([v.manipulated, v.uncertain]).toEqual([false, true]);
  });

  it('gives the tracks as faces: the mean probabilities, the box and crop of the largest frame', () => {
    const f = frames([face([10, 10, 80, 80], 0.9)], [face([12, 10, 90, 90], 0.2)]);
    const [asFace] = tracksAsFaces(trackFaces(f, judgeOf(classes, rule)), f);
    expect(asFace.box).toEqual([12, 10, 90, 90]);
    expect(asFace.cropBox).toEqual(f[1].faces[0].cropBox);
    expect(asFace.probabilities[1]).toBeCloseTo(0.55);
    expect(() => summariseTrack({ members: [] }, f, judgeOf(classes, rule))).toThrow();
  });
});
