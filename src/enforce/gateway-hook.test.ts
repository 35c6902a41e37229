import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Registry } from 'prom-client';
import { isDistillguardError } from '../errors.js';
import { ExchangeContext } from '../gateway/exchange.js';
import { openaiChatAdapter } from '../gateway/protocols/openai-chat.js';
import { DecisionCache } from './decisions/cache.js';
import { EnforcementGate } from './gateway-hook.js';
import { EnforcementMetrics } from './metrics.js';
import { PolicyHolder } from './policy/holder.js';
import { RateLimiter } from './ratelimit/limiter.js';
import type { RateLimitStore } from './ratelimit/types.js';
import { captureLog } from './testing/log-capture.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A shared rate-limit store that is down: every call fails like a refused Redis connection. */
const downStore: RateLimitStore = {
  kind: 'down',
  take: async () => { throw new Error('connect ECONNREFUSED 127.0.0.1:6379'); },
  charge: async () => { throw new Error('connect ECONNREFUSED 127.0.0.1:6379'); },
  level: async () => 0,
  close: async () => {},
};

function gate(onBackendError: 'allow' | 'deny') {
  const dir = mkdtempSync(join(tmpdir(), 'dg-gate-'));
  writeFileSync(join(dir, 'p.yaml'), 'version: 1\ntiers:\n  - name: standard\n    limits: { requestsPerMinute: 10 }\n');
  const log = captureLog('info');
  const registry = new Registry();
  const g = new EnforcementGate({
    policy: new PolicyHolder({ file: join(dir, 'p.yaml'), logger: log.logger }), cache: new DecisionCache(), limiter: new RateLimiter(downStore),
    scorer: () => undefined, metrics: new EnforcementMetrics(registry), logger: log.logger, onBackendError,
  });
  rmSync(dir, { recursive: true, force: true });
  return { g, log, registry };
}

function context(): { ctx: ExchangeContext; body: Record<string, unknown>; raw: Buffer } {
  const body = { model: 'sim-gpt', messages: [{ role: 'user', content: 'hello' }] };
  const ctx = new ExchangeContext(openaiChatAdapter, { ip: '127.0.0.1' }, true);
  ctx.caller = { keyId: 'key_1', accountId: 'acct_1', verification: 'email' };
  ctx.facts = openaiChatAdapter.describeRequest(body);
  return { ctx, body, raw: Buffer.from(JSON.stringify(body)) };
}

describe('enforcement gate when the shared rate-limit store is down', () => {
  it('serves without limits under onBackendError: allow, logs once and counts every failure', async () => {
    const { g, log, registry } = gate('allow');
    for (let i = 0; i < 3; i += 1) {
      const { ctx, body, raw } = context();
      assert.equal(await g.admit(ctx, body, raw), undefined, 'served as is');
    }
    const errors = log.lines.filter((l) => String(l.msg).includes('rate-limit store failed'));
    assert.equal(errors.length, 1, 'one log line, not one per request');
    assert.match(String(errors[0]!.msg), /served without rate limits/);
    assert.match(await registry.metrics(), /distillguard_enforcement_backend_errors_total\{backend="ratelimit"\} 3/);
  });

  it('answers 503 with Retry-After under onBackendError: deny', async () => {
    const { g } = gate('deny');
    const { ctx, body, raw } = context();
    await assert.rejects(Promise.resolve().then(() => g.admit(ctx, body, raw)), (e: unknown) => isDistillguardError(e) && e.code === 'ENFORCE_BACKEND_UNAVAILABLE'
      && e.status === 503 && (e.details?.headers as Record<string, string>)['retry-after'] === '1');
  });
});
