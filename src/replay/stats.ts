/**
 * Counters of a replay, the progress line printed about every second, and the final summary.
 * Everything is kept in fixed-size structures (a log-bucketed latency histogram, not a list of
 * latencies), so a replay of any length runs in bounded memory.
 */
import type { AccountFigures } from './accounts.js';
import type { Speed } from './scheduler.js';
import type { SendOutcome } from './sender.js';

const BUCKET_GROWTH = 1.05;
const BUCKETS = 400; // 1.05^400 ms ≈ 3 days: every real latency fits

/** Latency percentiles from a log-bucketed histogram (each value within 5 % of the true one). */
export class LatencyHistogram {
  private readonly counts = new Uint32Array(BUCKETS);
  private total = 0;
  private maxMs = 0;

  add(ms: number): void {
    const index = ms < 1 ? 0 : Math.min(BUCKETS - 1, 1 + Math.floor(Math.log(ms) / Math.log(BUCKET_GROWTH)));
    this.counts[index]! += 1;
    this.total += 1;
    this.maxMs = Math.max(this.maxMs, ms);
  }

  /** The latency below which a share `q` (0..1) of requests fall; undefined when empty. */
  quantile(q: number): number | undefined {
    if (this.total === 0) return undefined;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return Math.min(this.maxMs, i === 0 ? 1 : BUCKET_GROWTH ** i);
    }
    return this.maxMs;
  }

  get count(): number {
    return this.total;
  }

  get max(): number {
    return this.maxMs;
  }
}

/** The figures of a replay: printed as the summary and written by `--json`. */
export interface ReplayFigures {
  gateway: string;
  speed: Speed;
  concurrency: number;
  /** Exchanges read from the input. */
  read: number;
  /** Requests sent to the gateway. */
  sent: number;
  /** Requests answered 2xx (streams read to the end). */
  ok: number;
  /** Failed requests by HTTP status (`"429"`) or kind (`stream`, `timeout`, `connection`, `aborted`, `other`). */
  errors: Record<string, number>;
  /** Exchanges not sent, by reason (`endpoint:<name>`, `account_refused`). */
  skipped: Record<string, number>;
  accounts: AccountFigures;
  /** Wall time of the replay (ms). */
  durationMs: number;
  /** Scenario time between the first and the last exchange read (ms). */
  scenarioSpanMs: number;
  /** Largest delay of a send against the schedule (ms). */
  maxLagMs: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number } | null;
  /** Stopped early (Ctrl-C). */
  interrupted: boolean;
}

/** A point-in-time view for the progress line. */
export interface ProgressSnapshot {
  /** Exchanges taken from the input so far (sent or skipped). */
  read: number;
  sent: number;
  ok: number;
  inFlight: number;
  errors: Record<string, number>;
  skipped: number;
  /** Sends a second over the last interval. */
  rate: number;
  lagMs: number;
  /** Estimated time left (ms), undefined when unknown. */
  etaMs: number | undefined;
  /** Exchanges in the input (up to --limit), when known. */
  total: number | undefined;
}

/** Live counters, updated by the replay as it goes. */
export class ReplayStats {
  read = 0;
  sent = 0;
  ok = 0;
  lagMs = 0;
  maxLagMs = 0;
  readonly errors: Record<string, number> = {};
  readonly skipped: Record<string, number> = {};
  readonly latency = new LatencyHistogram();
  private settled = 0;
  private rateMark = { at: 0, sent: 0 };

  constructor(now: number) {
    this.rateMark.at = now;
  }

  skip(reason: string): void {
    this.skipped[reason] = (this.skipped[reason] ?? 0) + 1;
  }

  dispatched(lagMs: number): void {
    this.sent += 1;
    this.lagMs = lagMs;
    this.maxLagMs = Math.max(this.maxLagMs, lagMs);
  }

  settle(outcome: SendOutcome): void {
    this.settled += 1;
    this.latency.add(outcome.latencyMs);
    if (outcome.ok) this.ok += 1;
    else this.errors[outcome.kind] = (this.errors[outcome.kind] ?? 0) + 1;
  }

  get inFlight(): number {
    return this.sent - this.settled;
  }

  get skippedTotal(): number {
    return Object.values(this.skipped).reduce((a, b) => a + b, 0);
  }

  /** Sends a second since the previous call (the rate of the last progress interval). */
  takeRate(now: number): number {
    const seconds = (now - this.rateMark.at) / 1000;
    const rate = seconds > 0 ? (this.sent - this.rateMark.sent) / seconds : 0;
    this.rateMark = { at: now, sent: this.sent };
    return rate;
  }
}

/** `1.2 s`, `3 min 05 s`, `2 h 10 min`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  const s = Math.max(0, ms) / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 2 : 1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(Math.floor(s % 60)).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** `429×2, 502×1`, largest first; `none` when empty. */
export function formatCounts(counts: Record<string, number>): string {
  const entries = Object.entries(counts).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return entries.length === 0 ? 'none' : entries.map(([k, n]) => `${k}×${n}`).join(', ');
}

/** The progress line (stderr, about every second). */
export function formatProgress(p: ProgressSnapshot): string {
  const errorCount = Object.values(p.errors).reduce((a, b) => a + b, 0);
  return [
    `replay: ${p.read}${p.total === undefined ? '' : `/${p.total}`} exchanges`,
    `sent ${p.sent}`,
    `ok ${p.ok}`,
    `errors ${errorCount === 0 ? 0 : `${errorCount} (${formatCounts(p.errors)})`}`,
    ...(p.skipped > 0 ? [`skipped ${p.skipped}`] : []),
    `in flight ${p.inFlight}`,
    `${p.rate.toFixed(1)}/s`,
    `lag ${formatDuration(p.lagMs)}`,
    `ETA ${p.etaMs === undefined ? '?' : formatDuration(p.etaMs)}`,
  ].join(' · ');
}

/** The final summary (stdout). */
export function formatSummary(f: ReplayFigures): string {
  const rate = f.durationMs > 0 ? (f.sent / f.durationMs) * 1000 : 0;
  const latency = f.latencyMs
    ? `latency p50 ${Math.round(f.latencyMs.p50)} ms, p95 ${Math.round(f.latencyMs.p95)} ms, max ${Math.round(f.latencyMs.max)} ms`
    : 'latency -';
  const a = f.accounts;
  return [
    `replay ${f.interrupted ? 'interrupted' : 'finished'}: ${f.read} exchanges read, ${f.sent} sent through ${f.gateway} in ${formatDuration(f.durationMs)} ` +
      `(speed ${f.speed === 'max' ? 'max' : `${f.speed}×`}, scenario span ${formatDuration(f.scenarioSpanMs)})`,
    `  ok ${f.ok} · errors ${formatCounts(f.errors)} · skipped ${formatCounts(f.skipped)}`,
    `  accounts: ${a.imported} imported (${a.importedNew} new), ${a.createdOnFirstUse} created at first use, ${a.keysIssued} keys issued, ${a.refused} refused`,
    `  rate ${rate.toFixed(1)}/s · max lag ${formatDuration(f.maxLagMs)} · ${latency}`,
  ].join('\n');
}
