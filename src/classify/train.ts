/**
 * Training of the shipped prompt classifiers: every head on the `train` split, quantised,
 * calibrated on the `calib` split (with the quantised weights, so calibration fits what ships),
 * and written as model files. Same data + seed → same bytes.
 */

import type { Example } from './data/example.js';
import { applyPlatt, fitPlatt, fitTemperature, thresholdAtFpr, type Platt } from './calibrate.js';
import type { Dataset, Encoded, Split } from './dataset.js';
import { GENERATOR_VERSION, SPLIT_PERCENT, sourceCounts } from './dataset.js';
import { FEATURE_CONFIG } from './features.js';
import { BINARY_HEADS, CAPABILITY_AREAS, LATIN_LANGUAGES, type BinaryHead } from './labels.js';
import {
  balancedWeights, binaryMargin, softmaxProbabilities, trainBinary, trainSoftmax, type BinaryWeights, type SoftmaxWeights,
} from './linear.js';
import { dequantise, MODEL_FORMAT, MODEL_VERSION, quantise, sha256, type Manifest } from './model-file.js';

/** Hyper-parameters of training (recorded in the manifest). */
export interface TrainConfig {
  seed: string;
  bits: { binary: number; capability: number; language: number };
  epochs: { binary: number; capability: number; language: number };
  learningRate: number;
  l2: number;
  /** False-positive rate on held-out benign rows that the recorded thresholds allow. */
  targetFpr: number;
  /**
   * Weight of the concept view of each row (its concepts alone; see trainBinaryHead), relative
   * to the row's own weight, for the heads in `conceptViewHeads`.
   */
  conceptViewWeight: number;
  /**
   * Heads trained on concept views: those the lexicon has concepts for. The grader head is not:
   * a grading request and its benign twin paste the same question and answer, so their concepts
   * are the same and a concepts-only view of them only teaches noise.
   */
  conceptViewHeads: BinaryHead[];
}

export const DEFAULT_TRAIN_CONFIG: TrainConfig = {
  seed: '1',
  // small tables: at inference every feature is one random read, and these stay in a core's L2
  bits: { binary: 17, capability: 14, language: 13 },
  epochs: { binary: 6, capability: 5, language: 5 },
  learningRate: 0.05,
  l2: 1e-4,
  targetFpr: 0.01,
  conceptViewWeight: 0.5,
  conceptViewHeads: ['jailbreak', 'cot_extraction'],
};

export type Log = (line: string) => void;

/** Indices of rows with a label for `head` that `include` accepts. */
function rowsFor(examples: readonly Example[], head: BinaryHead, include: (i: number) => boolean): number[] {
  const rows: number[] = [];
  for (let i = 0; i < examples.length; i++) if (examples[i]![head] !== undefined && include(i)) rows.push(i);
  return rows;
}

/**
 * Gives every benign twin (`twinOf`) the mean weight of the positive rows of the source it
 * mirrors (of all positive rows when that source is not among `rows`, as in a fold holding it
 * out). Balanced weights would give a twin a small share of the negative class (many sources
 * share it), so the pasted bodies would still lean positive.
 */
export function twinWeights(examples: readonly Example[], rows: readonly number[], labels: Uint8Array, weights: Float64Array): Float64Array {
  const sums = new Map<string, [number, number]>();
  let all = 0;
  let count = 0;
  rows.forEach((i, k) => {
    if (labels[k] !== 1) return;
    const s = sums.get(examples[i]!.source) ?? [0, 0];
    s[0] += weights[k]!;
    s[1]++;
    sums.set(examples[i]!.source, s);
    all += weights[k]!;
    count++;
  });
  rows.forEach((i, k) => {
    const twinOf = examples[i]!.twinOf;
    if (twinOf === undefined || labels[k] !== 0) return;
    const s = sums.get(twinOf);
    weights[k] = s ? s[0] / s[1] : count > 0 ? all / count : weights[k]!;
  });
  return weights;
}

/**
 * Trains one binary head on the rows `include` accepts.
 *
 * Each row that has concepts is also trained on as its concept view: the same label, the concepts
 * alone at the row's own scale (its words and n-grams dropped, as dropout drops them). Without it
 * the words and n-grams of a language explain that language's rows, and concepts get little
 * weight; a language with no positive rows (a new one, or a held-out fold) then scores as its
 * negatives do. The view makes the concepts carry a decision on their own.
 */
