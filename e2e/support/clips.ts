// The video tests' clips (issue 25), made once per run into an untracked folder with ffmpeg
// (src/node/makeClips.ts), plus the bad inputs: cut short, damaged, sound only, empty.
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { CLIPS, makeAudioOnly, makeClip, makeZeroLength, truncate } from '../../src/node/makeClips';

export const CLIP_DIR = new URL('../.clips/', import.meta.url).pathname;

export async function makeTestClips(names: (keyof typeof CLIPS)[]): Promise<Record<string, string>> {
  mkdirSync(CLIP_DIR, { recursive: true });
  const out: Record<string, string> = {};
  for (const n of names) out[n] = await makeClip(CLIP_DIR, CLIPS[n]);
  return out;
}

/** Files that must each fail with their own message while the rest of the batch is analysed. */
export async function makeBadClips(): Promise<Record<'truncated' | 'cutInFirstFrame' | 'damaged' | 'audio' | 'empty' | 'zero' | 'codec', string>> {
  const { still, mpeg4, grainy } = await makeTestClips(['still', 'mpeg4', 'grainy']);
  const damaged = CLIP_DIR + 'damaged.mp4';
  // A real header, then noise: the container cannot be read.
  const head = readFileSync(still).subarray(0, 32);
  writeFileSync(damaged, Buffer.concat([head, Buffer.alloc(4000, 0x5a)]));
  const empty = CLIP_DIR + 'empty.mp4';
  writeFileSync(empty, Buffer.alloc(0));
  return { truncated: truncate(grainy, 0.55, CLIP_DIR + 'truncated.mp4'), cutInFirstFrame: truncate(still, 0.4, CLIP_DIR + 'cut-in-first-frame.mp4'), damaged, audio: makeAudioOnly(CLIP_DIR), empty, zero: makeZeroLength(CLIP_DIR), codec: mpeg4 };
}
