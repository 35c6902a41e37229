import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng } from './rng.js';

describe('createRng', () => {
  it('gives the same sequence for the same seed, and numbers equal their string form', () => {
    const a = createRng('campaign-7');
    const b = createRng('campaign-7');
    const xs = Array.from({ length: 1000 }, () => a.next());
    assert.deepEqual(Array.from({ length: 1000 }, () => b.next()), xs);
    assert.deepEqual(Array.from({ length: 10 }, () => createRng(42).next()), Array.from({ length: 10 }, () => createRng('42').next()));
  });

  it('gives different sequences for different seeds', () => {
    const a = createRng('a');
    const b = createRng('b');
    const same = Array.from({ length: 100 }, () => a.next() === b.next()).filter(Boolean).length;
    assert.equal(same, 0);
  });

  it('draws uniformly in [0, 1) and int(n) in [0, n)', () => {
    const rng = createRng('uniform');
    const buckets = new Array<number>(10).fill(0);
    let sum = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const x = rng.next();
      assert.ok(x >= 0 && x < 1);
      sum += x;
      const k = rng.int(10);
      assert.ok(Number.isInteger(k) && k >= 0 && k < 10);
      buckets[k] = (buckets[k] as number) + 1;
    }
    assert.ok(Math.abs(sum / n - 0.5) < 0.005, `mean ${sum / n}`);
    // Chi-square with 9 degrees of freedom: 27.9 is the 0.1% critical value.
    const chi = buckets.reduce((s, c) => s + (c - n / 10) ** 2 / (n / 10), 0);
    assert.ok(chi < 27.9, `chi-square ${chi}`);
  });

  it('chance(p) is true about p of the time; pick draws from the list and rejects an empty one', () => {
    const rng = createRng('chance');
    let hits = 0;
    for (let i = 0; i < 100_000; i++) if (rng.chance(0.3)) hits++;
    assert.ok(Math.abs(hits / 100_000 - 0.3) < 0.01);
    const items = ['a', 'b', 'c'];
    const seen = new Set(Array.from({ length: 100 }, () => rng.pick(items)));
    assert.deepEqual([...seen].sort(), items);
    assert.throws(() => rng.pick([]), RangeError);
  });

  it('fork(label) is stable, independent of parent draws, and distinct per label', () => {
    const parent = createRng('parent');
    const child1 = parent.fork('account-1');
    for (let i = 0; i < 50; i++) parent.next();
    const child1Again = parent.fork('account-1');
    const child2 = parent.fork('account-2');
    const s1 = Array.from({ length: 20 }, () => child1.next());
    assert.deepEqual(Array.from({ length: 20 }, () => child1Again.next()), s1);
    assert.notDeepEqual(Array.from({ length: 20 }, () => child2.next()), s1);
    // A grandchild depends on the whole path.
    assert.notEqual(createRng('parent').fork('a').fork('b').next(), createRng('parent').fork('b').fork('a').next());
  });
});
