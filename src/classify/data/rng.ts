/**
 * Seeded random numbers for the training-data generators and for shuffling during training
 * (mulberry32 over a string-hashed seed): a seed fixes every draw, so training is reproducible.
 */

import { hashString } from '../hash.js';

import type { Rng } from '../../util/rng.js';

export type { Rng };

/** A new Rng for `seed` (any string or number). */
export function createRng(seed: string | number): Rng {
  const seedText = String(seed);
  let state = hashString(seedText) | 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng: Rng = {
    next,
    int: (n) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
    chance: (p) => next() < p,
    fork: (label) => createRng(`${seedText}/${label}`),
  };
  return rng;
}

/** Fisher–Yates shuffle in place. */
export function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = items[i] as T;
    items[i] = items[j] as T;
    items[j] = t;
  }
  return items;
}

/** Up to `n` items drawn without replacement (order shuffled). */
export function sample<T>(items: readonly T[], n: number, rng: Rng): T[] {
  const copy = items.slice();
  shuffle(copy, rng);
  return copy.slice(0, Math.min(n, copy.length));
}

/** Fills `{name}` slots of a template from `slots` (functions are called for each use). */
export function fill(template: string, slots: Record<string, string | (() => string)>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = slots[name];
    if (value === undefined) return whole;
    return typeof value === 'function' ? value() : value;
  });
}
