/**
 * Local-first token buckets over Redis (the default Redis mode): the hot path decides from this
 * replica's copy of each bucket, with no I/O, and a background sync applies what was consumed
 * locally to the shared buckets every `syncIntervalMs` (one pipelined batch of Lua calls for every
 * bucket used since the last sync), refreshing the local copies from the shared levels it answers.
 *
 * The overshoot is bounded per bucket: a replica admits at most `budget = floor(localShare ×
 * capacity)` tokens that Redis has not yet seen; a request that would exceed it (or, with
 * `exactBelow`, bring the bucket near empty) is checked synchronously against Redis, after this
 * replica's unsynced consumption, exactly like the exact store. With R replicas sharing a bucket,
 * at most (R − 1) × budget tokens are admitted beyond the exact limit (docs/POLICY.md), and what was
 * admitted beyond it is charged to the shared bucket as debt, so the long-run rate stays exact.
 * Refusals are local too: the local copy never lags behind this replica's own consumption.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { LOCAL_FIRST_SCRIPT, LOCAL_FIRST_SHA } from './local-first-script.js';
import { RedisRateLimitStore } from './redis.js';
import { refill, waitMs, type BucketSpec, type RateLimitStore, type TakeResult } from './types.js';

export interface LocalFirstOptions {
  /** Prefix of every key (shared with the exact store's layout). */
  keyPrefix?: string;
  /** Close the connection on close() (true when this store opened it). */
  ownsConnection?: boolean;
  /** How often consumption is pushed to Redis and the local copies refreshed (ms). */
  syncIntervalMs?: number;
  /** Fraction of a bucket's capacity a replica may consume before Redis has seen it (0 = always exact). */
  localShare?: number;
  /** Below this fraction of capacity left, a take is checked synchronously against Redis (0 = never). */
  exactBelow?: number;
  /** Called when a background sync fails (the consumption is kept and sent again). */
  onSyncError?: (error: unknown) => void;
}

/** This replica's copy of one shared bucket. */
interface LocalBucket {
  key: string;
  /** The local view, with memory-store semantics: tokens at lastMs. */
  tokens: number;
  lastMs: number;
  fullAtMs: number;
  /** Consumed here, not yet sent to Redis, and the bucket as it was when last consumed. */
  pending: number;
  pendingAtMs: number;
  pendingCapacity: number;
  pendingRefillPerMs: number;
  /** Sent to Redis, no answer yet. */
  inflight: number;
  /** Costs of exact takes sent to Redis, no answer yet: already off the local view (it must never overstate). */
  reserved: number;
  /** Sequence number of the newest Redis answer applied to this copy. */
  answeredSeq: number;
  queued: boolean;
  /**
   * This copy's consumption stream in Redis (`c:<stream>` in the bucket's hash): calls carry the
   * running total `sent`, and Redis applies only what it has not applied yet, so a call retried after
   * a lost reply never charges twice. `acked` is the total of the newest answered call.
   */
  stream: string;
  sent: number;
  acked: number;
}

/** What one Redis call carried for one bucket, to settle its local copy from the answer. */
interface Carried {
  entry: LocalBucket;
  delta: number;
  /** The running total the call carried. */
  total: number;
  /** The cost of an exact take, reserved on the local view until the answer. */
  reserved: number;
}

/** Keys per Lua call of a background sync (bounded, so a sync never blocks Redis for long). */
const SYNC_CHUNK = 200;
/** Groups examined for forgetting per sync. */
const SWEEP_BATCH = 2_000;

/** The counters `stats()` reports (bench/enforce-check.ts prints them). */
export interface LocalFirstStats {
  localTakes: number;
  syncTakes: number;
  localRefusals: number;
  syncs: number;
  syncedKeys: number;
  syncErrors: number;
  /** The last sync failure's message, if any. */
  lastSyncError?: string;
  /** CPU time this process spent building syncs and applying their answers (ns). */
  syncBusyNs: number;
  buckets: number;
}

