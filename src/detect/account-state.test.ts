import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AccountSlab, REGION, REGION_WORDS, SUSPECT_REGION_WORDS } from './account-slab.js';
import { AccountState, ROTATION_NEW, ROTATION_REPEAT, ROTATION_RUN, rotationStep } from './account-state.js';
import { SmallMap, SmallSet } from './small-collections.js';
import { AccountBloom } from './templates.js';

const exchange = (over: Partial<Parameters<AccountState['noteExchange']>[1]> = {}): Parameters<AccountState['noteExchange']>[1] => ({
  model: 'm', asn: 64500, country: 'GB', inputTokens: 10, outputTokens: 20, reasoningTokens: 5, reasoningRequested: true,
  singleTurn: true, capability: 'coding', language: 'en', ...over,
});

describe('small collections', () => {
  it('keep insertion order, bound their size and compare like Set/Map', () => {
    const set = new SmallSet<number>();
    assert.equal(set.addBounded(3, 3), true);
    assert.equal(set.addBounded(3, 3), false, 'already present');
    assert.equal(set.addBounded(Number.NaN, 3), true);
    assert.equal(set.has(Number.NaN), true, 'SameValueZero, as Set');
    assert.equal(set.addBounded(-0, 3), true);
    assert.equal(set.has(0), true);
    assert.equal(set.addBounded(7, 3), false, 'full');
    assert.deepEqual([...set.toSet()], [...new Set([3, Number.NaN, -0])]);
    assert.equal(set.size, 3);

    const map = new SmallMap<string, number>();
    map.set('a', 1);
    map.set('b', 2);
    map.set('a', 5);
    assert.equal(map.get('a'), 5);
    assert.equal(map.get('c'), undefined);
    assert.deepEqual([...map.toMap()], [['a', 5], ['b', 2]]);
  });
});

describe('account slab', () => {
  it('hands out disjoint zeroed regions, with float64 slots aligned', () => {
    const slab = new AccountSlab(3);
    const regions: Array<{ chunk: Uint32Array; base: number }> = [];
    for (let i = 0; i < 7; i++) {
      const base = slab.allocate();
      const chunk = slab.chunk;
      assert.equal(base % 2, 0);
      for (let w = 0; w < REGION_WORDS; w++) assert.equal(chunk[base + w], 0);
      chunk.fill(i + 1, base, base + REGION_WORDS);
      regions.push({ chunk, base });
    }
    regions.forEach(({ chunk, base }, i) => assert.equal(chunk[base + REGION_WORDS - 1], i + 1, 'no region was overwritten'));
    assert.equal(new Set(regions.map((r) => r.chunk)).size, 3, 'three regions a chunk');
    assert.equal(REGION.numbers % 2, 0);
  });
});

describe('account profile layout', () => {
  it('keeps the profile it always kept', () => {
    const slab = new AccountSlab(2);
    const a = new AccountState('a', 0, slab);
    const b = new AccountState('b', 1, slab); // a neighbour in the same chunk must not leak into `a`
    b.noteExchange(Date.UTC(2026, 1, 2, 5), exchange({ asn: 1, country: 'FR', capability: 'math' }));
    assert.equal(a.linkEpoch, -1);
    assert.equal(a.exchanges, 0);
    a.noteExchange(Date.UTC(2026, 1, 2, 10), exchange());
    a.noteExchange(Date.UTC(2026, 1, 2, 10, 0, 10), exchange({ asn: 64501, country: 'US', capability: 'math', language: 'zh' }));
    a.noteExchange(Date.UTC(2026, 1, 2, 11), exchange({ capability: 'math' }));
    assert.equal(a.exchanges, 3);
    assert.equal(a.inputTokens, 30);
    assert.equal(a.reasoningRequested, 3);
    assert.equal(a.rotation, 0.5, '+1.5 for the new network, -1 for the repeat');
    assert.deepEqual([...a.asns], [64500, 64501]);
    assert.deepEqual([...a.countries], ['GB', 'US']);
    assert.deepEqual([...a.languages], ['en', 'zh']);
    assert.deepEqual([...a.capabilities], [['coding', 1], ['math', 2]], 'first-use order, counts');
    assert.deepEqual(a.topCapabilities(1), ['math']);
    assert.equal(a.hours[10], 2);
    assert.equal(a.hours[11], 1);
    assert.equal(a.hours.reduce((x, y) => x + y, 0), 3);
    assert.ok(Math.abs(a.gapSpread() - Math.sqrt(((Math.log(10) - Math.log(3590)) ** 2) / 2)) < 1e-9, 'gaps of 10 s and 3,590 s');
    a.evidence = -6.25;
    a.score = 0.123;
    assert.equal(a.evidence, -6.25);
    assert.equal(a.score, 0.123);
    assert.equal(b.exchanges, 1);
    assert.deepEqual([...b.capabilities], [['math', 1]]);
  });

  it('notes models and templates (at most 16 template ids)', () => {
    const a = new AccountState('a', 0);
    assert.equal(a.templates.size, 0);
    assert.equal(a.usesModel('x'), false);
    a.noteModelUse('x', 5);
    a.noteModelUse('y', 6);
    a.noteModelUse('x', 9);
    assert.deepEqual([...a.models], [['x', 5], ['y', 6]]);
    assert.equal(a.modelCount, 2);
    for (let i = 0; i < 20; i++) a.noteTemplate(`t_${i}`);
    a.noteTemplate('t_0');
    a.noteTemplate('t_19');
    assert.equal(a.templates.size, 16);
    assert.equal(a.templates.get('t_0'), 2);
    assert.equal(a.templates.has('t_19'), false);
  });

  it('detects repeated prompts per account', () => {
    const slab = new AccountSlab(2);
    const a = new AccountState('a', 0, slab);
    const b = new AccountState('b', 1, slab);
    assert.equal(a.repeatsPrompt(0x12345678), false);
    assert.equal(a.repeatsPrompt(0x12345678), true);
    assert.equal(b.repeatsPrompt(0x12345678), false, 'regions are per account');
  });
});

