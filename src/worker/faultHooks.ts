// Test hooks of failure recovery (issue 24): the page names a file whose analysis is to meet a
// fault, of the engine (a WebAssembly trap) or of the decoder (pixels that cannot be allocated);
// the fault is met when that file's job opens its photo.
import type { PhotoDecoder } from './analysisJobs';
import type { DecoderLink } from './decoderLink';

export type FaultPlace = 'engine' | 'decoder';

export class FaultHooks {
  private armed: { where: FaultPlace; name: string } | null = null;
  private jobs = new Map<number, FaultPlace>();

  /** The next analysis of the file named `name` meets a fault at `where`. */
  arm(where: FaultPlace, name: string): void {
    this.armed = { where, name };
  }

  /** Called for each analysis call: the armed fault goes to job `id` when it analyses the named file. */
  claim(id: number, name: string): void {
    if (this.armed?.name !== name) return;
    this.jobs.set(id, this.armed.where);
    this.armed = null;
  }

  /** The decoder as the jobs use it, the claimed faults met on the way; `provokeEngine` traps the engine. */
  decoderFor(link: DecoderLink, provokeEngine: () => never): PhotoDecoder {
    return {
      open: async (photo, file, detectMaxSide) => {
        const fault = this.jobs.get(photo);
        this.jobs.delete(photo);
        if (fault === 'decoder') link.failOpening(photo);
        const opened = await link.open(photo, file, detectMaxSide);
        if (fault === 'engine') provokeEngine();
        return opened;
      },
      crop: async (photo, boxes, inputSize) => (await link.crop(photo, boxes, inputSize)).map((c) => c.pixels),
      release: (photo) => link.release(photo),
    };
  }
}
