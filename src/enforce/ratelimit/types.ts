/**
 * Token buckets behind a state interface, so that one replica (in memory) or many (Redis) share the
 * same semantics. Both implementations pass `describeRateLimitStoreContract` (contract.ts).
 */

/** One bucket and what a request costs from it. */
export interface BucketSpec {
  /** What the bucket belongs to, e.g. an account id; a request's buckets usually share it. */
  group: string;
  /** The bucket within its group, e.g. `rpm`. The pair is unique. */
  name: string;
  /** Most tokens the bucket holds (it starts full). */
  capacity: number;
  /** Tokens added per millisecond, up to capacity. */
  refillPerMs: number;
  /**
   * What to take. With `allowDebt`, the bucket only has to be positive and may go below zero
   * (output tokens are only known afterwards); otherwise it must hold at least `cost`.
   */
  cost: number;
  allowDebt?: boolean;
}

export type TakeResult =
  | { ok: true }
  /** Nothing was taken from any bucket; `retryAfterMs` is when the refused bucket (its name) will allow it. */
  | { ok: false; bucket: string; retryAfterMs: number };

/**
 * The state of many token buckets. `take` is atomic over the buckets it is given: either every
 * bucket pays, or none does. Times are passed in (milliseconds), so that replicas agree and tests
 * control the clock.
 */
export interface RateLimitStore {
  readonly kind: string;
  take(buckets: readonly BucketSpec[], nowMs: number): TakeResult | Promise<TakeResult>;
  /** Charges (or, with a negative cost, refunds) buckets unconditionally; they may go negative. */
  charge(buckets: readonly BucketSpec[], nowMs: number): void | Promise<void>;
  /** The current level of a bucket (refilled to nowMs), for tests and explanations; capacity if unseen. */
  level(bucket: BucketSpec, nowMs: number): number | Promise<number>;
  close(): Promise<void>;
}

/** Refills a bucket from `tokens` at `lastMs` to `nowMs`. */
export function refill(tokens: number, lastMs: number, bucket: BucketSpec, nowMs: number): number {
  return Math.min(bucket.capacity, tokens + Math.max(0, nowMs - lastMs) * bucket.refillPerMs);
}

/**
 * Milliseconds until the bucket allows the request: 0 when it does now. A debt-allowing bucket
 * needs one whole token; any other needs the cost.
 */
export function waitMs(level: number, bucket: BucketSpec): number {
  const target = bucket.allowDebt ? 1 : bucket.cost;
  if (level >= target) return 0;
  if (bucket.refillPerMs <= 0) return Number.MAX_SAFE_INTEGER;
  return Math.max(1, Math.ceil((target - level) / bucket.refillPerMs));
}
