/**
 * Linear models over hashed sparse features, trained in TypeScript: binary logistic regression
 * and multinomial (softmax) regression by AdaGrad SGD with L2 decay on touched weights, a seeded
 * shuffle per epoch, and per-example weights. Every operation is sequential IEEE arithmetic in a
 * fixed order, so the same data and seed give bit-identical weights.
 */

import { createRng, shuffle } from './data/rng.js';

/** One example's features: distinct hashes with their counts, and the per-occurrence value. */
export interface SparseVector {
  hashes: Uint32Array;
  counts: Uint16Array;
  /** Value of one occurrence (1 / sqrt(total occurrences)). */
  scale: number;
}

/** Builds a SparseVector from hashes with repetitions. */
export function toSparse(hashes: Uint32Array, count: number, ...extras: { hashes: Uint32Array; count: number }[]): SparseVector {
  const total = extras.reduce((sum, extra) => sum + extra.count, count);
  const all = new Uint32Array(total);
  all.set(hashes.subarray(0, count));
  let at = count;
  for (const extra of extras) {
    all.set(extra.hashes.subarray(0, extra.count), at);
    at += extra.count;
  }
  all.sort();
  let distinct = 0;
  for (let i = 0; i < total; i++) if (i === 0 || all[i] !== all[i - 1]) distinct++;
  const out = new Uint32Array(distinct);
  const counts = new Uint16Array(distinct);
  let k = -1;
  for (let i = 0; i < total; i++) {
    if (i === 0 || all[i] !== all[i - 1]) out[++k] = all[i]!;
    if (counts[k]! < 65535) counts[k]!++;
  }
  return { hashes: out, counts, scale: total > 0 ? 1 / Math.sqrt(total) : 0 };
}

export interface TrainOptions {
  bits: number;
  epochs: number;
  learningRate: number;
  l2: number;
  seed: string;
  /** Called after each epoch (progress). */
  onEpoch?: (epoch: number) => void;
}

/** A trained binary model: weights per bucket and a bias (float, before quantisation). */
export interface BinaryWeights {
  bits: number;
  weights: Float32Array;
  bias: number;
}

/** A trained softmax model: bucket-major weights (`weights[bucket * classes + k]`) and biases. */
export interface SoftmaxWeights {
  bits: number;
  classes: number;
  weights: Float32Array;
  biases: Float64Array;
}

const EPS = 1e-8;

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Raw score of a binary model on one vector. */
export function binaryMargin(model: BinaryWeights, x: SparseVector): number {
  const shift = 32 - model.bits;
  let s = 0;
  for (let i = 0; i < x.hashes.length; i++) s += model.weights[x.hashes[i]! >>> shift]! * x.counts[i]!;
  return model.bias + s * x.scale;
}

/** Trains binary logistic regression. `labels[i]` is 0 or 1; `sampleWeights[i]` ≥ 0. */
export function trainBinary(data: readonly SparseVector[], labels: Uint8Array, sampleWeights: Float64Array, options: TrainOptions): BinaryWeights {
  const size = 1 << options.bits;
  const shift = 32 - options.bits;
  const w = new Float32Array(size);
  const g2 = new Float32Array(size);
  let bias = 0;
  let biasG2 = 0;
  const order = Array.from({ length: data.length }, (_, i) => i);
  const rng = createRng(options.seed);
  const { learningRate: lr, l2 } = options;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffle(order, rng);
    for (const i of order) {
      const x = data[i]!;
      const sw = sampleWeights[i]!;
      if (sw === 0) continue;
      let z = bias;
      for (let j = 0; j < x.hashes.length; j++) z += w[x.hashes[j]! >>> shift]! * x.counts[j]! * x.scale;
      const g = (sigmoid(z) - labels[i]!) * sw;
      for (let j = 0; j < x.hashes.length; j++) {
        const b = x.hashes[j]! >>> shift;
        const grad = g * x.counts[j]! * x.scale + l2 * w[b]!;
        g2[b] = g2[b]! + grad * grad;
        w[b] = w[b]! - (lr * grad) / Math.sqrt(g2[b]! + EPS);
      }
      biasG2 += g * g;
      bias -= (lr * g) / Math.sqrt(biasG2 + EPS);
    }
    options.onEpoch?.(epoch + 1);
  }
  return { bits: options.bits, weights: w, bias };
}

