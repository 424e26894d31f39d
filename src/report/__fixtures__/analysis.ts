// A typical worker result shared by the report and CSV tests.
import type { ImageAnalysis } from '../../analysis/types';
import { localized } from '../../i18n/localized';

export const analysis: ImageAnalysis = {
  width: 640,
  height: 480,
  format: 'JPEG',
  warnings: [localized('warnAnimated', { format: 'GIF' })],
  facts: { fileSize: 2048, jpegQuality: 55, exif: { camera: 'Canon "Pro", 5D', software: null, taken: '2023-01-02 03:04:05', modified: null } },
  reliability: [{ code: 'heavy-compression', quality: 55 }],
  faces: [
    {
      box: [171, 150, 158, 158],
      cropBox: [100, 60, 300, 300],
      origin: 'detected',
      score: 0.93,
      probabilities: [0.1, 0.7, 0.15, 0.05],
      cropSize: 1,
      reliability: [],
    },
    {
      box: [434, 219, 32, 32],
      cropBox: [420, 200, 60, 60],
      origin: 'detected',
      score: 0.61,
      probabilities: [0.8, 0.1, 0.05, 0.05],
      cropSize: 1,
      reliability: [{ code: 'tiny-face', faceSize: 60 }],
    },
  ],
  detector: 'blazeface',
};
