// The model card that ships beside the weights: the app learns classes, input size and
// provenance from here, never from code.
import { ARCHITECTURES, type Architecture } from './spec';

export interface ModelMetrics {
  split: string;
  n: number;
  accuracy: number;
  balancedAccuracy: number;
  binaryAccuracy?: number;
  perClassRecall?: Record<string, number>;
  /** Share of real faces called manipulated. */
  realFalseAlarmRate?: number;
  /** Expected calibration error (15 bins). */
  ece?: number;
}

/** A verdict is "uncertain" unless its class reaches minProbability and leads the next by minMargin. */
export interface UncertainBand {
  minProbability: number;
  minMargin: number;
  /** How it was chosen (training/tracelens_train/calibrate.py): the precision aimed at on val, and what it gave. */
  targetPrecision?: number;
  valCoverage?: number;
  valPrecision?: number;
}

/** What Fmt shows for this model (training/tracelens_train/fmt_report.py, measured on val images). */
export interface FmtSummary {
  /** Per output channel, the sum of conv1's taps: 1 leaves no flat picture in Fmt. */
  tapSums: number[];
  centreTaps: number[];
  /** Share of Fmt's variance a linear fit on the picture explains (0 = a pure residual, 1 = the picture). */
  pictureShare: number;
  lowFrequencyShare: number;
  pictureLowFrequencyShare: number;
  measuredOnValImages: number;
}

export interface ModelCard {
  id: string;
  version: string;
  /** Which network the weights are for; cards without the field (or with the old "AMTENnet") are AMTENnet. */
  architecture: Architecture;
  classes: string[];
  inputSize: number;
  preprocessing: {
    channelOrder: 'RGB';
    range: [number, number];
    resize: 'bilinear-antialias';
    layout: 'NHWC';
  };
  temperature?: number;
  trainingData?: Record<string, unknown>;
  training?: Record<string, unknown>;
  metrics?: ModelMetrics;
  uncertainBand?: UncertainBand;
  fmt?: FmtSummary;
  licence?: string;
}

function fail(msg: string): never {
  throw new Error(`Invalid model card: ${msg}`);
}

/** An id of ARCHITECTURES, any letter case ("AMTENnet" is what cards before Model-base said); absent = AMTENnet. */
export function parseArchitecture(value: unknown): Architecture {
  if (value === undefined) return 'amtennet';
  const a = typeof value === 'string' ? value.toLowerCase() : value;
  if (!(ARCHITECTURES as readonly unknown[]).includes(a))
    fail(`"architecture" must be one of ${ARCHITECTURES.join(', ')} (got ${JSON.stringify(value)})`);
  return a as Architecture;
}

/** Checks the fields the app relies on; anything else is carried along untouched. */
export function parseModelCard(json: unknown): ModelCard {
  if (typeof json !== 'object' || json === null) fail('not a JSON object');
  const c = json as Partial<ModelCard>;
  if (typeof c.id !== 'string' || !c.id) fail('"id" must be a non-empty string');
  if (typeof c.version !== 'string' || !c.version) fail('"version" must be a non-empty string');
  if (!Array.isArray(c.classes) || c.classes.length < 2 || !c.classes.every((k) => typeof k === 'string' && k))
    fail('"classes" must list at least two class names');
  if (new Set(c.classes).size !== c.classes.length) fail('"classes" has duplicates');
  if (c.inputSize !== 128) fail(`"inputSize" must be 128 for AMTENnet (got ${String(c.inputSize)})`);
  const p = c.preprocessing;
  if (!p || p.channelOrder !== 'RGB' || p.resize !== 'bilinear-antialias' || p.layout !== 'NHWC')
    fail('"preprocessing" must be RGB, bilinear-antialias, NHWC');
  if (!Array.isArray(p.range) || p.range[0] !== 0 || p.range[1] !== 255) fail('"preprocessing.range" must be [0, 255]');
  const band = c.uncertainBand;
  if (band !== undefined) {
    const inUnit = (x: unknown) => typeof x === 'number' && x >= 0 && x <= 1;
    if (typeof band !== 'object' || band === null || !inUnit(band.minProbability) || !inUnit(band.minMargin))
      fail('"uncertainBand" must give minProbability and minMargin between 0 and 1');
  }
  return { ...c, architecture: parseArchitecture(c.architecture) } as ModelCard;
}
