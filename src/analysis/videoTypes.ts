// What a video's analysis is (issue 25), on every thread: the frames sampled, the faces of each frame (each
// analysed by the one photo pipeline, src/analysis/pipeline.ts) and the tracks they were joined
// into. Types only; plain numbers, never pixels (a strip or a crop is made again from the file).
import type { Box, FaceAnalysis } from './types';

/** How frames are taken from a clip: `perSecond` evenly, at most `maxFrames` over the whole clip. */
export interface SamplingOptions {
  perSecond: number;
  maxFrames: number;
}

export const DEFAULT_SAMPLING: SamplingOptions = { perSecond: 2, maxFrames: 64 };

/** What the decoder says of a clip it opened (src/video/frameSource.ts). */
export interface VideoMeta {
  /** Seconds from the first frame to the end of the last. */
  duration: number;
  width: number;
  height: number;
  /** The codec as mediabunny names it ("avc", "vp9", "av1", …). */
  codec: string;
  /** The container, e.g. "MP4", "WebM", "QuickTime". */
  container: string;
  /** The times to sample, seconds from the clip's start. */
  times: number[];
}

/** One face of one sampled frame, as the photo pipeline analysed it. */
export type FrameFace = Pick<FaceAnalysis, 'box' | 'cropBox' | 'probabilities' | 'score' | 'cropSize' | 'reliability'>;

/** One sampled frame: its presentation time (seconds from the clip's start) and its faces. */
export interface VideoFrameResult {
  /** The time that was asked for. */
  target: number;
  /** The presentation time of the frame that was decoded for it. */
  time: number;
  faces: FrameFace[];
}

/** One person followed through the clip: which face of which frame is theirs. */
export interface FaceTrack {
  /** [frame index, face index in that frame], in frame order. */
  members: [number, number][];
}

/** A track's summary: its mean class probabilities (the verdict is made from them) and the share of frames that looked manipulated. */
export interface TrackSummary extends FaceTrack {
  /** Mean of its frames' class probabilities, in the model card's order. */
  probabilities: number[];
  /** Share of its frames whose own verdict (the same rule as a photo's) is, or leans, manipulated. */
  manipulatedShare: number;
  /** First and last time it was seen (seconds). */
  start: number;
  end: number;
  /** The box of its frame with the largest face (the face that best shows it). */
  bestFrame: number;
  bestBox: Box;
}

/** What the analysis of a video adds to its ImageAnalysis (whose `faces` are one per track). */
export interface VideoAnalysis {
  /** Seconds. */
  duration: number;
  /** E.g. "avc", "vp9". */
  codec: string;
  /** Which decoder gave the frames. */
  decoder: 'webcodecs' | 'video-element';
  sampling: SamplingOptions;
  frames: VideoFrameResult[];
  tracks: TrackSummary[];
}
