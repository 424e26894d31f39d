// The AMTENnet layer table (../shared/docs/AMTENNET.md) as data: the single source of the
// parameter names and shapes that the forward pass, the weight loader and the fixture model share.

export type ParamShape = number[];

export interface ParamSpec {
  name: string;
  shape: ParamShape;
}

/**
 * Which network a model folder holds (the model card's "architecture"):
 * - 'amtennet': AMTENnet, the AMTEN module (conv1..conv3_2, giving Fmt, F1, Freu) feeding the backbone;
 * - 'model-base': the paper's "Model-base" baseline, AMTENnet without the AMTEN module, so conv4 takes the
 *   3-channel RGB image directly (no Fmt map).
 */
export type Architecture = 'amtennet' | 'model-base';
export const ARCHITECTURES: readonly Architecture[] = ['amtennet', 'model-base'];
/** Names for people. */
export const ARCHITECTURE_NAMES: Record<Architecture, string> = { amtennet: 'AMTENnet', 'model-base': 'Model-base' };

/** Flattened size of the last feature map (7 x 7 x 128) for the 128 px input. */
export const FLAT_FEATURES = 7 * 7 * 128;

const conv = (name: string, k: number, cin: number, cout: number, bias = true): ParamSpec[] => [
  { name: `${name}/kernel`, shape: [k, k, cin, cout] },
  ...(bias ? [{ name: `${name}/bias`, shape: [cout] }] : []),
];

const batchNorm = (name: string, c: number): ParamSpec[] =>
  ['gamma', 'beta', 'moving_mean', 'moving_variance'].map((p) => ({ name: `${name}/${p}`, shape: [c] }));

const dense = (name: string, cin: number, cout: number): ParamSpec[] => [
  { name: `${name}/kernel`, shape: [cin, cout] },
  { name: `${name}/bias`, shape: [cout] },
];

/** Every trainable or stored tensor of AMTENnet, in the order the export writes them. */
export function amtennetParams(numClasses: number): ParamSpec[] {
  return modelParams('amtennet', numClasses);
}

/** Every stored tensor of either architecture, in the order the export writes them. */
export function modelParams(architecture: Architecture, numClasses: number): ParamSpec[] {
  const amten = architecture === 'amtennet';
  return [
    // AMTEN module: conv1 has no bias (fixed at 0 in the paper's network). Model-base has none of it.
    ...(amten
      ? [
          ...conv('conv1', 3, 3, 3, false),
          ...conv('conv2_1', 3, 3, 3),
          ...conv('conv2_2', 3, 3, 3),
          ...conv('conv3_1', 3, 6, 6),
          ...conv('conv3_2', 3, 6, 6),
        ]
      : []),
    // Backbone: conv4 takes Freu (12 channels), or for Model-base the RGB image (3 channels).
    ...conv('conv4', 3, amten ? 12 : 3, 24),
    ...batchNorm('bn4', 24),
    ...conv('conv5', 3, 24, 48),
    ...batchNorm('bn5', 48),
    ...conv('conv6', 3, 48, 64),
    ...batchNorm('bn6', 64),
    ...conv('conv7', 1, 64, 128),
    ...dense('fc0', FLAT_FEATURES, 300),
    ...dense('fc1', 300, 300),
    ...dense('fc2', 300, numClasses),
  ];
}

/** Multiply-adds of one forward pass on a 128 px input (convolutions and dense layers). */
export function multiplyAdds(numClasses: number, architecture: Architecture = 'amtennet'): number {
  const conv = (outSide: number, k: number, cin: number, cout: number) => outSide * outSide * k * k * cin * cout;
  const amten = architecture === 'amtennet';
  return (
    (amten ? 3 * conv(128, 3, 3, 3) : 0) + // conv1, conv2_1, conv2_2
    (amten ? 2 * conv(128, 3, 6, 6) : 0) + // conv3_1, conv3_2
    conv(128, 3, amten ? 12 : 3, 24) + // conv4
    conv(62, 3, 24, 48) + // conv5 (pad 0 on 64)
    conv(29, 3, 48, 64) + // conv6 (pad 0 on 31)
    conv(14, 1, 64, 128) + // conv7
    FLAT_FEATURES * 300 +
    300 * 300 +
    300 * numClasses
  );
}

export function countParams(specs: ParamSpec[]): number {
  return specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);
}
