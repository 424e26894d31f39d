// A person's own model folder (issue 27): the files of a folder exported by training/ (model-card.json,
// weights_manifest.json, its shards), checked before the app uses it. Every refusal is its own sentence
// (src/i18n/ownModelMessages.ts), thrown as a LocalizedError. The weights are then loaded by the one
// loader (AmtennetClassifier.load, weights.ts) and a numeric self-test runs. No DOM: the worker, Node and
// the tests run it alike.
import { localized, LocalizedError, type Localized } from '../i18n/localized';
import { AmtennetClassifier } from './classifier';
import { parseArchitecture, parseModelCard, type ModelCard } from './modelCard';
import { ARCHITECTURE_NAMES, ARCHITECTURES, modelParams, type Architecture } from './spec';
import { expectedBytes, MODEL_CARD, WEIGHTS_MANIFEST, type ModelSource, type WeightsManifest } from './weights';
import type { ModelFolderFiles } from './modelFolderFiles';

export { folderFiles, type ModelFolderFiles } from './modelFolderFiles';

/** The input size the app's networks take (spec.ts: every architecture is laid out for it). */
export const OWN_MODEL_INPUT_SIZE = 128;

const refuse = (reason: Localized): never => {
  throw new LocalizedError(reason);
};

/** Reads the folder's files as the loader reads a model folder; a missing file or bad JSON is refused with its own message. */
export function folderModelSource(files: ModelFolderFiles): ModelSource {
  const get = (path: string, missing: Localized) => files[path] ?? refuse(missing);
  return {
    async readJson(path) {
      const text = await get(path, localized('ownModelMissingFile', { file: path })).text();
      try {
        return JSON.parse(text) as unknown;
      } catch (e) {
        return refuse(localized('ownModelBadJson', { file: path, detail: e instanceof Error ? e.message : String(e) }));
      }
    },
    async readBinary(path) {
      return get(path, localized('ownModelMissingShard', { file: path })).arrayBuffer();
    },
  };
}

/** The card's fields the app needs, each refused with its own sentence; then the card parser's other rules. */
function checkCard(json: unknown): ModelCard {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    refuse(localized('ownModelBadCard', { detail: 'not a JSON object' }));
  const c = json as Record<string, unknown>;
  let architecture: Architecture;
  try {
    architecture = parseArchitecture(c.architecture);
  } catch {
    return refuse(localized('ownModelUnknownArchitecture', { architecture: String(c.architecture), known: ARCHITECTURES.join(', ') }));
  }
  if (architecture !== 'amtennet') refuse(localized('ownModelNotAnalysable', { name: ARCHITECTURE_NAMES[architecture] }));
  const classes = c.classes;
  if (!Array.isArray(classes) || classes.length < 2 || !classes.every((k) => typeof k === 'string' && k) || new Set(classes).size !== classes.length)
    refuse(localized('ownModelNoClasses', {}));
  if (c.inputSize === undefined || c.inputSize === null) refuse(localized('ownModelNoInputSize', {}));
  if (c.inputSize !== OWN_MODEL_INPUT_SIZE)
    refuse(localized('ownModelInputSize', { size: String(c.inputSize), expected: OWN_MODEL_INPUT_SIZE }));
  try {
    return parseModelCard(json);
  } catch (e) {
    return refuse(localized('ownModelBadCard', { detail: e instanceof Error ? e.message.replace(/^Invalid model card: /, '') : String(e) }));
  }
}

function checkManifest(json: unknown): WeightsManifest {
  const bad = (detail: string) => refuse(localized('ownModelBadManifest', { detail }));
  if (!Array.isArray(json) || json.length === 0) return bad('not a list of weight groups');
  for (const [g, group] of json.entries()) {
    const { paths, weights } = (group ?? {}) as Record<string, unknown>;
    if (!Array.isArray(paths) || paths.length === 0 || !paths.every((p) => typeof p === 'string' && p))
      bad(`group ${g + 1} has no "paths"`);
    if (!Array.isArray(weights)) return bad(`group ${g + 1} has no "weights"`);
    for (const w of weights as unknown[]) {
      const { name, shape, dtype } = (w ?? {}) as Record<string, unknown>;
      if (typeof name !== 'string' || !Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && (d as number) >= 0) || typeof dtype !== 'string')
        bad(`a weight of group ${g + 1} lacks a name, a shape or a dtype`);
    }
  }
  return json as WeightsManifest;
}

const shapeText = (shape: readonly number[]) => shape.join(' × ');

