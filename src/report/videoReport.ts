// What the exports add for a clip (issue 25): per track (each a face of the report) when it was
// seen and the share of its frames that looked manipulated; in JSON, every sampled frame with the
// numbers of each face in it. English and plain numbers, as the rest of the report.
import type { ModelCard } from '../model/modelCard';
import type { Box } from '../analysis/types';
import type { SamplingOptions, TrackSummary, VideoAnalysis } from '../analysis/videoTypes';
import { judgeFor, verdictCode } from '../analysis/verdict';

export interface ReportTrack {
  /** Seconds from the clip's start when the person was first and last seen. */
  start: number;
  end: number;
  /** Sampled frames the person was seen in. */
  frames: number;
  /** Share of those frames whose own verdict (the photo rule) is, or leans, manipulated. */
  manipulatedShare: number;
  /** How the track's verdict was made: the photo rule on the mean of its frames' probabilities. */
  aggregation: 'mean-probabilities';
}

export interface ReportVideoFace {
  /** The track (1-based, as the report's faces are numbered) this face belongs to. */
  track: number;
  box: Box;
  crop: Box;
  probabilities: Record<string, number>;
  pManipulated: number | null;
  verdict: string;
}

export interface ReportVideo {
  /** Seconds. */
  duration: number;
  codec: string;
  decoder: string;
  sampling: SamplingOptions;
  /** Every sampled frame: the time asked for, the frame's own time (seconds) and its faces. */
  frames: { target: number; time: number; faces: ReportVideoFace[] }[];
}

export function reportTrack(t: TrackSummary): ReportTrack {
  return { start: t.start, end: t.end, frames: t.members.length, manipulatedShare: t.manipulatedShare, aggregation: 'mean-probabilities' };
}

export function reportVideo(v: VideoAnalysis, card: ModelCard): ReportVideo {
  const judge = judgeFor(card);
  const trackOf = new Map<string, number>();
  v.tracks.forEach((t, k) => t.members.forEach(([f, i]) => trackOf.set(`${f}:${i}`, k + 1)));
  return {
    duration: v.duration,
    codec: v.codec,
    decoder: v.decoder,
    sampling: v.sampling,
    frames: v.frames.map((frame, f) => ({
      target: frame.target,
      time: frame.time,
      faces: frame.faces.map((face, i) => ({
        track: trackOf.get(`${f}:${i}`) ?? 0,
        box: face.box,
        crop: face.cropBox,
        probabilities: Object.fromEntries(card.classes.map((c, k) => [c, face.probabilities[k]])),
        pManipulated: judge.pManipulated(face.probabilities),
        verdict: verdictCode(judge.verdict(face.probabilities, face.reliability)),
      })),
    })),
  };
}
