/// <reference lib="webworker" />
// The decode worker, started by the analysis worker: opens a file on its own thread (so decoding
// the next photos overlaps the network's work), hands a small copy to the face detector, then
// cuts the faces' crops from the full-resolution pixels.
import { openImage } from '../decode/openImage';
import { readRegion } from '../decode/readRegion';
import { localized, localizedError } from '../i18n/localized';
import { clipBox, toModelInput } from '../model/preprocess';
import type { DecodeRequest, DecodeResponse, ModelCrop } from './decodeProtocol';

declare const self: DedicatedWorkerGlobalScope;

const open = new Map<number, ImageBitmap>();

function release(id: number): void {
  open.get(id)?.close();
  open.delete(id);
}

async function handle(req: DecodeRequest): Promise<[DecodeResponse, Transferable[]] | null> {
  switch (req.kind) {
    case 'release':
      release(req.id);
      return null;
    case 'open':
      try {
        const img = await openImage(req.file);
        try {
          const scale = Math.min(1, req.detectMaxSide / Math.max(img.width, img.height));
          const w = Math.max(1, Math.round(img.width * scale));
          const h = Math.max(1, Math.round(img.height * scale));
          const { image, transparent } = readRegion(img.bitmap, { x: 0, y: 0, width: img.width, height: img.height }, w, h);
          const warnings = transparent ? [...img.warnings, localized('warnTransparent', {})] : img.warnings;
          open.set(req.id, img.bitmap);
          const { width, height, format, facts } = img;
          return [{ kind: 'opened', id: req.id, ok: true, width, height, format, warnings, facts, detectImage: image }, [image.data.buffer as ArrayBuffer]];
        } catch (e) {
          img.bitmap.close();
          throw e;
        }
      } catch (e) {
        return [{ kind: 'opened', id: req.id, ok: false, problem: localizedError(e) }, []];
      }
    case 'crop': {
      const bitmap = open.get(req.id);
      try {
        if (!bitmap) throw new Error('The photo was released before its faces were cropped');
        const crops: ModelCrop[] = req.boxes.map((box) => {
          // Only the region's own pixels are read, at full resolution; the model's resize follows.
          const rect = clipBox({ x: box[0], y: box[1], width: box[2], height: box[3] }, bitmap.width, bitmap.height);
          const { image } = readRegion(bitmap, rect);
          const input = toModelInput(image, { x: 0, y: 0, width: rect.width, height: rect.height }, req.inputSize);
          return { pixels: input.pixels, preview: input.preview };
        });
        return [{ kind: 'cropped', id: req.id, ok: true, crops }, crops.flatMap((c) => [c.pixels.buffer as ArrayBuffer, c.preview.buffer as ArrayBuffer])];
      } catch (e) {
        return [{ kind: 'cropped', id: req.id, ok: false, problem: localizedError(e) }, []];
      } finally {
        release(req.id);
      }
    }
  }
}

self.onmessage = async (ev: MessageEvent<DecodeRequest>) => {
  const reply = await handle(ev.data);
  if (reply) self.postMessage(reply[0], reply[1]);
};