/** Every weight the architecture needs, at its shape for the card's classes, and no other. */
function checkWeights(manifest: WeightsManifest, card: ModelCard): void {
  const have = new Map(manifest.flatMap((g) => g.weights.map((w) => [w.name, w.shape] as const)));
  const arch = ARCHITECTURE_NAMES[card.architecture];
  const n = card.classes.length;
  const expected = modelParams(card.architecture, n);
  // The weights whose shape follows the number of classes (the last layer): what they say about the outputs.
  const other = new Map(modelParams(card.architecture, n + 1).map((s) => [s.name, s.shape]));
  for (const spec of expected) {
    const got = have.get(spec.name);
    if (!got || shapeText(got) === shapeText(spec.shape) || shapeText(other.get(spec.name)!) === shapeText(spec.shape)) continue;
    const classAxis = spec.shape.findIndex((d, i) => d !== other.get(spec.name)![i]);
    const sameElsewhere = got.length === spec.shape.length && got.every((d, i) => i === classAxis || d === spec.shape[i]);
    if (sameElsewhere) refuse(localized('ownModelClassesMismatch', { classes: n, outputs: got[classAxis] }));
  }
  for (const spec of expected) {
    const got = have.get(spec.name);
    if (!got) refuse(localized('ownModelWeightMissing', { name: spec.name, architecture: arch }));
    else if (shapeText(got) !== shapeText(spec.shape))
      refuse(localized('ownModelWeightShape', { name: spec.name, shape: shapeText(got), architecture: arch, expected: shapeText(spec.shape) }));
  }
  const known = new Set(expected.map((s) => s.name));
  for (const name of have.keys()) if (!known.has(name)) refuse(localized('ownModelWeightUnexpected', { name, architecture: arch }));
}

/** Every shard the manifest names is among the files, and each group's shards hold exactly its weights' bytes. */
function checkShards(manifest: WeightsManifest, files: ModelFolderFiles): void {
  for (const group of manifest) {
    for (const path of group.paths) if (!files[path]) refuse(localized('ownModelMissingShard', { file: path }));
    const bytes = group.paths.reduce((sum, p) => sum + files[p].size, 0);
    const need = expectedBytes(group.weights);
    if (bytes !== need) refuse(localized('ownModelShardLength', { files: group.paths.join(', '), bytes, expected: need }));
  }
}

/** What a folder is, once every check before loading has passed. */
export interface CheckedModelFolder {
  card: ModelCard;
  manifest: WeightsManifest;
}

/** The checks that need no weights loaded: card, manifest, shards and shapes, in that order. */
export async function checkModelFolder(files: ModelFolderFiles): Promise<CheckedModelFolder> {
  if (Object.keys(files).length === 0) refuse(localized('ownModelNoFiles', {}));
  const source = folderModelSource(files);
  const cardJson = await source.readJson(MODEL_CARD);
  const manifestJson = await source.readJson(WEIGHTS_MANIFEST);
  const card = checkCard(cardJson);
  const manifest = checkManifest(manifestJson);
  checkShards(manifest, files);
  checkWeights(manifest, card);
  return { card, manifest };
}

/** Deterministic inputs for the self-test: a ramp and a pattern, 0..255 HWC. */
function selfTestInputs(size: number): Float32Array[] {
  const ramp = new Float32Array(size * size * 3);
  const pattern = new Float32Array(size * size * 3);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++)
      for (let c = 0; c < 3; c++) {
        const i = (y * size + x) * 3 + c;
        ramp[i] = ((x + y + c * 40) * 255) / (2 * size + 80);
        pattern[i] = ((x * 7 + y * 13 + c * 101) % 256) ^ ((x >> 3) & 1 ? 0x55 : 0);
      }
  return [ramp, pattern];
}

/** Runs the model on fixed inputs: every probability finite and each face's adding up to 1 (within float error). */
export async function selfTest(model: AmtennetClassifier): Promise<void> {
  const scores = await model.scores(selfTestInputs(model.inputSize), { fmt: true });
  for (const s of scores) {
    if (!s.probabilities.every(Number.isFinite) || (s.fmt && !s.fmt.every(Number.isFinite))) refuse(localized('ownModelSelfTestNotFinite', {}));
    const sum = s.probabilities.reduce((a, b) => a + b, 0);
    if (Math.abs(sum - 1) > 1e-3 || s.probabilities.some((p) => p < 0 || p > 1)) refuse(localized('ownModelSelfTestSum', { sum: sum.toFixed(4) }));
  }
}

/**
 * The folder's model, checked, loaded by the app's one loader and self-tested on the backend in use; the
 * caller owns it (dispose()). Any failure is a LocalizedError saying why, and nothing is left loaded.
 */
export async function openModelFolder(files: ModelFolderFiles): Promise<AmtennetClassifier> {
  await checkModelFolder(files);
  let model: AmtennetClassifier;
  try {
    model = await AmtennetClassifier.load(folderModelSource(files));
  } catch (e) {
    if (e instanceof LocalizedError) throw e;
    return refuse(localized('ownModelBadManifest', { detail: e instanceof Error ? e.message : String(e) }));
  }
  try {
    await selfTest(model);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model;
}
