/**
 * Distributions on top of the contract's `Rng` (src/simulate/text/types.ts), and the text kit the
 * engine is given: the prompt library plus the seeded Rng constructor, injected so that tests and
 * benchmarks can pass their own.
 */
import type { PromptLibrary, Rng } from './text/types.js';

/** What the engine needs from src/simulate/text/. */
export interface TextKit {
  library: PromptLibrary;
  createRng(seed: number): Rng;
}

/** A weighted choice among keys, prepared once (cumulative weights). */
export class Weighted<K> {
  private readonly keys: K[];
  private readonly cumulative: number[];
  private readonly total: number;

  constructor(weights: Partial<Record<string, number>> | ReadonlyArray<[K, number]>) {
    const entries = (Array.isArray(weights) ? weights : Object.entries(weights)) as Array<[K, number | undefined]>;
    this.keys = [];
    this.cumulative = [];
    let sum = 0;
    for (const [key, w] of entries) {
      if (!w || w <= 0) continue;
      sum += w;
      this.keys.push(key);
      this.cumulative.push(sum);
    }
    this.total = sum;
  }

  /** True when no key has a positive weight. */
  get empty(): boolean {
    return this.keys.length === 0;
  }

  /** Number of keys with a positive weight. */
  get size(): number {
    return this.keys.length;
  }

  /** The k-th key with a positive weight, by descending weight (for coverage of a catalogue). */
  nth(k: number): K {
    const order = this.keys.map((key, i) => [key, this.cumulative[i]! - (i > 0 ? this.cumulative[i - 1]! : 0)] as const);
    order.sort((a, b) => b[1] - a[1]);
    return order[k % order.length]![0];
  }

  /**
   * A draw from `rng`, except that the first `size` members of a population take one key each:
   * a population with at least as many accounts as keys then uses its whole catalogue, so a value
   * in it is never seen only with another population's accounts.
   */
  cover(rng: Rng, member: number): K {
    const drawn = this.draw(rng);
    return member < this.keys.length ? this.nth(member) : drawn;
  }

  /** The key that u in [0, 1) lands on. */
  at(u: number): K {
    const x = u * this.total;
    const c = this.cumulative;
    let i = 0;
    while (i < c.length - 1 && x >= c[i]!) i++;
    return this.keys[i]!;
  }

  /** A key drawn from `rng`. */
  draw(rng: Rng): K {
    return this.at(rng.next());
  }
}

/** Standard normal (Box–Muller; one draw of the pair is discarded to keep streams simple). */
export function normal(rng: Rng): number {
  const u = 1 - rng.next();
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Log-normal with the given median and sigma. */
export function logNormal(rng: Rng, median: number, sigma: number): number {
  return median * Math.exp(sigma * normal(rng));
}

/** 1 + a geometric count with the given mean (mean >= 1). */
export function geometricCount(rng: Rng, mean: number): number {
  if (mean <= 1) return 1;
  const p = 1 / mean;
  return 1 + Math.floor(Math.log(1 - rng.next()) / Math.log(1 - p));
}
