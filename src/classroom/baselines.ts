// Which models the classroom's comparison may put beside the app's AMTENnet: the baselines of the paper's
// comparison and the app's earlier AMTENnet (faces-v1 only), each in its folder under public/models when the
// build ships it, or any folder named by `?baseline=<id>`. No DOM and no Vite: the end-to-end tests read it too.
import { ARCHITECTURES } from '../model/spec';

/**
 * The app's model before issue 23: AMTENnet 1.0.0, trained on faces-v1 only, where each kind of manipulation
 * came almost from one source, so it learned which data set a face came from. Beside the app's model
 * (amtennet-faces-v2, the same network trained on many more sources) it shows what the data changed.
 */
export const FACES_V1_AMTENNET_ID = 'amtennet-faces-v1';

/**
 * The folders the comparison offers, in this order: each baseline's `<architecture>-faces-v1` (MODEL_IDS of
 * training/tracelens_train/architectures.py), then the faces-v1 AMTENnet. The app's own model is never offered
 * (src/classroom/Compare.tsx leaves it out unless `?baseline=` names it).
 */
export const BASELINE_IDS: readonly string[] = [
  ...ARCHITECTURES.filter((a) => a !== 'amtennet').map((a) => `${a}-faces-v1`),
  FACES_V1_AMTENNET_ID,
];
/** Model-base, the paper's first baseline: chosen first when the build has it. */
export const BASELINE_ID = 'model-base-faces-v1';

/** `?baseline=<id>` compares with any other folder under public/models (same rule as `?model=`); null without one. */
export function baselineParam(search: string): string | null {
  const b = new URLSearchParams(search).get('baseline');
  return b && /^[a-z0-9][a-z0-9._-]*$/i.test(b) ? b : null;
}
