/**
 * Probability calibration on held-out rows: Platt scaling for binary heads (a logistic fit of
 * the label on the raw margin, with both classes given equal total weight, so 0.5 means even odds
 * under a balanced prior), temperature scaling for softmax heads, and thresholds at a target
 * false-positive rate.
 */

/** `p = sigmoid(a * margin + b)`. */
export interface Platt {
  a: number;
  b: number;
}

/** Fits Platt scaling by Newton's method (class-balanced, with Platt's label smoothing). */
export function fitPlatt(margins: ArrayLike<number>, labels: ArrayLike<number>): Platt {
  let pos = 0;
  for (let i = 0; i < labels.length; i++) pos += labels[i]!;
  const neg = labels.length - pos;
  if (pos === 0 || neg === 0) return { a: 1, b: 0 };
  const wPos = labels.length / (2 * pos);
  const wNeg = labels.length / (2 * neg);
  const tPos = (pos + 1) / (pos + 2);
  const tNeg = 1 / (neg + 2);
  let a = 1;
  let b = 0;
  for (let iter = 0; iter < 100; iter++) {
    let gA = 0, gB = 0, hAA = 0, hAB = 0, hBB = 0;
    for (let i = 0; i < margins.length; i++) {
      const z = margins[i]!;
      const p = 1 / (1 + Math.exp(-(a * z + b)));
      const w = labels[i] ? wPos : wNeg;
      const t = labels[i] ? tPos : tNeg;
      const d = (p - t) * w;
      const h = p * (1 - p) * w;
      gA += d * z; gB += d;
      hAA += h * z * z; hAB += h * z; hBB += h;
    }
    hAA += 1e-9; hBB += 1e-9;
    const det = hAA * hBB - hAB * hAB;
    if (Math.abs(det) < 1e-18) break;
    const dA = (hBB * gA - hAB * gB) / det;
    const dB = (hAA * gB - hAB * gA) / det;
    a -= dA; b -= dB;
    if (Math.abs(dA) + Math.abs(dB) < 1e-10) break;
  }
  return { a, b };
}

export function applyPlatt(platt: Platt, margin: number): number {
  return 1 / (1 + Math.exp(-(platt.a * margin + platt.b)));
}

/**
 * Fits a softmax temperature on held-out logits (`logits[i]` has `classes` entries) by golden
 * section search on the negative log-likelihood.
 */
export function fitTemperature(logits: readonly Float64Array[], labels: ArrayLike<number>, classes: number): number {
  const nll = (t: number): number => {
    let loss = 0;
    for (let i = 0; i < logits.length; i++) {
      const l = logits[i]!;
      let max = -Infinity;
      for (let k = 0; k < classes; k++) max = Math.max(max, l[k]! / t);
      let sum = 0;
      for (let k = 0; k < classes; k++) sum += Math.exp(l[k]! / t - max);
      loss -= l[labels[i]!]! / t - max - Math.log(sum);
    }
    return loss;
  };
  let lo = 0.05;
  let hi = 20;
  const phi = (Math.sqrt(5) - 1) / 2;
  for (let iter = 0; iter < 60; iter++) {
    const m1 = hi - phi * (hi - lo);
    const m2 = lo + phi * (hi - lo);
    if (nll(m1) < nll(m2)) hi = m2;
    else lo = m1;
  }
  return (lo + hi) / 2;
}

/**
 * The smallest threshold `t` such that at most `fpr` of the negatives score strictly above it
 * (a score `> t` is flagged). Ties at the threshold are resolved against flagging.
 */
export function thresholdAtFpr(negativeScores: ArrayLike<number>, fpr: number): number {
  const sorted = Float64Array.from(negativeScores).sort();
  const n = sorted.length;
  if (n === 0) return 0.5;
  const allowed = Math.floor(fpr * n);
  // the (n - allowed)-th smallest score: at most `allowed` scores are above it
  return sorted[n - 1 - allowed]!;
}

/** Share of scores strictly above the threshold. */
export function rateAbove(scores: ArrayLike<number>, threshold: number): number {
  if (scores.length === 0) return NaN;
  let k = 0;
  for (let i = 0; i < scores.length; i++) if (scores[i]! > threshold) k++;
  return k / scores.length;
}

/** Area under the ROC curve (probability a positive outranks a negative; ties count half). */
export function rocAuc(positives: ArrayLike<number>, negatives: ArrayLike<number>): number {
  const all: Array<[number, number]> = [];
  for (let i = 0; i < positives.length; i++) all.push([positives[i]!, 1]);
  for (let i = 0; i < negatives.length; i++) all.push([negatives[i]!, 0]);
  all.sort((x, y) => x[0] - y[0]);
  let rankSum = 0;
  for (let i = 0; i < all.length;) {
    let j = i;
    while (j < all.length && all[j]![0] === all[i]![0]) j++;
    const avg = (i + j + 1) / 2;
    for (let k = i; k < j; k++) if (all[k]![1] === 1) rankSum += avg;
    i = j;
  }
  const p = positives.length;
  const n = negatives.length;
  if (p === 0 || n === 0) return NaN;
  return (rankSum - (p * (p + 1)) / 2) / (p * n);
}
