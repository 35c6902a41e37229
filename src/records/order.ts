/**
 * Time order. Spec v1 exchange files are ordered by `ts`, with up to 5 minutes of disorder allowed.
 * `TimeSorter` restores strict order keyed on (time, arrival): a record is released once a record at
 * least `windowMs` newer has been seen, so memory holds one window of records, and records with equal
 * times keep their input order. Records arriving in order go to a FIFO queue (O(1)); only the ones
 * that arrive late go to a min-heap; the smaller head of the two is released first.
 */
import { DistillguardError } from '../errors.js';

/** The disorder a spec v1 reader must accept: 5 minutes. */
export const DEFAULT_MAX_DISORDER_MS = 5 * 60 * 1000;

interface Node<T> {
  time: number;
  seq: number;
  value: T;
}

function before<T>(a: Node<T>, b: Node<T>): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

/** Binary min-heap on (time, seq). */
class TimeHeap<T> {
  private readonly nodes: Node<T>[] = [];

  get size(): number {
    return this.nodes.length;
  }

  peek(): Node<T> | undefined {
    return this.nodes[0];
  }

  push(node: Node<T>): void {
    const a = this.nodes;
    let i = a.length;
    a.push(node);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = a[p]!;
      if (!before(node, parent)) break;
      a[i] = parent;
      i = p;
    }
    a[i] = node;
  }

  pop(): Node<T> {
    const a = this.nodes;
    const top = a[0]!;
    const last = a.pop()!;
    const n = a.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        let c = l;
        if (r < n && before(a[r]!, a[l]!)) c = r;
        if (!before(a[c]!, last)) break;
        a[i] = a[c]!;
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}

/** Describes where a late value came from, for the error. */
export type DescribeLate<T> = (value: T) => { file?: string; line?: number };

/**
 * Re-sorts values whose times are at most `windowMs` out of order (a value is never older than the
 * newest seen minus the window). Call `push` for each value and `end` once; released values are
 * appended to `out` in non-decreasing time, stable for equal times.
 */
export class TimeSorter<T> {
  private readonly heap = new TimeHeap<T>();
  /** In-order arrivals, sorted by (time, seq) by construction; `queue[head]` is the oldest. */
  private queue: Node<T>[] = [];
  private head = 0;
  private seq = 0;
  private maxSeen = -Infinity;
  private lastOut = -Infinity;

  constructor(
    readonly windowMs: number = DEFAULT_MAX_DISORDER_MS,
    private readonly describe?: DescribeLate<T>,
  ) {
    if (!(windowMs >= 0)) throw new RangeError(`windowMs must be a non-negative number, got ${windowMs}`);
  }

  /** Values held, waiting for the window to pass. */
  get pending(): number {
    return this.heap.size + this.queue.length - this.head;
  }

  push(time: number, value: T, out: T[]): void {
    if (Number.isNaN(time)) {
      throw new DistillguardError('RECORD_MALFORMED', 'a record has no valid time, so it cannot be put in time order', {
        location: this.describe?.(value) ?? {},
      });
    }
    if (time < this.lastOut) {
      throw new DistillguardError(
        'RECORD_OUT_OF_ORDER',
        `record time ${iso(time)} is earlier than ${iso(this.lastOut)}, already passed on; more than ${this.windowMs} ms of disorder cannot be re-sorted`,
        { location: this.describe?.(value) ?? {}, hint: 'sort the input by time first, or re-sort with a larger window' },
      );
    }
    const node: Node<T> = { time, seq: this.seq++, value };
    const q = this.queue;
    if (this.head === q.length || time >= q[q.length - 1]!.time) q.push(node);
    else this.heap.push(node);
    if (time > this.maxSeen) this.maxSeen = time;
    this.release(this.maxSeen - this.windowMs, out);
  }

  /** Releases everything still held (the input has ended). */
  end(out: T[]): void {
    this.release(Infinity, out);
  }

  private release(limit: number, out: T[]): void {
    const q = this.queue;
    for (;;) {
      const fromQueue = this.head < q.length ? q[this.head]! : undefined;
      const fromHeap = this.heap.peek();
      let next: Node<T>;
      if (fromQueue && (!fromHeap || before(fromQueue, fromHeap))) {
        if (fromQueue.time > limit) break;
        next = fromQueue;
        q[this.head++] = undefined as unknown as Node<T>;
      } else if (fromHeap) {
        if (fromHeap.time > limit) break;
        next = this.heap.pop();
      } else break;
      this.lastOut = next.time;
      out.push(next.value);
    }
    if (this.head === q.length) {
      q.length = 0;
      this.head = 0;
    } else if (this.head > 4096 && this.head * 2 > q.length) {
      this.queue = q.slice(this.head);
      this.head = 0;
    }
  }
}

/** An entry `inTimeOrder` can sort: anything with a `time` in milliseconds (reader entries are). */
export interface Timed {
  time: number;
  line?: number;
}

/**
 * Yields the entries of `source` in non-decreasing `time` (stable for equal times), given that the
 * source is at most `windowMs` out of order (as `readRecords` guarantees with the same window).
 * Memory is bounded by the entries within one window. Throws RECORD_OUT_OF_ORDER when an entry is
 * later than that.
 */
export async function* inTimeOrder<T extends Timed>(
  source: AsyncIterable<T>,
  windowMs: number = DEFAULT_MAX_DISORDER_MS,
  options: { name?: string } = {},
): AsyncGenerator<T, void, undefined> {
  const sorter = new TimeSorter<T>(windowMs, (e) => ({
    ...(options.name !== undefined ? { file: options.name } : {}),
    ...(e.line !== undefined ? { line: e.line } : {}),
  }));
  const out: T[] = [];
  for await (const entry of source) {
    sorter.push(entry.time, entry, out);
    if (out.length > 0) {
      for (let i = 0; i < out.length; i++) yield out[i]!;
      out.length = 0;
    }
  }
  sorter.end(out);
  for (let i = 0; i < out.length; i++) yield out[i]!;
}

function iso(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? String(ms) : d.toISOString();
}
