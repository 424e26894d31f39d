// How a clip is summed up in words (issue 25): its length, its people, its frames.
import type { VideoAnalysis } from '../../analysis/videoTypes';
import type { T } from '../useT';

export const seconds = (s: number) => (Math.round(s * 10) / 10).toFixed(1);

export function peopleText(n: number, t: T): string {
  return n === 0 ? t('videoNoPeople') : n === 1 ? t('videoPerson') : t('videoPeople', { n });
}

/** "4.0 s · 2 people · 8 frames checked" */
export function videoSummary(v: VideoAnalysis, t: T): string {
  return t('videoSummary', { duration: seconds(v.duration), people: peopleText(v.tracks.length, t), frames: v.frames.length });
}

/** A file the person dropped that is (most likely) a clip, before its analysis says so. */
export function looksLikeVideo(file: { type: string; name: string }): boolean {
  return file.type.startsWith('video/') || /\.(mp4|m4v|mov|webm|mkv)$/i.test(file.name);
}

/** "1 face in this frame", "3 faces in this frame" */
export function frameFacesText(n: number, t: T): string {
  return n === 1 ? t('videoFrameFace') : t('videoFrameFaces', { n });
}
