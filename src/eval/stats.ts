/**
 * Small numeric helpers of the evaluation: null-safe ratios, nearest-rank percentiles, delay
 * summaries and histograms, and human-readable durations. Pure functions, no I/O.
 */
import type { DelaySummary, HistogramBin } from './types.js';

/** numerator / denominator, or null when the denominator is 0 (a rate over nothing is not 0, nor NaN). */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/**
 * Nearest-rank percentile of values sorted ascending: the ⌈p·n⌉-th smallest value (1-based), so the
 * result is always one of the values, never an interpolation. p in (0, 1]; null for no values.
 * Example: for [1, 2, 3, 4] the median (p = 0.5) is 2 and p90 is 4.
 */
export function nearestRank(sortedAscending: readonly number[], p: number): number | null {
  const n = sortedAscending.length;
  if (n === 0) return null;
  if (!(p > 0 && p <= 1)) throw new RangeError(`percentile must be in (0, 1], got ${p}`);
  // the epsilon keeps p·n a hair above an integer (0.07 × 100 = 7.000000000000001) from moving up a rank
  const rank = Math.max(1, Math.ceil(p * n - 1e-9));
  return sortedAscending[Math.min(rank, n) - 1]!;
}

/** Summary of delays in seconds (any order); `clamped` is carried through as given. */
export function summarizeDelays(delaysSeconds: readonly number[], clamped: number): DelaySummary {
  const sorted = [...delaysSeconds].sort((a, b) => a - b);
  const median = nearestRank(sorted, 0.5);
  const p90 = nearestRank(sorted, 0.9);
  const n = sorted.length;
  return {
    n,
    median_s: median,
    p90_s: p90,
    min_s: n === 0 ? null : sorted[0]!,
    max_s: n === 0 ? null : sorted[n - 1]!,
    mean_s: n === 0 ? null : sorted.reduce((a, b) => a + b, 0) / n,
    median_human: median === null ? null : formatDuration(median),
    p90_human: p90 === null ? null : formatDuration(p90),
    clamped,
  };
}

/** Bin edges for detection delays, in seconds: sized for people (seconds … weeks), not linear. */
export const DELAY_BIN_EDGES_S: readonly number[] = [0, 10, 60, 300, 900, 3600, 6 * 3600, 86400, 7 * 86400];

/** Histogram of delays (seconds) over `DELAY_BIN_EDGES_S`; the last bin is unbounded. */
export function delayHistogram(delaysSeconds: readonly number[]): HistogramBin[] {
  const edges = DELAY_BIN_EDGES_S;
  const bins: HistogramBin[] = edges.map((lo, i) => {
    const hi = i + 1 < edges.length ? edges[i + 1]! : null;
    return { label: hi === null ? `≥ ${formatDuration(lo)}` : `${formatDuration(lo)} – ${formatDuration(hi)}`, lo, hi, count: 0 };
  });
  for (const d of delaysSeconds) {
    let i = edges.length - 1;
    while (i > 0 && d < edges[i]!) i--;
    bins[i]!.count++;
  }
  return bins;
}

/** Number of bins of the score histograms. */
export const SCORE_BINS = 20;

/** Bin edges 0, 0.05, …, 1 for scores. */
export function scoreEdges(bins: number = SCORE_BINS): number[] {
  return Array.from({ length: bins + 1 }, (_, i) => Math.round((i / bins) * 1e6) / 1e6);
}

/** Index of the score bin holding `score` (in [0, 1]; 1 goes into the last bin). */
export function scoreBin(score: number, bins: number = SCORE_BINS): number {
  // the epsilon keeps a score computed as 0.3 − 0.1 (= 0.19999…) in the 0.20 bin, where a person would put it
  return Math.min(bins - 1, Math.max(0, Math.floor(score * bins + 1e-9)));
}

/**
 * A duration in seconds for people: `0s`, `4.2s`, `45s`, `2m 5s`, `1h 2m`, `3d 4h`. Two units at
 * most, truncated (not rounded) below the first unit, so `59.9s` never prints as `60s`.
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  if (seconds < 0) return `-${formatDuration(-seconds)}`;
  if (seconds < 10) {
    const s = Math.floor(seconds * 10) / 10;
    return `${Number.isInteger(s) ? s.toFixed(0) : s.toFixed(1)}s`;
  }
  const total = Math.floor(seconds);
  if (total < 60) return `${total}s`;
  const units: Array<[string, number]> = [['d', 86400], ['h', 3600], ['m', 60], ['s', 1]];
  for (let i = 0; i < units.length - 1; i++) {
    const [name, size] = units[i]!;
    if (total >= size) {
      const [nextName, nextSize] = units[i + 1]!;
      const major = Math.floor(total / size);
      const minor = Math.floor((total % size) / nextSize);
      return minor === 0 ? `${major}${name}` : `${major}${name} ${minor}${nextName}`;
    }
  }
  return `${total}s`;
}
