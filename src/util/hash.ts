/**
 * Integer hashing shared by the simulator, the prompt classifiers and the detection engine. Pure
 * Math.imul arithmetic: the same input gives the same value on every machine, which the shipped
 * models, the simulator's byte-identical output and partner-matchable template shingles rely on.
 */

/** MurmurHash3's 32-bit finaliser: every input bit affects every output bit. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
