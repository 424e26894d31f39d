// Node-only: a photo opened for the one pipeline (src/analysis/pipeline.ts) as the decode worker
// opens one in the browser: decoded by sharp (EXIF orientation applied), a copy no larger than
// DETECT_MAX_SIDE for the detector, and crops cut from the full-resolution pixels. Used by
// `npm run evaluate` and by the tests of the analysis worker's jobs.
import sharp from 'sharp';
import type { OpenedPhoto } from '../analysis/pipeline';
import type { Box } from '../analysis/types';
import { DETECT_MAX_SIDE } from '../analysis/findFaces';
import { toModelInput, type RgbaImage } from '../crop/preprocess';

/** The photo scaled to fit `maxSide` (never up), as the decoder hands it to the detector. */
export async function scaledForDetection(img: RgbaImage, maxSide = DETECT_MAX_SIDE): Promise<RgbaImage> {
  const scale = maxSide / Math.max(img.width, img.height);
  if (scale >= 1) return img;
  const { data, info } = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 4 } })
    .resize(Math.max(1, Math.round(img.width * scale)), Math.max(1, Math.round(img.height * scale)))
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

/** The network's inputs for these crop squares of the photo. */
export function cropInputs(img: RgbaImage, boxes: Box[], inputSize: number): Float32Array[] {
  return boxes.map((box) => toModelInput(img, box, inputSize).pixels);
}

/** Decoded pixels as an opened photo (the file facts the exports show are not read here). */
export async function openDecoded(img: RgbaImage, format: string, fileSize: number, detectMaxSide = DETECT_MAX_SIDE): Promise<OpenedPhoto> {
  return {
    width: img.width,
    height: img.height,
    format,
    warnings: [],
    facts: { fileSize, jpegQuality: null, exif: null },
    detectImage: await scaledForDetection(img, detectMaxSide),
  };
}
