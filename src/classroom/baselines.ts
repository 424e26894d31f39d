// Which models the classroom's comparison may put beside AMTENnet: the baselines of the paper's
// comparison, each in its folder under public/models when the build ships it, or any folder named by
// `?baseline=<id>`. No DOM and no Vite: the end-to-end tests read it too.
import { ARCHITECTURES } from '../model/spec';

/** The folders a baseline ships in: `<architecture>-faces-v1` (MODEL_IDS of training/tracelens_train/export.py). */
export const BASELINE_IDS: readonly string[] = ARCHITECTURES.filter((a) => a !== 'amtennet').map((a) => `${a}-faces-v1`);
/** Model-base, the paper's first baseline: chosen first when the build has it. */
export const BASELINE_ID = 'model-base-faces-v1';

/** `?baseline=<id>` compares with any other folder under public/models (same rule as `?model=`); null without one. */
export function baselineParam(search: string): string | null {
  const b = new URLSearchParams(search).get('baseline');
  return b && /^[a-z0-9][a-z0-9._-]*$/i.test(b) ? b : null;
}