export class LocalFirstRedisRateLimitStore implements RateLimitStore {
  readonly kind = 'redis-local-first';
  readonly syncIntervalMs: number;
  readonly localShare: number;
  readonly exactBelow: number;
  private readonly prefix: string;
  private readonly entries = new Map<string, Record<string, LocalBucket>>();
  private queue: LocalBucket[] = [];
  private readonly timer: NodeJS.Timeout;
  private syncing: Promise<void> | undefined;
  private latestMs = 0;
  /** Numbers the Redis calls in the order they are written to the (FIFO) connection. */
  private seq = 0;
  private sweepCursor: Iterator<[string, Record<string, LocalBucket>]> | undefined;
  private readonly levels: number[] = [];
  /** Names this store's consumption streams in Redis (random per process). */
  private readonly replicaId = randomBytes(6).toString('base64url');
  private streams = 0;
  private readonly counters: Omit<LocalFirstStats, 'buckets'> = { localTakes: 0, syncTakes: 0, localRefusals: 0, syncs: 0, syncedKeys: 0, syncErrors: 0, syncBusyNs: 0 };

  constructor(private readonly redis: Redis, private readonly options: LocalFirstOptions = {}) {
    this.prefix = options.keyPrefix ?? 'distillguard:rl:';
    this.syncIntervalMs = options.syncIntervalMs ?? 5;
    this.localShare = options.localShare ?? 0.1;
    this.exactBelow = options.exactBelow ?? 0;
    this.timer = setInterval(() => void this.sync(), this.syncIntervalMs);
    this.timer.unref();
  }

  /** Tokens of `bucket` this replica may consume before Redis has seen them. */
  budget(bucket: BucketSpec): number {
    return Math.floor(this.localShare * bucket.capacity);
  }

  private entry(bucket: BucketSpec): LocalBucket | undefined {
    return this.entries.get(bucket.group)?.[bucket.name];
  }

  private create(bucket: BucketSpec, nowMs: number): LocalBucket {
    let group = this.entries.get(bucket.group);
    if (!group) {
      group = Object.create(null) as Record<string, LocalBucket>;
      this.entries.set(bucket.group, group);
    }
    const entry: LocalBucket = { key: `${this.prefix}${bucket.group}:${bucket.name}`, tokens: bucket.capacity, lastMs: nowMs, fullAtMs: nowMs,
      pending: 0, pendingAtMs: nowMs, pendingCapacity: bucket.capacity, pendingRefillPerMs: bucket.refillPerMs, inflight: 0, reserved: 0, answeredSeq: 0, queued: false,
      stream: `${this.replicaId}.${(this.streams += 1).toString(36)}`, sent: 0, acked: 0 };
    group[bucket.name] = entry;
    return entry;
  }

  /** Sets the local level and records the change as consumption to send. */
  private consume(bucket: BucketSpec, entry: LocalBucket | undefined, before: number, after: number, nowMs: number): void {
    entry ??= this.create(bucket, nowMs);
    this.setLevel(entry, bucket, after, nowMs);
    if (before === after) return;
    entry.pending += before - after;
    entry.pendingAtMs = Math.max(entry.pendingAtMs, nowMs);
    entry.pendingCapacity = bucket.capacity;
    entry.pendingRefillPerMs = bucket.refillPerMs;
    if (!entry.queued) {
      entry.queued = true;
      this.queue.push(entry);
    }
  }

  private setLevel(entry: LocalBucket, bucket: BucketSpec, tokens: number, nowMs: number): void {
    entry.tokens = tokens;
    entry.lastMs = nowMs;
    entry.fullAtMs = bucket.refillPerMs > 0 ? nowMs + Math.max(0, bucket.capacity - tokens) / bucket.refillPerMs : Number.MAX_SAFE_INTEGER;
  }

