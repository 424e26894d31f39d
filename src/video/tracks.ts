// Faces followed through a clip: the faces of successive sampled frames joined into one track per
// person by how much their boxes overlap and how alike their sizes are, a short gap allowed (a
// face turned away, a missed detection). Then one verdict per track, by the photo's rule.
// Pure functions: no DOM, no engine.
import type { Box, FaceAnalysis } from '../analysis/types';
import type { Judge } from '../analysis/verdict';
import type { FaceTrack, FrameFace, TrackSummary, VideoFrameResult } from '../analysis/videoTypes';

export interface TrackingOptions {
  /** Least intersection over union of a face's box with the track's last box. */
  minIoU: number;
  /** Largest ratio of the longer sides of the two boxes (a face does not double in size between samples). */
  maxSizeRatio: number;
  /** Sampled frames a track may miss and still be continued. */
  maxGapFrames: number;
}

export const DEFAULT_TRACKING: TrackingOptions = { minIoU: 0.3, maxSizeRatio: 1.6, maxGapFrames: 2 };

export function iou(a: Box, b: Box): number {
  const w = Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / (a[2] * a[3] + b[2] * b[3] - inter);
}

const sizeRatio = (a: Box, b: Box) => {
  const sa = Math.max(a[2], a[3]);
  const sb = Math.max(b[2], b[3]);
  return Math.max(sa, sb) / Math.max(1e-9, Math.min(sa, sb));
};

/**
 * The tracks of a clip's faces, in the order they first appear. Each frame's faces are matched to
 * the tracks still open (seen within maxGapFrames), best overlap first, each face and track once;
 * a face that matches none starts a track.
 */
export function followFaces(frames: readonly Pick<VideoFrameResult, 'faces'>[], opts: TrackingOptions = DEFAULT_TRACKING): FaceTrack[] {
  const tracks: { members: [number, number][]; last: Box; lastFrame: number }[] = [];
  frames.forEach((frame, f) => {
    const open = tracks.filter((t) => f - t.lastFrame - 1 <= opts.maxGapFrames);
    const pairs: { t: (typeof tracks)[number]; face: number; overlap: number }[] = [];
    for (const t of open)
      frame.faces.forEach((face, i) => {
        const overlap = iou(t.last, face.box);
        if (overlap >= opts.minIoU && sizeRatio(t.last, face.box) <= opts.maxSizeRatio) pairs.push({ t, face: i, overlap });
      });
    pairs.sort((a, b) => b.overlap - a.overlap);
    const taken = new Set<number>();
    const continued = new Set<(typeof tracks)[number]>();
    for (const p of pairs) {
      if (taken.has(p.face) || continued.has(p.t)) continue;
      taken.add(p.face);
      continued.add(p.t);
      p.t.members.push([f, p.face]);
      p.t.last = frame.faces[p.face].box;
      p.t.lastFrame = f;
    }
    frame.faces.forEach((face, i) => {
      if (!taken.has(i)) tracks.push({ members: [[f, i]], last: face.box, lastFrame: f });
    });
  });
  return tracks.map(({ members }) => ({ members }));
}

/**
 * A track's verdict is made from the mean of its frames' class probabilities, by the same rule
 * (model card, threshold, uncertain band) as a photo's face. Probabilities, not logits: the
 * card's threshold and band were chosen on probabilities, and their mean stays on that scale and
 * lets no single frame outvote the rest (a logit mean is a geometric mean of odds, which one
 * near-certain frame, e.g. a blurred one, can drag past the threshold alone).
 */
export function summariseTrack(track: FaceTrack, frames: readonly VideoFrameResult[], judge: Judge): TrackSummary {
  const faces = track.members.map(([f, i]) => frames[f].faces[i]);
  const n = faces.length;
  if (n === 0) throw new Error('A track with no faces');
  const probabilities = judge.classes.map((_, c) => faces.reduce((s, face) => s + face.probabilities[c], 0) / n);
  const manipulated = faces.filter((face) => judge.verdict(face.probabilities, face.reliability).manipulated).length;
  let best = 0;
  faces.forEach((face, k) => {
    if (face.box[2] * face.box[3] > faces[best].box[2] * faces[best].box[3]) best = k;
  });
  return {
    members: track.members,
    probabilities,
    manipulatedShare: manipulated / n,
    start: frames[track.members[0][0]].time,
    end: frames[track.members[n - 1][0]].time,
    bestFrame: track.members[best][0],
    bestBox: faces[best].box,
  };
}

/** The clip's tracks, each summarised. */
export function trackFaces(frames: readonly VideoFrameResult[], judge: Judge, opts?: TrackingOptions): TrackSummary[] {
  return followFaces(frames, opts).map((t) => summariseTrack(t, frames, judge));
}

/**
 * The tracks as the faces of the clip's ImageAnalysis, so that the table, its filters and the
 * exports treat a person in a clip as a face in a photo: its mean probabilities, and the box and
 * crop of the frame that shows it largest.
 */
export function tracksAsFaces(tracks: readonly TrackSummary[], frames: readonly VideoFrameResult[]): FaceAnalysis[] {
  return tracks.map((t) => {
    const face = bestFace(t, frames);
    return { box: face.box, cropBox: face.cropBox, origin: 'detected', score: face.score, probabilities: t.probabilities, cropSize: face.cropSize, reliability: face.reliability };
  });
}

/** The track's face in the frame that shows it largest: its box, crop and warnings speak for the track. */
export function bestFace(t: TrackSummary, frames: readonly VideoFrameResult[]): FrameFace {
  const [f, i] = t.members.find(([frame]) => frame === t.bestFrame)!;
  return frames[f].faces[i];
}
