// npm run evaluate -- --data DIR [--split test] [--json FILE] [--predictions FILE] [--model DIR] [--jpeg Q] [--grey] [--limit N] [--backend wasm|cpu] [--detect]
// Runs the app's TensorFlow.js model (or --model DIR) in Node on a labelled folder and prints the metrics as JSON.
// Each image also gets the verdict the app would state (src/analysis/verdict.ts, by the model card's
// rule): the metrics of P(manipulated) and of those verdicts are in the JSON, and --predictions
// writes one CSV row per image (path,label,source,p_<class>…,p_manipulated,verdict).
// Each image goes through the app's own pipeline (src/analysis/pipeline.ts, via
// scripts/lib/evaluatePhoto.ts): the whole image as one face, or with --detect the faces the app
// finds, framed and cropped as the app does, the one most likely manipulated speaking for the image.
// --jpeg Q and --grey are robustness checks: each image is re-compressed, or made black-and-white,
// before the pipeline (a face's warnings, e.g. black-and-white, act on its verdict as in the app).
import { writeFileSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { useNodeBackend, type NodeBackend } from '../src/node/tfNode';
import { fsModelSource } from '../src/node/fsModelSource';
import { decodeFileRgba } from '../src/node/decodeFile';
import { AmtennetClassifier } from '../src/model/classifier';
import type { RgbaImage } from '../src/crop/preprocess';
import type { FaceAnalysis } from '../src/analysis/types';
import { readDataset } from '../src/eval/dataset';
import { computeMetrics, manipulationMetrics, type EvaluationMetrics, type FaceVerdict, type ManipulationMetrics } from '../src/eval/metrics';
import { DEFAULT_BAND, judgeFor, verdictCode } from '../src/analysis/verdict';
import { csvCell } from '../src/report/csv';
import { FaceDetector } from '../src/faces/detector';
import { iou } from '../src/crop/framing';
import { evaluatePhoto } from './lib/evaluatePhoto';
import { DEFAULT_MODEL_ID } from '../src/state/urlSettings';

export interface EvaluationReport extends EvaluationMetrics, Partial<ManipulationMetrics> {
  model: { id: string; version: string; dir: string };
  classes: string[];
  data: string;
  split: string | null;
  jpegQuality: number | null;
  /** --grey: every image was made black-and-white first. */
  grey: boolean;
  backend: NodeBackend;
  seconds: number;
  errors: { path: string; message: string }[];
  /** Faces whose verdict the rule would have stated and a warning held at uncertain, by warning (e.g. monochrome). */
  heldByWarning: Record<string, number>;
  /**
   * The verdict rule of the card (its p-manipulated `decision`, else the top-class rule with its
   * uncertain band) that the verdict metrics (realStatedManipulatedRate, statedRate,
   * statedBinaryAccuracy) and --predictions follow. The ManipulationMetrics fields are absent for a
   * model without a `real` class.
   */
  verdictRule: { rule: 'p-manipulated' | 'top-class'; [k: string]: unknown };
  /** With --detect: how the faces were found. */
  detection: null | {
    detector: string;
    /** No face found: the whole image was analysed, as the app offers. */
    noFace: number;
    /** More than one face found: the one most likely manipulated speaks for the image, as in the app. */
    severalFaces: number;
    /** The framed crop was the whole image (the image already is a face crop framed as training). */
    wholeImage: number;
    /** Mean overlap (IoU) of the crop with the whole image. */
    meanIouWithImage: number;
  };
}

const { values: args } = parseArgs({
  options: {
    data: { type: 'string' },
    split: { type: 'string' },
    json: { type: 'string' },
    predictions: { type: 'string' },
    // The app's model unless told otherwise.
    model: { type: 'string', default: `public/models/${DEFAULT_MODEL_ID}` },
    jpeg: { type: 'string' },
    grey: { type: 'boolean', default: false },
    limit: { type: 'string' },
    backend: { type: 'string', default: 'wasm' },
    batch: { type: 'string', default: '16' },
    detect: { type: 'boolean', default: false },
  },
});

if (!args.data) {
  console.error(
    'usage: npm run evaluate -- --data DIR [--split test] [--json FILE] [--predictions FILE] [--model DIR] [--jpeg Q] [--grey] [--limit N] [--backend wasm|cpu] [--detect]',
  );
  process.exit(2);
}
const backend = args.backend as NodeBackend;
const jpegQuality = args.jpeg ? Number(args.jpeg) : null;
const batchSize = Number(args.batch);

async function decode(path: string): Promise<RgbaImage> {
  if (jpegQuality === null && !args.grey) return decodeFileRgba(path);
  // Robustness checks: re-compress first, as a social network would; or make it black-and-white.
  let image = sharp(path).rotate().removeAlpha();
  if (args.grey) image = image.grayscale().toColourspace('srgb');
  const buffer = await (jpegQuality === null ? image.png() : image.jpeg({ quality: jpegQuality })).toBuffer();
  const { data, info } = await sharp(buffer).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

function progress(done: number, total: number, started: number): void {
  const width = 30;
  const filled = Math.round((width * done) / total);
  const rate = done / Math.max(0.001, (Date.now() - started) / 1000);
  const eta = rate > 0 ? Math.round((total - done) / rate) : 0;
  const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${rate.toFixed(1)} img/s eta ${eta}s`;
  if (process.stderr.isTTY) process.stderr.write(`\r${line}`);
  else if (done === total || done % 500 === 0) process.stderr.write(`${line}\n`);
}

async function main(): Promise<void> {
  await useNodeBackend(backend);
  const modelDir = resolve(args.model!);
  const model = await AmtennetClassifier.load(fsModelSource(modelDir));
  const classes = model.card.classes;
  let items = readDataset(resolve(args.data!), args.split);
  if (args.limit) items = items.slice(0, Number(args.limit));
  const unknown = [...new Set(items.map((i) => i.label))].filter((l) => !classes.includes(l));
  if (unknown.length) throw new Error(`labels ${unknown.join(', ')} are not classes of ${model.card.id} (${classes.join(', ')})`);
  if (!items.length) throw new Error('no images found');

  const detector = args.detect ? await FaceDetector.load(fsModelSource(resolve('public/models/face-detector-blazeface'))) : null;
  const detection = { detector: detector?.name ?? '', noFace: 0, severalFaces: 0, wholeImage: 0, iouSum: 0 };
  /** The image through the app's pipeline: the face that speaks for it. */
  async function faceOf(img: RgbaImage): Promise<Pick<FaceAnalysis, 'probabilities' | 'reliability'>> {
    const { analysis, face, noFace } = await evaluatePhoto(img, model, detector);
    if (detector) {
      if (noFace) detection.noFace++;
      else {
        if (analysis.faces.length > 1) detection.severalFaces++;
        const [x, y, width, height] = face.cropBox;
        if (x === 0 && y === 0 && width === img.width && height === img.height) detection.wholeImage++;
        detection.iouSum += iou(face.cropBox, [0, 0, img.width, img.height]);
      }
    }
    return face;
  }

  const started = Date.now();
  const truth: number[] = [];
  const predicted: number[] = [];
  const sources: string[] = [];
  const probabilities: number[][] = [];
  const errors: { path: string; message: string }[] = [];
  const judge = judgeFor(model.card);
  const hasReal = classes.includes('real');
  const verdicts: FaceVerdict[] = [];
  const held: Record<string, number> = {};
  const dataDir = resolve(args.data!);
  const predictionRows: string[] = [['path', 'label', 'source', ...classes.map((c) => `p_${c}`), 'p_manipulated', 'verdict'].join(',')];
  const analyse = (from: number) =>
    Promise.all(
      items.slice(from, from + batchSize).map(async (item) => {
        try {
          return { item, ...(await faceOf(await decode(item.path))) };
        } catch (e) {
          errors.push({ path: item.path, message: e instanceof Error ? e.message : String(e) });
          return null;
        }
      }),
    );
  for (let from = 0; from < items.length; from += batchSize) {
    for (const r of await analyse(from)) {
      if (!r) continue;
      truth.push(classes.indexOf(r.item.label));
      predicted.push(r.probabilities.indexOf(Math.max(...r.probabilities)));
      probabilities.push(r.probabilities);
      sources.push(r.item.source);
      // The verdict the app would state for this face, by the card's rule and the face's warnings.
      const v = judge.verdict(r.probabilities, r.reliability);
      if (v.heldBy) held[v.heldBy] = (held[v.heldBy] ?? 0) + 1;
      const pm = judge.pManipulated(r.probabilities);
      if (pm !== null)
        verdicts.push({
          fake: r.item.label !== 'real',
          pManipulated: pm,
          stated: !v.uncertain,
          manipulated: v.manipulated,
          source: r.item.source,
          family: r.item.family,
        });
      const path = relative(dataDir, r.item.path).split(sep).join('/');
      predictionRows.push([path, r.item.label, r.item.source, ...r.probabilities, pm, verdictCode(v)].map(csvCell).join(','));
    }
    progress(Math.min(items.length, from + batchSize), items.length, started);
  }
  if (process.stderr.isTTY) process.stderr.write('\n');
  const report: EvaluationReport = {
    model: { id: model.card.id, version: model.card.version, dir: args.model! },
    classes,
    data: args.data!,
    split: args.split ?? null,
    jpegQuality,
    grey: args.grey!,
    backend,
    seconds: (Date.now() - started) / 1000,
    ...computeMetrics(classes, truth, predicted, sources, probabilities),
    ...(hasReal ? manipulationMetrics(verdicts) : {}),
    verdictRule: model.card.decision ? { ...model.card.decision } : { rule: 'top-class', ...(judge.rule ?? DEFAULT_BAND) },
    errors,
    heldByWarning: held,
    detection: detector
      ? {
          detector: detection.detector,
          noFace: detection.noFace,
          severalFaces: detection.severalFaces,
          wholeImage: detection.wholeImage,
          meanIouWithImage: Number((detection.iouSum / Math.max(1, truth.length - detection.noFace)).toFixed(4)),
        }
      : null,
  };
  detector?.dispose();
  model.dispose();
  const json = JSON.stringify(report, null, 2);
  console.log(json);
  const pct = (x: number | null) => (x === null ? 'n/a' : `${(100 * x).toFixed(1)} %`);
  console.error(
    `${report.model.id} ${report.model.version} on ${report.n} images: balanced accuracy ${pct(report.balancedAccuracy)}, ` +
      `binary ${pct(report.binaryAccuracy)}, real faces called manipulated ${pct(report.realFalseAlarmRate)}, ` +
      `ECE ${report.ece === null ? 'n/a' : report.ece.toFixed(3)}`,
  );
  if (report.aucManipulated !== undefined) {
    const auc = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : x.toFixed(3));
    console.error(
      `P(manipulated) = 1 - P(real): AUC ${auc(report.aucManipulated)}. Verdicts (${report.verdictRule.rule} rule): ` +
        `${pct(report.statedRate!)} stated, ${pct(report.statedBinaryAccuracy!)} of them right (real vs manipulated); ` +
        `real faces stated manipulated ${pct(report.realStatedManipulatedRate!)}`,
    );
    const heldCounts = Object.entries(report.heldByWarning);
    if (heldCounts.length)
      console.error(`Verdicts held at uncertain by a face's warning: ${heldCounts.map(([code, n]) => `${code} ${n}`).join(', ')}`);
    const table = (title: string, aucs: Record<string, number | null>, falseAlarms: Record<string, number>, counts: Record<string, number>) => {
      console.error(title);
      const width = Math.max(...Object.keys(aucs).map((k) => k.length));
      for (const [k, a] of Object.entries(aucs))
        console.error(`  ${k.padEnd(width)}  n ${String(counts[k] ?? 0).padStart(5)}  AUC ${auc(a)}${k in falseAlarms ? `  real faces stated manipulated ${pct(falseAlarms[k])}` : ''}`);
    };
    const countBy = (key: (f: FaceVerdict) => string | undefined) => {
      const n: Record<string, number> = {};
      for (const f of verdicts) {
        const k = key(f);
        if (k !== undefined) n[k] = (n[k] ?? 0) + 1;
      }
      return n;
    };
    table('AUC per source (its manipulated faces against every real face; a source of real faces only: its faces against every manipulated face):',
      report.aucManipulatedBySource!, report.realStatedManipulatedRateBySource!, countBy((f) => f.source));
    if (report.aucManipulatedByFamily)
      table('AUC per family (the same, by the manifest\'s family column):', report.aucManipulatedByFamily, report.realStatedManipulatedRateByFamily!, countBy((f) => f.family));
  }
  if (args.json) writeFileSync(args.json, json + '\n');
  if (args.predictions) {
    writeFileSync(args.predictions, predictionRows.join('\n') + '\n');
    console.error(`predictions: ${args.predictions} (${predictionRows.length - 1} images)`);
  }
}

main().catch((e: unknown) => {
  console.error(`evaluate: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
