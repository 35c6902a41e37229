/**
 * Pure integer hashing for the simulator: opaque ids and "coin flips" that must be the same for
 * every account that asks (a campaign's active hours, a lease epoch's IP) without shared state.
 *
 * Why not the Rng: an Rng is a stream, so the answer would depend on who asked first. These are
 * functions of their arguments only, which keeps the output independent of scheduling order and of
 * how accounts are split between worker threads.
*/

import { fmix32 } from '../util/hash.js';

export { fmix32 };

/** A 32-bit hash of up to four integers (each folded to 32 bits). */
export function hash32(a: number, b = 0, c = 0, d = 0): number {
  let h = fmix32((a | 0) ^ 0x9e3779b9);
  h = fmix32(h ^ Math.imul((b | 0) ^ 0x7f4a7c15, 0x27d4eb2d));
  h = fmix32(h ^ Math.imul((c | 0) ^ 0x165667b1, 0x2545f491));
  h = fmix32(h ^ Math.imul((d | 0) ^ 0x61c88647, 0x9e3779b1));
  return h;
}

/** Uniform in [0, 1) from up to four integers. */
export function hashUnit(a: number, b = 0, c = 0, d = 0): number {
  return hash32(a, b, c, d) / 4294967296;
}

/** A 32-bit hash of a string (FNV-1a then finalised): for names in labels such as campaign names. */
export function hashString(text: string, seed = 0): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return fmix32(h);
}

/**
 * `chars` lowercase hex characters (at most 16) derived from the arguments. Two independent 32-bit
 * hashes give 64 bits, so 16 characters do not collide at simulation scale (millions of ids).
 */
export function opaqueHex(chars: number, a: number, b = 0, c = 0, d = 0): string {
  const hi = hash32(a, b, c, d);
  const lo = hash32(hi ^ 0x5bd1e995, a, b ^ 0x3c6ef372, c ^ d);
  const text = hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
  return text.slice(0, chars);
}

/** A seed value folded to 32 bits (seeds may be any safe integer). */
export function foldSeed(seed: number): number {
  return (seed % 4294967296) ^ Math.floor(seed / 4294967296);
}
