/**
 * Lockstep timing, in the spirit of CopyCatch and SynchroTrap: accounts driven by one scheduler fire
 * within the same second again and again, far more often than chance allows for their volume.
 *
 * Every exchange is compared with the exchanges of the previous `windowMs` (a short ring); each
 * pair of distinct accounts that fired together is counted in a count-min sketch (fixed memory,
 * whatever the population). When a pair's count reaches `minTogether` and makes up a large share of
 * the quieter account's traffic, the pair is reported as a lockstep link.
 */

import { mix32 } from './text.js';

const DEPTH = 4;

export interface TimingOptions {
  /** Two exchanges this close count as fired together. */
  windowMs: number;
  /** Co-occurrences a pair needs before it is a link. */
  minTogether: number;
  /** …and the share of the quieter account's exchanges they make up. */
  minShare: number;
  /** log2 of the sketch width. */
  widthBits: number;
}

export const DEFAULT_TIMING_OPTIONS: TimingOptions = { windowMs: 1000, minTogether: 5, minShare: 0.3, widthBits: 20 };

/** A lockstep link found at an exchange. */
export interface LockstepLink {
  /** The other account's dense index. */
  other: number;
  together: number;
}

export class LockstepDetector {
  private readonly options: TimingOptions;
  private readonly sketch: Uint16Array;
  private readonly mask: number;
  private ringAccounts = new Int32Array(256);
  private ringTimes = new Float64Array(256);
  private head = 0;
  private tail = 0;

  constructor(options: Partial<TimingOptions> = {}) {
    this.options = { ...DEFAULT_TIMING_OPTIONS, ...options };
    this.sketch = new Uint16Array(DEPTH << this.options.widthBits);
    this.mask = (1 << this.options.widthBits) - 1;
  }

  /**
   * Notes an exchange of account `index` (whose exchange count, this one included, is `count`) at
   * `tsMs`; `countOf` gives other accounts' exchange counts. Returns the strongest new lockstep link.
   */
  observe(index: number, tsMs: number, count: number, countOf: (index: number) => number): LockstepLink | null {
    const options = this.options;
    while (this.tail < this.head && this.ringTimes[this.tail & (this.ringTimes.length - 1)]! < tsMs - options.windowMs) this.tail++;
    let best: LockstepLink | null = null;
    const size = this.ringTimes.length - 1;
    for (let i = this.tail; i < this.head; i++) {
      const other = this.ringAccounts[i & size]!;
      if (other === index) continue;
      const together = this.increment(index < other ? index : other, index < other ? other : index);
      if (together < options.minTogether) continue;
      const quieter = Math.min(count, countOf(other));
      if (together / Math.max(1, quieter) < options.minShare) continue;
      if (best === null || together > best.together) best = { other, together };
    }
    this.push(index, tsMs);
    return best;
  }

  private increment(a: number, b: number): number {
    let min = 0xffff;
    let h = mix32(a, b);
    for (let row = 0; row < DEPTH; row++) {
      const cell = (row << this.options.widthBits) | (h & this.mask);
      const value = this.sketch[cell]!;
      if (value < 0xffff) this.sketch[cell] = value + 1;
      if (value + 1 < min) min = value + 1;
      h = mix32(h, row + 0x51ed27);
    }
    return min;
  }

  private push(index: number, tsMs: number): void {
    if (this.head - this.tail === this.ringTimes.length) {
      // a burst fills the ring: grow it (the window bounds it by the peak rate)
      const grown = this.ringTimes.length * 2;
      const accounts = new Int32Array(grown);
      const times = new Float64Array(grown);
      for (let i = this.tail; i < this.head; i++) {
        accounts[i - this.tail] = this.ringAccounts[i & (this.ringAccounts.length - 1)]!;
        times[i - this.tail] = this.ringTimes[i & (this.ringTimes.length - 1)]!;
      }
      this.head -= this.tail;
      this.tail = 0;
      this.ringAccounts = accounts;
      this.ringTimes = times;
    }
    const size = this.ringTimes.length - 1;
    this.ringAccounts[this.head & size] = index;
    this.ringTimes[this.head & size] = tsMs;
    this.head++;
  }
}