export function trainBinaryHead(dataset: Dataset, encoded: Encoded, head: BinaryHead, include: (i: number) => boolean, config: TrainConfig, log?: Log): BinaryWeights {
  const rows = rowsFor(dataset.examples, head, include);
  const rowLabels = Uint8Array.from(rows, (i) => dataset.examples[i]![head]!);
  const rowWeights = twinWeights(dataset.examples, rows, rowLabels, balancedWeights(rows.map((i) => dataset.examples[i]!.source), rowLabels, 2));
  const vectors = rows.map((i) => encoded.main[i]!);
  const labels = Array.from(rowLabels);
  const weights = Array.from(rowWeights);
  if (config.conceptViewWeight > 0 && config.conceptViewHeads.includes(head)) {
    rows.forEach((i, k) => {
      const view = encoded.concepts[i];
      if (!view) return;
      vectors.push(view);
      labels.push(rowLabels[k]!);
      weights.push(rowWeights[k]! * config.conceptViewWeight);
    });
  }
  const started = performance.now();
  return trainBinary(vectors, Uint8Array.from(labels), Float64Array.from(weights), {
    bits: config.bits.binary, epochs: config.epochs.binary, learningRate: config.learningRate, l2: config.l2, seed: `${config.seed}/${head}`,
    onEpoch: (e) => log?.(`  ${head}: epoch ${e}/${config.epochs.binary} (${rows.length} rows, ${((performance.now() - started) / 1000).toFixed(1)} s)`),
  });
}

/** Trains the capability model (word features) on labelled rows `include` accepts. */
export function trainCapability(dataset: Dataset, encoded: Encoded, include: (i: number) => boolean, config: TrainConfig, log?: Log): SoftmaxWeights {
  const rows = dataset.examples.map((e, i) => (e.capability !== undefined && include(i) ? i : -1)).filter((i) => i >= 0);
  const labels = Uint8Array.from(rows, (i) => CAPABILITY_AREAS.indexOf(dataset.examples[i]!.capability!));
  const weights = balancedWeights(rows.map((i) => dataset.examples[i]!.source), labels, CAPABILITY_AREAS.length);
  return trainSoftmax(rows.map((i) => encoded.words[i]!), labels, weights, CAPABILITY_AREAS.length, {
    bits: config.bits.capability, epochs: config.epochs.capability, learningRate: config.learningRate, l2: config.l2, seed: `${config.seed}/capability`,
    onEpoch: (e) => log?.(`  capability: epoch ${e}/${config.epochs.capability} (${rows.length} rows)`),
  });
}

/** The Latin-script language class of an example, or -1 when it has none. */
export function latinClass(example: Example, encoded: Encoded, i: number): number {
  if (!encoded.latin[i] || example.language === undefined) return -1;
  const k = (LATIN_LANGUAGES as readonly string[]).indexOf(example.language);
  return k;
}

/** Trains the Latin-script language model on labelled Latin-script rows `include` accepts. */
export function trainLanguage(dataset: Dataset, encoded: Encoded, include: (i: number) => boolean, config: TrainConfig, log?: Log): SoftmaxWeights {
  const rows = dataset.examples.map((e, i) => (latinClass(e, encoded, i) >= 0 && include(i) ? i : -1)).filter((i) => i >= 0);
  const labels = Uint8Array.from(rows, (i) => latinClass(dataset.examples[i]!, encoded, i));
  // every language equally weighted: English dominates the corpora
  const weights = balancedWeights(rows.map(() => 'all'), labels, LATIN_LANGUAGES.length);
  return trainSoftmax(rows.map((i) => encoded.language[i]!), labels, weights, LATIN_LANGUAGES.length, {
    bits: config.bits.language, epochs: config.epochs.language, learningRate: config.learningRate, l2: config.l2, seed: `${config.seed}/language`,
    onEpoch: (e) => log?.(`  language: epoch ${e}/${config.epochs.language} (${rows.length} rows)`),
  });
}

/** Platt scaling and the 1%-FPR threshold of a binary head, from its margins on held-out rows. */
export function calibrateBinary(model: BinaryWeights, dataset: Dataset, encoded: Encoded, head: BinaryHead, include: (i: number) => boolean, targetFpr: number): { platt: Platt; threshold: number } {
  const rows = rowsFor(dataset.examples, head, include);
  const margins = rows.map((i) => binaryMargin(model, encoded.main[i]!));
  const labels = rows.map((i) => dataset.examples[i]![head]!);
  const platt = fitPlatt(margins, labels);
  const negatives = margins.filter((_, k) => labels[k] === 0).map((m) => applyPlatt(platt, m));
  return { platt, threshold: thresholdAtFpr(negatives, targetFpr) };
}

/** A softmax model decoded from its shipped int8 codes (what the runtime computes). */
function roundTripSoftmax(model: SoftmaxWeights): { model: SoftmaxWeights; codes: Int8Array; maxAbs: number[] } {
  const K = model.classes;
  const size = 1 << model.bits;
  const columns = Array.from({ length: K }, (_, k) => {
    const col = new Float32Array(size);
    for (let b = 0; b < size; b++) col[b] = model.weights[b * K + k]!;
    return col;
  });
  const { codes, maxAbs } = quantise(columns, model.bits);
  const decoded = dequantise(codes, maxAbs, model.bits);
  const weights = new Float32Array(size * K);
  for (let b = 0; b < size; b++) for (let k = 0; k < K; k++) weights[b * K + k] = decoded[k]![b]!;
  return { model: { ...model, weights }, codes, maxAbs };
}

