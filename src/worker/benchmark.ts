// Worker-side measurements for `npm run bench`: a model's latency per batch size on the running
// backend (the loaded model, or any model folder), and the backend's plain matrix-product throughput
// (for the physical floor).
import * as tf from '@tensorflow/tfjs-core';
import type { AmtennetClassifier } from '../model/classifier';
import type { BenchResult, InferenceTiming } from '../shared/analysisProtocol';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/** Times `fn` `runs` times after a warm-up, stopping early once `budgetMs` is spent (one run at least). */
async function timeRuns(runs: number, fn: () => Promise<unknown>, budgetMs = Infinity): Promise<number[]> {
  await fn(); // warm-up: shader compilation, buffer allocation
  const times: number[] = [];
  let spent = 0;
  for (let i = 0; i < runs && (i === 0 || spent < budgetMs); i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
    spent += times[i];
  }
  return times.sort((a, b) => a - b);
}

/** Matrix product throughput in GFLOP/s (2 flops per multiply-add), including the read-back. */
async function matmulGflops(): Promise<number> {
  const n = 512;
  const a = tf.randomUniform([n, n]);
  const b = tf.randomUniform([n, n]);
  const times = await timeRuns(5, async () => {
    const c = tf.matMul(a, b);
    await c.data();
    c.dispose();
  });
  tf.dispose([a, b]);
  return (2 * n ** 3) / (percentile(times, 0.5) / 1000) / 1e9;
}

export async function benchmarkModel(model: AmtennetClassifier, batchSizes: number[], runs: number, budgetMs: number): Promise<BenchResult> {
  const s = model.inputSize;
  const crop = Float32Array.from({ length: s * s * 3 }, (_, i) => (i * 37) % 256);
  const inference: InferenceTiming[] = [];
  for (const batch of batchSizes) {
    const crops = Array.from({ length: batch }, () => crop);
    const times = await timeRuns(runs, () => model.scores(crops), budgetMs); // AMTENnet: classify() is scores()
    inference.push({ batch, runs: times.length, medianMs: percentile(times, 0.5), p95Ms: percentile(times, 0.95), perFaceMs: percentile(times, 0.5) / batch });
  }
  return { backend: tf.getBackend() as BenchResult['backend'], modelId: model.card.id, inference, matmulGflops: await matmulGflops() };
}