  take(buckets: readonly BucketSpec[], nowMs: number): TakeResult | Promise<TakeResult> {
    if (nowMs > this.latestMs) this.latestMs = nowMs;
    const levels = this.levels;
    let exact = false;
    for (let i = 0; i < buckets.length; i += 1) {
      const bucket = buckets[i]!;
      const entry = this.entry(bucket);
      const level = entry ? refill(entry.tokens, entry.lastMs, bucket, nowMs) : bucket.capacity;
      const wait = waitMs(level, bucket);
      if (wait > 0) {
        this.counters.localRefusals += 1;
        return { ok: false, bucket: bucket.name, retryAfterMs: wait };
      }
      levels[i] = level;
      if (!exact) {
        const unsynced = entry ? entry.pending + entry.inflight : 0;
        exact = unsynced + bucket.cost > this.budget(bucket) || level - bucket.cost < this.exactBelow * bucket.capacity;
      }
    }
    if (exact) return this.takeExactly(buckets, nowMs);
    for (let i = 0; i < buckets.length; i += 1) this.consume(buckets[i]!, this.entry(buckets[i]!), levels[i]!, levels[i]! - buckets[i]!.cost, nowMs);
    this.counters.localTakes += 1;
    return OK;
  }

  charge(buckets: readonly BucketSpec[], nowMs: number): void {
    if (nowMs > this.latestMs) this.latestMs = nowMs;
    for (const bucket of buckets) {
      const entry = this.entry(bucket);
      const before = entry ? refill(entry.tokens, entry.lastMs, bucket, nowMs) : bucket.capacity;
      this.consume(bucket, entry, before, Math.min(bucket.capacity, before - bucket.cost), nowMs);
    }
  }

  /** The shared level after this replica's own consumption is applied (one Redis call). */
  async level(bucket: BucketSpec, nowMs: number): Promise<number> {
    const reply = await this.call('read', [bucket], nowMs);
    return Number(reply[3]);
  }

  /** A synchronous take: this replica's unsynced consumption of these buckets, then the exact check. */
  private async takeExactly(buckets: readonly BucketSpec[], nowMs: number): Promise<TakeResult> {
    this.counters.syncTakes += 1;
    const reply = await this.call('take', buckets, nowMs);
    if (reply[0] === 1) return OK;
    return { ok: false, bucket: buckets[Number(reply[1]) - 1]!.name, retryAfterMs: Number(reply[2]) };
  }

  /** One Lua call over `buckets`, carrying their unsynced consumption; settles the local copies. */
  private async call(mode: 'take' | 'read', buckets: readonly BucketSpec[], nowMs: number): Promise<Array<number | string>> {
    const carried: Carried[] = [];
    const keys: string[] = [];
    const args: Array<string | number> = [nowMs, mode];
    for (const bucket of buckets) {
      const entry = this.entry(bucket) ?? this.create(bucket, nowMs);
      const delta = this.send(entry);
      const reserved = mode === 'take' ? bucket.cost : 0;
      if (reserved !== 0) {
        entry.tokens = refill(entry.tokens, entry.lastMs, bucket, nowMs) - reserved;
        entry.lastMs = Math.max(entry.lastMs, nowMs);
        entry.reserved += reserved;
      }
      carried.push({ entry, delta, total: entry.sent, reserved });
      keys.push(entry.key);
      args.push(entry.pendingCapacity, entry.pendingRefillPerMs, entry.sent, entry.pendingAtMs, bucket.capacity, bucket.refillPerMs, bucket.cost, bucket.allowDebt ? 1 : 0, entry.stream, entry.acked);
    }
    let reply: Array<number | string>;
    const seq = ++this.seq;
    try {
      reply = (await this.redis.evalsha(LOCAL_FIRST_SHA, keys.length, ...keys, ...args)) as Array<number | string>;
    } catch (error) {
      this.unsend(carried);
      if (String((error as Error).message).includes('NOSCRIPT')) return this.callWithScript(mode, buckets, nowMs);
      throw error;
    }
    this.settle(carried, reply, buckets, seq);
    return reply;
  }

