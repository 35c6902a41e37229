/**
 * Token buckets in Redis, shared by every replica: one Lua script refills, checks and takes from all
 * of a request's buckets atomically (a bucket is a hash {t: tokens, ts: last update ms} that expires
 * once it would be full again, so idle accounts cost no memory).
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { BucketSpec, RateLimitStore, TakeResult } from './types.js';

// Mirrors memory.ts exactly: refill = min(capacity, tokens + elapsed * rate); a debt bucket needs
// one token, others the cost; charge clamps at capacity. Lua numbers are doubles; replies are integers.
const SCRIPT = `
local now = tonumber(ARGV[1])
local mode = ARGV[2]
local n = #KEYS
local levels = {}
for i = 1, n do
  local base = 2 + (i - 1) * 4
  local capacity = tonumber(ARGV[base + 1])
  local rate = tonumber(ARGV[base + 2])
  local state = redis.call('HMGET', KEYS[i], 't', 'ts')
  local level = capacity
  if state[1] then
    local elapsed = now - tonumber(state[2])
    if elapsed < 0 then elapsed = 0 end
    level = math.min(capacity, tonumber(state[1]) + elapsed * rate)
  end
  levels[i] = level
end
if mode == 'level' then return tostring(levels[1]) end
if mode == 'take' then
  for i = 1, n do
    local base = 2 + (i - 1) * 4
    local rate = tonumber(ARGV[base + 2])
    local target = tonumber(ARGV[base + 3])
    if ARGV[base + 4] == '1' then target = 1 end
    if levels[i] < target then
      local wait = 9007199254740991
      if rate > 0 then wait = math.max(1, math.ceil((target - levels[i]) / rate)) end
      return {0, i, wait}
    end
  end
end
for i = 1, n do
  local base = 2 + (i - 1) * 4
  local capacity = tonumber(ARGV[base + 1])
  local rate = tonumber(ARGV[base + 2])
  local left = math.min(capacity, levels[i] - tonumber(ARGV[base + 3]))
  redis.call('HSET', KEYS[i], 't', tostring(left), 'ts', tostring(now))
  local ttl = 86400000
  if rate > 0 then ttl = math.ceil((capacity - left) / rate) + 1000 end
  redis.call('PEXPIRE', KEYS[i], math.max(1000, ttl))
end
return {1}
`;
const SHA = createHash('sha1').update(SCRIPT).digest('hex');

export interface RedisRateLimitStoreOptions {
  /** Prefix of every key, so that several deployments (or tests) can share one Redis. */
  keyPrefix?: string;
  /** Close the connection on close() (true when this store opened it). */
  ownsConnection?: boolean;
}

/** Redis-backed buckets; see the module comment. */
export class RedisRateLimitStore implements RateLimitStore {
  readonly kind = 'redis';
  private readonly prefix: string;

  constructor(private readonly redis: Redis, private readonly options: RedisRateLimitStoreOptions = {}) {
    this.prefix = options.keyPrefix ?? 'distillguard:rl:';
  }

  private async run(mode: 'take' | 'charge' | 'level', buckets: readonly BucketSpec[], nowMs: number): Promise<unknown> {
    const keys = buckets.map((b) => `${this.prefix}${b.group}:${b.name}`);
    const args: Array<string | number> = [nowMs, mode];
    for (const b of buckets) args.push(b.capacity, b.refillPerMs, b.cost, b.allowDebt ? 1 : 0);
    try {
      return await this.redis.evalsha(SHA, keys.length, ...keys, ...args);
    } catch (error) {
      if (!String((error as Error).message).includes('NOSCRIPT')) throw error;
      return this.redis.eval(SCRIPT, keys.length, ...keys, ...args);
    }
  }

  async take(buckets: readonly BucketSpec[], nowMs: number): Promise<TakeResult> {
    if (buckets.length === 0) return { ok: true };
    const reply = (await this.run('take', buckets, nowMs)) as number[];
    if (reply[0] === 1) return { ok: true };
    return { ok: false, bucket: buckets[reply[1]! - 1]!.name, retryAfterMs: reply[2]! };
  }

  async charge(buckets: readonly BucketSpec[], nowMs: number): Promise<void> {
    if (buckets.length > 0) await this.run('charge', buckets, nowMs);
  }

  async level(bucket: BucketSpec, nowMs: number): Promise<number> {
    return Number(await this.run('level', [bucket], nowMs));
  }

  async close(): Promise<void> {
    if (this.options.ownsConnection) this.redis.disconnect();
  }
}
