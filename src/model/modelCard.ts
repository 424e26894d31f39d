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
  /** AUC of P(manipulated) = 1 - P(real), real against every manipulation. */
  aucPManipulated?: number;
  /** What the card's p-manipulated decision stated on these faces (training/tracelens_train/decision.py). */
  decision?: DecisionMetrics;
}

export interface DecisionMetrics {
  /** Share of faces given a stated verdict (not "uncertain"). */
  statedShare: number;
  /** Share of stated verdicts that were right, real vs manipulated. */
  statedRight: number | null;
  /** Share of real faces stated "manipulated". */
  realStatedManipulated: number | null;
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

/**
 * The verdict is real vs manipulated first, from P(manipulated) = 1 - P(real) (src/analysis/verdict.ts):
 * from uncertain[1] up the face is called manipulated, below uncertain[0] real, and in between
 * "uncertain", leaning manipulated from `threshold`. The kind of manipulation reported is the most
 * probable non-real class. Chosen on `chosenOn` (val) by the training package.
 */
export interface VerdictDecision {
  rule: 'p-manipulated';
  threshold: number;
  /** [low, high], low <= threshold <= high. */
  uncertain: [number, number];
  /** The split the numbers were chosen on. */
  chosenOn?: string;
  note?: string;
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
  /** When present the verdict follows it and `uncertainBand` is not used. */
  decision?: VerdictDecision;
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
    if (typeof band !== 'object' || band === null || !inUnit(band.minProbability) || !inUnit(band.minMargin))
      fail('"uncertainBand" must give minProbability and minMargin between 0 and 1');
  }
  if (c.decision !== undefined) parseDecision(c.decision, c.classes);
  return { ...c, architecture: parseArchitecture(c.architecture) } as ModelCard;
}

const inUnit = (x: unknown): x is number => typeof x === 'number' && x >= 0 && x <= 1;

function parseDecision(d: unknown, classes: string[]): void {
  if (typeof d !== 'object' || d === null || Array.isArray(d)) fail('"decision" must be an object');
  const { rule, threshold, uncertain } = d as Record<string, unknown>;
  if (rule !== 'p-manipulated') fail(`"decision.rule" must be "p-manipulated" (got ${JSON.stringify(rule)})`);
  if (!classes.includes('real')) fail('"decision" "p-manipulated" needs a class named "real"');
  if (!inUnit(threshold)) fail(`"decision.threshold" must be a number between 0 and 1 (got ${JSON.stringify(threshold)})`);
  if (!Array.isArray(uncertain) || uncertain.length !== 2 || !uncertain.every(inUnit))
    fail(`"decision.uncertain" must be [low, high], two numbers between 0 and 1 (got ${JSON.stringify(uncertain)})`);
  const [low, high] = uncertain as [number, number];
  if (!(low <= threshold && threshold <= high))
    fail(`"decision.uncertain" must hold the threshold: low <= threshold <= high (got [${low}, ${high}] with threshold ${threshold})`);
}
