import { refill, waitMs, type BucketSpec, type RateLimitStore, type TakeResult } from './types.js';

interface BucketState {
  tokens: number;
  lastMs: number;
  /** When the bucket will be full again: from then on it behaves exactly like an unseen one. */
  fullAtMs: number;
}

/** Groups examined per sweep tick, so that forgetting idle accounts never stalls the event loop. */
const SWEEP_BATCH = 5_000;

/**
 * Token buckets in this process (the single-node default). Synchronous, so the hot path pays no
 * promise; buckets are kept per group (an account's few buckets in one small object, found with
 * the account id the request already holds), and updated in place. Groups whose buckets have all
 * refilled are forgotten by a sweep that runs a bounded batch per tick, so memory follows the
 * number of recently active accounts.
 */
export class MemoryRateLimitStore implements RateLimitStore {
  readonly kind = 'memory';
  private readonly groups = new Map<string, Record<string, BucketState>>();
  private readonly sweepTimer: NodeJS.Timeout;
  private sweepCursor: Iterator<[string, Record<string, BucketState>]> | undefined;
  private readonly levels: number[] = [];

  constructor(options: { sweepIntervalMs?: number } = {}) {
    this.sweepTimer = setInterval(() => this.sweepSome(Date.now(), SWEEP_BATCH), options.sweepIntervalMs ?? 1_000);
    this.sweepTimer.unref();
  }

  private current(bucket: BucketSpec, nowMs: number): number {
    const state = this.groups.get(bucket.group)?.[bucket.name];
    return state ? refill(state.tokens, state.lastMs, bucket, nowMs) : bucket.capacity;
  }

  private store(bucket: BucketSpec, tokens: number, nowMs: number): void {
    const fullAtMs = bucket.refillPerMs > 0 ? nowMs + Math.max(0, bucket.capacity - tokens) / bucket.refillPerMs : Number.MAX_SAFE_INTEGER;
    let group = this.groups.get(bucket.group);
    if (!group) {
      group = Object.create(null) as Record<string, BucketState>;
      this.groups.set(bucket.group, group);
    }
    const state = group[bucket.name];
    if (state) {
      state.tokens = tokens;
      state.lastMs = nowMs;
      state.fullAtMs = fullAtMs;
    } else {
      group[bucket.name] = { tokens, lastMs: nowMs, fullAtMs };
    }
  }

  take(buckets: readonly BucketSpec[], nowMs: number): TakeResult {
    const levels = this.levels;
    for (let i = 0; i < buckets.length; i += 1) {
      levels[i] = this.current(buckets[i]!, nowMs);
      const wait = waitMs(levels[i]!, buckets[i]!);
      if (wait > 0) return { ok: false, bucket: buckets[i]!.name, retryAfterMs: wait };
    }
    for (let i = 0; i < buckets.length; i += 1) this.store(buckets[i]!, levels[i]! - buckets[i]!.cost, nowMs);
    return OK;
  }

  charge(buckets: readonly BucketSpec[], nowMs: number): void {
    for (const bucket of buckets) this.store(bucket, Math.min(bucket.capacity, this.current(bucket, nowMs) - bucket.cost), nowMs);
  }

  level(bucket: BucketSpec, nowMs: number): number {
    return this.current(bucket, nowMs);
  }

  private static idle(group: Record<string, BucketState>, nowMs: number): boolean {
    for (const name in group) if (group[name]!.fullAtMs > nowMs) return false;
    return true;
  }

  /** Forgets every group whose buckets are all full again (tests; the timer does it in batches). */
  sweep(nowMs: number): void {
    for (const [key, group] of this.groups) if (MemoryRateLimitStore.idle(group, nowMs)) this.groups.delete(key);
  }

  /** One bounded step of the background sweep. */
  private sweepSome(nowMs: number, budget: number): void {
    this.sweepCursor ??= this.groups.entries();
    for (let n = 0; n < budget; n += 1) {
      const next = this.sweepCursor.next();
      if (next.done) {
        this.sweepCursor = undefined;
        return;
      }
      if (MemoryRateLimitStore.idle(next.value[1], nowMs)) this.groups.delete(next.value[0]);
    }
  }

  /** Buckets currently remembered. */
  get size(): number {
    let n = 0;
    for (const group of this.groups.values()) n += Object.keys(group).length;
    return n;
  }

  async close(): Promise<void> {
    clearInterval(this.sweepTimer);
    this.groups.clear();
  }
}

const OK: TakeResult = Object.freeze({ ok: true });
