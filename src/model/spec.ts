// The layer table of AMTENnet (../shared/docs/AMTENNET.md) and of its baselines as data: the single source of the
// parameter names and shapes that the forward pass, the weight loader and the fixture model share.

export type ParamShape = number[];

export interface ParamSpec {
  name: string;
  shape: ParamShape;
}

/**
 * Which network a model folder holds (the model card's "architecture"; training/tracelens_train/model.py
 * builds the same ids):
 * - 'amtennet': AMTENnet, the AMTEN module (conv1..conv3_2, giving Fmt, F1, Freu) feeding the backbone;
 * - 'model-base': the paper's "Model-base" baseline, AMTENnet without the AMTEN module, so conv4 takes the
 *   3-channel RGB image directly (no Fmt map);
 * - the hybrids: one front-end convolution without bias ("front", 3 -> 3 channels, stride 1, 'same') in
 *   AMTEN's place, then Model-base's backbone: 'constrained-hybrid' (Bayar & Stamm's learned 5x5 constrained
 *   convolution), 'srm-hybrid' (Zhou et al.'s three fixed 5x5 SRM filters), 'mo-hybrid' (Mo et al.'s fixed 3x3
 *   second-order residual on each colour channel).
 */
export type Architecture = 'amtennet' | 'model-base' | 'constrained-hybrid' | 'srm-hybrid' | 'mo-hybrid';
export const ARCHITECTURES: readonly Architecture[] = ['amtennet', 'model-base', 'constrained-hybrid', 'srm-hybrid', 'mo-hybrid'];
/** Short names for logs and error messages (the interface names them through src/i18n). */
export const ARCHITECTURE_NAMES: Record<Architecture, string> = {
  amtennet: 'AMTENnet',
  'model-base': 'Model-base',
  'constrained-hybrid': 'Constrained-conv hybrid',
  'srm-hybrid': 'SRM hybrid',
  'mo-hybrid': 'Mo et al. hybrid',
};

/** The hybrids' front-end kernel size (the "front/kernel" tensor is [k, k, 3, 3]); absent for the others. */
export const FRONT_KERNEL: Partial<Record<Architecture, number>> = { 'constrained-hybrid': 5, 'srm-hybrid': 5, 'mo-hybrid': 3 };

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

/** Every stored tensor of an architecture, in the order the export (training/tracelens_train/export.py) writes them. */
export function modelParams(architecture: Architecture, numClasses: number): ParamSpec[] {
  const amten = architecture === 'amtennet';
  const front = FRONT_KERNEL[architecture];
  return [
    // A hybrid's front end: one convolution without bias, 3 -> 3 channels.
    ...(front ? conv('front', front, 3, 3, false) : []),
    // AMTEN module: conv1 has no bias (fixed at 0 in the paper's network). The baselines have none of it.
    ...(amten
      ? [
          ...conv('conv1', 3, 3, 3, false),
          ...conv('conv2_1', 3, 3, 3),
          ...conv('conv2_2', 3, 3, 3),
          ...conv('conv3_1', 3, 6, 6),
          ...conv('conv3_2', 3, 6, 6),
        ]
      : []),
    // Backbone: conv4 takes Freu (12 channels), or the RGB image (Model-base) or the front end's 3 channels.
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

/**
 * Multiply-adds of one forward pass on a 128 px input (convolutions, a front end's included, and dense
 * layers), as training/tracelens_train/model.py's count_multiply_adds counts them.
 */
export function multiplyAdds(numClasses: number, architecture: Architecture = 'amtennet'): number {
  const conv = (outSide: number, k: number, cin: number, cout: number) => outSide * outSide * k * k * cin * cout;
  const amten = architecture === 'amtennet';
  const front = FRONT_KERNEL[architecture];
  return (
    (front ? conv(128, front, 3, 3) : 0) + // a hybrid's front end
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
