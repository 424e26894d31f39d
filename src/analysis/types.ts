// The core types of an analysis, on every thread: a face's region and result, a photo's result,
// and an item's status. Types only; the bottom floor that the workers, the page, the report
// and the Node tools all import.
import type { FileFacts } from '../decode/facts';
import type { ReliabilityWarning } from './reliability';
import type { Localized } from '../i18n/localized';
import type { VideoAnalysis } from './videoTypes';
import type { Box, FaceOrigin } from '../crop/box';

export type { Box, FaceOrigin } from '../crop/box';

/** A region of the photo to analyse as one face. */
export interface FaceRegion {
  /**
   * The face, in the photo's pixels: as the detector found it (tight around the face, inside the
   * photo), or as the person drew or moved it; the whole photo for a whole-image region.
   */
  box: Box;
  /**
   * The square the model was shown: the box framed as the training faces were (src/crop/framing.ts), moved
   * inside the photo and no larger than it; the whole photo for a whole-image region.
   */
  cropBox: Box;
  origin: FaceOrigin;
  /** The detector's confidence, for detected faces. */
  score?: number;
}

/** A region the page asks the worker to analyse: the worker frames its crop (cropForRegion in src/crop/framing.ts). */
export type AskedRegion = Pick<FaceRegion, 'box' | 'origin'>;

// A result keeps only what the table, the filters and the exports read: a few hundred bytes a
// face. The crop and the Fmt map (80 KB a face) are made again from the file when a panel shows
// them (FaceImages), so the page's memory does not grow with the batch (issue 17).
export interface FaceAnalysis extends FaceRegion {
  /** In the model card's class order; sums to 1. */
  probabilities: number[];
  /** Side of the square crop the model saw. */
  cropSize: number;
  /** Why this face's verdict may be unreliable (smaller than the model's input, tiny, black-and-white: that one holds it at uncertain). */
  reliability: ReliabilityWarning[];
}

export interface ImageAnalysis {
  width: number;
  height: number;
  /** Detected container format, e.g. "JPEG". */
  format: string;
  /** How the file was read, when the person should know (animation, transparency, CMYK). */
  warnings: Localized[];
  /** File size, EXIF and estimated JPEG quality. */
  facts: FileFacts;
  /** Why every verdict on this photo may be unreliable (heavy re-compression). */
  reliability: ReliabilityWarning[];
  /** One per face found (or chosen); empty when the detector found none. */
  faces: FaceAnalysis[];
  /** The detector that searched the photo; null when the regions were given. */
  detector: string | null;
  /** For a video: its sampled frames and tracks, whose summaries are `faces` (one per person). */
  video?: VideoAnalysis;
}

/** Where a file stands in the batch. */
export type ItemStatus = 'queued' | 'analysing' | 'done' | 'error' | 'cancelled';
