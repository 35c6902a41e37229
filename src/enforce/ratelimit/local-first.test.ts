import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { connectRedis, redisReachable } from '../redis-connection.js';
import { describeRateLimitStoreContract } from './contract.js';
import { LocalFirstRedisRateLimitStore, type LocalFirstOptions } from './local-first.js';
import { RedisRateLimitStore } from './redis.js';
import type { BucketSpec } from './types.js';

const REDIS_URL = process.env.DISTILLGUARD_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const reachable = await redisReachable(REDIS_URL);
const skip = reachable ? false : `Redis not reachable at ${REDIS_URL}: start it (redis-server --port 6379; .ci/run does)`;
if (!reachable) process.stderr.write(`# skipping local-first Redis rate-limit tests: no Redis answers at ${REDIS_URL} (start one: redis-server --port 6379; .ci/run does)\n`);

const T0 = 1_750_000_000_000;
/** Long enough that no background sync runs during a test unless the test asks for one. */
const MANUAL = 3_600_000;

function prefix(): string {
  return `distillguard-test:${process.pid}:${randomBytes(4).toString('hex')}:`;
}

async function replicas(count: number, options: LocalFirstOptions): Promise<LocalFirstRedisRateLimitStore[]> {
  const keyPrefix = options.keyPrefix ?? prefix();
  const out: LocalFirstRedisRateLimitStore[] = [];
  for (let i = 0; i < count; i += 1) {
    out.push(new LocalFirstRedisRateLimitStore(await connectRedis({ url: REDIS_URL, name: `test-lf-${i}` }), { ...options, keyPrefix, ownsConnection: true }));
  }
  return out;
}

for (const variant of [{ label: 'redis local-first (defaults)', options: {} }, { label: 'redis local-first (exact near empty, 5 ms sync)', options: { exactBelow: 0.3, syncIntervalMs: 5 } }]) {
  describeRateLimitStoreContract(variant.label, async () => {
    const [a, b] = await replicas(2, variant.options);
    return {
      a: a!, b: b!,
      close: async () => { await a!.close(); await b!.close(); },
      settle: async () => { await a!.sync(); await b!.sync(); },
      // the documented bound: (replicas − 1) × floor(localShare × capacity)
      overshoot: (bucket) => (2 - 1) * a!.budget(bucket),
    };
  }, { skip });
}

