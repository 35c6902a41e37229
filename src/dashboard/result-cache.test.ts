import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ResultCache } from './result-cache.js';

describe('ResultCache', () => {
  it('computes once per key within the ttl, again after it or after clear()', async () => {
    let now = 0;
    let computed = 0;
    const cache = new ResultCache(1000, () => now);
    const compute = async () => ++computed;
    const [a, b] = await Promise.all([cache.get('k', compute), cache.get('k', compute)]);
    assert.deepEqual([a, b, computed], [1, 1, 1], 'concurrent readers share one computation');
    assert.equal(await cache.get('other', compute), 2);
    now = 999;
    assert.equal(await cache.get('k', compute), 1);
    now = 1000;
    assert.equal(await cache.get('k', compute), 3);
    cache.clear();
    assert.equal(await cache.get('k', compute), 4);
  });

  it('does not keep failures', async () => {
    const cache = new ResultCache(60_000);
    let calls = 0;
    await assert.rejects(cache.get('k', async () => { calls += 1; throw new Error('boom'); }), /boom/);
    assert.equal(await cache.get('k', async () => { calls += 1; return 'ok'; }), 'ok');
    assert.equal(calls, 2);
  });
});
