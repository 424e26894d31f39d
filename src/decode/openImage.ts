// A photo as the analysis opens it: checked and decoded (decodeImage.ts), with the file's facts
// (EXIF, JPEG quality: facts.ts) that the results show beside the verdict.
import { decodeImage, type DecodedImage } from './decodeImage';
import { readFacts, type FileFacts } from './facts';

export interface OpenedImage extends Omit<DecodedImage, 'head'> {
  facts: FileFacts;
}

export async function openImage(file: Blob): Promise<OpenedImage> {
  const { head, ...image } = await decodeImage(file);
  return { ...image, facts: await readFacts(head, image.format, file.size) };
}
