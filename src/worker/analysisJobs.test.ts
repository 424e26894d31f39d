import { describe, expect, it } from 'vitest';
import { AnalysisJobs, type JobOutcome, type PhotoDecoder } from './analysisJobs';
import type { FaceFinder } from '../analysis/faceFinder';
import type { OpenedPhoto } from '../analysis/pipeline';
import type { ModelScores } from '../model/classifier';
import { localized, LocalizedError, type Localized } from '../i18n/localized';

const photo = (side: number): OpenedPhoto => ({
  width: side,
  height: side,
  format: 'PNG',
  warnings: [],
  facts: { fileSize: 1, jpegQuality: null, exif: null },
  detectImage: { width: side, height: side, data: new Uint8Array(side * side * 4) },
});

/**
 * The decoder, detector and network stand-ins: a photo named "n faces" has n faces; the network
 * gives each input its first value as the probability of "real", and counts its calls.
 */
function setup(failOpen?: Error, opts: { detectFails?: Map<number, unknown>; scoresFail?: unknown; lost?: boolean } = {}) {
  const opened = new Map<number, (p: OpenedPhoto) => void>();
  const released: number[] = [];
  const decoder: PhotoDecoder = {
    open: (id) => (failOpen ? Promise.reject(failOpen) : new Promise((resolve) => opened.set(id, resolve))),
    crop: async (_id, boxes) => boxes.map((b) => new Float32Array([b[0] / 1000])),
    release: (id) => released.push(id),
  };
  const faces = new Map<number, number>();
  const detector: FaceFinder = {
    name: 'fake',
    framing: { scale: 1, shiftY: 0 },
    detect: async (img) => {
      if (opts.detectFails?.has(img.width)) throw opts.detectFails.get(img.width);
      return Array.from({ length: faces.get(img.width) ?? 0 }, (_, i) => ({ box: [i * 10, 0, 8, 8], score: 0.9 }));
    },
    dispose: () => {},
  };
  const batches: number[] = [];
  const model = {
    inputSize: 8,
    scores: async (inputs: Float32Array[]): Promise<ModelScores[]> => {
      batches.push(inputs.length);
      if (opts.scoresFail) throw opts.scoresFail;
      return inputs.map((x) => ({ probabilities: [x[0], 1 - x[0]] }) as ModelScores);
    },
  };
  const answers = new Map<number, JobOutcome>();
  const fatal: Localized[] = [];
  const faulted: Localized[] = [];
  const jobs = new AnalysisJobs({
    model,
    detector,
    decoder,
    reply: (id, o) => answers.set(id, o),
    trustworthy: () => true,
    fatal: (m) => fatal.push(m),
    faulted: (m) => faulted.push(m),
    lost: () => opts.lost ?? false,
  });
  /** Opens job `id`'s photo, with `n` faces in it. */
  const open = (id: number, n: number) => {
    faces.set(100 + id, n);
    opened.get(id)!(photo(100 + id));
  };
  return { jobs, open, answers, batches, released, fatal, faulted };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('AnalysisJobs', () => {
  it('waits for 4 faces while other photos are on their way, then runs them in one batch, each photo its own answer', async () => {
    const { jobs, open, answers, batches } = setup();
    const runs = [1, 2, 3].map((id) => jobs.analyse(id, new Blob(), undefined));
    open(1, 1);
    open(2, 2);
    await tick();
    expect(batches).toEqual([]); // 3 faces ready, photo 3 on its way
    open(3, 1);
    await Promise.all(runs);
    expect(batches).toEqual([4]);
    const a = answers.get(2) as { analysis: { faces: { box: number[]; probabilities: number[] }[] } };
    expect(a.analysis.faces.map((f) => [f.box[0], Number(f.probabilities[0].toFixed(6))])).toEqual([
      [0, 0],
      [10, 0.01],
    ]);
  });

  it('a cancelled photo is answered as cancelled at its next step, or at once while its faces wait, and frees the batch', async () => {
    const { jobs, open, answers, batches, released } = setup();
    const first = jobs.analyse(1, new Blob(), undefined);
    const second = jobs.analyse(2, new Blob(), undefined);
    jobs.cancel(2);
    open(2, 1);
    await second;
    expect(answers.get(2)).toBe('cancelled');
    expect(released).toContain(2);
    const third = jobs.analyse(3, new Blob(), undefined);
    open(1, 1);
    await tick();
    // Photo 1's face waits for photo 3's: cancelled now, it is answered and the batch does not wait for it.
    jobs.cancel(1);
    await first;
    expect(answers.get(1)).toBe('cancelled');
    open(3, 1);
    await third;
    expect(batches).toEqual([1]);
    expect(answers.get(3)).toMatchObject({ analysis: { faces: [{ origin: 'detected' }] } });
  });

  it('reports a photo the decoder cannot open, in the decoder\'s words', async () => {
    const { jobs, answers } = setup(new Error('not a photo'));
    await jobs.analyse(7, new Blob(), undefined);
    expect(answers.get(7)).toEqual({ failed: { key: 'unexpectedError', params: { detail: 'not a photo' } } });
  });
});

describe('AnalysisJobs: a fault of the engine (issue 24)', () => {
  const trap = () => new WebAssembly.RuntimeError('memory access out of bounds');

  it('answers the photo that faulted with its own message, answers nothing else, and gives the worker up', async () => {
    const { jobs, open, answers, batches, fatal, faulted } = setup(undefined, { detectFails: new Map([[102, trap()]]) });
    for (const id of [1, 2, 3]) void jobs.analyse(id, new Blob(), undefined);
    open(1, 1);
    open(2, 1);
    await tick();
    expect(answers.get(2)).toEqual({ failed: { key: 'jobEngineFault', params: { detail: 'memory access out of bounds' } } });
    expect(faulted).toEqual([{ key: 'engineFault', params: { detail: 'memory access out of bounds' } }]);
    expect(fatal).toEqual([]);
    // Nothing computed here afterwards is trusted: photo 1's face never reaches the network, 3 is not answered.
    open(3, 1);
    void jobs.analyse(4, new Blob(), undefined);
    await tick();
    expect([...answers.keys()]).toEqual([2]);
    expect(batches).toEqual([]);
  });

  it("the decoder's fault is the decoder's; a plain error stays the photo's own message", async () => {
    const decoderFault = new LocalizedError(localized('jobDecoderFault', { detail: 'Array buffer allocation failed' }));
    const d = setup(decoderFault);
    await d.jobs.analyse(5, new Blob(), undefined);
    expect(d.answers.get(5)).toEqual({ failed: decoderFault.localized });
    expect(d.faulted).toEqual([{ key: 'engineDecoderFault', params: { detail: 'Array buffer allocation failed' } }]);

    const plain = setup(undefined, { detectFails: new Map([[101, new LocalizedError(localized('detectBadShape', { width: 0, height: 1 }))]]) });
    const run = plain.jobs.analyse(1, new Blob(), undefined);
    plain.open(1, 1);
    await run;
    expect(plain.answers.get(1)).toEqual({ failed: { key: 'detectBadShape', params: { width: 0, height: 1 } } });
    expect(plain.faulted).toEqual([]);
  });

  it('a fault with several photos in the network, or on a lost context, blames none of them', async () => {
    const batch = setup(undefined, { scoresFail: trap() });
    for (const id of [1, 2, 3, 4]) void batch.jobs.analyse(id, new Blob(), undefined);
    for (const id of [1, 2, 3, 4]) batch.open(id, 1);
    await tick();
    expect(batch.batches).toEqual([4]);
    expect(batch.answers.size).toBe(0);
    expect(batch.fatal).toEqual([{ key: 'engineFault', params: { detail: 'memory access out of bounds' } }]);
    expect(batch.faulted).toEqual([]);

    const lost = setup(undefined, { detectFails: new Map([[101, new Error('CONTEXT_LOST_WEBGL')]]), lost: true });
    void lost.jobs.analyse(1, new Blob(), undefined);
    lost.open(1, 1);
    await tick();
    expect(lost.answers.size).toBe(0);
    expect(lost.fatal).toHaveLength(1);
    expect(lost.faulted).toEqual([]);
  });
});
