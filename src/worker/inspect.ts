/// <reference lib="webworker" />
// The classroom's side of the analysis worker, loaded on first use: has a photo opened by the
// analysis's own decoder (decoderLink.ts), applies the what-if lab's changes (JPEG re-compression
// with the browser's own encoder), crops and resizes it as the analysis does, and returns the
// probabilities of the loaded model (or a baseline) with the network's intermediate maps.
import * as tf from '@tensorflow/tfjs-core';
import { AmtennetClassifier } from '../model/classifier';
import { modelAt } from './otherModels';
import { toModelInput, type ModelInput, type RgbaImage } from '../crop/preprocess';
import { degrade, shiftedBox, type WhatIf } from '../crop/whatIf';
import type { ChannelMaps, InspectCall, InspectMaps, InspectResult, JpegSweepResult } from '../shared/inspectProtocol';

/** How many channels of each convolution block are sent to the page. */
const CHANNELS_PER_BLOCK = 4;

let cached: { key: string; image: Promise<RgbaImage> } | null = null;

/** The whole photo's pixels, opened as the analysis opens a photo (DecoderLink.pixels). */
export type OpenPixels = (file: Blob) => Promise<RgbaImage>;

/**
 * The photo's pixels, opened once per `key` (moving a slider does not open it again). The
 * decoder checks the file as the analysis does (a clear message for a file that is not a photo
 * we read), applies EXIF orientation and fills transparency with white. The classroom's photos
 * can be the person's own files.
 */
function decoded(key: string, file: Blob, open: OpenPixels): Promise<RgbaImage> {
  if (cached?.key !== key) cached = { key, image: open(file) };
  return cached.image;
}

/** JPEG re-compression at `quality` (1..100) with the browser's encoder, decoded back to pixels. */
export async function recompressJpeg(img: RgbaImage, quality: number): Promise<RgbaImage> {
  const canvas = new OffscreenCanvas(img.width, img.height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('No 2D OffscreenCanvas in this worker: JPEG re-compression is unavailable.');
  ctx.putImageData(new ImageData(new Uint8ClampedArray(img.data), img.width, img.height), 0, 0);
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: Math.min(100, Math.max(1, quality)) / 100 });
  const bitmap = await createImageBitmap(blob, { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
  try {
    ctx.drawImage(bitmap, 0, 0);
  } finally {
    bitmap.close();
  }
  return { width: img.width, height: img.height, data: ctx.getImageData(0, 0, img.width, img.height).data };
}

async function prepare(degraded: RgbaImage, whatIf: WhatIf, quality: number | null, size: number): Promise<ModelInput> {
  const img = quality === null ? degraded : await recompressJpeg(degraded, quality);
  return toModelInput(img, shiftedBox(img.width, img.height, whatIf), size);
}

/** Probabilities from any architecture (classify() is AMTENnet's only; scores() serves all). */
async function probabilities(m: AmtennetClassifier, crops: Float32Array[]): Promise<number[][]> {
  return (await m.scores(crops)).map((x) => x.probabilities);
}

/** Only AMTENnet has the AMTEN maps the walkthrough draws. */
const hasAmten = (m: AmtennetClassifier) => m.architecture === 'amtennet';

/** The `k` channels with the largest spatial variance: the ones with something to see. */
function mostVaried(variances: Float32Array, k: number): number[] {
  return [...variances.keys()].sort((a, b) => variances[b] - variances[a] || a - b).slice(0, k).sort((a, b) => a - b);
}

/** One forward pass keeping the maps the walkthrough shows; no tensor outlives the call. */
export async function inspectMaps(model: AmtennetClassifier, input: Float32Array): Promise<InspectMaps> {
  const s = model.inputSize;
  const names = ['block4', 'block5', 'block6', 'block7'] as const;
  const t = tf.tidy(() => {
    const a = model.forward(tf.tensor4d(input, [1, s, s, 3]));
    const blocks = names.map((n) => a[n]);
    return { conv1: a.conv1, fmt: a.fmt, freu: a.freu, blocks, variances: blocks.map((b) => tf.moments(b, [0, 1, 2]).variance) };
  });
  try {
    const variances = (await Promise.all(t.variances.map((v) => v.data()))) as Float32Array[];
    const chosen = variances.map((v) => mostVaried(v, CHANNELS_PER_BLOCK));
    const picked = tf.tidy(() => t.blocks.map((b, i) => tf.gather(b, chosen[i], 3)));
    try {
      const [conv1, fmt, freu, ...blockData] = (await Promise.all([t.conv1, t.fmt, t.freu, ...picked].map((x) => x.data()))) as Float32Array[];
      const blocks: ChannelMaps[] = names.map((name, i) => ({
        name,
        size: t.blocks[i].shape[1],
        depth: t.blocks[i].shape[3],
        channels: chosen[i],
        data: blockData[i],
      }));
      return { size: s, input: input.slice(), conv1, fmt, freu, blocks };
    } finally {
      tf.dispose(picked);
    }
  } finally {
    tf.dispose([t.conv1, t.fmt, t.freu, ...t.blocks, ...t.variances]);
  }
}

/** Runs one classroom call on the loaded model (or, for inspect, the baseline it names); throws what went wrong. */
export async function handleInspect(call: InspectCall, current: AmtennetClassifier, open: OpenPixels): Promise<InspectResult | JpegSweepResult> {
  const degraded = degrade(await decoded(call.fileKey, call.file, open), call.whatIf);
  if (call.kind === 'jpeg-sweep') {
    const inputs = [];
    for (const q of call.qualities) inputs.push(await prepare(degraded, call.whatIf, q, current.inputSize));
    const probs = await probabilities(current, inputs.map((i) => i.pixels));
    return { probabilities: probs, card: current.card };
  }
  const model = await modelAt(call.modelUrl, current);
  const input = await prepare(degraded, call.whatIf, call.whatIf.jpegQuality, model.inputSize);
  const [probs] = await probabilities(model, [input.pixels]);
  const maps = call.withMaps && hasAmten(model) ? await inspectMaps(model, input.pixels) : null;
  return { card: model.card, probabilities: probs, preview: input.preview, maps };
}