describe('LocalFirstRedisRateLimitStore specifics', { skip }, () => {
  const bucket = (name: string, extra: Partial<BucketSpec> = {}): BucketSpec => ({ group: `acct-${randomBytes(3).toString('hex')}`, name, capacity: 20, refillPerMs: 0, cost: 1, ...extra });
  let exact: RedisRateLimitStore;
  let exactConnection: Redis;
  const keyPrefix = prefix();
  before(async () => {
    exactConnection = await connectRedis({ url: REDIS_URL, name: 'test-lf-exact' });
    exact = new RedisRateLimitStore(exactConnection, { keyPrefix, ownsConnection: true });
  });
  after(async () => { await exact.close(); });

  it('decides on the hot path without I/O, and Redis sees the consumption after the next sync', async () => {
    const [store] = await replicas(1, { keyPrefix, syncIntervalMs: MANUAL });
    const b = bucket('rpm', { capacity: 100 });
    for (let i = 0; i < 10; i += 1) {
      const result = store!.take([b], T0);
      assert.equal(result instanceof Promise, false, `take ${i + 1} answered synchronously`);
      assert.deepEqual(result, { ok: true });
    }
    assert.equal(await exact.level(b, T0), 100, 'nothing sent yet');
    await store!.sync();
    assert.equal(await exact.level(b, T0), 90, 'one sync applied the ten takes');
    assert.equal(store!.stats().localTakes, 10);
    assert.equal(store!.stats().syncTakes, 0);
    await store!.close();
  });

  it('never charges twice when Redis applied a sync whose reply was lost, and the consumption is sent again', async () => {
    const [store] = await replicas(1, { keyPrefix, syncIntervalMs: MANUAL, onSyncError: () => {} });
    const b = bucket('rpm', { capacity: 100 });
    for (let i = 0; i < 10; i += 1) store!.take([b], T0);
    // the next sync reaches Redis, but its reply is lost on the way back (a timeout, a reset)
    const redis = (store as unknown as { redis: Redis }).redis;
    const pipeline = redis.pipeline.bind(redis);
    let lose = true;
    redis.pipeline = ((...args: Parameters<Redis['pipeline']>) => {
      const built = pipeline(...args);
      const exec = built.exec.bind(built);
      built.exec = (async () => {
        const results = await exec();
        if (!lose) return results;
        lose = false;
        throw new Error('connection reset by peer (test)');
      }) as typeof built.exec;
      return built;
    }) as Redis['pipeline'];
    await store!.sync();
    assert.equal(store!.stats().syncErrors, 1, 'the sync failed as far as the replica knows');
    assert.equal(await exact.level(b, T0), 90, 'Redis applied it once');
    await store!.sync();
    assert.equal(await exact.level(b, T0), 90, 'sending the same consumption again charges nothing more');
    for (let i = 0; i < 5; i += 1) store!.take([b], T0);
    await store!.sync();
    assert.equal(await exact.level(b, T0), 85, 'new consumption still counts');
    // an exact take after a lost reply carries the running total too
    lose = true;
    store!.charge([{ ...b, cost: -3 }], T0);
    await store!.sync().catch(() => {});
    assert.equal(await exact.level(b, T0), 88, 'a refund applied once');
    await store!.sync();
    assert.equal(await exact.level(b, T0), 88, 'and not twice');
    assert.equal(await store!.level(b, T0), 88, 'the local copy agrees');
    await store!.close();
  });

  it('a periodic sync runs by itself every syncIntervalMs', async () => {
    const [store] = await replicas(1, { keyPrefix, syncIntervalMs: 5 });
    const b = bucket('rpm', { capacity: 100 });
    store!.take([b], T0);
    const started = Date.now();
    while ((await exact.level(b, T0)) !== 99) {
      assert.ok(Date.now() - started < 2_000, 'the take reached Redis within 2 s');
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await store!.close();
  });

  it('the worst case reaches the documented bound exactly, (R − 1) × budget, and the excess is owed as debt', async () => {
    const [one, two, three] = await replicas(3, { syncIntervalMs: MANUAL, localShare: 0.25 });
    const b = bucket('rpm'); // capacity 20, no refill; budget floor(0.25 × 20) = 5
    assert.equal(one!.budget(b), 5);
    for (const r of [one, two, three]) assert.equal(await r!.level(b, T0), 20, 'every replica starts with a fresh, full copy');
    let granted = 0;
    // replica one drains the bucket, syncing after each budget's worth
    for (let round = 0; round < 4; round += 1) {
      for (let i = 0; i < 5; i += 1) if ((await one!.take([b], T0)).ok) granted += 1;
      await one!.sync();
    }
    assert.equal(granted, 20);
    assert.equal((await one!.take([b], T0)).ok, false, 'replica one knows it is empty');
    // the two others still believe it full: each spends its budget locally, then asks Redis and is refused
    for (const r of [two, three]) {
      for (let i = 0; i < 5; i += 1) {
        const result = r!.take([b], T0);
        assert.equal(result instanceof Promise, false, 'within the budget: local');
        if ((await result).ok) granted += 1;
      }
      const beyond = r!.take([b], T0);
      assert.ok(beyond instanceof Promise, 'the budget is spent: checked against Redis');
      assert.equal((await beyond).ok, false);
    }
    assert.equal(granted, 20 + (3 - 1) * 5, 'exactly capacity + (R − 1) × budget');
    for (const r of [one, two, three]) await r!.sync();
    for (const r of [one, two, three]) {
      assert.equal(await r!.level(b, T0), 20 - granted, 'the shared bucket owes the excess');
      assert.equal((await r!.take([b], T0)).ok, false);
    }
    for (const r of [one, two, three]) await r!.close();
  });

  it('never exceeds the bound under random interleavings of takes and syncs across three replicas', async () => {
    const stores = await replicas(3, { syncIntervalMs: MANUAL, localShare: 0.2 });
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1664525 + 1013904223) % 4294967296;
      return seed / 4294967296;
    };
    for (let trial = 0; trial < 10; trial += 1) {
      const b = bucket('rpm', { capacity: 30 }); // budget 6 per replica
      let granted = 0;
      const inFlight: Array<Promise<unknown>> = [];
      for (let i = 0; i < 120; i += 1) {
        const store = stores[Math.floor(random() * stores.length)]!;
        if (random() < 0.15) inFlight.push(store.sync());
        const result = store.take([b], T0);
        if (result instanceof Promise) inFlight.push(result.then((r) => { if (r.ok) granted += 1; }));
        else if (result.ok) granted += 1;
        if (random() < 0.3) await Promise.all(inFlight.splice(0));
      }
      await Promise.all(inFlight);
      for (const store of stores) await store.sync();
      assert.ok(granted >= 30 && granted <= 30 + (3 - 1) * 6, `trial ${trial}: granted ${granted}, bound 30..42`);
      assert.equal(await stores[0]!.level(b, T0), 30 - granted, `trial ${trial}: Redis holds every grant`);
    }
    for (const store of stores) await store.close();
  });

  it('with exactBelow, a take that would bring the bucket near empty is checked against Redis', async () => {
    const [store] = await replicas(1, { keyPrefix, syncIntervalMs: MANUAL, exactBelow: 0.25 });
    const b = bucket('rpm'); // 20; below 5 left: exact
    let local = 0;
    for (let i = 0; i < 20; i += 1) {
      const result = store!.take([b], T0);
      if (!(result instanceof Promise)) local += 1;
      assert.equal((await result).ok, true);
    }
    assert.ok(local <= 15, `${local} local takes: the last five were checked against Redis`);
    assert.equal(await exact.level(b, T0), 0, 'the exact checks carried the local consumption with them');
    await store!.close();
  });

  it('a bucket whose budget is below one request (small or throttled limits) is always exact', async () => {
    const [store] = await replicas(1, { keyPrefix, syncIntervalMs: MANUAL });
    const b = bucket('rpm', { capacity: 5 }); // budget floor(0.5) = 0
    const result = store!.take([b], T0);
    assert.ok(result instanceof Promise);
    assert.equal((await result).ok, true);
    assert.equal(await exact.level(b, T0), 4);
    await store!.close();
  });

  it('keeps consumption through a Redis outage and applies it exactly once when Redis is back', async () => {
    const errors: unknown[] = [];
    const [store] = await replicas(1, { keyPrefix, syncIntervalMs: MANUAL, onSyncError: (error) => errors.push(error) });
    const connection = (store as unknown as { redis: Redis }).redis;
    const b = bucket('rpm', { capacity: 100 });
    connection.disconnect();
    while (connection.status !== 'end') await new Promise((resolve) => setTimeout(resolve, 5));
    for (let i = 0; i < 5; i += 1) assert.deepEqual(store!.take([b], T0), { ok: true }, 'the hot path does not need Redis');
    await store!.sync();
    assert.ok(errors.length >= 1, 'the failed sync was reported');
    assert.equal(store!.stats().syncErrors, errors.length);
    await connection.connect();
    await store!.sync();
    assert.equal(await exact.level(b, T0), 95, 'sent once, after the outage');
    await store!.close();
  });

  it('close() sends what is still unsynced, and idle copies are forgotten once full again', async () => {
    const [store] = await replicas(1, { keyPrefix, syncIntervalMs: MANUAL });
    const b = bucket('rpm', { capacity: 10, refillPerMs: 10 / 1000 });
    store!.take([b], T0);
    store!.take([bucket('other', { capacity: 10, refillPerMs: 10 / 1000 })], T0);
    await store!.sync();
    assert.equal(store!.stats().buckets, 2);
    store!.take([bucket('later', { capacity: 10, refillPerMs: 10 / 1000 })], T0 + 5_000);
    await store!.sync();
    assert.equal(store!.stats().buckets, 1, 'the two full again are forgotten; the new one is kept');
    const closing = bucket('closing', { capacity: 10 });
    store!.take([closing], T0);
    await store!.close();
    assert.equal(await exact.level(closing, T0), 9);
  });
});
