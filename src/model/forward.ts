// The forward pass of every architecture the app runs (spec.ts), in TensorFlow.js ops: AMTENnet, and its
// baselines (Model-base: the backbone on the image; the hybrids: a front-end convolution, then the backbone).
// Defined once: the worker, the Node evaluation command and the tests all run these functions.
import * as tf from '@tensorflow/tfjs-core';
import { FRONT_KERNEL, type Architecture } from './spec';

export type WeightMap = Record<string, tf.Tensor>;

const BN_EPSILON = 1e-5;

/** Every intermediate map a teaching view or a test may want, all NHWC. */
export interface AmtennetActivations {
  conv1: tf.Tensor4D;
  fmt: tf.Tensor4D;
  f1: tf.Tensor4D;
  freu: tf.Tensor4D;
  block4: tf.Tensor4D;
  block5: tf.Tensor4D;
  block6: tf.Tensor4D;
  block7: tf.Tensor4D;
  flat: tf.Tensor2D;
  fc0: tf.Tensor2D;
  fc1: tf.Tensor2D;
  logits: tf.Tensor2D;
  /** AMTENnet has no front end. */
  front: null;
}

/**
 * The baselines have no AMTEN module: their AMTEN maps are null. `front` is a hybrid's front-end output
 * (3 channels, 128 x 128), null for Model-base. Everything else is as AMTENnet's.
 */
export interface BaselineActivations extends Omit<AmtennetActivations, 'conv1' | 'fmt' | 'f1' | 'freu' | 'front'> {
  conv1: null;
  fmt: null;
  f1: null;
  freu: null;
  front: tf.Tensor4D | null;
}

export type ModelActivations = AmtennetActivations | BaselineActivations;

function get<R extends tf.Rank>(w: WeightMap, name: string): tf.Tensor<R> {
  const t = w[name];
  if (!t) throw new Error(`Model weight "${name}" is missing`);
  return t as tf.Tensor<R>;
}

function conv(w: WeightMap, name: string, x: tf.Tensor4D, pad: 'same' | 'valid', bias = true): tf.Tensor4D {
  const y = tf.conv2d(x, get<tf.Rank.R4>(w, `${name}/kernel`), 1, pad);
  return bias ? tf.add<tf.Tensor4D>(y, get(w, `${name}/bias`)) : y;
}

function batchNorm(w: WeightMap, name: string, x: tf.Tensor4D): tf.Tensor4D {
  return tf.batchNorm(
    x,
    get<tf.Rank.R1>(w, `${name}/moving_mean`),
    get<tf.Rank.R1>(w, `${name}/moving_variance`),
    get<tf.Rank.R1>(w, `${name}/beta`),
    get<tf.Rank.R1>(w, `${name}/gamma`),
    BN_EPSILON,
  );
}

function dense(w: WeightMap, name: string, x: tf.Tensor2D): tf.Tensor2D {
  return tf.add<tf.Tensor2D>(tf.matMul(x, get<tf.Rank.R2>(w, `${name}/kernel`)), get(w, `${name}/bias`));
}

/**
 * Runs AMTENnet on a batch of NHWC images with raw 0..255 RGB values.
 * Pooling paddings reproduce Caffe's ceil rounding: pool4 and pool5 'same', pool6 'valid', pool7 'same'.
 * Call inside tf.tidy; every returned tensor is new.
 */
export function amtennetForward(w: WeightMap, input: tf.Tensor4D): AmtennetActivations {
  // AMTEN module: linear, no activation, no batch norm.
  const conv1 = conv(w, 'conv1', input, 'same', false);
  const fmt = tf.sub<tf.Tensor4D>(conv1, input);
  const c21 = conv(w, 'conv2_1', fmt, 'same');
  const c22 = conv(w, 'conv2_2', c21, 'same');
  const f1 = tf.concat([c22, fmt], 3);
  const c31 = conv(w, 'conv3_1', f1, 'same');
  const c32 = conv(w, 'conv3_2', c31, 'same');
  const freu = tf.concat([c32, f1], 3);
  return { conv1, fmt, f1, freu, front: null, ...backboneForward(w, freu) };
}

/**
 * Runs a baseline on a batch of NHWC images with raw 0..255 RGB values: Model-base is AMTENnet's backbone
 * straight on the image; a hybrid first applies its front end ("front/kernel", no bias, stride 1, 'same'
 * padding, i.e. PyTorch's zero padding of k // 2), in float32 like AMTEN. Call inside tf.tidy.
 */
export function baselineForward(w: WeightMap, input: tf.Tensor4D, architecture: Exclude<Architecture, 'amtennet'>): BaselineActivations {
  const front = FRONT_KERNEL[architecture] ? conv(w, 'front', input, 'same', false) : null;
  return { conv1: null, fmt: null, f1: null, freu: null, front, ...backboneForward(w, front ?? input) };
}

/** Runs whichever architecture the model card names. */
export function modelForward(w: WeightMap, input: tf.Tensor4D, architecture: 'amtennet'): AmtennetActivations;
export function modelForward(w: WeightMap, input: tf.Tensor4D, architecture: Exclude<Architecture, 'amtennet'>): BaselineActivations;
export function modelForward(w: WeightMap, input: tf.Tensor4D, architecture: Architecture): ModelActivations;
export function modelForward(w: WeightMap, input: tf.Tensor4D, architecture: Architecture): ModelActivations {
  return architecture === 'amtennet' ? amtennetForward(w, input) : baselineForward(w, input, architecture);
}

type BackboneActivations = Omit<AmtennetActivations, 'conv1' | 'fmt' | 'f1' | 'freu' | 'front'>;

/** conv4 .. fc2 on Freu (AMTENnet), on the image (Model-base) or on a front end's output (a hybrid). */
function backboneForward(w: WeightMap, x: tf.Tensor4D): BackboneActivations {
  // Backbone: conv -> max-pool -> ReLU -> batch norm.
  const block4 = batchNorm(w, 'bn4', tf.relu(tf.maxPool(conv(w, 'conv4', x, 'same'), 3, 2, 'same')));
  const block5 = batchNorm(w, 'bn5', tf.relu(tf.maxPool(conv(w, 'conv5', block4, 'valid'), 3, 2, 'same')));
  const block6 = batchNorm(w, 'bn6', tf.relu(tf.maxPool(conv(w, 'conv6', block5, 'valid'), 3, 2, 'valid')));
  const block7 = tf.relu(tf.maxPool(conv(w, 'conv7', block6, 'same'), 3, 2, 'same'));

  const flat = tf.reshape(block7, [block7.shape[0], -1]) as tf.Tensor2D;
  const fc0 = dense(w, 'fc0', flat);
  const fc1 = dense(w, 'fc1', fc0);
  const logits = dense(w, 'fc2', fc1);
  return { block4, block5, block6, block7, flat, fc0, fc1, logits };
}
