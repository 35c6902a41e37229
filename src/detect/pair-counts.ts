/**
 * Counters keyed by an unordered pair of account indices, in one typed open-addressing table.
 *
 * Why: the campaign graph counts the unions made through every lockstep pair of flagged accounts,
 * and at report scale there are millions of such pairs. As `Map` entries keyed by a string such as
 * `timing:1234-5678` each cost a hash-table entry and a key string (about 70 bytes); here a pair is
 * three int32 cells: 12 bytes, or 16 to 32 counting the table's empty slots.
 *
 * The table fills to three quarters before it doubles: a lookup is rare (one per lockstep sighting
 * of two flagged accounts), so a few more probes cost nothing, while at report scale the table is
 * the size of millions of pairs and a half-full one would hold tens of megabytes of empty slots.
 */

/** Cells per entry: low index + 1 (0 marks an empty slot), high index, count. */
const STRIDE = 3;

const mixPair = (low: number, high: number): number => {
  let h = Math.imul(low ^ 0x9e3779b9, 0x85ebca6b) ^ high;
  h = Math.imul(h ^ (h >>> 16), 0xc2b2ae35);
  return (h ^ (h >>> 13)) >>> 0;
};

/** Integer counters for unordered pairs of non-negative indices (linear probing, grows by doubling). */
export class PairCounts {
  private cells: Int32Array;
  private mask: number;
  private count = 0;

  constructor(initialCapacity = 1 << 10) {
    let capacity = 16;
    while (capacity < initialCapacity) capacity <<= 1;
    this.cells = new Int32Array(capacity * STRIDE);
    this.mask = capacity - 1;
  }

  /** Pairs with a counter. */
  get size(): number {
    return this.count;
  }

  /** The counter of the pair {a, b} (order does not matter), or 0 when it has none. */
  get(a: number, b: number): number {
    const cell = this.probe(Math.min(a, b), Math.max(a, b));
    return this.cells[cell] === 0 ? 0 : this.cells[cell + 2]!;
  }

  /** Adds `by` to the counter of {a, b}, creating it at 0 first. Indices must be 0 ≤ i < 2^31 - 1. */
  add(a: number, b: number, by: number): void {
    const low = Math.min(a, b);
    const high = Math.max(a, b);
    let cell = this.probe(low, high);
    if (this.cells[cell] === 0) {
      if ((this.count + 1) * 4 > (this.mask + 1) * 3) {
        this.grow();
        cell = this.probe(low, high);
      }
      this.cells[cell] = low + 1;
      this.cells[cell + 1] = high;
      this.count++;
    }
    this.cells[cell + 2]! += by;
  }

  /** Calls `visit(low, high, count)` for every pair with a counter (low < high), in no particular order. */
  forEach(visit: (low: number, high: number, count: number) => void): void {
    const cells = this.cells;
    for (let cell = 0; cell < cells.length; cell += STRIDE) {
      if (cells[cell] !== 0) visit(cells[cell]! - 1, cells[cell + 1]!, cells[cell + 2]!);
    }
  }

  /** The cell of the pair's entry, or of the empty slot where it would go (linear probing). */
  private probe(low: number, high: number): number {
    const key = low + 1;
    let slot = mixPair(low, high) & this.mask;
    for (;;) {
      const cell = slot * STRIDE;
      const stored = this.cells[cell]!;
      if (stored === 0 || (stored === key && this.cells[cell + 1] === high)) return cell;
      slot = (slot + 1) & this.mask;
    }
  }

  private grow(): void {
    const old = this.cells;
    this.mask = (this.mask + 1) * 2 - 1;
    this.cells = new Int32Array((this.mask + 1) * STRIDE);
    for (let cell = 0; cell < old.length; cell += STRIDE) {
      if (old[cell] === 0) continue;
      const target = this.probe(old[cell]! - 1, old[cell + 1]!);
      this.cells[target] = old[cell]!;
      this.cells[target + 1] = old[cell + 1]!;
      this.cells[target + 2] = old[cell + 2]!;
    }
  }
}
