import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_ESTABLISHED, MAX_USERS, ShingleTable } from './shingle-table.js';
import { LINKED_TAINT_BAR } from './engine.js';
import { AccountBloom, TemplateTable } from './templates.js';

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

describe('ShingleTable: established users packed beside users', () => {
  it('counts established users apart from users, saturating each, and keeps both through growth and retain', () => {
    const table = new ShingleTable(4);
    const slot = table.findOrInsert(0xdeadbeef);
    table.setUsers(slot, 10);
    for (let i = 0; i < 3; i++) table.addEstablished(table.find(0xdeadbeef));
    table.setUsers(table.find(0xdeadbeef), 11);
    table.setSuspects(table.find(0xdeadbeef), 7);
    assert.deepEqual([table.users(table.find(0xdeadbeef)), table.established(table.find(0xdeadbeef)), table.suspects(table.find(0xdeadbeef))], [11, 3, 7]);
    // growth (resize) and retain copy the packed cell as it is
    for (let k = 1; k < 100; k++) table.setUsers(table.findOrInsert(k * 0x9e3779b1 >>> 0), 2);
    table.retain((users) => users > 1);
    const after = table.find(0xdeadbeef);
    assert.deepEqual([table.users(after), table.established(after), table.suspects(after)], [11, 3, 7]);
    // saturation: "many" established users stay many; users beyond 24 bits stay at the maximum
    for (let i = 0; i < 300; i++) table.addEstablished(after);
    assert.equal(table.established(after), MAX_ESTABLISHED);
    assert.equal(table.users(after), 11, 'users untouched by the established count');
    table.setUsers(after, MAX_USERS + 5);
    assert.equal(table.users(after), MAX_USERS);
    assert.equal(table.established(after), MAX_ESTABLISHED, 'the established count untouched by users');
    table.setUsersAndEstablished(after, 40, 2);
    assert.deepEqual([table.users(after), table.established(after)], [40, 2]);
  });
});

describe('TemplateTable: cohort wording (used by young accounts only)', () => {
  const wrapper = Array.from({ length: 6 }, (_, i) => (i + 7) * 0x01000193 >>> 0);
  const prompt = (filler: number): Uint32Array => Uint32Array.from([...wrapper, filler, filler + 1]);

  it('is wording at least five young accounts and no established one have used, counted only where new to the account', () => {
    const templates = new TemplateTable();
    const young = Array.from({ length: 7 }, () => new AccountBloom());
    for (let a = 0; a < 4; a++) templates.add(prompt(1000 + a * 10), young[a]!, false, null, false);
    assert.equal(templates.match(prompt(5000), null, young[6]!).cohortShingles, 0, 'four young users: not yet');
    templates.add(prompt(2000), young[4]!, false, null, false);
    const match = templates.match(prompt(5000), null, young[6]!);
    assert.equal(match.cohortShingles, wrapper.length, 'five young users: every wrapper shingle');
    assert.equal(match.cohortUsers, 5);
    assert.equal(match.taintedShingles, 0, 'nobody is a suspect: no taint');
    assert.equal(templates.match(prompt(5000), null, young[0]!).cohortShingles, 0, 'not for an account that has used the wording before');
    // one established account uses it: it is public wording from then on
    templates.add(prompt(3000), new AccountBloom(), false, null, true);
    assert.equal(templates.match(prompt(5000), null, young[6]!).cohortShingles, 0);
  });

  it('is off with cohortMinUsers 0', () => {
    const templates = new TemplateTable({ cohortMinUsers: 0 });
    for (let a = 0; a < 10; a++) templates.add(prompt(a * 10), new AccountBloom(), false, null, false);
    assert.equal(templates.match(prompt(5000), null, new AccountBloom()).cohortShingles, 0);
  });
});

describe('TemplateTable.match (reads only the entries with enough suspects)', () => {
  it('gives what the full table gives, through adds, suspects, markSuspect and eviction', () => {
    const templates = new TemplateTable({ maxShingles: 3000 });
    const next = rng(5);
    const accounts = Array.from({ length: 60 }, () => new AccountBloom());
    // a campaign wrapper shared by many accounts, plus filler wording of each prompt
    // a campaign wrapper sent by suspicious accounts (0–19); another one sent by accounts 20–39,
    // not suspicious when they send it but found out later (markSuspect); filler wording for the rest
    const wrapper = Array.from({ length: 12 }, (_, i) => (i + 1) * 0x01000193 >>> 0);
    const later = Array.from({ length: 12 }, (_, i) => (i + 101) * 0x01000193 >>> 0);
    let matched = 0;
    let matchedLinked = 0;
    let cohortMatched = 0;
    for (let step = 0; step < 4000; step++) {
      const account = next() % accounts.length;
      const suspicious = account < 20 && next() % 3 !== 0;
      const own = account < 20 ? wrapper : account < 40 ? later : null;
      const shingles = new Uint32Array(20);
      for (let i = 0; i < shingles.length; i++) shingles[i] = own && (i < 8 || account >= 20) ? own[next() % own.length]! : next() % 50_000;
      const fast = templates.match(shingles);
      assert.deepEqual(fast, templates.matchFromAllEntries(shingles), `step ${step}`);
      const asAccount = templates.match(shingles, null, accounts[account]!);
      assert.deepEqual(asAccount, templates.matchFromAllEntries(shingles, null, accounts[account]!), `step ${step}, cohort wording new to the account`);
      if (asAccount.cohortShingles > 0) cohortMatched++;
      const linked = templates.match(shingles, LINKED_TAINT_BAR);
      assert.deepEqual(linked, templates.matchFromAllEntries(shingles, LINKED_TAINT_BAR), `step ${step}, linked bar`);
      if (fast.taint > 0) matched++;
      if (linked.taint > 0) matchedLinked++;
      if (step % 40 === 39 && step > 1500) templates.markSuspect(accounts[20 + (next() % 20)]!);
      // accounts 40–49 are young, and 20–39 until step 2000 (then an established user ends their cohort)
      const established = !(account >= 40 && account < 50) && !(account >= 20 && account < 40 && step < 2000);
      templates.add(shingles, accounts[account]!, suspicious, null, established);
    }
    assert.ok(matched > 100, `${matched} prompts matched a tainted shingle`);
    assert.ok(cohortMatched > 0, `${cohortMatched} prompts matched cohort wording`);
    assert.ok(matchedLinked > 100, `${matchedLinked} prompts matched a tainted shingle at the linked bar`);
  });
});
