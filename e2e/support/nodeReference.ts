// What the app's shipped model gives for the same file in Node (wasm backend): the reference
// the browser's numbers are checked against.
import { fileURLToPath } from 'node:url';
import { useNodeBackend } from '../../src/node/tfNode';
import { fsModelSource } from '../../src/node/fsModelSource';
import { decodeFileRgba } from '../../src/node/decodeFile';
import { AmtennetClassifier } from '../../src/model/classifier';
import { toModelInput } from '../../src/crop/preprocess';
import { DEFAULT_MODEL_ID } from '../../src/state/urlSettings';

/** The app's model: the one a page opened without ?model= runs. */
const MODEL_DIR = fileURLToPath(new URL(`../../public/models/${DEFAULT_MODEL_ID}/`, import.meta.url));

export async function nodeProbabilities(paths: string[]): Promise<Map<string, Record<string, number>>> {
  await useNodeBackend('wasm');
  const model = await AmtennetClassifier.load(fsModelSource(MODEL_DIR));
  const out = new Map<string, Record<string, number>>();
  try {
    for (const p of paths) {
      const img = await decodeFileRgba(p);
      const input = toModelInput(img, [0, 0, img.width, img.height], model.inputSize);
      const [s] = await model.classify([input.pixels]);
      out.set(p, Object.fromEntries(model.card.classes.map((c, i) => [c, s.probabilities[i]])));
    }
  } finally {
    model.dispose();
  }
  return out;
}

/** What the model gives in Node for given regions of a file: checks the browser's full-resolution crops. */
export async function nodeProbabilitiesForBoxes(path: string, boxes: [number, number, number, number][]): Promise<Record<string, number>[]> {
  await useNodeBackend('wasm');
  const model = await AmtennetClassifier.load(fsModelSource(MODEL_DIR));
  try {
    const img = await decodeFileRgba(path);
    const crops = boxes.map((box) => toModelInput(img, box, model.inputSize).pixels);
    const scores = await model.classify(crops);
    return scores.map((s) => Object.fromEntries(model.card.classes.map((c, i) => [c, s.probabilities[i]])));
  } finally {
    model.dispose();
  }
}

/** The crop Node cuts for a region of a file, as RGBA bytes: what the page's details must draw. */
export async function nodeCrop(path: string, box: [number, number, number, number], inputSize = 128): Promise<Uint8ClampedArray> {
  return toModelInput(await decodeFileRgba(path), box, inputSize).preview;
}
