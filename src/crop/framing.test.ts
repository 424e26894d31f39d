import { describe, expect, it } from 'vitest';
import { cropForFace, dedupeCrops, iou } from './framing';
import { headlineFaceIndex, allReliability } from '../analysis/faces';
import type { FaceAnalysis, ImageAnalysis } from '../analysis/types';

describe('cropForFace', () => {
  const framing = { scale: 1.5, shiftY: -0.2 };
  it('makes a square of scale x the longer side, moved up by shiftY', () => {
    // Box 100x80 centred at (500, 400): side 150, centre (500, 380).
    expect(cropForFace([450, 360, 100, 80], 2000, 1000, framing)).toEqual([425, 305, 150, 150]);
  });
  it('moves the square inside the photo instead of cutting it', () => {
    expect(cropForFace([0, 0, 100, 100], 2000, 1000, framing)).toEqual([0, 0, 150, 150]);
    expect(cropForFace([1950, 950, 50, 50], 2000, 1000, framing)).toEqual([1925, 925, 75, 75]);
  });
  it('shrinks to the photo when the photo is the face crop', () => {
    expect(cropForFace([10, 20, 100, 100], 128, 128, framing)).toEqual([0, 0, 128, 128]);
    expect(cropForFace([10, 20, 100, 100], 160, 128, framing)).toEqual([0, 0, 128, 128]);
  });
});

describe('iou and dedupeCrops', () => {
  it('measures overlap', () => {
    expect(iou([0, 0, 10, 10], [0, 0, 10, 10])).toBe(1);
    expect(iou([0, 0, 10, 10], [5, 0, 10, 10])).toBeCloseTo(50 / 150);
    expect(iou([0, 0, 10, 10], [20, 20, 5, 5])).toBe(0);
  });
  it('keeps the best of overlapping crops and every separate one', () => {
    const kept = dedupeCrops([
      { crop: [0, 0, 100, 100], score: 0.6 },
      { crop: [5, 5, 100, 100], score: 0.9 },
      { crop: [300, 0, 100, 100], score: 0.5 },
    ]);
    expect(kept.map((k) => k.score)).toEqual([0.9, 0.5]);
  });
});

const face = (probabilities: number[], reliability: FaceAnalysis['reliability'] = []): FaceAnalysis => ({
  box: [0, 0, 1, 1],
  cropBox: [0, 0, 1, 1],
  origin: 'detected',
  probabilities,
  cropSize: 1,
  reliability,
});

describe('headline face', () => {
  it('is the face most likely manipulated', () => {
    const classes = ['real', 'identity', 'attribute', 'splice'];
    expect(headlineFaceIndex([face([0.9, 0.1, 0, 0]), face([0.3, 0, 0.7, 0]), face([0.6, 0.4, 0, 0])], classes)).toBe(1);
    expect(headlineFaceIndex([], classes)).toBe(-1);
  });
  it('lists the photo warnings and each face warning once', () => {
    const a = {
      reliability: [{ code: 'heavy-compression', quality: 50 }],
      faces: [face([1, 0, 0, 0], [{ code: 'tiny-face', faceSize: 30 }]), face([1, 0, 0, 0], [{ code: 'tiny-face', faceSize: 30 }])],
    } as unknown as ImageAnalysis;
    expect(allReliability(a)).toEqual([{ code: 'heavy-compression', quality: 50 }, { code: 'tiny-face', faceSize: 30 }]);
  });
});
