// When a verdict should not be trusted: heavy JPEG re-compression, a face smaller than the
// model's input (so it was upscaled), or a face too small to carry manipulation traces.
import type { FileFacts } from '../decode/facts';
import { localized, type Localized } from '../i18n/localized';

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

/** The sentence for a warning: translated on the page, in English in the JSON and CSV reports. */
export function reliabilitySentence(w: ReliabilityWarning): Localized {
  switch (w.code) {
    case 'heavy-compression':
      return localized('relHeavyCompression', { quality: w.quality });
    case 'upscaled':
      return localized('relUpscaled', { faceSize: w.faceSize, inputSize: w.inputSize });
    case 'tiny-face':
      return localized('relTinyFace', { faceSize: w.faceSize });
  }
}
