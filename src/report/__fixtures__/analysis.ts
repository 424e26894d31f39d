// A typical worker result shared by the report and CSV tests.
import type { ImageAnalysis } from '../../worker/protocol';

export const analysis: ImageAnalysis = {
  width: 640,
  height: 480,
  format: 'JPEG',
  warnings: ['Animated GIF: only the first frame was analysed.'],
  facts: { fileSize: 2048, jpegQuality: 55, exif: { camera: 'Canon "Pro", 5D', software: null, taken: '2023-01-02 03:04:05', modified: null } },
  reliability: [{ code: 'heavy-compression', quality: 55 }],
  faces: [
    {
      box: [0, 0, 640, 480],
      probabilities: [0.1, 0.7, 0.15, 0.05],
      crop: new Uint8ClampedArray(4),
      cropSize: 1,
      fmt: { size: 1, magnitude: new Uint8Array(1), scale: 1, mean: 0 },
    },
  ],
};
