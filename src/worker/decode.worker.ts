/// <reference lib="webworker" />
// The decode worker, started by the analysis worker: turns a file into the network's input crop
// on its own thread, so decoding the next photos overlaps the network's work on this one.
import { decodeImage } from '../decode/decodeImage';
import { toModelInput } from '../model/preprocess';
import { reliabilityWarnings } from '../decode/reliability';
import type { DecodeRequest, DecodeResponse } from './decodeProtocol';

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = async (ev: MessageEvent<DecodeRequest>) => {
  const { id, file, inputSize } = ev.data;
  let reply: DecodeResponse;
  try {
    const { image, format, warnings, facts } = await decodeImage(file);
    // Until face detection lands, the one "face" is the whole image.
    const input = toModelInput(image, { x: 0, y: 0, width: image.width, height: image.height }, inputSize);
    const reliability = reliabilityWarnings(facts, { width: image.width, height: image.height }, inputSize);
    reply = { id, ok: true, width: image.width, height: image.height, format, warnings, facts, reliability, pixels: input.pixels, preview: input.preview };
  } catch (e) {
    reply = { id, ok: false, message: e instanceof Error ? e.message : String(e) };
  }
  self.postMessage(reply, reply.ok ? [reply.pixels.buffer, reply.preview.buffer] : []);
};
