/// <reference lib="webworker" />
// The decode worker, started by the analysis worker: opens a file on its own thread (so decoding
// the next photos overlaps the network's work), hands a small copy to the face detector, then
// cuts the faces' crops from the full-resolution pixels (src/crop/cutCrop.ts).
import { openImage } from '../decode/openImage';
import { readRegion } from '../crop/readRegion';
import { cutCrop } from '../crop/cutCrop';
import { localized, LocalizedError } from '../i18n/localized';
import { answer } from '../shared/calls';
import { engineFaultIn, faultDetail } from './engineFault';
import type { Box } from '../crop/box';
import type { DecodeCall, DecodeRequest, ModelCrop } from '../shared/decodeProtocol';
import type { OpenedPhoto } from '../analysis/pipeline';

declare const self: DedicatedWorkerGlobalScope;

const open = new Map<number, ImageBitmap>();
/** Test hook (issue 24): the photo whose opening fails as if its pixels could not be allocated. */
let faultAt: number | null = null;

function release(photo: number): void {
  open.get(photo)?.close();
  open.delete(photo);
}

async function openPhoto(photo: number, file: Blob, detectMaxSide: number): Promise<OpenedPhoto> {
  if (faultAt === photo) {
    faultAt = null;
    // What V8 throws when the pixels of a photo cannot be allocated.
    throw new RangeError('Array buffer allocation failed');
  }
  const img = await openImage(file);
  try {
    const scale = Math.min(1, detectMaxSide / Math.max(img.width, img.height));
    const w = Math.max(1, Math.round(img.width * scale));
    const h = Math.max(1, Math.round(img.height * scale));
    const { image, transparent } = readRegion(img.bitmap, [0, 0, img.width, img.height], w, h);
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
    return boxes.map((box) => cutCrop(bitmap, box, inputSize));
  } finally {
    release(photo);
  }
}

const post = (reply: unknown, transfer: Transferable[]) => self.postMessage(reply, transfer);

/**
 * Runs a call; a fault (memory that cannot be had, a trap) is answered as this file's
 * decoder fault, so that the analysis worker reports the file and replaces this worker with itself.
 */
async function guarded<T>(work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (e) {
    const fault = engineFaultIn(e);
    if (fault) throw new LocalizedError(localized('jobDecoderFault', { detail: faultDetail(fault) }));
    throw e;
  }
}

function handle(id: number, call: DecodeCall): Promise<void> {
  switch (call.kind) {
    case 'open':
      return answer(id, () => guarded(() => openPhoto(call.photo, call.file, call.detectMaxSide)), post, (o) => [o.detectImage.data.buffer as ArrayBuffer]);
    case 'crop':
      return answer(id, () => guarded(() => crop(call.photo, call.boxes, call.inputSize)), post, (crops) =>
        crops.flatMap((c) => [c.pixels.buffer as ArrayBuffer, c.preview.buffer as ArrayBuffer]),
      );
  }
}

self.onmessage = (ev: MessageEvent<DecodeRequest>) => {
  const req = ev.data;
  if (req.kind === 'release') release(req.photo);
  else if (req.kind === 'debug-fault') faultAt = req.photo;
  else void handle(req.id, req.call);
};
