// The panels' face images: the crops and Fmt maps of a photo's faces, made again from the file
// when a panel or the printable report shows them (a result keeps only its numbers). They are cut
// from the crop squares (FaceRegion.cropBox, what the model was shown; not the tight face box) and
// computed as the analysis computed them: the same decoder, crop and network.
import type { AmtennetClassifier } from '../model/classifier';
import { fmtMagnitudeMap } from '../model/fmt';
import type { Box } from '../crop/box';
import type { FaceImages } from '../shared/analysisProtocol';
import type { DecoderLink } from './decoderLink';

export async function faceImages(
  decoder: Pick<DecoderLink, 'crops'>,
  model: Pick<AmtennetClassifier, 'inputSize' | 'classify'>,
  file: Blob,
  cropBoxes: Box[],
): Promise<FaceImages[]> {
  const crops = await decoder.crops(file, cropBoxes, model.inputSize);
  const scores = await model.classify(crops.map((c) => c.pixels));
  return scores.map((s, i) => ({ crop: crops[i].preview, fmt: fmtMagnitudeMap(s.fmt, model.inputSize) }));
}
