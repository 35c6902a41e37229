import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHarness, type Harness } from '../testing/gateway-harness.js';

/** Sum and count of one labelled series of a Prometheus histogram, from the text format. */
function histogram(metrics: string, name: string, labels: string): { sum: number; count: number } {
  const value = (suffix: string): number => {
    const match = new RegExp(`^${name}_${suffix}\\{${labels}\\} ([0-9.e+-]+)$`, 'm').exec(metrics);
    assert.ok(match, `${name}_${suffix}{${labels}} is exported`);
    return Number(match[1]);
  };
  return { sum: value('sum'), count: value('count') };
}

describe('gateway: the time it adds, apart from the upstream', () => {
  let h: Harness;
  // a slow upstream: the request's duration is mostly the wait on it, which the added time leaves out
  before(async () => { h = await startHarness({ sim: { latencyMs: 150 } }); });
  after(async () => { await h.close(); });

  it('observes request duration minus the upstream wait, for plain and streamed answers', async () => {
    await h.openai.chat.completions.create({ model: 'sim-gpt', messages: [{ role: 'user', content: 'Why is the sea salty?' }] });
    const stream = await h.openai.chat.completions.create({ model: 'sim-gpt', stream: true, messages: [{ role: 'user', content: 'Why is ice slippery?' }] });
    for await (const chunk of stream) void chunk;
    // a refused key never reaches the upstream: no added-time observation for it
    const refused = await fetch(`${h.gateway.url}/v1/chat/completions`, {
      method: 'POST', headers: { authorization: 'Bearer sk-wrong', 'content-type': 'application/json' }, body: '{"model":"sim-gpt","messages":[]}',
    });
    assert.equal(refused.status, 401);

    const metrics = await (await fetch(`${h.gateway.url}/metrics`)).text();
    for (const stream of ['false', 'true']) {
      const labels = `endpoint="openai.chat",stream="${stream}"`;
      const duration = histogram(metrics, 'distillguard_request_duration_seconds', labels);
      const added = histogram(metrics, 'distillguard_gateway_added_seconds', labels);
      assert.equal(added.count, 1, `one observation for stream=${stream}`);
      assert.ok(duration.sum >= 0.15, `the request took the upstream's 150 ms at least (stream=${stream}: ${duration.sum} s)`);
      assert.ok(added.sum >= 0 && added.sum < duration.sum - 0.1, `added ${added.sum} s leaves the upstream wait out of ${duration.sum} s`);
    }
    assert.doesNotMatch(metrics, /distillguard_gateway_added_seconds_count\{endpoint="openai.chat",stream="false"\} [2-9]/);
  });
});
