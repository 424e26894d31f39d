// Model folders other than the loaded one that the analysis worker runs on request: a baseline beside
// AMTENnet in the classroom's comparison, or any shipped model timed by `npm run bench -- --models`.
// Each folder is loaded once and kept; a failed load is forgotten so that it can be tried again.
import { AmtennetClassifier } from '../model/classifier';
import { httpModelSource } from '../model/httpSource';

const loaded = new Map<string, Promise<AmtennetClassifier>>();

/** The model in the folder at `url`, or `current` (the worker's own model) when no url is given. */
export function modelAt(url: string | undefined, current: AmtennetClassifier): Promise<AmtennetClassifier> {
  if (!url) return Promise.resolve(current);
  let m = loaded.get(url);
  if (!m) {
    m = AmtennetClassifier.load(httpModelSource(url));
    m.catch(() => loaded.delete(url));
    loaded.set(url, m);
  }
  return m;
}
