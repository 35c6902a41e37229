/**
 * A fast seeded random source for the traffic simulator.
 *
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator) passes PractRand well beyond the
 * few hundred million draws a simulation makes, needs only 32-bit integer arithmetic (which V8
 * keeps in registers) and is about as fast as Math.random. Seeds are hashed with cyrb128 so that
 * string seeds such as "campaign-7/account-3" give well-spread states.
 */

import type { Rng } from './types.js';

const TWO_POW_32 = 4294967296;

/** cyrb128: 128 bits of string hash, four 32-bit words; good enough to seed a PRNG. */
function hash128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

class Sfc32 implements Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  /**
   * The seed identity this stream was created from (its 128-bit seed hash in hex, so that deep
   * fork chains keep a fixed-size key); forks derive from it, not from the current state.
   */
  private readonly key: string;

  constructor(seedText: string) {
    const [a, b, c, d] = hash128(seedText);
    this.key = [a, b, c, d].map((w) => w.toString(16).padStart(8, '0')).join('');
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
    // The first outputs of sfc32 still correlate with the seed words; discard them.
    for (let i = 0; i < 12; i++) this.next();
  }

  next(): number {
    const a = this.a;
    const b = this.b;
    const c = this.c;
    const d = (this.d + 1) | 0;
    const t = (((a + b) | 0) + d) | 0;
    this.a = b ^ (b >>> 9);
    this.b = (c + (c << 3)) | 0;
    this.c = (((c << 21) | (c >>> 11)) + t) | 0;
    this.d = d;
    return (t >>> 0) / TWO_POW_32;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Rng.pick: empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /**
   * A child stream keyed by this stream's seed and `label`. It does not consume or depend on
   * draws already made from the parent, so a child is the same however far the parent has run,
   * and forking the same label twice gives the same stream (use distinct labels for distinct
   * children).
   */
  fork(label: string): Rng {
    return new Sfc32(`${this.key}\u001f${label}`);
  }
}

/**
 * A deterministic random source: the same seed gives the same sequence on every run and machine.
 * Numbers and strings are both accepted (`createRng(7)` equals `createRng('7')`).
 */
export function createRng(seed: string | number): Rng {
  return new Sfc32(String(seed));
}
