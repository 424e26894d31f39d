// When a verdict should not be trusted: heavy JPEG re-compression, a face smaller than the
// model's input (so it was upscaled), or a face too small to carry manipulation traces.
import type { FileFacts } from './facts';

/** Below this IJG quality, compression artefacts swamp manipulation traces. */
export const HEAVY_COMPRESSION_QUALITY = 70;
/** A face whose shorter side is below this many pixels is "tiny". */
export const TINY_FACE_PX = 64;

export type ReliabilityWarning =
  | { code: 'heavy-compression'; quality: number }
  | { code: 'upscaled'; faceSize: number; inputSize: number }
  | { code: 'tiny-face'; faceSize: number };

/** Warnings about the whole photo: heavy JPEG re-compression. */
export function photoWarnings(facts: FileFacts): ReliabilityWarning[] {
  return facts.jpegQuality !== null && facts.jpegQuality < HEAVY_COMPRESSION_QUALITY ? [{ code: 'heavy-compression', quality: facts.jpegQuality }] : [];
}

/** Warnings about one face: smaller than the model's input (upscaled), or tiny. */
export function faceWarnings(face: { width: number; height: number }, inputSize: number): ReliabilityWarning[] {
  const faceSize = Math.round(Math.min(face.width, face.height));
  if (faceSize < TINY_FACE_PX) return [{ code: 'tiny-face', faceSize }];
  if (faceSize < inputSize) return [{ code: 'upscaled', faceSize, inputSize }];
  return [];
}

/** The English sentence for a warning: what the JSON and CSV reports carry. */
export function reliabilityText(w: ReliabilityWarning): string {
  switch (w.code) {
    case 'heavy-compression':
      return `Heavily re-compressed (JPEG quality about ${w.quality}): compression artefacts can hide or mimic manipulation traces.`;
    case 'upscaled':
      return `The face is ${w.faceSize} px, smaller than the model's ${w.inputSize} px input: it was upscaled, which blurs traces.`;
    case 'tiny-face':
      return `The face is only ${w.faceSize} px: too small for a reliable verdict.`;
  }
}
