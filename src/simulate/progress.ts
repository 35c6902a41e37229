/**
 * Progress of a simulation on stderr: share of simulated time done, exchanges per second and an ETA.
 * On a terminal one line is redrawn in place a few times a second; otherwise (CI logs, files) a
 * full line is printed every `intervalMs`, so logs stay readable.
 */

/** Receives progress updates from the engine. */
export interface ProgressSink {
  /** `fraction` of simulated time done (0..1), exchanges written so far. */
  update(fraction: number, exchanges: number): void;
  /** The run is over (prints the final line). */
  done(exchanges: number, bytes: number): void;
}

/** A sink that ignores everything (tests, benchmarks). */
export const SILENT_PROGRESS: ProgressSink = { update: () => undefined, done: () => undefined };

export interface ProgressOptions {
  stream?: NodeJS.WriteStream;
  /** Redraw on a TTY (default 250 ms) or print a line otherwise (default 10 s). */
  intervalMs?: number;
  /** Prefix of each line. */
  label?: string;
}

function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '--:--';
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}` : `${m}:${String(sec).padStart(2, '0')}`;
}

function formatCount(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e4 ? `${(n / 1e3).toFixed(1)}k` : String(n);
}

/** The progress bar on stderr. */
export class ProgressBar implements ProgressSink {
  private readonly stream: NodeJS.WriteStream;
  private readonly tty: boolean;
  private readonly interval: number;
  private readonly label: string;
  private readonly started = performance.now();
  private last = 0;

  constructor(options: ProgressOptions = {}) {
    this.stream = options.stream ?? process.stderr;
    this.tty = this.stream.isTTY === true;
    this.interval = options.intervalMs ?? (this.tty ? 250 : 10_000);
    this.label = options.label ?? 'simulate';
  }

  update(fraction: number, exchanges: number): void {
    const now = performance.now();
    if (now - this.last < this.interval) return;
    this.last = now;
    this.stream.write(this.tty ? `\r${this.line(fraction, exchanges, now)}\u001b[K` : `${this.line(fraction, exchanges, now)}\n`);
  }

  done(exchanges: number, bytes: number): void {
    const now = performance.now();
    const elapsed = now - this.started;
    const rate = exchanges / Math.max(elapsed / 1000, 1e-3);
    const text = `${this.label}: done, ${formatCount(exchanges)} exchanges (${(bytes / 1e9).toFixed(2)} GB) in ${formatDuration(elapsed)}, ${formatCount(Math.round(rate))} exchanges/s`;
    this.stream.write(this.tty ? `\r${text}\u001b[K\n` : `${text}\n`);
  }

  private line(fraction: number, exchanges: number, now: number): string {
    const elapsed = now - this.started;
    const f = Math.min(1, Math.max(0, fraction));
    const rate = exchanges / Math.max(elapsed / 1000, 1e-3);
    const eta = f > 0.001 ? (elapsed * (1 - f)) / f : NaN;
    const width = 24;
    const filled = Math.round(f * width);
    const bar = this.tty ? `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ` : '';
    return `${this.label}: ${bar}${(f * 100).toFixed(1)}% of simulated time, ${formatCount(exchanges)} exchanges, ${formatCount(Math.round(rate))}/s, elapsed ${formatDuration(elapsed)}, ETA ${formatDuration(eta)}`;
  }
}
