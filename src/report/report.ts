// The exported JSON report: its types are the file format other tools read, so they are spelled
// out here and built from store data by one pure function.
import type { ModelCard, VerdictDecision } from '../model/modelCard';
import type { BackendName } from '../shared/analysisProtocol';
import type { Box, FaceOrigin, ImageAnalysis, ItemStatus } from '../analysis/types';
import { judgeFor, verdictCode } from '../analysis/verdict';
import type { ExifFacts } from '../decode/facts';
import { reliabilitySentence, type ReliabilityWarning } from '../analysis/reliability';
import type { Localized } from '../i18n/localized';
import { localize } from '../i18n/messages';
import { reportTrack, reportVideo, type ReportTrack, type ReportVideo } from './videoReport';

/** Messages in the report are English: it is a file format, read by tools and shared between people. */
const english = (m: Localized) => localize('en', m);
const withMessage = (w: ReliabilityWarning) => ({ ...w, message: english(reliabilitySentence(w)) });

export interface ReportFace {
  /**
   * The face, [x, y, width, height] in the photo's pixels: as the detector found it (tight around
   * the face) for a detected face, as the person drew or moved it for a drawn or adjusted one, the
   * whole photo for a whole-image one.
   */
  box: Box;
  /**
   * The square the model was shown, [x, y, side, side] in the photo's pixels: `box` framed as the
   * training faces were (1.9 x its longer side, centred a little above it), moved inside the photo
   * and no larger than it; the whole photo for a whole-image face.
   */
  crop: Box;
  /** detected, whole-image, drawn (by the person) or adjusted (a detected box the person moved). */
  origin: FaceOrigin;
  /** The face detector's confidence; null when the person chose the region. */
  detectorScore: number | null;
  /** Why this face's verdict may be unreliable (too small, upscaled, black-and-white: that one holds it at uncertain). */
  reliability: (ReliabilityWarning & { message: string })[];
  probabilities: Record<string, number>;
  /** P(manipulated) = 1 - P(real); null for a model without a `real` class. */
  pManipulated: number | null;
  /**
   * What the verdict says the face is (or leans to): the most probable class; with a model card's
   * p-manipulated `decision`, `real` or the non-real class the face looks most like (see verdict.ts).
   */
  label: string;
  /** True when the verdict is "uncertain" (see verdict.ts). */
  uncertain: boolean;
  /**
   * The verdict as the app states it, one token: `real`, `manipulated:<kind>`, `uncertain:real` or
   * `uncertain:manipulated:<kind>` (uncertain, leaning manipulated).
   */
  verdict: string;
  /** For a clip: the person this face stands for, followed through the clip (its verdict is the photo rule on the mean of its frames' probabilities). */
  track?: ReportTrack;
}

/**
 * done: analysed; error: the file failed (see `error`); queued: not analysed yet when the report was
 * exported (waiting, or being analysed); cancelled: the batch was cancelled before its turn.
 */
export type ReportStatus = 'done' | 'error' | 'queued' | 'cancelled';

export interface ReportItem {
  file: string;
  status: ReportStatus;
  /** Why the file failed; null unless status is "error". */
  error: string | null;
  width: number | null;
  height: number | null;
  format: string | null;
  warnings: string[];
  /** One per face; empty when no face was found (see `note`). */
  faces: ReportFace[];
  /** The face detector that searched the photo; null when the regions were chosen by the person. */
  detector: string | null;
  /** Bytes on disk; null when unknown. */
  fileSize: number | null;
  /** Estimated IJG quality of a JPEG; null for other formats or unread files. */
  jpegQuality: number | null;
  exif: ExifFacts | null;
  /** Why every verdict on this photo may be unreliable: a code for tools, an English message for people. */
  reliability: (ReliabilityWarning & { message: string })[];
  /** For a clip (its faces are then its people): its length and every sampled frame's numbers. */
  video?: ReportVideo;
}

export interface Report {
  tool: 'tracelens';
  version: string;
  createdAt: string;
  /**
   * The model that produced every result: `decision`, the card's p-manipulated verdict rule, when it has one
   * (see verdict.ts); `ownFolder: true` when it is a model folder of the person's own, not the one the build ships.
   */
  model: { id: string; version: string; classes: string[]; inputSize: number; decision?: VerdictDecision; ownFolder?: true };
  backend: BackendName;
  /** Files in the batch; `items` holds only those the filter showed when exporting. */
  batchSize: number;
  /** The filter the items were chosen by, in words; null when every file is included. */
  filter: string | null;
  items: ReportItem[];
}

/** What the report needs to know of one queued file. */
export interface ReportSource {
  file: string;
  status: ItemStatus;
  error?: Localized;
  size?: number;
  analysis?: ImageAnalysis;
}

function statusOf(status: ItemStatus): ReportStatus {
  return status === 'analysing' ? 'queued' : status;
}

export function buildReport(args: {
  version: string;
  card: ModelCard;
  backend: BackendName;
  sources: ReportSource[];
  now?: Date;
  /** Defaults to the number of sources (no filter). */
  batchSize?: number;
  filter?: string | null;
  /** The model is the person's own folder (issue 27). */
  ownModel?: boolean;
}): Report {
  const { card } = args;
  const judge = judgeFor(card);
  return {
    tool: 'tracelens',
    version: args.version,
    createdAt: (args.now ?? new Date()).toISOString(),
    model: { id: card.id, version: card.version, classes: [...card.classes], inputSize: card.inputSize, ...(card.decision ? { decision: card.decision } : {}), ...(args.ownModel ? { ownFolder: true as const } : {}) },
    backend: args.backend,
    batchSize: args.batchSize ?? args.sources.length,
    filter: args.filter ?? null,
    items: args.sources.map((s): ReportItem => {
      const a = s.status === 'done' ? s.analysis : undefined;
      if (!a)
        return {
          file: s.file,
          status: statusOf(s.status),
          error: s.status === 'error' ? (s.error ? english(s.error) : 'Unknown error') : null,
          width: null,
          height: null,
          format: null,
          warnings: [],
          faces: [],
          detector: null,
          fileSize: s.size ?? null,
          jpegQuality: null,
          exif: null,
          reliability: [],
        };
      return {
        file: s.file,
        status: 'done',
        error: null,
        width: a.width,
        height: a.height,
        format: a.format,
        warnings: a.warnings.map(english),
        fileSize: a.facts.fileSize,
        jpegQuality: a.facts.jpegQuality,
        exif: a.facts.exif,
        reliability: a.reliability.map(withMessage),
        detector: a.detector,
        ...(a.video ? { video: reportVideo(a.video, card) } : {}),
        faces: a.faces.map((f, i) => {
          const v = judge.verdict(f.probabilities, f.reliability);
          return {
            box: f.box,
            crop: f.cropBox,
            origin: f.origin,
            detectorScore: f.score ?? null,
            reliability: f.reliability.map(withMessage),
            probabilities: Object.fromEntries(card.classes.map((c, i) => [c, f.probabilities[i]])),
            pManipulated: judge.pManipulated(f.probabilities),
            label: v.label,
            uncertain: v.uncertain,
            verdict: verdictCode(v),
            ...(a.video ? { track: reportTrack(a.video.tracks[i]) } : {}),
          };
        }),
      };
    }),
  };
}

export function reportFileName(now = new Date(), extension: 'json' | 'csv' = 'json'): string {
  return `tracelens-report-${now.toISOString().slice(0, 19).replace(/[:T]/g, '-')}.${extension}`;
}
