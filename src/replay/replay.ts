/**
 * `runReplay`: sends a simulated scenario (spec v1 exchanges, optional accounts) through a running
 * gateway with the official SDK clients, at the scenario's own pace sped up, one API key per
 * account. The gateway must trust the replaying host as a proxy (`--trusted-proxy`), or it records
 * the replaying host's address instead of each exchange's client facts.
 */
import { setMaxListeners } from 'node:events';
import { DistillguardError } from '../errors.js';
import { readRecords } from '../records/reader.js';
import type { ExchangeRecord } from '../records/types.js';
import type { RecordEntry } from '../records/reader.js';
import { AccountKeyManager, AccountRefusedError } from './accounts.js';
import { REPLAY_DEFAULTS } from './defaults.js';
import { HttpAdminApi, type AdminApi } from './admin-api.js';
import { buildRequest, clientHeaders, type BuiltRequest } from './requests.js';
import { runSchedule, systemClock, type Clock, type Speed } from './scheduler.js';
import { SdkSender, type ExchangeSender } from './sender.js';
import { ReplayStats, type ProgressSnapshot, type ReplayFigures } from './stats.js';

export { REPLAY_DEFAULTS };

export interface ReplayOptions {
  /** Gateway base URL, e.g. `http://127.0.0.1:8080`. */
  gateway: string;
  /** exchanges.jsonl[.gz] (spec v1); read in time order, streaming. */
  exchanges: string;
  /** accounts.jsonl[.gz] (spec v1), imported before the first exchange. */
  accounts?: string;
  adminToken: string;
  /** Speed-up of the scenario's timing (default 60), or `'max'`. */
  speed?: Speed;
  /** Most requests in flight (default 64). */
  concurrency?: number;
  /** Replay only the first N exchanges (in time order). */
  limit?: number;
  /** Also write the issued keys (account_id → secret) to this file, mode 0600. */
  keysOut?: string;
  /** Stream when the record streamed (default true); false sends everything without streaming. */
  streamAsRecorded?: boolean;
  /** Timeout of one model request (default 120 s). */
  requestTimeoutMs?: number;
  /** Stops the replay: no new sends, requests in flight are aborted, the figures say `interrupted`. */
  signal?: AbortSignal;
  /** Progress, about every `progressIntervalMs` (default 1000). */
  onProgress?: (progress: ProgressSnapshot) => void;
  progressIntervalMs?: number;
  /** Things the user should know that do not stop the replay (skipped endpoints, refused accounts). */
  onWarning?: (message: string) => void;
  /** Count the input first, for the ETA and to find a malformed line before sending anything (default true). */
  precount?: boolean;
  /** Consecutive connection failures after which the gateway counts as gone (default 50). */
  maxConsecutiveConnectionErrors?: number;
  /** Stand-ins for tests. */
  admin?: AdminApi;
  sender?: ExchangeSender;
  clock?: Clock;
}

interface Prepared {
  request: BuiltRequest;
  headers: Record<string, string>;
  secret: string;
}

// Enough to notice a pattern without flooding the terminal with one line per account.
const MAX_WARNINGS_PER_KIND = 10;

/**
 * Replays the scenario and resolves with its figures. Request failures are counted in the figures;
 * it rejects only when the replay cannot go on: the gateway is unreachable, the admin token is
 * refused, or the input is malformed (DistillguardError naming the file and line).
 */
