// How to put this model's Fmt into words: the model card measures how much of the picture is left
// in Fmt (training/tracelens_train/fmt_report.py); the legend and the classroom caption say it.
import type { FmtSummary } from './modelCard';

/** From this share of the picture on, Fmt is described as largely a copy of the face. */
export const PICTURE_SHARE_SHOWN = 0.3;

export type FmtReading = 'residual' | 'picture' | 'unknown';

export function fmtReading(fmt: FmtSummary | undefined): FmtReading {
  if (!fmt) return 'unknown';
  return fmt.pictureShare >= PICTURE_SHARE_SHOWN ? 'picture' : 'residual';
}
