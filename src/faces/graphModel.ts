// Runs a small TensorFlow.js graph model (model.json + weights, as tfjs-converter writes them) with
// tfjs-core's ops, for the handful of ops that MediaPipe's face detectors use. tfjs-converter would
// run any graph, but it adds tens of kB to the app's JavaScript; these models need a dozen ops.
import * as tf from '@tensorflow/tfjs-core';
import { loadWeights, type ModelSource, type WeightsManifest } from '../model/weights';

interface AttrValue {
  i?: string;
  f?: number;
  b?: boolean;
  s?: string;
  list?: { i?: string[]; s?: string[] };
}

export interface GraphNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, AttrValue>;
}

export interface GraphModelJson {
  format?: string;
  modelTopology: { node: GraphNode[] };
  weightsManifest: WeightsManifest;
}

/** Integer constants and shapes are computed in JavaScript, not as tensors. */
interface Ints {
  values: number[];
  shape: number[];
}
type Value = tf.Tensor | Ints;

const isInts = (v: Value): v is Ints => !(v instanceof tf.Tensor);
const text = (s: string | undefined) => (s === undefined ? '' : atob(s));
const ints = (a: AttrValue | undefined) => (a?.list?.i ?? []).map(Number);
const padding = (a: AttrValue | undefined) => text(a?.s).toLowerCase() as 'same' | 'valid';

export class GraphModel {
  private constructor(
    private nodes: Map<string, GraphNode>,
    private weights: Map<string, Value>,
  ) {}

  static async load(source: ModelSource, modelJson: string): Promise<GraphModel> {
    const json = (await source.readJson(modelJson)) as GraphModelJson;
    if (json.format !== 'graph-model' || !json.modelTopology?.node) throw new Error(`${modelJson} is not a TensorFlow.js graph model`);
    const loaded = await loadWeights(source, json.weightsManifest);
    const weights = new Map<string, Value>();
    for (const [name, t] of Object.entries(loaded)) {
      if (t.dtype === 'int32') {
        weights.set(name, { values: Array.from(t.dataSync()), shape: t.shape });
        t.dispose();
      } else weights.set(name, t);
    }
    const nodes = new Map(json.modelTopology.node.map((n) => [n.name, n]));
    for (const n of nodes.values()) if (!(n.op in OPS) && n.op !== 'Const' && n.op !== 'Placeholder') throw new Error(`${modelJson}: the op ${n.op} (${n.name}) is not supported`);
    return new GraphModel(nodes, weights);
  }

  /** Runs the graph on `input` and returns the named outputs; intermediate tensors are freed. */
  execute(input: tf.Tensor4D, outputs: string[]): tf.Tensor[] {
    return tf.tidy(() => {
      const values = new Map<string, Value>();
      const evaluate = (ref: string): Value => {
        const name = ref.split(':')[0];
        const known = values.get(name) ?? this.weights.get(name);
        if (known) return known;
        const node = this.nodes.get(name);
        if (!node) throw new Error(`graph model: no node ${name}`);
        const value = node.op === 'Placeholder' ? input : OPS[node.op]((node.input ?? []).filter((i) => !i.startsWith('^')).map(evaluate), node);
        values.set(name, value);
        return value;
      };
      return outputs.map((o) => {
        const v = evaluate(o);
        if (isInts(v)) throw new Error(`graph model: output ${o} is not a tensor`);
        return v;
      });
    });
  }

  dispose(): void {
    for (const v of this.weights.values()) if (!isInts(v)) v.dispose();
  }
}

const tensor = (v: Value): tf.Tensor => (isInts(v) ? tf.tensor(v.values, v.shape, 'int32') : v);
const numbers = (v: Value): number[] => {
  if (!isInts(v)) throw new Error('graph model: expected an integer constant');
  return v.values;
};

