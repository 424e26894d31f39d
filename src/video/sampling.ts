// Which moments of a clip are analysed: evenly spread, `perSecond` of them a second, never more
// than `maxFrames`. Each is the middle of its share of the clip, so the first and last frames
// (often a fade, or a frame a truncated file lacks) are never the only ones that speak for it.
import type { SamplingOptions } from '../analysis/videoTypes';

/** Sample times in seconds, ascending, inside [start, start + duration). Empty for a clip of no length. */
export function sampleTimes(duration: number, { perSecond, maxFrames }: SamplingOptions, start = 0): number[] {
  if (!(duration > 0) || !Number.isFinite(duration)) return [];
  if (!(perSecond > 0) || !(maxFrames >= 1)) throw new Error(`Bad sampling: ${perSecond} a second, at most ${maxFrames}`);
  const n = Math.max(1, Math.min(Math.floor(maxFrames), Math.round(duration * perSecond)));
  const step = duration / n;
  return Array.from({ length: n }, (_, i) => start + (i + 0.5) * step);
}

/** What a person may ask for, in the address or the Details setting. */
export const SAMPLING_LIMITS = { perSecond: [0.01, 60], maxFrames: [1, 1000] } as const;

/** The sampling a page address asks for (`?fps=` and `?frames=`), the defaults where it asks for none or for nonsense. */
export function samplingFrom(search: string, defaults: SamplingOptions): SamplingOptions {
  const params = new URLSearchParams(search);
  const num = (name: string, lo: number, hi: number, fallback: number) => {
    const v = Number(params.get(name));
    return params.has(name) && Number.isFinite(v) && v >= lo && v <= hi ? v : fallback;
  };
  return {
    perSecond: num('fps', ...SAMPLING_LIMITS.perSecond, defaults.perSecond),
    maxFrames: Math.floor(num('frames', ...SAMPLING_LIMITS.maxFrames, defaults.maxFrames)),
  };
}