  /** After a Redis restart (empty script cache): load the script and try once more. */
  private async callWithScript(mode: 'take' | 'read', buckets: readonly BucketSpec[], nowMs: number): Promise<Array<number | string>> {
    await this.redis.script('LOAD', LOCAL_FIRST_SCRIPT);
    return this.call(mode, buckets, nowMs);
  }

  /** Moves an entry's unsynced consumption in flight; returns it. */
  private send(entry: LocalBucket): number {
    const delta = entry.pending;
    entry.pending = 0;
    entry.inflight += delta;
    entry.sent += delta;
    return delta;
  }

  /**
   * A call failed: what it carried is unsynced again (sent with the next sync). Redis may have
   * applied it all the same (the reply was lost): the next call's running total then tells Redis
   * that only the rest is new.
   */
  private unsend(carried: readonly Carried[]): void {
    for (const { entry, delta, reserved } of carried) {
      entry.inflight -= delta;
      entry.pending += delta;
      entry.sent -= delta;
      entry.reserved -= reserved;
      entry.tokens += reserved;
      if (entry.pending !== 0 && !entry.queued) {
        entry.queued = true;
        this.queue.push(entry);
      }
    }
  }

  /**
   * Refreshes local copies from a Redis answer: the shared level then, less what this replica
   * consumed since (still pending, carried by later calls on this FIFO connection, or reserved by
   * later exact takes). Answers may be handled out of order (a pipeline resolves later than a
   * single call sent after it), hence the sequence numbers.
   */
  private settle(carried: readonly Carried[], reply: ReadonlyArray<number | string>, specs: readonly BucketSpec[] | undefined, seq: number): void {
    for (let i = 0; i < carried.length; i += 1) {
      const { entry, delta, total, reserved } = carried[i]!;
      entry.inflight -= delta;
      entry.reserved -= reserved;
      if (seq >= entry.answeredSeq) entry.acked = total;
      if (seq < entry.answeredSeq) {
        // a newer answer (which already includes this call) was applied first, and subtracted what
        // this call carried once more: give it back
        entry.tokens += delta + reserved;
        continue;
      }
      entry.answeredSeq = seq;
      const shared = Number(reply[3 + 2 * i]);
      const at = Number(reply[4 + 2 * i]);
      const spec = specs?.[i] ?? { capacity: entry.pendingCapacity, refillPerMs: entry.pendingRefillPerMs };
      const tokens = shared - entry.inflight - entry.pending - entry.reserved;
      entry.tokens = tokens;
      entry.lastMs = at;
      entry.fullAtMs = spec.refillPerMs > 0 ? at + Math.max(0, spec.capacity - tokens) / spec.refillPerMs : Number.MAX_SAFE_INTEGER;
    }
  }

  /**
   * Pushes every bucket consumed since the last sync to Redis (pipelined Lua calls of up to
   * SYNC_CHUNK keys) and refreshes their local copies; then forgets copies that are full again.
   * One sync at a time; the timer calls it, tests and close() may too.
   */
  sync(): Promise<void> {
    if (this.syncing) return this.syncing;
    if (this.queue.length === 0) {
      this.forgetIdle();
      return Promise.resolve();
    }
    this.syncing = this.runSync().finally(() => {
      this.syncing = undefined;
    });
    return this.syncing;
  }