export async function runReplay(options: ReplayOptions): Promise<ReplayFigures> {
  const gateway = checkGatewayUrl(options.gateway);
  const speed = options.speed ?? REPLAY_DEFAULTS.speed;
  const concurrency = options.concurrency ?? REPLAY_DEFAULTS.concurrency;
  const limit = options.limit ?? Infinity;
  const clock = options.clock ?? systemClock;
  const warn = warner(options.onWarning);
  const started = clock.now();

  const admin = options.admin ?? new HttpAdminApi({ gateway, token: options.adminToken });
  await admin.check();
  const scanned = options.precount === false ? undefined : await scanExchanges(options.exchanges, limit);
  const total = scanned?.count;
  const keys = new AccountKeyManager(admin, options.keysOut ? { keysOut: options.keysOut } : {});
  const sender = options.sender ?? new SdkSender({ gateway, timeoutMs: options.requestTimeoutMs ?? REPLAY_DEFAULTS.requestTimeoutMs });

  // fatal failures while sending stop the replay and abort what is in flight
  const halt = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, halt.signal]) : halt.signal;
  // one listener per request in flight (the sender's link) plus the scheduler's sleep: not a leak
  setMaxListeners(concurrency + 16, signal);
  const stats = new ReplayStats(clock.now());
  const maxConnectionErrors = options.maxConsecutiveConnectionErrors ?? REPLAY_DEFAULTS.maxConsecutiveConnectionErrors;
  let connectionErrors = 0;
  let window: { startWall: number; firstTime: number } | undefined;

  const eta = (now: number): number | undefined => {
    if (!scanned || !window) return undefined;
    if (speed === 'max') {
      const rate = stats.sent / Math.max(1, now - window.startWall);
      return rate > 0 ? (scanned.count - stats.read) / rate : undefined;
    }
    const end = window.startWall + (scanned.lastTime - window.firstTime) / speed;
    return Math.max(0, end - now) + stats.lagMs;
  };
  const timer = options.onProgress
    ? setInterval(() => {
      const now = clock.now();
      options.onProgress!({
        read: stats.read, sent: stats.sent, ok: stats.ok, inFlight: stats.inFlight, errors: { ...stats.errors }, skipped: stats.skippedTotal,
        rate: stats.takeRate(now), lagMs: stats.lagMs, etaMs: eta(now), total,
      });
    }, options.progressIntervalMs ?? 1000)
    : undefined;
  timer?.unref();

  let scheduleSpan = 0;
  try {
    if (options.accounts) await keys.importAccounts(options.accounts);

    async function* source(): AsyncGenerator<RecordEntry<ExchangeRecord>> {
      if (limit <= 0) return;
      for await (const entry of readRecords(options.exchanges, { kind: 'exchange', order: 'time' })) {
        stats.read += 1;
        yield entry;
        if (stats.read >= limit) return;
      }
    }
    const result = await runSchedule(source(), { speed, concurrency, signal, clock }, {
      prepare: async (entry): Promise<Prepared | undefined> => {
        const record = entry.record;
        const built = buildRequest(record, { streamAsRecorded: options.streamAsRecorded ?? true });
        if (!built.ok) {
          stats.skip(`endpoint:${record.endpoint}`);
          warn(`endpoint:${record.endpoint}`, `skipping exchange ${record.id}: ${built.reason}`);
          return undefined;
        }
        const { headers, dropped } = clientHeaders(record.client);
        for (const name of dropped) warn(`header:${name}`, `exchange ${record.id}: ${name} is not printable ASCII and is not sent`);
        let secret: string;
        try {
          secret = await keys.keyFor(record.account_id, record.ts);
        } catch (error) {
          if (!(error instanceof AccountRefusedError)) {
            // fatal (gateway gone, admin token refused): do not wait for the requests in flight either
            halt.abort();
            throw error;
          }
          stats.skip('account_refused');
          warn('account', `skipping the exchanges of ${error.message}`);
          return undefined;
        }
        return { request: built.request, headers, secret };
      },
      onDispatch: (info) => {
        window ??= { startWall: clock.now(), firstTime: info.time };
        stats.dispatched(info.lagMs);
      },
      send: async (prepared) => {
        const outcome = await sender.send(prepared.request, { secret: prepared.secret, headers: prepared.headers, signal });
        stats.settle(outcome);
        if (outcome.ok || outcome.kind !== 'connection') {
          connectionErrors = 0;
          return;
        }
        connectionErrors += 1;
        if (connectionErrors >= maxConnectionErrors) {
          halt.abort();
          throw new DistillguardError('REPLAY_GATEWAY_UNREACHABLE', `the gateway at ${gateway} stopped answering: ${connectionErrors} requests in a row failed to connect (${outcome.message})`, {
            hint: 'check that distillguard serve is still running and reachable from this host',
          });
        }
      },
    });
    scheduleSpan = result.read > 0 ? result.lastTime - result.firstTime : 0;
  } finally {
    if (timer) clearInterval(timer);
    await keys.close();
  }

  const latency = stats.latency;
  return {
    gateway,
    speed,
    concurrency,
    read: stats.read,
    sent: stats.sent,
    ok: stats.ok,
    errors: { ...stats.errors },
    skipped: { ...stats.skipped },
    accounts: { ...keys.figures },
    durationMs: clock.now() - started,
    scenarioSpanMs: scheduleSpan,
    maxLagMs: stats.maxLagMs,
    latencyMs: latency.count === 0 ? null : { p50: latency.quantile(0.5)!, p95: latency.quantile(0.95)!, p99: latency.quantile(0.99)!, max: latency.max },
    interrupted: options.signal?.aborted === true,
  };
}

/**
 * Counts the exchanges (up to `limit`, in time order as they will be sent) and finds the scenario's
 * last time, for the ETA; it also checks every line before any traffic is sent.
 */
async function scanExchanges(path: string, limit: number): Promise<{ count: number; lastTime: number }> {
  let count = 0;
  let lastTime = NaN;
  if (limit <= 0) return { count, lastTime };
  for await (const entry of readRecords(path, { kind: 'exchange', order: 'time' })) {
    count += 1;
    lastTime = entry.time;
    if (count >= limit) break;
  }
  return { count, lastTime };
}

function checkGatewayUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TypeError(`gateway must be an http(s) URL, got ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`gateway must be an http(s) URL, got ${JSON.stringify(raw)}`);
  return raw.replace(/\/+$/, '');
}

/** Warnings grouped by kind, at most MAX_WARNINGS_PER_KIND each, then one line saying more were left out. */
function warner(sink: ((message: string) => void) | undefined): (kind: string, message: string) => void {
  const counts = new Map<string, number>();
  return (kind, message) => {
    if (!sink) return;
    const n = (counts.get(kind) ?? 0) + 1;
    counts.set(kind, n);
    if (n <= MAX_WARNINGS_PER_KIND) sink(message);
    else if (n === MAX_WARNINGS_PER_KIND + 1) sink(`(further ${kind} warnings left out; the summary counts them all)`);
  };
}
