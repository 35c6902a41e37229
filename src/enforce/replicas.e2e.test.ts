/**
 * Two gateway replicas sharing Redis: one rate limit enforced together, and a decision taken on
 * one replica refusing requests on the other within a second. Skips, saying why, without Redis.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import type { DistillguardConfig } from '../config/schema.js';
import type { UpstreamSim } from '../upstream-sim/index.js';
import { LocalFirstRedisRateLimitStore } from './ratelimit/local-first.js';
import { redisReachable } from './redis-connection.js';
import { startEnforcedGateway, startSim, waitUntil, type Client, type GatewayUnderTest } from './testing/harness.js';

const REDIS_URL = process.env.DISTILLGUARD_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const reachable = await redisReachable(REDIS_URL);
if (!reachable) process.stderr.write(`# skipping the two-replica tests: no Redis answers at ${REDIS_URL} (start one: redis-server --port 6379; .ci/run does)\n`);

const POLICY = `
version: 1
tiers:
  - name: standard
    limits: { requestsPerMinute: 10 }
`;

describe('two gateway replicas sharing Redis', { skip: reachable ? false : `Redis not reachable at ${REDIS_URL}` }, () => {
  let sim: UpstreamSim;
  let a: GatewayUnderTest;
  let b: GatewayUnderTest;
  let viaA: Client;
  let viaB: Client;
  const dir = mkdtempSync(join(tmpdir(), 'dg-replicas-'));
  const run = randomBytes(4).toString('hex');

  before(async () => {
    sim = await startSim();
    writeFileSync(join(dir, 'policy.yaml'), POLICY);
    const configure = (c: DistillguardConfig): void => {
      c.enforcement.policyFile = join(dir, 'policy.yaml');
      c.enforcement.bus = 'redis';
      c.enforcement.rateLimitStore = 'redis';
      c.enforcement.redis = { url: REDIS_URL, keyPrefix: `distillguard-test:${run}:rl:`, channel: `distillguard-test:${run}:decisions` };
    };
    a = await startEnforcedGateway(sim, { configure });
    b = await startEnforcedGateway(sim, { configure });
    // one account and key, known to both replicas' stores (as with a shared database)
    viaA = await a.account({ account_id: 'shared_acct', verification: 'email' });
    const record = (await a.store.getAccount('shared_acct'))!.record;
    const key = (await a.store.listApiKeys({ accountId: 'shared_acct' }))[0]!;
    viaB = await b.adopt(viaA, record, key);
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('enforce one limit together: 10 requests a minute across both, then 429 from either', async () => {
    const outcomes: Array<{ replica: string; status: number; retryAfter: string | null }> = [];
    for (let i = 0; i < 16; i += 1) {
      const [replica, client] = i % 2 === 0 ? ['a', viaA] as const : ['b', viaB] as const;
      try {
        await client.openai.chat.completions.create({ model: 'sim-gpt', messages: [{ role: 'user', content: `request ${i}` }] });
        outcomes.push({ replica, status: 200, retryAfter: null });
      } catch (error) {
        assert.ok(error instanceof OpenAI.RateLimitError, String(error));
        outcomes.push({ replica, status: 429, retryAfter: error.headers?.get('retry-after') ?? null });
      }
    }
    // local-first (the default Redis mode) may admit, per replica beyond the first, the bucket's local
    // budget before Redis has seen it: (replicas − 1) × floor(localShare × capacity) (docs/POLICY.md)
    const store = a.gateway.enforcement.rateLimits;
    assert.ok(store instanceof LocalFirstRedisRateLimitStore, `local-first is the default Redis mode (got ${store.kind})`);
    const overshoot = (2 - 1) * store.budget({ group: 'shared_acct', name: 'rpm', capacity: 10, refillPerMs: 10 / 60_000, cost: 1 });
    assert.equal(overshoot, 1, 'default localShare 0.1 of 10 a minute');
    const admitted = outcomes.filter((o) => o.status === 200).length;
    assert.ok(admitted >= 10 && admitted <= 10 + overshoot, `admitted ${admitted}, bound 10..${10 + overshoot}: ${JSON.stringify(outcomes)}`);
    const refused = outcomes.filter((o) => o.status === 429);
    assert.equal(refused.length, 16 - admitted);
    assert.ok(refused.some((o) => o.replica === 'a') && refused.some((o) => o.replica === 'b'), 'both replicas refuse');
    // one request every 6 s: the wait is what is left of the 6 s since the bucket ran dry, plus 6 s
    // for every request admitted beyond the limit (owed as debt by the shared bucket)
    const longest = 6 * (1 + admitted - 10);
    assert.ok(refused.every((o) => Number(o.retryAfter) >= 1 && Number(o.retryAfter) <= longest), JSON.stringify(refused));
  });

  it('a block taken on one replica refuses requests on the other within a second', async () => {
    const other = await a.account({ account_id: 'to_block', verification: 'email' });
    const otherOnB = await b.adopt(other, (await a.store.getAccount('to_block'))!.record, (await a.store.listApiKeys({ accountId: 'to_block' }))[0]!);
    await otherOnB.openai.chat.completions.create({ model: 'sim-gpt', messages: [{ role: 'user', content: 'hello' }] });
    const blocked = await a.admin('POST', '/enforcement/accounts/to_block/block', { reason: 'confirmed distillation' });
    assert.equal(blocked.status, 200, JSON.stringify(blocked.body));
    const delay = await waitUntil(() => b.gateway.enforcement.cache.explicit('account', 'to_block').analyst?.kind === 'block', 1_000);
    assert.ok(delay < 1_000, `reached replica B in ${delay} ms`);
    const error = await otherOnB.openai.chat.completions.create({ model: 'sim-gpt', messages: [{ role: 'user', content: 'hello again' }] }).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof OpenAI.PermissionDeniedError);
    assert.equal((error.error as { code: string }).code, 'account_blocked');
  });
});
