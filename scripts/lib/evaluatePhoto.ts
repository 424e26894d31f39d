// One photo as `npm run evaluate` scores it: through the app's own pipeline (src/analysis/
// pipeline.ts), with the app's rule for which face speaks for a photo (the one most likely
// manipulated, src/analysis/faces.ts). A photo in which no face is found is analysed whole, as
// the app offers to.
import { analysePhoto } from '../../src/analysis/pipeline';
import { headlineFaceIndex } from '../../src/analysis/faces';
import type { FaceAnalysis, ImageAnalysis } from '../../src/analysis/types';
import type { FaceFinder } from '../../src/analysis/faceFinder';
import type { AmtennetClassifier } from '../../src/model/classifier';
import type { RgbaImage } from '../../src/crop/preprocess';
import { cropInputs, openDecoded } from '../../src/node/nodePhoto';

export interface EvaluatedPhoto {
  analysis: ImageAnalysis;
  /** The face whose probabilities count for the photo. */
  face: FaceAnalysis;
  /** The detector found no face and the photo was analysed whole. */
  noFace: boolean;
}

export async function evaluatePhoto(
  img: RgbaImage,
  model: Pick<AmtennetClassifier, 'inputSize' | 'scores' | 'card'>,
  /** Finds the faces; null analyses the whole photo (evaluate without --detect). */
  detector: FaceFinder | null,
  file: { format: string; size: number } = { format: 'unknown', size: 0 },
): Promise<EvaluatedPhoto> {
  const photo = await openDecoded(img, file.format, file.size);
  const run = (asked: 'whole-image' | undefined) =>
    analysePhoto(photo, asked, {
      detector: detector ?? undefined,
      inputSize: model.inputSize,
      crop: async (boxes) => cropInputs(img, boxes, model.inputSize),
      // Any architecture (Model-base has no Fmt).
      classify: async (inputs) => (await model.scores(inputs, { fmt: false })).map((s) => s.probabilities),
    });
  let analysis = await run(detector ? undefined : 'whole-image');
  const noFace = analysis.faces.length === 0;
  if (noFace) analysis = { ...(await run('whole-image')), detector: analysis.detector };
  return { analysis, face: analysis.faces[headlineFaceIndex(analysis.faces, model.card.classes)], noFace };
}

