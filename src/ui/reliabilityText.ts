// A reliability warning in the interface language (the reports keep the English sentence).
import type { ReliabilityWarning } from '../decode/reliability';
import type { T } from '../i18n/useT';

export function reliabilityMessage(w: ReliabilityWarning, t: T): string {
  switch (w.code) {
    case 'heavy-compression':
      return t('relHeavyCompression', { quality: w.quality });
    case 'upscaled':
      return t('relUpscaled', { faceSize: w.faceSize, inputSize: w.inputSize });
    case 'tiny-face':
      return t('relTinyFace', { faceSize: w.faceSize });
  }
}
