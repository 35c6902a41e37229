/**
 * One pooled arena for the fixed-size typed memory of every account (Bloom filters, the shingle
 * ring, the prompt filter, the hour histogram, capability counts and the profile's numeric fields).
 *
 * Why: each account used to own four small typed arrays. Every one of them is an ArrayBuffer and a
 * typed-array object on the JS heap (about 180 bytes, which the heap's slack roughly doubles in
 * resident memory) plus a separately malloc'ed backing store with its own bookkeeping; at hundreds
 * of thousands of accounts that overhead was as large as the data. Here accounts take consecutive
 * regions of large chunks (one ArrayBuffer per `ACCOUNTS_PER_CHUNK` accounts), and address their
 * region by a base offset.
 */

/** Layout of an account's region, in 32-bit words. */
export const REGION = Object.freeze({
  /** Bloom filter of shingles used (2,048 bits); the one of suspicious uses is a SUSPECT_REGION_WORDS region of its own. */
  bloom: 0,
  bloomWords: 64,
  /** Ring of the last distinct shingles used. */
  recent: 64,
  recentWords: 192,
  /** Bloom filter of prompts sent (1,024 bits). */
  prompts: 256,
  promptWords: 32,
  /** Hour-of-day histogram (24 counters, kept to 16 bits each as before). */
  hours: 288,
  hourWords: 24,
  /** The profile's numeric fields, as float64 (word offset; 8-byte aligned). */
  numbers: 312,
  numberSlots: 18,
  /** Capability counts by global capability code, then the codes in first-use order. */
  capabilityCounts: 348,
  capabilityOrder: 364,
  capabilitySlots: 16,
});

/** Words per account region (even, so that every region's float64 part stays aligned). */
export const REGION_WORDS = 380;

/**
 * Words of the Bloom filter of suspicious shingle uses (2,048 bits). Only accounts that turn out to
 * be suspects ever set a bit in it, so it is allocated at the first suspicious use, from a slab of
 * its own, instead of in every account's region.
 */
export const SUSPECT_REGION_WORDS = 64;

/** Regions per chunk: about 1.5 MB chunks, few enough ArrayBuffers to be negligible, small enough to waste little. */
export const ACCOUNTS_PER_CHUNK = 1024;

/** Hands out zeroed regions of `regionWords` words from large chunks. Regions are never freed (accounts are kept). */
export class AccountSlab {
  /** The chunk the last `allocate()` returned a region of. */
  chunk: Uint32Array;
  /** The same chunk as float64 (index = word offset / 2). */
  chunk64: Float64Array;
  private next: number;
  private readonly perChunk: number;
  private readonly regionWords: number;

  /** `regionWords` must be even (regions hold float64 values). */
  constructor(regionsPerChunk = ACCOUNTS_PER_CHUNK, regionWords = REGION_WORDS) {
    this.perChunk = Math.max(1, Math.floor(regionsPerChunk));
    this.regionWords = regionWords + (regionWords & 1);
    this.chunk = new Uint32Array(0);
    this.chunk64 = new Float64Array(this.chunk.buffer);
    this.next = 0;
  }

  /** Allocates a zeroed region; returns its base word offset in `this.chunk` (read `chunk` / `chunk64` right after). */
  allocate(): number {
    if (this.next + this.regionWords > this.chunk.length) {
      this.chunk = new Uint32Array(this.regionWords * this.perChunk);
      this.chunk64 = new Float64Array(this.chunk.buffer);
      this.next = 0;
    }
    const base = this.next;
    this.next += this.regionWords;
    return base;
  }
}
