/**
 * The contract every RateLimitStore passes (memory.test.ts, redis.test.ts, local-first.test.ts).
 * `makePair` returns two handles on the same state: for memory the same object, for Redis two
 * connections, the way two gateway replicas see it. A store that syncs replicas in the background
 * (local-first) says how with `settle` (run before one handle reads what the other did concurrently)
 * and declares its documented overshoot bound, which the concurrent test asserts; exact stores
 * declare none, so for them the test demands exactly the capacity.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { BucketSpec, RateLimitStore } from './types.js';

export interface StorePair {
  a: RateLimitStore;
  b: RateLimitStore;
  close(): Promise<void>;
  /** Brings both handles in line with the shared state (background sync); exact stores omit it. */
  settle?(): Promise<void>;
  /** Most tokens of `bucket` the two handles together may admit beyond its capacity (default 0: exact). */
  overshoot?(bucket: BucketSpec): number;
}

const T0 = 1_750_000_000_000;

export function describeRateLimitStoreContract(name: string, makePair: () => Promise<StorePair>, options: { skip?: string | false } = {}): void {
  describe(`RateLimitStore contract: ${name}`, { skip: options.skip ?? false }, () => {
    let pair: StorePair;
    const run = randomBytes(4).toString('hex');
    // 10 requests a second, 10 at most
    const bucket = (name: string, extra: Partial<BucketSpec> = {}): BucketSpec => ({ group: `acct-${run}`, name, capacity: 10, refillPerMs: 10 / 1000, cost: 1, ...extra });
    before(async () => { pair = await makePair(); });
    after(async () => { await pair.close(); });

    it('starts full, refuses once empty with the wait until the next token, and refills with time', async () => {
      const b = bucket('basic');
      assert.equal(await pair.a.level(b, T0), 10);
      for (let i = 0; i < 10; i += 1) assert.deepEqual(await pair.a.take([b], T0), { ok: true }, `take ${i + 1}`);
      const refused = await pair.a.take([b], T0);
      assert.equal(refused.ok, false);
      assert.ok(!refused.ok && refused.bucket === b.name && refused.retryAfterMs === 100, JSON.stringify(refused));
      assert.equal((await pair.a.take([b], T0 + 99)).ok, false, 'not yet refilled');
      assert.equal((await pair.a.take([b], T0 + 100)).ok, true, 'one token after 100 ms');
      assert.ok(Math.abs((await pair.a.level(b, T0 + 10_000)) - 10) < 1e-9, 'never above capacity');
    });

    it('is all-or-nothing over the buckets of one request', async () => {
      const roomy = bucket('roomy', { capacity: 100 });
      const tight = bucket('tight', { capacity: 1, refillPerMs: 1 / 60_000 });
      assert.equal((await pair.a.take([roomy, tight], T0)).ok, true);
      const refused = await pair.a.take([roomy, tight], T0);
      assert.ok(!refused.ok && refused.bucket === tight.name && refused.retryAfterMs === 60_000, JSON.stringify(refused));
      assert.equal(await pair.a.level(roomy, T0), 99, 'the refused request took nothing from the other bucket');
    });

    it('lets debt buckets go below zero and refuses until a whole token is back', async () => {
      const tokens = bucket('tokens', { capacity: 1000, refillPerMs: 1, cost: 0, allowDebt: true });
      assert.equal((await pair.a.take([tokens], T0)).ok, true);
      await pair.a.charge([{ ...tokens, cost: 1500 }], T0);
      assert.equal(await pair.a.level(tokens, T0), -500);
      const refused = await pair.a.take([tokens], T0);
      assert.ok(!refused.ok && refused.retryAfterMs === 501, JSON.stringify(refused));
      assert.equal((await pair.a.take([tokens], T0 + 501)).ok, true);
      await pair.a.charge([{ ...tokens, cost: -5000 }], T0 + 501);
      assert.equal(await pair.a.level(tokens, T0 + 501), 1000, 'a refund never fills past capacity');
    });

    it('keeps fractional refills exact enough over many small steps', async () => {
      const b = bucket('fraction', { capacity: 3, refillPerMs: 3 / 60_000 });
      for (let i = 0; i < 3; i += 1) assert.equal((await pair.a.take([b], T0)).ok, true);
      let granted = 0;
      for (let t = 0; t <= 60_000; t += 1_000) if ((await pair.a.take([b], T0 + t)).ok) granted += 1;
      assert.equal(granted, 3, 'three requests a minute, whatever the polling');
    });

    it('is one limit for every handle: concurrent takes through both grant the capacity (plus the declared overshoot at most)', async () => {
      const shared = bucket('shared', { capacity: 25, refillPerMs: 0 });
      const overshoot = pair.overshoot?.(shared) ?? 0;
      const attempts = Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? pair.a : pair.b).take([shared], T0));
      const results = await Promise.all(attempts);
      const granted = results.filter((r) => r.ok).length;
      assert.ok(granted >= 25 && granted <= 25 + overshoot, `granted ${granted}, allowed 25..${25 + overshoot}`);
      const refused = results.find((r) => !r.ok);
      assert.ok(refused && !refused.ok && refused.retryAfterMs === Number.MAX_SAFE_INTEGER, 'a bucket that never refills says so');
      await pair.settle?.();
      assert.equal(await pair.b.level(shared, T0), 25 - granted, 'whatever was granted beyond the capacity is owed by the shared bucket');
      assert.equal(await pair.a.level(shared, T0), 25 - granted);
    });

    it('adapts when a bucket shrinks (a throttled account): the level is capped at the new capacity', async () => {
      const wide = bucket('resize', { capacity: 100, refillPerMs: 0.1 });
      assert.equal((await pair.a.take([wide], T0)).ok, true);
      const narrow = { ...wide, capacity: 5, refillPerMs: 0.005 };
      assert.equal(await pair.a.level(narrow, T0 + 1), 5);
      for (let i = 0; i < 5; i += 1) assert.equal((await pair.b.take([narrow], T0 + 1)).ok, true);
      assert.equal((await pair.a.take([narrow], T0 + 1)).ok, false);
    });
  });
}
