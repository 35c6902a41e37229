import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { delayHistogram, formatDuration, nearestRank, ratio, scoreBin, summarizeDelays } from './stats.js';

describe('nearestRank', () => {
  it('returns the ⌈p·n⌉-th smallest value, never an interpolation', () => {
    assert.equal(nearestRank([1, 2, 3, 4], 0.5), 2);
    assert.equal(nearestRank([1, 2, 3, 4], 0.9), 4);
    assert.equal(nearestRank([1, 2, 3], 0.5), 2);
    assert.equal(nearestRank([7], 0.5), 7);
    assert.equal(nearestRank([7], 0.9), 7);
    const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    assert.equal(nearestRank(ten, 0.9), 9);
    assert.equal(nearestRank(ten, 0.5), 5);
    assert.equal(nearestRank(ten, 1), 10);
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.equal(nearestRank(hundred, 0.07), 7, '0.07 × 100 is 7.000000000000001 in floating point');
    assert.equal(nearestRank(Array.from({ length: 11 }, (_, i) => i + 1), 0.9), 10, '⌈9.9⌉ = 10');
  });

  it('is null for no values and refuses p outside (0, 1]', () => {
    assert.equal(nearestRank([], 0.5), null);
    assert.throws(() => nearestRank([1], 0), RangeError);
    assert.throws(() => nearestRank([1], 1.5), RangeError);
  });
});

describe('summaries and histograms', () => {
  it('summarises delays in any order', () => {
    const s = summarizeDelays([900, 0, 100], 1);
    assert.deepEqual(s, { n: 3, median_s: 100, p90_s: 900, min_s: 0, max_s: 900, mean_s: 1000 / 3, median_human: '1m 40s', p90_human: '15m', clamped: 1 });
    assert.deepEqual(summarizeDelays([], 0), { n: 0, median_s: null, p90_s: null, min_s: null, max_s: null, mean_s: null, median_human: null, p90_human: null, clamped: 0 });
  });

  it('puts a delay on a bin edge into the bin that starts there', () => {
    const h = delayHistogram([0, 9.999, 10, 59, 60, 86400, 604800, 1e9]);
    assert.deepEqual(h.map((b) => [b.label, b.count]), [
      ['0s – 10s', 2], ['10s – 1m', 2], ['1m – 5m', 1], ['5m – 15m', 0], ['15m – 1h', 0], ['1h – 6h', 0], ['6h – 1d', 0], ['1d – 7d', 1], ['≥ 7d', 2],
    ]);
    assert.equal(h.at(-1)!.hi, null);
  });

  it('bins scores with 1 in the last bin and 0.3 − 0.1 in the 0.20 bin', () => {
    assert.equal(scoreBin(0), 0);
    assert.equal(scoreBin(0.05), 1);
    assert.equal(scoreBin(1), 19);
    assert.equal(scoreBin(0.3 - 0.1), 4);
  });

  it('returns null ratios for a zero denominator', () => {
    assert.equal(ratio(0, 0), null);
    assert.equal(ratio(3, 4), 0.75);
  });
});

describe('formatDuration', () => {
  it('prints at most two units, truncated', () => {
    const cases: Array<[number, string]> = [
      [0, '0s'], [0.45, '0.4s'], [4.2, '4.2s'], [9.99, '9.9s'], [45.7, '45s'], [59.9, '59s'], [60, '1m'], [125, '2m 5s'],
      [3600, '1h'], [3725, '1h 2m'], [86400, '1d'], [90000, '1d 1h'], [604800, '7d'],
    ];
    for (const [s, text] of cases) assert.equal(formatDuration(s), text, `${s} s`);
  });
});