/** Softmax scores (probabilities) of one vector into `out`. */
export function softmaxProbabilities(model: SoftmaxWeights, x: SparseVector, out: Float64Array, temperature = 1): Float64Array {
  const K = model.classes;
  const shift = 32 - model.bits;
  for (let k = 0; k < K; k++) out[k] = model.biases[k]!;
  for (let j = 0; j < x.hashes.length; j++) {
    const base = (x.hashes[j]! >>> shift) * K;
    const v = x.counts[j]! * x.scale;
    for (let k = 0; k < K; k++) out[k] = out[k]! + model.weights[base + k]! * v;
  }
  return softmaxInPlace(out, K, temperature);
}

/** Turns logits into probabilities in place. */
export function softmaxInPlace(logits: Float64Array, K: number, temperature = 1): Float64Array {
  let max = -Infinity;
  for (let k = 0; k < K; k++) if (logits[k]! > max) max = logits[k]!;
  let sum = 0;
  for (let k = 0; k < K; k++) {
    const e = Math.exp((logits[k]! - max) / temperature);
    logits[k] = e;
    sum += e;
  }
  for (let k = 0; k < K; k++) logits[k] = logits[k]! / sum;
  return logits;
}

/** Trains multinomial logistic regression; `labels[i]` is a class index in [0, classes). */
export function trainSoftmax(data: readonly SparseVector[], labels: Uint8Array, sampleWeights: Float64Array, classes: number, options: TrainOptions): SoftmaxWeights {
  const size = (1 << options.bits) * classes;
  const shift = 32 - options.bits;
  const w = new Float32Array(size);
  const g2 = new Float32Array(size);
  const biases = new Float64Array(classes);
  const biasG2 = new Float64Array(classes);
  const p = new Float64Array(classes);
  const order = Array.from({ length: data.length }, (_, i) => i);
  const rng = createRng(options.seed);
  const { learningRate: lr, l2 } = options;
  const model: SoftmaxWeights = { bits: options.bits, classes, weights: w, biases };
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffle(order, rng);
    for (const i of order) {
      const x = data[i]!;
      const sw = sampleWeights[i]!;
      if (sw === 0) continue;
      softmaxProbabilities(model, x, p);
      const y = labels[i]!;
      for (let k = 0; k < classes; k++) p[k] = (p[k]! - (k === y ? 1 : 0)) * sw;
      for (let j = 0; j < x.hashes.length; j++) {
        const base = (x.hashes[j]! >>> shift) * classes;
        const v = x.counts[j]! * x.scale;
        for (let k = 0; k < classes; k++) {
          const idx = base + k;
          const grad = p[k]! * v + l2 * w[idx]!;
          if (grad === 0) continue;
          g2[idx] = g2[idx]! + grad * grad;
          w[idx] = w[idx]! - (lr * grad) / Math.sqrt(g2[idx]! + EPS);
        }
      }
      for (let k = 0; k < classes; k++) {
        biasG2[k] = biasG2[k]! + p[k]! * p[k]!;
        biases[k] = biases[k]! - (lr * p[k]!) / Math.sqrt(biasG2[k]! + EPS);
      }
    }
    options.onEpoch?.(epoch + 1);
  }
  return model;
}

/**
 * Per-example weights that give each source a say growing with the square root of its size
 * (a big corpus does not drown a small one) and each class the same total weight.
 */
export function balancedWeights(sources: readonly string[], classes: Uint8Array, classCount: number): Float64Array {
  const perSource = new Map<string, number>();
  for (let i = 0; i < sources.length; i++) {
    const key = `${classes[i]}\u0000${sources[i]}`;
    perSource.set(key, (perSource.get(key) ?? 0) + 1);
  }
  const raw = new Float64Array(sources.length);
  const classTotals = new Float64Array(classCount);
  for (let i = 0; i < sources.length; i++) {
    raw[i] = 1 / Math.sqrt(perSource.get(`${classes[i]}\u0000${sources[i]}`)!);
    classTotals[classes[i]!] = classTotals[classes[i]!]! + raw[i]!;
  }
  const present = [...classTotals].filter((t) => t > 0).length;
  const target = sources.length / Math.max(1, present);
  for (let i = 0; i < sources.length; i++) raw[i] = (raw[i]! * target) / classTotals[classes[i]!]!;
  return raw;
}
