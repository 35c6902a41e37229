/**
 * Hashing and pseudo-random numbers for the upstream simulator.
 *
 * Everything the simulator "generates" is a pure function of the request, so that the same request
 * always gets byte-identical text. Both functions here are tiny and allocation-free because they run
 * on every request of a latency benchmark.
 */

/**
 * cyrb53: a 53-bit string hash with good avalanche, so prompts differing by one character seed
 * unrelated streams. Linear in the text length, no allocation.
 */
export function hash53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** A source of uniform numbers in [0, 1). */
export type Rng = () => number;

/**
 * mulberry32: a 32-bit-state PRNG, plenty for choosing words and orders of magnitude faster than
 * crypto. `salt` derives independent streams from one seed (answer, reasoning, ids...), so that
 * turning reasoning on does not change the answer text.
 */
export function createRng(seed: number, salt = 0): Rng {
  // Fold the 53-bit seed into 32 bits, then mix in the salt with a golden-ratio multiplier.
  let a = ((seed % 4294967296) ^ Math.floor(seed / 4294967296) ^ Math.imul(salt + 1, 0x9e3779b9)) | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniformly chosen element of a non-empty list. */
export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)] as T;
}

/** A uniformly chosen integer in [lo, hi]. */
export function intBetween(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A deterministic alphanumeric id body of `length` characters, derived from a request seed. */
export function makeId(seed: number, salt: number, length = 24): string {
  const rng = createRng(seed, 1000 + salt);
  let out = '';
  for (let i = 0; i < length; i++) out += ID_ALPHABET[Math.floor(rng() * 62)];
  return out;
}
