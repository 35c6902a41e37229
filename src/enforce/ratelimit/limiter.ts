/**
 * Turns a tier's limits into token buckets and takes from them: requests cost one from the
 * per-minute and per-day request buckets; tokens are charged to the token buckets, first an
 * estimate of the prompt when the request arrives (so a burst cannot overshoot), then the
 * difference once the record says what the exchange really used. A token bucket may go into debt
 * (an answer's length is only known at its end); the account then waits until it is positive.
 */
import type { RateLimits } from '../policy/types.js';
import type { BucketSpec, RateLimitStore, TakeResult } from './types.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** What `admit` charged, for `settle`. */
export interface Charge {
  accountId: string;
  limits: RateLimits;
  estimatedTokens: number;
}

export class RateLimiter {
  constructor(readonly store: RateLimitStore, private readonly now: () => number = Date.now) {}

  /** The buckets a request uses under `limits`; `tokens` is what the token buckets are charged. */
  buckets(accountId: string, limits: RateLimits, tokens: number, includeRequests: boolean): BucketSpec[] {
    const out: BucketSpec[] = [];
    if (includeRequests) {
      if (limits.requestsPerMinute !== undefined) out.push({ group: accountId, name: 'rpm', capacity: limits.requestsPerMinute, refillPerMs: limits.requestsPerMinute / MINUTE, cost: 1 });
      if (limits.requestsPerDay !== undefined) out.push({ group: accountId, name: 'rpd', capacity: limits.requestsPerDay, refillPerMs: limits.requestsPerDay / DAY, cost: 1 });
    }
    if (limits.tokensPerMinute !== undefined) out.push({ group: accountId, name: 'tpm', capacity: limits.tokensPerMinute, refillPerMs: limits.tokensPerMinute / MINUTE, cost: tokens, allowDebt: true });
    if (limits.tokensPerDay !== undefined) out.push({ group: accountId, name: 'tpd', capacity: limits.tokensPerDay, refillPerMs: limits.tokensPerDay / DAY, cost: tokens, allowDebt: true });
    return out;
  }

  /** True when `limits` limit anything. */
  static limits(limits: RateLimits): boolean {
    return limits.requestsPerMinute !== undefined || limits.requestsPerDay !== undefined
      || limits.tokensPerMinute !== undefined || limits.tokensPerDay !== undefined;
  }

  /** Takes one request and the estimated prompt tokens, all or nothing. */
  admit(accountId: string, limits: RateLimits, estimatedTokens: number): TakeResult | Promise<TakeResult> {
    return this.store.take(this.buckets(accountId, limits, estimatedTokens, true), this.now());
  }

  /** Charges the token buckets what the exchange used beyond (or below) the estimate. */
  settle(charge: Charge, usedTokens: number): void | Promise<void> {
    const difference = usedTokens - charge.estimatedTokens;
    if (difference === 0) return;
    const buckets = this.buckets(charge.accountId, charge.limits, difference, false);
    if (buckets.length > 0) return this.store.charge(buckets, this.now());
  }
}
