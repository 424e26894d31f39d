// Owns a loaded AMTENnet (card + weight tensors) and turns preprocessed crops into plain data:
// class probabilities and the Fmt residual. Tensors never escape this module.
// It also loads the baselines (card "architecture": "model-base" or a hybrid, spec.ts), which have no Fmt:
// use scores() for them; classify() is the AMTENnet-only path the analysis worker relies on.
import * as tf from '@tensorflow/tfjs-core';
import { modelForward, type WeightMap } from './forward';
import { parseModelCard, type ModelCard } from './modelCard';
import { ARCHITECTURE_NAMES, type Architecture } from './spec';
import { checkModelWeights, loadWeights, MODEL_CARD, WEIGHTS_MANIFEST, type ModelSource, type WeightsManifest } from './weights';

// The classroom's forward() with every intermediate map (kept on its own line: issue 8).
import { amtennetForward as forwardWithMaps } from './forward';

export interface FaceScores {
  /** Softmax probabilities in the card's class order. */
  probabilities: number[];
  /** Fmt = Conv1(I) - I for this crop, HWC float, size*size*3. */
  fmt: Float32Array;
}

/** Scores of any architecture: `fmt` is null for the baselines, which have no AMTEN module. */
export interface ModelScores {
  probabilities: number[];
  fmt: Float32Array | null;
}

export class AmtennetClassifier {
  private constructor(
    readonly card: ModelCard,
    private weights: WeightMap,
  ) {}

  static async load(source: ModelSource): Promise<AmtennetClassifier> {
    const card = parseModelCard(await source.readJson(MODEL_CARD));
    const manifest = (await source.readJson(WEIGHTS_MANIFEST)) as WeightsManifest;
    const weights = await loadWeights(source, manifest);
    try {
      checkModelWeights(weights, card.classes.length, card.architecture);
    } catch (e) {
      tf.dispose(Object.values(weights));
      throw e;
    }
    return new AmtennetClassifier(card, weights);
  }

  /** For tests and tools that build weights in memory. */
  static fromWeights(card: ModelCard, weights: WeightMap): AmtennetClassifier {
    checkModelWeights(weights, card.classes.length, card.architecture);
    return new AmtennetClassifier(card, weights);
  }

  get architecture(): Architecture {
    return this.card.architecture;
  }

  get inputSize(): number {
    return this.card.inputSize;
  }

  /** Classifies a batch of HWC float crops (each inputSize^2 * 3 values, 0..255) with AMTENnet. */
  async classify(crops: Float32Array[]): Promise<FaceScores[]> {
    if (this.architecture !== 'amtennet')
      throw new Error(`${ARCHITECTURE_NAMES[this.architecture]} has no AMTEN module, so no Fmt map: use scores()`);
    return (await this.scores(crops)) as FaceScores[];
  }

  /**
   * Like classify(), for any architecture; `fmt` is null for the baselines, and with `{ fmt: false }`
   * (probabilities only: the Fmt residual is not read back, which saves a copy per face).
   */
  async scores(crops: Float32Array[], opts: { fmt?: boolean } = {}): Promise<ModelScores[]> {
    if (crops.length === 0) return [];
    const s = this.inputSize;
    const withFmt = opts.fmt ?? true;
    const [probs, fmt] = tf.tidy(() => {
      const batch = new Float32Array(crops.length * s * s * 3);
      crops.forEach((c, i) => {
        if (c.length !== s * s * 3) throw new Error(`crop ${i} has ${c.length} values, expected ${s * s * 3}`);
        batch.set(c, i * s * s * 3);
      });
      const x = tf.tensor4d(batch, [crops.length, s, s, 3]);
      const out = modelForward(this.weights, x, this.architecture);
      return out.fmt && withFmt ? [tf.softmax(out.logits), out.fmt] : [tf.softmax(out.logits)];
    });
    try {
      const [p, f] = await Promise.all([probs.data() as Promise<Float32Array>, fmt ? (fmt.data() as Promise<Float32Array>) : null]);
      const k = this.card.classes.length;
      return crops.map((_, i) => ({
        probabilities: Array.from(p.subarray(i * k, (i + 1) * k)),
        fmt: f ? f.slice(i * s * s * 3, (i + 1) * s * s * 3) : null,
      }));
    } finally {
      tf.dispose(fmt ? [probs, fmt] : [probs]);
    }
  }

  /** AMTENnet's whole forward pass with every intermediate map, for the classroom; call inside tf.tidy. */
  forward(x: tf.Tensor4D): ReturnType<typeof forwardWithMaps> {
    if (this.architecture !== 'amtennet') throw new Error(`${ARCHITECTURE_NAMES[this.architecture]} has no AMTEN maps`);
    return forwardWithMaps(this.weights, x);
  }

  dispose(): void {
    tf.dispose(Object.values(this.weights));
    this.weights = {};
  }
}
