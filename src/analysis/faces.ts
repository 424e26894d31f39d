// Which face speaks for a photo with several: the one most likely manipulated, so sorting and
// filtering never hide a suspicious face behind a real-looking neighbour.
import type { ReliabilityWarning } from './reliability';
import type { FaceAnalysis, ImageAnalysis } from './types';

export function headlineFaceIndex(faces: readonly FaceAnalysis[], classes: readonly string[]): number {
  const real = classes.indexOf('real');
  let best = -1;
  let bestScore = -1;
  faces.forEach((f, i) => {
    const manipulated = real >= 0 ? 1 - f.probabilities[real] : Math.max(...f.probabilities);
    if (manipulated > bestScore) {
      best = i;
      bestScore = manipulated;
    }
  });
  return best;
}

export function headlineFace(a: ImageAnalysis | undefined, classes: readonly string[]): FaceAnalysis | undefined {
  if (!a) return undefined;
  return a.faces[headlineFaceIndex(a.faces, classes)];
}

/** The photo's own warnings and every face's, each once. */
export function allReliability(a: ImageAnalysis): ReliabilityWarning[] {
  const seen = new Set<string>();
  return [...a.reliability, ...a.faces.flatMap((f) => f.reliability)].filter((w) => {
    const key = JSON.stringify(w);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The photo's analysis with face `faceIndex` replaced by a re-run's faces (or, with faceIndex equal
 * to the number of faces, with them added at the end); the re-run itself when there is none yet.
 */
export function replaceFace(current: ImageAnalysis | undefined, faceIndex: number, rerun: ImageAnalysis): ImageAnalysis {
  if (!current) return rerun;
  const faces = [...current.faces];
  faces.splice(faceIndex, 1, ...rerun.faces);
  return { ...current, faces };
}