  private async runSync(): Promise<void> {
    const started = process.hrtime.bigint();
    const batch = this.queue;
    this.queue = [];
    const pipeline = this.redis.pipeline();
    const chunks: Carried[][] = [];
    for (let start = 0; start < batch.length; start += SYNC_CHUNK) {
      const carried: Carried[] = [];
      const keys: string[] = [];
      const args: Array<string | number> = [0, 'sync'];
      for (const entry of batch.slice(start, start + SYNC_CHUNK)) {
        entry.queued = false;
        const delta = this.send(entry);
        carried.push({ entry, delta, total: entry.sent, reserved: 0 });
        keys.push(entry.key);
        args.push(entry.pendingCapacity, entry.pendingRefillPerMs, entry.sent, entry.pendingAtMs, entry.pendingCapacity, entry.pendingRefillPerMs, 0, 0, entry.stream, entry.acked);
      }
      chunks.push(carried);
      pipeline.evalsha(LOCAL_FIRST_SHA, keys.length, ...keys, ...args);
    }
    this.counters.syncBusyNs += Number(process.hrtime.bigint() - started);
    let results: Array<[Error | null, unknown]> | null;
    const seq = ++this.seq;
    try {
      results = await pipeline.exec();
    } catch (error) {
      results = null;
      this.failed(error);
    }
    const settled = process.hrtime.bigint();
    let reload = false;
    for (let c = 0; c < chunks.length; c += 1) {
      const [error, reply] = results?.[c] ?? [new Error('the sync pipeline did not run'), null];
      if (error) {
        this.unsend(chunks[c]!);
        if (String(error.message).includes('NOSCRIPT')) reload = true;
        else if (results) this.failed(error);
      } else {
        this.settle(chunks[c]!, reply as Array<number | string>, undefined, seq);
        this.counters.syncedKeys += chunks[c]!.length;
      }
    }
    this.counters.syncs += 1;
    this.forgetIdle();
    this.counters.syncBusyNs += Number(process.hrtime.bigint() - settled);
    if (reload) await this.redis.script('LOAD', LOCAL_FIRST_SCRIPT).catch((error: unknown) => this.failed(error));
  }

  private failed(error: unknown): void {
    this.counters.syncErrors += 1;
    this.counters.lastSyncError = error instanceof Error ? error.message : String(error);
    this.options.onSyncError?.(error);
  }

  /**
   * Forgets copies that are full again with nothing unsynced (they then behave like unseen buckets),
   * a bounded batch of groups per call so that a sync never stalls the event loop.
   */
  private forgetIdle(): void {
    if (this.entries.size === 0) return;
    const now = this.latestMs;
    this.sweepCursor ??= this.entries.entries();
    for (let n = 0; n < SWEEP_BATCH; n += 1) {
      const next = this.sweepCursor.next();
      if (next.done) {
        this.sweepCursor = undefined;
        return;
      }
      if (LocalFirstRedisRateLimitStore.idle(next.value[1], now)) this.entries.delete(next.value[0]);
    }
  }

  private static idle(buckets: Record<string, LocalBucket>, nowMs: number): boolean {
    for (const name in buckets) {
      const entry = buckets[name]!;
      if (entry.fullAtMs > nowMs || entry.pending !== 0 || entry.inflight !== 0 || entry.reserved !== 0 || entry.queued) return false;
    }
    return true;
  }

  /** Counters for benchmarks and status. */
  stats(): LocalFirstStats {
    let buckets = 0;
    for (const group of this.entries.values()) buckets += Object.keys(group).length;
    return { ...this.counters, buckets };
  }

  /** Sends what is still unsynced (best effort), then stops. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    try {
      await this.sync();
      if (this.queue.length > 0) await this.sync();
    } catch (error) {
      this.failed(error);
    }
    if (this.options.ownsConnection) this.redis.disconnect();
  }
}

const OK: TakeResult = Object.freeze({ ok: true });

/** How a Redis rate-limit store checks: from the local copy (default) or one round trip per request. */
export type RedisRateLimitMode = 'local-first' | 'exact';

/** The Redis rate-limit store for `mode` (the gateway's factory; see config `enforcement.redisRateLimit`). */
export function createRedisRateLimitStore(redis: Redis, options: LocalFirstOptions & { mode?: RedisRateLimitMode }): RateLimitStore {
  if (options.mode === 'exact') return new RedisRateLimitStore(redis, { ...(options.keyPrefix ? { keyPrefix: options.keyPrefix } : {}), ...(options.ownsConnection ? { ownsConnection: true } : {}) });
  return new LocalFirstRedisRateLimitStore(redis, options);
}
