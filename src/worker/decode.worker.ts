/// <reference lib="webworker" />
// The decode worker, started by the analysis worker: opens a file on its own thread (so decoding
// the next photos overlaps the network's work), hands a small copy to the face detector, then
// cuts the faces' crops from the full-resolution pixels.
import { openImage } from '../decode/openImage';
import { readRegion } from '../decode/readRegion';
import { localized } from '../i18n/localized';
import { clipBox, toModelInput } from '../model/preprocess';
import { answer } from '../shared/calls';
import type { Box } from '../analysis/types';
import type { DecodeCall, DecodeRequest, ModelCrop } from '../shared/decodeProtocol';
import type { OpenedPhoto } from '../analysis/pipeline';

declare const self: DedicatedWorkerGlobalScope;

const open = new Map<number, ImageBitmap>();

function release(photo: number): void {
  open.get(photo)?.close();
  open.delete(photo);
}

async function openPhoto(photo: number, file: Blob, detectMaxSide: number): Promise<OpenedPhoto> {
  const img = await openImage(file);
  try {
    const scale = Math.min(1, detectMaxSide / Math.max(img.width, img.height));
    const w = Math.max(1, Math.round(img.width * scale));
    const h = Math.max(1, Math.round(img.height * scale));
    const { image, transparent } = readRegion(img.bitmap, { x: 0, y: 0, width: img.width, height: img.height }, w, h);
    const warnings = transparent ? [...img.warnings, localized('warnTransparent', {})] : img.warnings;
    open.set(photo, img.bitmap);
    const { width, height, format, facts } = img;
    return { width, height, format, warnings, facts, detectImage: image };
  } catch (e) {
    img.bitmap.close();
    throw e;
  }
}

function crop(photo: number, boxes: Box[], inputSize: number): ModelCrop[] {
  const bitmap = open.get(photo);
  try {
    if (!bitmap) throw new Error('The photo was released before its faces were cropped');
    return boxes.map((box) => {
      // Only the region's own pixels are read, at full resolution; the model's resize follows.
      const rect = clipBox({ x: box[0], y: box[1], width: box[2], height: box[3] }, bitmap.width, bitmap.height);
      const { image } = readRegion(bitmap, rect);
      const input = toModelInput(image, { x: 0, y: 0, width: rect.width, height: rect.height }, inputSize);
      return { pixels: input.pixels, preview: input.preview };
    });
  } finally {
    release(photo);
  }
}

const post = (reply: unknown, transfer: Transferable[]) => self.postMessage(reply, transfer);

function handle(id: number, call: DecodeCall): Promise<void> {
  switch (call.kind) {
    case 'open':
      return answer(id, () => openPhoto(call.photo, call.file, call.detectMaxSide), post, (o) => [o.detectImage.data.buffer as ArrayBuffer]);
    case 'crop':
      return answer(id, () => crop(call.photo, call.boxes, call.inputSize), post, (crops) =>
        crops.flatMap((c) => [c.pixels.buffer as ArrayBuffer, c.preview.buffer as ArrayBuffer]),
      );
  }
}

self.onmessage = (ev: MessageEvent<DecodeRequest>) => {
  const req = ev.data;
  if (req.kind === 'release') release(req.photo);
  else void handle(req.id, req.call);
};