function fusedActivation(node: GraphNode): 'linear' | 'relu' | 'relu6' {
  const ops = (node.attr?.fused_ops?.list?.s ?? []).map(text);
  if (ops[0] !== 'BiasAdd' || ops.length > 2) throw new Error(`graph model: fused ops ${ops.join('+')} not supported`);
  const act = ops[1];
  if (act === undefined) return 'linear';
  if (act === 'Relu') return 'relu';
  if (act === 'Relu6') return 'relu6';
  throw new Error(`graph model: fused activation ${act} not supported`);
}

function stride2d(node: GraphNode): [number, number] {
  const s = ints(node.attr?.strides);
  return [s[1] ?? 1, s[2] ?? 1];
}

function dilation2d(node: GraphNode): [number, number] {
  const d = ints(node.attr?.dilations);
  return [d[1] ?? 1, d[2] ?? 1];
}

type Op = (inputs: Value[], node: GraphNode) => Value;

const OPS: Record<string, Op> = {
  Identity: ([x]) => x,
  _FusedConv2D: ([x, filter, bias], node) =>
    tf.fused.conv2d({
      x: tensor(x) as tf.Tensor4D,
      filter: tensor(filter) as tf.Tensor4D,
      strides: stride2d(node),
      pad: padding(node.attr?.padding),
      dilations: dilation2d(node),
      bias: tensor(bias),
      activation: fusedActivation(node),
    }),
  FusedDepthwiseConv2dNative: ([x, filter, bias], node) =>
    tf.fused.depthwiseConv2d({
      x: tensor(x) as tf.Tensor4D,
      filter: tensor(filter) as tf.Tensor4D,
      strides: stride2d(node),
      pad: padding(node.attr?.padding),
      dilations: dilation2d(node),
      bias: tensor(bias),
      activation: fusedActivation(node),
    }),
  DepthwiseConv2dNative: ([x, filter], node) =>
    tf.depthwiseConv2d(tensor(x) as tf.Tensor4D, tensor(filter) as tf.Tensor4D, stride2d(node), padding(node.attr?.padding), 'NHWC', dilation2d(node)),
  AddV2: ([a, b]) => tf.add(tensor(a), tensor(b)),
  Relu: ([x]) => tf.relu(tensor(x)),
  Pad: ([x, p]) => {
    const v = numbers(p);
    const pairs = Array.from({ length: v.length / 2 }, (_, i) => [v[2 * i], v[2 * i + 1]] as [number, number]);
    return tf.pad(tensor(x), pairs);
  },
  MaxPool: ([x], node) => {
    const k = ints(node.attr?.ksize);
    return tf.maxPool(tensor(x) as tf.Tensor4D, [k[1], k[2]], stride2d(node), padding(node.attr?.padding));
  },
  Reshape: ([x, shape]) => tf.reshape(tensor(x), numbers(shape)),
  ConcatV2: (inputs) => tf.concat(inputs.slice(0, -1).map(tensor), numbers(inputs[inputs.length - 1])[0]),
  ResizeBilinear: ([x, size], node) => {
    const [h, w] = numbers(size);
    return tf.image.resizeBilinear(tensor(x) as tf.Tensor4D, [h, w], node.attr?.align_corners?.b ?? false, node.attr?.half_pixel_centers?.b ?? false);
  },
  DepthToSpace: ([x], node) => tf.depthToSpace(tensor(x) as tf.Tensor4D, Number(node.attr?.block_size?.i), 'NHWC'),
  // Shape arithmetic (batch size into a Reshape): plain numbers.
  Shape: ([x]) => ({ values: [...x.shape], shape: [x.shape.length] }),
  StridedSlice: ([x, begin, end, strides], node) => {
    const v = numbers(x);
    const [b, e, s] = [numbers(begin)[0], numbers(end)[0], numbers(strides)[0]];
    if (Number(node.attr?.shrink_axis_mask?.i ?? 0) === 1) return { values: [v[b < 0 ? v.length + b : b]], shape: [] };
    const out = [];
    for (let i = b; i < e; i += s) out.push(v[i]);
    return { values: out, shape: [out.length] };
  },
  Pack: (inputs) => ({ values: inputs.map((i) => numbers(i)[0]), shape: [inputs.length] }),
};
