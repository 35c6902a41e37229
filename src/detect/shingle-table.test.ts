import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ShingleTable } from './shingle-table.js';

/** A small deterministic generator (xorshift32). */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x;
  };
}

describe('ShingleTable (key and counts interleaved in one array)', () => {
  it('behaves as a Map from shingle to [users, suspects] through growth, updates and retain', () => {
    const table = new ShingleTable(16);
    const reference = new Map<number, [number, number]>();
    const next = rng(11);
    // a small key space so that lookups hit often; 0 and values above 2^31 included
    const keyOf = (): number => { const r = next(); return r % 7 === 0 ? 0 : (r % 5000) * 0x9e3779b1 >>> 0; };
    for (let step = 0; step < 60_000; step++) {
      const shingle = keyOf();
      const op = next() % 10;
      if (op < 4) {
        const slot = table.find(shingle);
        const expected = reference.get(shingle);
        assert.equal(slot >= 0, expected !== undefined, `find ${shingle} at step ${step}`);
        if (expected) assert.deepEqual([table.users(slot), table.suspects(slot)], expected);
      } else if (op < 9) {
        const slot = table.findOrInsert(shingle);
        const entry = reference.get(shingle) ?? [0, 0];
        assert.deepEqual([table.users(slot), table.suspects(slot)], entry);
        entry[0]++;
        if (op === 8) entry[1] = Math.min(entry[0], entry[1] + 1);
        table.setUsers(slot, entry[0]);
        table.setSuspects(slot, entry[1]);
        reference.set(shingle, entry);
      } else if (step % 97 === 0) {
        table.retain((users, suspects) => users > 1 || suspects > 0);
        for (const [key, [users, suspects]] of reference) if (!(users > 1 || suspects > 0)) reference.delete(key);
      }
      assert.equal(table.size, reference.size);
    }
    for (const [shingle, counts] of reference) {
      const slot = table.find(shingle);
      assert.ok(slot >= 0);
      assert.deepEqual([table.users(slot), table.suspects(slot)], counts);
    }
    assert.ok(reference.size > 1000, `${reference.size} entries (the table grew past its initial 16 slots)`);
  });

  it('passes the shingle to retain as an unsigned value, 0 included', () => {
    const table = new ShingleTable(4);
    for (const shingle of [0, 1, 0xffffffff, 0x80000000]) table.setUsers(table.findOrInsert(shingle), 1);
    const seen: number[] = [];
    table.retain((_users, _suspects, shingle) => { seen.push(shingle); return shingle !== 1; });
    assert.deepEqual(seen.sort((a, b) => a - b), [0, 1, 0x80000000, 0xffffffff]);
    assert.equal(table.size, 3);
    assert.equal(table.find(1), -1);
    assert.equal(table.users(table.find(0xffffffff)), 1);
  });
});
