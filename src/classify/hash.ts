/**
 * 32-bit string hashing for hashed features: FNV-1a over UTF-16 code units, finished with
 * MurmurHash3's fmix32 so that the top bits (which pick a bucket) are well mixed. Fixed seeds per
 * feature kind keep word and character n-gram features apart. Pure integer arithmetic (Math.imul):
 * the same text gives the same buckets on every machine.
 */

import { fmix32 } from '../util/hash.js';

export { fmix32 };

/** FNV-1a offset basis. */
export const FNV_OFFSET = 0x811c9dc5;
/** FNV-1a prime. */
export const FNV_PRIME = 0x01000193;

/** One FNV-1a step: folds a code unit into a running hash. */
export function fnvStep(hash: number, codeUnit: number): number {
  return Math.imul(hash ^ codeUnit, FNV_PRIME);
}

/** Hash of a whole string (seeded), finalised; used for tests and for small lookups. */
export function hashString(text: string, seed = FNV_OFFSET): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) h = fnvStep(h, text.charCodeAt(i));
  return fmix32(h);
}

/** Combines two hashes order-sensitively (word bigrams). */
export function combineHashes(a: number, b: number, seed: number): number {
  return fmix32(Math.imul(a ^ seed, 0x9e3779b1) ^ (b + 0x7f4a7c15));
}
