// "Open a model folder…" (issue 27): a damaged folder is refused with its own sentence, before anything
// is loaded, and a good one loads through the app's one loader and gives the numbers the shipped folder
// gives. The folders are the shipped amtennet-faces-v1 files, damaged in memory one way each.
import { beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { useNodeBackend } from '../node/tfNode';
import { fsModelSource } from '../node/fsModelSource';
import { LocalizedError, type Localized } from '../i18n/localized';
import { localize } from '../i18n/messages';
import { AmtennetClassifier } from './classifier';
import { folderFiles, openModelFolder, type ModelFolderFiles } from './modelFolder';

const modelsDir = fileURLToPath(new URL('../../public/models/', import.meta.url));
const SHARD = 'group1-shard1of1.bin';

/** A shipped folder's files as the page hands them over (Blobs by name). */
function shipped(id: string): ModelFolderFiles {
  return Object.fromEntries(readdirSync(modelsDir + id).map((f) => [f, new Blob([readFileSync(`${modelsDir}${id}/${f}`)])]));
}
const json = (files: ModelFolderFiles, name: string) => files[name].text().then((t) => JSON.parse(t) as Record<string, unknown>);
const withJson = (files: ModelFolderFiles, name: string, value: unknown): ModelFolderFiles => ({ ...files, [name]: new Blob([JSON.stringify(value)]) });

/** Why openModelFolder refused the files (fails the test if it did not, or threw something unexplained). */
async function refusal(files: ModelFolderFiles): Promise<Localized> {
  const before = tf.memory().numTensors;
  try {
    const m = await openModelFolder(files);
    m.dispose();
  } catch (e) {
    expect(e).toBeInstanceOf(LocalizedError);
    expect(tf.memory().numTensors).toBe(before); // nothing is left loaded
    return (e as LocalizedError).localized;
  }
  throw new Error('the folder was accepted');
}

describe('openModelFolder', () => {
  let good: ModelFolderFiles;
  beforeAll(async () => {
    await useNodeBackend('wasm');
    good = shipped('amtennet-faces-v1');
  });

  it('loads a good folder, which gives exactly what the same folder gives through the app\'s loader', async () => {
    const own = await openModelFolder(good);
    const reference = await AmtennetClassifier.load(fsModelSource(`${modelsDir}amtennet-faces-v1/`));
    try {
      expect([own.card.id, own.card.version, own.card.classes]).toEqual([reference.card.id, reference.card.version, reference.card.classes]);
      const input = Float32Array.from(readFileSync(fileURLToPath(new URL('./__golden__/input_4.bin', import.meta.url))));
      const [a] = await own.scores([input]);
      const [b] = await reference.scores([input]);
      expect(a.probabilities).toEqual(b.probabilities);
    } finally {
      own.dispose();
      reference.dispose();
    }
  });

  it('takes a folder picked with its own folder name, or dropped files, by their names', () => {
    const file = (name: string) => Object.assign(new Blob([name]), { name });
    const picked = folderFiles([
      { file: file('model-card.json'), path: 'my-run/app/model-card.json' },
      { file: file('model-card.json'), path: 'my-run/app/old/model-card.json' },
      { file: file(SHARD), path: `my-run/app/${SHARD}` },
    ]);
    expect(Object.keys(picked).sort()).toEqual([SHARD, 'model-card.json']);
    return picked['model-card.json'].text().then((t) => expect(t).toBe('model-card.json'));
  });

  it('refuses no files at all', async () => {
    expect(await refusal({})).toEqual({ key: 'ownModelNoFiles', params: {} });
  });

  it('refuses a missing shard, naming it', async () => {
    const { [SHARD]: _, ...rest } = good;
    expect(await refusal(rest)).toEqual({ key: 'ownModelMissingShard', params: { file: SHARD } });
  });

  it('refuses a missing model card or manifest', async () => {
    const { 'model-card.json': _, ...noCard } = good;
    expect((await refusal(noCard)).key).toBe('ownModelMissingFile');
    const { 'weights_manifest.json': __, ...noManifest } = good;
    expect(await refusal(noManifest)).toEqual({ key: 'ownModelMissingFile', params: { file: 'weights_manifest.json' } });
  });

  it('refuses a shard of the wrong length, with both lengths', async () => {
    const bytes = new Uint8Array(await good[SHARD].arrayBuffer());
    const r = await refusal({ ...good, [SHARD]: new Blob([bytes.subarray(0, bytes.length - 4)]) });
    expect(r).toEqual({ key: 'ownModelShardLength', params: { files: SHARD, bytes: bytes.length - 4, expected: bytes.length } });
  });

  it('refuses an architecture the app does not run, and a baseline it cannot analyse photos with', async () => {
    const card = await json(good, 'model-card.json');
    const r = await refusal(withJson(good, 'model-card.json', { ...card, architecture: 'amtennet-npr' }));
    expect(r.key).toBe('ownModelUnknownArchitecture');
    expect(localize('en', r)).toBe(
      'the model card\'s architecture "amtennet-npr" is not one this app runs (amtennet, model-base, constrained-hybrid, srm-hybrid, mo-hybrid).',
    );
    expect(await refusal(shipped('model-base-faces-v1'))).toEqual({ key: 'ownModelNotAnalysable', params: { name: 'Model-base' } });
  });

  it('refuses bad JSON, naming the file', async () => {
    const r = await refusal({ ...good, 'weights_manifest.json': new Blob(['[{"paths": ["group1-shard1of1.bin"], ']) });
    expect(r.key).toBe('ownModelBadJson');
    expect((r.params as { file: string }).file).toBe('weights_manifest.json');
    expect((await refusal({ ...good, 'model-card.json': new Blob(['{ id: nope }']) })).key).toBe('ownModelBadJson');
  });

  it('refuses classes that do not match the weights', async () => {
    const card = await json(good, 'model-card.json');
    const r = await refusal(withJson(good, 'model-card.json', { ...card, classes: ['real', 'identity', 'attribute'], decision: undefined }));
    expect(r).toEqual({ key: 'ownModelClassesMismatch', params: { classes: 3, outputs: 4 } });
    expect(localize('zh', r)).toBe('模型卡列出了 3 个类别，但权重给出 4 个输出。');
  });

  it('refuses a card without classes or input size, or with another input size', async () => {
    const card = await json(good, 'model-card.json');
    expect((await refusal(withJson(good, 'model-card.json', { ...card, classes: undefined }))).key).toBe('ownModelNoClasses');
    expect((await refusal(withJson(good, 'model-card.json', { ...card, inputSize: undefined }))).key).toBe('ownModelNoInputSize');
    expect(await refusal(withJson(good, 'model-card.json', { ...card, inputSize: 224 }))).toEqual({
      key: 'ownModelInputSize',
      params: { size: '224', expected: 128 },
    });
    expect((await refusal(withJson(good, 'model-card.json', { ...card, preprocessing: { channelOrder: 'BGR' } }))).key).toBe('ownModelBadCard');
  });

  it('refuses a weight of the wrong shape (same length), a missing weight and one the network does not use', async () => {
    const manifest = (await json(good, 'weights_manifest.json')) as unknown as { paths: string[]; weights: { name: string; shape: number[] }[] }[];
    const reshaped = structuredClone(manifest);
    reshaped[0].weights.find((w) => w.name === 'conv1/kernel')!.shape = [9, 3, 3, 1];
    expect(await refusal(withJson(good, 'weights_manifest.json', reshaped))).toEqual({
      key: 'ownModelWeightShape',
      params: { name: 'conv1/kernel', shape: '9 × 3 × 3 × 1', architecture: 'AMTENnet', expected: '3 × 3 × 3 × 3' },
    });
    const renamed = structuredClone(manifest);
    renamed[0].weights.find((w) => w.name === 'bn4/gamma')!.name = 'bn4/scale';
    expect((await refusal(withJson(good, 'weights_manifest.json', renamed))).key).toBe('ownModelWeightMissing');
    const extra = structuredClone(manifest);
    extra[0].weights.push({ name: 'npr/kernel', shape: [0], dtype: 'float32' } as (typeof extra)[0]['weights'][0]);
    expect(await refusal(withJson(good, 'weights_manifest.json', extra))).toEqual({
      key: 'ownModelWeightUnexpected',
      params: { name: 'npr/kernel', architecture: 'AMTENnet' },
    });
    expect((await refusal(withJson(good, 'weights_manifest.json', { weights: [] }))).key).toBe('ownModelBadManifest');
  });

  it('refuses weights that make the numeric self-test fail (NaN in the last layer)', async () => {
    const bytes = new Uint8Array(await good[SHARD].arrayBuffer()).slice();
    // fc2/bias, float32, is the last weight of the shard.
    new DataView(bytes.buffer).setFloat32(bytes.length - 4, NaN, true);
    expect(await refusal({ ...good, [SHARD]: new Blob([bytes]) })).toEqual({ key: 'ownModelSelfTestNotFinite', params: {} });
  });
});
