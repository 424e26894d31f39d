// The analysis worker's link to its decode worker (decode.worker.ts), the one way any photo is
// opened in the workers: the analysis jobs' photos, the panels' face images and the classroom's
// runs. The decode worker starts with the first call; one that dies is reported (`crashed`), and
// the page replaces the analysis worker and so this link with it.
import { localized, type Localized } from '../i18n/localized';
import { Calls, type Reply } from '../shared/calls';
import type { DecodeCall, DecodeRequest, DecodeResults, ModelCrop } from '../shared/decodeProtocol';
import type { OpenedPhoto } from '../analysis/pipeline';
import type { Box } from '../crop/box';
import type { RgbaImage } from '../crop/preprocess';

export interface DecoderLink {
  /** Opens `file` as `photo` (the analysis jobs' ids) and keeps it until it is cropped or released. */
  open(photo: number, file: Blob, detectMaxSide: number): Promise<OpenedPhoto>;
  /** The kept photo's crops of `boxes`, then it is released. */
  crop(photo: number, boxes: Box[], inputSize: number): Promise<ModelCrop[]>;
  release(photo: number): void;
  /** Opens `file` and cuts the crops of `boxes` (the panels' face images). */
  crops(file: Blob, boxes: Box[], inputSize: number): Promise<ModelCrop[]>;
  /** The whole photo's pixels at full resolution, opened as the analysis opens it (the classroom's runs). */
  pixels(file: Blob): Promise<RgbaImage>;
  /** Test hook (issue 24): opening `photo` fails as if its pixels could not be allocated. */
  failOpening(photo: number): void;
}

/** `crashed` is told when the decode worker dies: the analysis worker gives itself up with it. */
export function decoderLink(crashed: (message: Localized) => void): DecoderLink {
  let worker: Worker | null = null;
  const start = (): Worker => {
    const w = new Worker(new URL('./decode.worker.ts', import.meta.url), { type: 'module', name: 'tracelens-decode' });
    w.onmessage = (ev: MessageEvent<Reply>) => calls.settle(ev.data);
    w.onerror = (ev) => {
      ev.preventDefault();
      crashed(localized('engineDecoderCrashed', { detail: ev.message || '—' }));
    };
    return w;
  };
  const send = (msg: DecodeRequest) => (worker ??= start()).postMessage(msg);
  /** The decoder is ready as soon as it starts, and never cancels a call. */
  const calls = new Calls<DecodeCall, DecodeResults>(
    (id, call) => send({ kind: 'call', id, call }),
    () => {},
  );
  calls.open();

  /** Photos opened for the panels and the classroom have negative ids, apart from the analysis jobs'. */
  let lastSidePhoto = 0;
  const release = (photo: number) => worker && send({ kind: 'release', photo });

  return {
    open: (photo, file, detectMaxSide) => calls.call({ kind: 'open', photo, file, detectMaxSide }),
    crop: (photo, boxes, inputSize) => calls.call({ kind: 'crop', photo, boxes, inputSize }),
    release,
    async crops(file, boxes, inputSize) {
      const photo = --lastSidePhoto;
      // The detector's copy is not needed: the smallest one.
      await calls.call({ kind: 'open', photo, file, detectMaxSide: 1 });
      return calls.call({ kind: 'crop', photo, boxes, inputSize });
    },
    async pixels(file) {
      const photo = --lastSidePhoto;
      // No limit on the detector's copy: it is the whole photo, read as the crops are read (transparency on white).
      const { detectImage } = await calls.call({ kind: 'open', photo, file, detectMaxSide: Infinity });
      release(photo);
      return detectImage;
    },
    failOpening: (photo) => send({ kind: 'debug-fault', photo }),
  };
}