/** Fits a softmax temperature on held-out rows. */
function calibrateSoftmax(model: SoftmaxWeights, vectors: Encoded['words'], rows: number[], labels: number[]): number {
  const logits = rows.map((i) => {
    const out = new Float64Array(model.classes);
    // temperature 1 then log: recover logits up to a constant, which softmax ignores
    softmaxProbabilities(model, vectors[i]!, out);
    return out.map((p) => Math.log(Math.max(p, 1e-300)));
  });
  return rows.length > 0 ? fitTemperature(logits, labels, model.classes) : 1;
}

/** What `trainShippedModel` returns: files to write, and the decoded models for evaluation. */
export interface ShippedModel {
  manifest: Manifest;
  codes: Record<'binary' | 'capability' | 'language', Int8Array>;
  /** The binary heads as shipped (decoded int8 weights). */
  binary: Record<BinaryHead, BinaryWeights>;
  platt: Record<BinaryHead, Platt>;
  thresholds: Record<BinaryHead, number>;
  capability: SoftmaxWeights;
  language: SoftmaxWeights;
}

/** Trains, quantises and calibrates every head; `log` gets progress lines. */
export function trainShippedModel(dataset: Dataset, encoded: Encoded, config: TrainConfig, log?: Log): ShippedModel {
  const inSplit = (split: Split) => (i: number): boolean => dataset.splits[i] === split;
  const floats = {} as Record<BinaryHead, BinaryWeights>;
  for (const head of BINARY_HEADS) floats[head] = trainBinaryHead(dataset, encoded, head, inSplit('train'), config, log);
  const { codes: binaryCodes, maxAbs: binaryMax } = quantise(BINARY_HEADS.map((h) => floats[h].weights), config.bits.binary);
  const decoded = dequantise(binaryCodes, binaryMax, config.bits.binary);
  const binary = {} as Record<BinaryHead, BinaryWeights>;
  const platt = {} as Record<BinaryHead, Platt>;
  const thresholds = {} as Record<BinaryHead, number>;
  BINARY_HEADS.forEach((head, k) => {
    binary[head] = { bits: config.bits.binary, weights: decoded[k]!, bias: floats[head].bias };
    const c = calibrateBinary(binary[head], dataset, encoded, head, inSplit('calib'), config.targetFpr);
    platt[head] = c.platt;
    thresholds[head] = c.threshold;
  });

  const capFloat = trainCapability(dataset, encoded, inSplit('train'), config, log);
  const cap = roundTripSoftmax(capFloat);
  const capRows = dataset.examples.map((e, i) => (e.capability !== undefined && dataset.splits[i] === 'calib' ? i : -1)).filter((i) => i >= 0);
  const capTemperature = calibrateSoftmax(cap.model, encoded.words, capRows, capRows.map((i) => CAPABILITY_AREAS.indexOf(dataset.examples[i]!.capability!)));

  const langFloat = trainLanguage(dataset, encoded, inSplit('train'), config, log);
  const lang = roundTripSoftmax(langFloat);
  const langRows = dataset.examples.map((e, i) => (latinClass(e, encoded, i) >= 0 && dataset.splits[i] === 'calib' ? i : -1)).filter((i) => i >= 0);
  const langTemperature = calibrateSoftmax(lang.model, encoded.language, langRows, langRows.map((i) => latinClass(dataset.examples[i]!, encoded, i)));

  const bytes = (codes: Int8Array): Uint8Array => new Uint8Array(codes.buffer, codes.byteOffset, codes.byteLength);
  const manifest: Manifest = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    feature_config: FEATURE_CONFIG,
    binary: {
      file: 'binary.i8.gz', bits: config.bits.binary, columns: [...BINARY_HEADS], maxAbs: binaryMax,
      biases: BINARY_HEADS.map((h) => floats[h].bias), sha256: sha256(bytes(binaryCodes)), platt, thresholds,
    },
    capability: {
      file: 'capability.i8.gz', bits: config.bits.capability, columns: [...CAPABILITY_AREAS], maxAbs: cap.maxAbs,
      biases: [...capFloat.biases], sha256: sha256(bytes(cap.codes)), temperature: capTemperature,
    },
    language: {
      file: 'language.i8.gz', bits: config.bits.language, columns: [...LATIN_LANGUAGES], maxAbs: lang.maxAbs,
      biases: [...langFloat.biases], sha256: sha256(bytes(lang.codes)), temperature: langTemperature,
    },
    training: {
      seed: config.seed,
      config,
      generator_version: GENERATOR_VERSION,
      splits: { method: 'hash of the prompt text (FNV-1a + fmix32, seed 0x2545f491) mod 100', percent: SPLIT_PERCENT },
      data_files: dataset.files,
      examples: sourceCounts(dataset),
    },
  };
  return {
    manifest,
    codes: { binary: binaryCodes, capability: cap.codes, language: lang.codes },
    binary, platt, thresholds, capability: cap.model, language: lang.model,
  };
}
