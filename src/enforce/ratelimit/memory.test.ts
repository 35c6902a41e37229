import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeRateLimitStoreContract } from './contract.js';
import { MemoryRateLimitStore } from './memory.js';

describeRateLimitStoreContract('memory', async () => {
  const store = new MemoryRateLimitStore();
  return { a: store, b: store, close: () => store.close() };
});

describe('MemoryRateLimitStore specifics', () => {
  it('answers synchronously and forgets buckets that are full again', async () => {
    const store = new MemoryRateLimitStore();
    const bucket = { group: 'g', name: 'k', capacity: 2, refillPerMs: 0.001, cost: 1 };
    const result = store.take([bucket], 0);
    assert.equal(result instanceof Promise, false, 'no promise on the hot path');
    assert.equal(store.size, 1);
    store.take([{ ...bucket, name: 'other' }], 0);
    assert.equal(store.size, 2, 'one entry per bucket');
    store.sweep(999);
    assert.equal(store.size, 2, 'not yet full');
    store.sweep(1000);
    assert.equal(store.size, 0);
    assert.equal(store.level(bucket, 1000), 2);
    await store.close();
  });
});
