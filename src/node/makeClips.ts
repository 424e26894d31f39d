// Node-only: the video tests' clips (issue 25), made at test time with Debian's ffmpeg from the
// face crops of face-api's sample photos (sampleFaces.ts), never committed. Each scene is faces
// laid over a plain background, so where and when each face is shown is known exactly.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { sampleFace } from './sampleFaces';

export const CLIP_WIDTH = 640;
export const CLIP_HEIGHT = 360;
/** Side of a face crop laid on a clip. */
export const FACE_SIDE = 200;

export interface ClipSpec {
  name: string;
  seconds: number;
  /** Each face: its sample crop, and where (ffmpeg overlay expressions of t) and when it shows. */
  faces: { face: string; x: string; y: string; enable?: string }[];
  codec?: 'h264' | 'vp9' | 'mpeg4';
  /** A bitrate such as "4M" in place of the encoder's quality setting (a large file on purpose). */
  bitrate?: string;
  /** Frames a second (default: makeClip's). */
  fps?: number;
}

/** The scenes the tests check: a still, a pan, two faces, a face that leaves and returns, a cut. */
export const CLIPS: Record<string, ClipSpec> = {
  still: { name: 'still.mp4', seconds: 4, faces: [{ face: 'sample6-2.png', x: '220', y: '80' }] },
  pan: { name: 'pan.mp4', seconds: 4, faces: [{ face: 'sample6-2.png', x: '40+t*80', y: '80' }] },
  two: { name: 'two.mp4', seconds: 3, faces: [{ face: 'sample6-2.png', x: '40', y: '80' }, { face: 'sample3-2.png', x: '400', y: '80' }] },
  // Gone from 1.5 s to 2.2 s: one sampled frame (at 2 per second) without it, a short gap.
  returns: { name: 'returns.mp4', seconds: 4, faces: [{ face: 'sample6-2.png', x: '220', y: '80', enable: 'not(between(t,1.5,2.2))' }] },
  // Another person elsewhere after 2 s.
  cut: { name: 'cut.mp4', seconds: 4, faces: [{ face: 'sample6-2.png', x: '40', y: '80', enable: 'lt(t,2)' }, { face: 'sample3-2.png', x: '400', y: '100', enable: 'gte(t,2)' }] },
  // Grain at a steady 1 Mbit/s: its bytes are spread evenly over its 4 s, so a cut keeps the first part's frames.
  grainy: { name: 'grainy.mp4', seconds: 4, faces: [{ face: 'sample6-2.png', x: '220', y: '80' }], bitrate: '1M' },
  mov: { name: 'still.mov', seconds: 2, faces: [{ face: 'sample6-2.png', x: '220', y: '80' }] },
  webm: { name: 'still.webm', seconds: 2, faces: [{ face: 'sample6-2.png', x: '220', y: '80' }], codec: 'vp9' },
  noface: { name: 'noface.mp4', seconds: 2, faces: [] },
  mpeg4: { name: 'mpeg4.mp4', seconds: 2, faces: [{ face: 'sample6-2.png', x: '220', y: '80' }], codec: 'mpeg4' },
  // Ten minutes at 4 Mbit/s (about 300 MB), a face walking to and fro: memory must stay bounded.
  long: { name: 'ten-minutes.mp4', seconds: 600, faces: [{ face: 'sample6-2.png', x: '220+150*sin(t/20)', y: '80' }], bitrate: '4M', fps: 10 },
};

export const hasFfmpeg = (): boolean => {
  try {
    execFileSync('ffmpeg', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

const ENCODERS = {
  h264: ['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-preset', 'veryfast', '-crf', '18', '-movflags', '+faststart'],
  vp9: ['-c:v', 'libvpx-vp9', '-pix_fmt', 'yuv420p', '-b:v', '1M', '-deadline', 'realtime', '-cpu-used', '8'],
  mpeg4: ['-c:v', 'mpeg4', '-q:v', '3'],
};

/** Writes one clip into `dir` (25 frames a second) and returns its path. */
export async function makeClip(dir: string, spec: ClipSpec, defaultFps = 25): Promise<string> {
  const fps = spec.fps ?? defaultFps;
  mkdirSync(dir, { recursive: true });
  const out = join(dir, spec.name);
  // A large file on purpose (spec.bitrate): grain on the background, so the encoder cannot make it small.
  const grain = spec.bitrate ? ',noise=alls=40:allf=t' : '';
  const inputs: string[] = ['-f', 'lavfi', '-i', `color=c=0x506070:s=${CLIP_WIDTH}x${CLIP_HEIGHT}:r=${fps}:d=${spec.seconds}${grain}`];
  const filters: string[] = [];
  let last = '0:v';
  for (const [i, f] of spec.faces.entries()) {
    const png = join(dir, `face-${f.face}`);
    if (!existsSync(png)) writeFileSync(png, await sampleFace(f.face));
    inputs.push('-loop', '1', '-framerate', String(fps), '-i', png);
    filters.push(`[${i + 1}:v]scale=${FACE_SIDE}:${FACE_SIDE}[f${i}]`);
    const enable = f.enable ? `:enable='${f.enable}'` : '';
    filters.push(`[${last}][f${i}]overlay=x='${f.x}':y='${f.y}':shortest=1${enable}[v${i}]`);
    last = `v${i}`;
  }
  const map = spec.faces.length ? ['-filter_complex', filters.join(';'), '-map', `[${last}]`] : [];
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...inputs, ...map, '-t', String(spec.seconds), '-r', String(fps), ...(spec.bitrate ? ['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-preset', 'ultrafast', '-b:v', spec.bitrate, '-minrate', spec.bitrate, '-maxrate', spec.bitrate, '-bufsize', spec.bitrate, '-movflags', '+faststart'] : ENCODERS[spec.codec ?? 'h264']), out]);
  return out;
}

/** A sound-only file (AAC in MP4), for the "audio only" message. */
export function makeAudioOnly(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const out = join(dir, 'audio-only.m4a');
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=1', '-c:a', 'aac', out]);
  return out;
}

/** A clip of no length: a well-formed MP4 that ffmpeg wrote with no frame. */
export function makeZeroLength(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const out = join(dir, 'zero-length.mp4');
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `color=c=gray:s=${CLIP_WIDTH}x${CLIP_HEIGHT}:r=25`, '-frames:v', '0', '-c:v', 'libx264', out]);
  return out;
}

/** The first `fraction` of a clip's bytes, as a download cut short. */
export function truncate(path: string, fraction: number, out: string): string {
  const bytes = readFileSync(path);
  writeFileSync(out, bytes.subarray(0, Math.floor(bytes.length * fraction)));
  return out;
}

/** The frame of `clip` shown at `time` seconds, as a PNG (ffmpeg's decoding and colour conversion). */
export function frameAsPng(clip: string, time: number, out: string): string {
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-ss', String(time), '-i', clip, '-frames:v', '1', out]);
  return out;
}