describe('network rotation', () => {
  it('counts a run of distinct networks from the third request more than a first change', () => {
    assert.equal(rotationStep(true, 0, 1), 0, 'a first request says nothing');
    assert.equal(rotationStep(true, 1, 2), ROTATION_NEW, 'a second network: home and office, phone and Wi-Fi');
    assert.equal(rotationStep(true, 2, 3), ROTATION_RUN, 'a third network in three requests');
    assert.equal(rotationStep(true, 1, 3), ROTATION_NEW, 'a new network after a repeat is not a run');
    assert.equal(rotationStep(false, 2, 3), ROTATION_REPEAT);
    assert.equal(rotationStep(true, 1, 2, true), 0, 'a move onto a carrier NAT or VPN exit many accounts share');
    assert.equal(rotationStep(true, 2, 3, true), 0, 'not even in a run');
    assert.equal(rotationStep(false, 2, 3, true), ROTATION_REPEAT, 'a repeat counts as one, shared or not');
    assert.ok(ROTATION_RUN > ROTATION_NEW);
  });

  it('reaches its bound in three requests from three networks, and a person moving between two stays low', () => {
    const slab = new AccountSlab(2);
    const proxy = new AccountState('proxy', 0, slab);
    for (let i = 0; i < 3; i++) proxy.noteExchange(Date.UTC(2026, 1, 2, i), exchange({ asn: 64600 + i }));
    assert.equal(proxy.rotation, ROTATION_NEW + ROTATION_RUN);
    const person = new AccountState('person', 1, slab);
    for (let i = 0; i < 6; i++) person.noteExchange(Date.UTC(2026, 1, 2, i), exchange({ asn: 64600 + (i % 2) }));
    assert.equal(person.rotation, ROTATION_NEW + 4 * ROTATION_REPEAT, 'home, phone, home, phone…');
  });
});

describe('account Bloom filters in the slab', () => {
  it('behave as a standalone filter, and take a suspects region only at the first suspicious use', () => {
    const slab = new AccountSlab(4);
    const suspects = new AccountSlab(4, SUSPECT_REGION_WORDS);
    const pooled = new AccountBloom(slab, suspects);
    const alone = new AccountBloom();
    for (let i = 0; i < 500; i++) {
      const shingle = Math.imul(i, 0x9e3779b1) >>> 0;
      assert.equal(pooled.add(shingle, 0), alone.add(shingle, 0));
    }
    assert.equal(suspects.chunk.length, 0, 'no suspicious use yet: nothing allocated');
    for (let i = 0; i < 50; i++) assert.equal(pooled.add(i * 7919, 1), alone.add(i * 7919, 1));
    assert.equal(suspects.chunk.length, 4 * SUSPECT_REGION_WORDS);
    pooled.remember(42);
    assert.equal(pooled.recentAt(0), 42);
  });
});
