// Owns a loaded AMTENnet (card + weight tensors) and turns preprocessed crops into plain data:
// class probabilities and the Fmt residual. Tensors never escape this module.
import * as tf from '@tensorflow/tfjs-core';
import { amtennetForward, type WeightMap } from './amtennet';
import { parseModelCard, type ModelCard } from './modelCard';
import { checkAmtennetWeights, loadWeights, MODEL_CARD, WEIGHTS_MANIFEST, type ModelSource, type WeightsManifest } from './weights';

// The classroom's forward() with every intermediate map (kept on its own line: issue 8).
import { amtennetForward as forwardWithMaps } from './amtennet';

export interface FaceScores {
  /** Softmax probabilities in the card's class order. */
  probabilities: number[];
  /** Fmt = Conv1(I) - I for this crop, HWC float, size*size*3. */
  fmt: Float32Array;
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
      checkAmtennetWeights(weights, card.classes.length);
    } catch (e) {
      tf.dispose(Object.values(weights));
      throw e;
    }
    return new AmtennetClassifier(card, weights);
  }

  /** For tests and tools that build weights in memory. */
  static fromWeights(card: ModelCard, weights: WeightMap): AmtennetClassifier {
    checkAmtennetWeights(weights, card.classes.length);
    return new AmtennetClassifier(card, weights);
  }

  get inputSize(): number {
    return this.card.inputSize;
  }

  /** Classifies a batch of HWC float crops (each inputSize^2 * 3 values, 0..255). */
  async classify(crops: Float32Array[]): Promise<FaceScores[]> {
    if (crops.length === 0) return [];
    const s = this.inputSize;
    const [probs, fmt] = tf.tidy(() => {
      const batch = new Float32Array(crops.length * s * s * 3);
      crops.forEach((c, i) => {
        if (c.length !== s * s * 3) throw new Error(`crop ${i} has ${c.length} values, expected ${s * s * 3}`);
        batch.set(c, i * s * s * 3);
      });
      const x = tf.tensor4d(batch, [crops.length, s, s, 3]);
      const out = amtennetForward(this.weights, x);
      return [tf.softmax(out.logits), out.fmt] as const;
    });
    try {
      const [p, f] = await Promise.all([probs.data() as Promise<Float32Array>, fmt.data() as Promise<Float32Array>]);
      const k = this.card.classes.length;
      return crops.map((_, i) => ({
        probabilities: Array.from(p.subarray(i * k, (i + 1) * k)),
        fmt: f.slice(i * s * s * 3, (i + 1) * s * s * 3),
      }));
    } finally {
      tf.dispose([probs, fmt]);
    }
  }

  /** The whole forward pass with every intermediate map, for the classroom; call inside tf.tidy. */
  forward(x: tf.Tensor4D): ReturnType<typeof forwardWithMaps> {
    return forwardWithMaps(this.weights, x);
  }

  dispose(): void {
    tf.dispose(Object.values(this.weights));
    this.weights = {};
  }
}
