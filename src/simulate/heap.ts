/**
 * A binary min-heap of actor indexes keyed by (next event time, actor index): popping gives the
 * globally next exchange in O(log n), and the index tie-break makes the order total, so equal times
 * always come out the same way whatever the insertion order.
 */
export class EventHeap {
  private readonly items: Int32Array;
  private readonly keys: Float64Array;
  private count = 0;

  /** `capacity` is the number of actors; each is in the heap at most once. */
  constructor(capacity: number) {
    this.items = new Int32Array(Math.max(1, capacity));
    this.keys = new Float64Array(Math.max(1, capacity));
  }

  get size(): number {
    return this.count;
  }

  /** The smallest time in the heap (Infinity when empty). */
  peekTime(): number {
    return this.count > 0 ? this.keys[0]! : Infinity;
  }

  /** The actor with the smallest key (undefined behaviour when empty: check `size`). */
  peek(): number {
    return this.items[0]!;
  }

  private less(i: number, j: number): boolean {
    const a = this.keys[i]!;
    const b = this.keys[j]!;
    return a < b || (a === b && this.items[i]! < this.items[j]!);
  }

  private swap(i: number, j: number): void {
    const item = this.items[i]!;
    this.items[i] = this.items[j]!;
    this.items[j] = item;
    const key = this.keys[i]!;
    this.keys[i] = this.keys[j]!;
    this.keys[j] = key;
  }

  push(item: number, time: number): void {
    let i = this.count++;
    this.items[i] = item;
    this.keys[i] = time;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** Changes the key of the top item (after its actor advanced) and restores the order. */
  replaceTop(time: number): void {
    this.keys[0] = time;
    this.siftDown(0);
  }

  /** Removes and returns the top item. */
  pop(): number {
    const top = this.items[0]!;
    this.count--;
    if (this.count > 0) {
      this.items[0] = this.items[this.count]!;
      this.keys[0] = this.keys[this.count]!;
      this.siftDown(0);
    }
    return top;
  }

  private siftDown(i: number): void {
    const n = this.count;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) return;
      const r = l + 1;
      const c = r < n && this.less(r, l) ? r : l;
      if (!this.less(c, i)) return;
      this.swap(c, i);
      i = c;
    }
  }
}
