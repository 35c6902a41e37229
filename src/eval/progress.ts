/**
 * Progress of a long streaming pass on stderr, so stdout stays clean for the report: on a terminal,
 * one line rewritten in place about once a second; otherwise (a log file, CI) a plain line every
 * `everyRecords` records, so logs neither stay silent for minutes nor fill up with `\r` noise.
 */

/** Where progress goes: a writable with an optional `isTTY` (process.stderr is one). */
export interface ProgressSink {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** How a ProgressReporter labels and paces its output. */
export interface ProgressOptions {
  /** What is being counted, e.g. `exchanges`. */
  noun: string;
  /** Seconds between updates on a terminal (default 1). */
  intervalMs?: number;
  /** Records between lines when not a terminal (default 1,000,000). */
  everyRecords?: number;
  /** Clock in ms (tests pass a fake one). */
  now?: () => number;
}

/** Reports a running count with its rate. Call `update` often (it is cheap) and `done` once. */
export class ProgressReporter {
  private readonly start: number;
  private lastTick: number;
  private nextMark: number;
  private readonly tty: boolean;
  private readonly intervalMs: number;
  private readonly everyRecords: number;
  private readonly now: () => number;
  private wroteInPlace = false;

  constructor(private readonly sink: ProgressSink, private readonly options: ProgressOptions) {
    this.now = options.now ?? (() => performance.now());
    this.intervalMs = options.intervalMs ?? 1000;
    this.everyRecords = options.everyRecords ?? 1_000_000;
    this.tty = sink.isTTY === true;
    this.start = this.now();
    this.lastTick = this.start;
    this.nextMark = this.everyRecords;
  }

  /** Notes that `count` records have been read so far. */
  update(count: number): void {
    if (this.tty) {
      const t = this.now();
      if (t - this.lastTick < this.intervalMs) return;
      this.lastTick = t;
      this.sink.write(`\r${this.line(count, t)}\x1b[K`);
      this.wroteInPlace = true;
    } else if (count >= this.nextMark) {
      this.sink.write(`${this.line(count, this.now())}\n`);
      // skip marks a large batch jumped over, so one batch gives at most one line
      this.nextMark = (Math.floor(count / this.everyRecords) + 1) * this.everyRecords;
    }
  }

  /** Writes the final count and rate on its own line. */
  done(count: number): void {
    const text = `${this.line(count, this.now())}, done`;
    this.sink.write(this.wroteInPlace ? `\r${text}\x1b[K\n` : `${text}\n`);
  }

  private line(count: number, t: number): string {
    const seconds = Math.max(1e-3, (t - this.start) / 1000);
    const rate = Math.round(count / seconds);
    return `${this.options.noun}: ${count.toLocaleString('en-US')} read, ${rate.toLocaleString('en-US')} records/s, ${seconds.toFixed(1)} s`;
  }
}
