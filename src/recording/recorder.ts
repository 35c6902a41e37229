import { appendFileSync } from 'node:fs';
import type { ExchangeRecord } from '../records/types.js';

/** Where recorded exchanges go (the store, a file, a bus). */
export interface ExchangeSink {
  write(records: readonly ExchangeRecord[]): Promise<void>;
}

/** Sees every record once, in arrival order, off the request path (the live detection engine). */
export type ExchangeListener = (records: readonly ExchangeRecord[]) => void;

export interface RecorderOptions {
  sink: ExchangeSink;
  /** Records held in memory (queued plus reserved by in-flight requests). */
  capacity: number;
  batchSize: number;
  flushIntervalMs: number;
  /** JSONL file that receives whatever the sink still refuses when the recorder closes. */
  spillPath: string;
  /** Called after each failed write, for logs and metrics. */
  onWriteError?: (error: unknown, pending: number) => void;
  onWritten?: (count: number) => void;
}

export interface RecorderStats {
  queued: number;
  reserved: number;
  capacity: number;
  written: number;
  writeFailures: number;
  spilled: number;
}

/**
 * A bounded queue between the gateway and the store. A request reserves its slot when it is
 * admitted, so the record it will produce always has room: backpressure is applied at admission
 * (new requests wait, then get a 503), never by dropping a record that was accepted.
 */
export class Recorder {
  private readonly options: RecorderOptions;
  private queue: ExchangeRecord[] = [];
  private reserved = 0;
  private readonly slotWaiters: Array<() => void> = [];
  private readonly listeners: ExchangeListener[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private backoffUntil = 0;
  /** How many records at the head of the queue listeners have already seen. */
  private delivered = 0;
  private backoffMs = 0;
  private closed = false;
  private readonly counters = { written: 0, writeFailures: 0, spilled: 0 };

  constructor(options: RecorderOptions) {
    this.options = options;
  }

  /** Adds a listener that receives every record batch before it is written. */
  subscribe(listener: ExchangeListener): () => void {
    this.listeners.push(listener);
    return () => {
      const index = this.listeners.indexOf(listener);
      if (index >= 0) this.listeners.splice(index, 1);
    };
  }

  private get used(): number {
    return this.queue.length + this.reserved;
  }

  /** Reserves a slot if one is free right now. */
  tryReserve(): boolean {
    if (this.closed || this.used >= this.options.capacity) return false;
    this.reserved += 1;
    return true;
  }

  /** Waits up to `timeoutMs` for a slot; resolves false when none freed up in time. */
  async reserve(timeoutMs: number): Promise<boolean> {
    if (this.tryReserve()) return true;
    if (this.closed || timeoutMs <= 0) return false;
    return new Promise<boolean>((resolve) => {
      let settled = false;
      const settle = (value: boolean): void => {
        settled = true;
        clearTimeout(timer);
        resolve(value);
      };
      const attempt = (): void => {
        if (settled) return;
        if (this.tryReserve()) settle(true);
        else if (this.closed) settle(false);
        else this.slotWaiters.push(attempt);
      };
      const timer = setTimeout(() => {
        const index = this.slotWaiters.indexOf(attempt);
        if (index >= 0) this.slotWaiters.splice(index, 1);
        settle(false);
      }, timeoutMs);
      this.slotWaiters.push(attempt);
    });
  }

  /** Hands over the record of a request that holds a reservation. Never blocks, never drops. */
  commit(record: ExchangeRecord): void {
    if (this.reserved > 0) this.reserved -= 1;
    this.queue.push(record);
    if (this.queue.length >= this.options.batchSize) this.scheduleFlush(0);
    else this.scheduleFlush(this.options.flushIntervalMs);
  }

  /** Records a request that did not hold a reservation (it is still never dropped). */
  record(record: ExchangeRecord): void {
    this.reserved += 1;
    this.commit(record);
  }

  /** Gives a reservation back without a record (only for requests that were never admitted). */
  release(): void {
    if (this.reserved > 0) this.reserved -= 1;
    this.wakeWaiters();
  }

  stats(): RecorderStats {
    return { queued: this.queue.length, reserved: this.reserved, capacity: this.options.capacity, ...this.counters };
  }

  private scheduleFlush(delayMs: number): void {
    if (this.timer || this.writing) return;
    const wait = Math.max(delayMs, this.backoffUntil - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flushOnce();
    }, wait);
    this.timer.unref?.();
  }

  private wakeWaiters(): void {
    while (this.slotWaiters.length > 0 && this.used < this.options.capacity) this.slotWaiters.shift()!();
  }

  /** Writes one batch; on failure keeps it at the head of the queue and backs off. */
  private async flushOnce(): Promise<void> {
    if (this.writing) return this.writing;
    if (this.queue.length === 0) return;
    const batch = this.queue.slice(0, this.options.batchSize);
    // A batch that failed to write is retried; listeners must still see each record only once.
    const fresh = this.delivered > 0 ? batch.slice(this.delivered) : batch;
    if (fresh.length > 0) {
      for (const listener of this.listeners) {
        try {
          listener(fresh);
        } catch {
          // a faulty listener must not cost a record
        }
      }
      this.delivered += fresh.length;
    }
    this.writing = (async () => {
      try {
        await this.options.sink.write(batch);
        this.queue.splice(0, batch.length);
        this.delivered -= batch.length;
        this.counters.written += batch.length;
        this.backoffMs = 0;
        this.backoffUntil = 0;
        this.options.onWritten?.(batch.length);
      } catch (error) {
        this.counters.writeFailures += 1;
        this.backoffMs = Math.min(Math.max(this.backoffMs * 2, 50), 5_000);
        this.backoffUntil = Date.now() + this.backoffMs;
        this.options.onWriteError?.(error, this.queue.length);
      }
    })();
    await this.writing;
    this.writing = undefined;
    this.wakeWaiters();
    if (this.queue.length > 0) {
      this.scheduleFlush(this.queue.length >= this.options.batchSize ? 0 : this.options.flushIntervalMs);
    }
  }

  /**
   * Writes everything queued. Waits for in-flight reservations to be committed until `deadline`
   * (epoch ms); whatever the sink still refuses at the deadline is appended to the spill file.
   */
  async drain(deadline = Date.now() + 30_000): Promise<void> {
    while ((this.queue.length > 0 || this.reserved > 0) && Date.now() < deadline) {
      if (this.timer) {
        clearTimeout(this.timer);
        this.timer = undefined;
      }
      if (this.queue.length > 0 && Date.now() >= this.backoffUntil) await this.flushOnce();
      else await new Promise((resolve) => setTimeout(resolve, 5));
    }
    if (this.queue.length > 0) this.spill();
  }

  /** Stops admitting, drains, and spills what cannot be written. */
  async close(deadline = Date.now() + 30_000): Promise<void> {
    this.closed = true;
    for (const wake of this.slotWaiters.splice(0)) wake();
    await this.drain(deadline);
  }

  private spill(): void {
    const lines = this.queue.map((r) => JSON.stringify(r)).join('\n') + '\n';
    appendFileSync(this.options.spillPath, lines, { mode: 0o600 });
    this.counters.spilled += this.queue.length;
    this.queue = [];
    this.delivered = 0;
  }
}
