import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CampaignGraph, pairKey } from './campaigns.js';
import { PairCounts } from './pair-counts.js';
import { fnv1a } from './text.js';

/**
 * The campaign graph as it was first written: every component keeps its own map of link keys and
 * their union counts, merged on every union, and a lockstep pair is two anchored links of its key.
 * Plain and obviously right; `CampaignGraph` must give the same answers with one count per key.
 */
class ReferenceGraph {
  private readonly parent = new Map<string, string>();
  private readonly components = new Map<string, { id: string | null; members: number; detectedAt: number | null; links: Map<string, number> }>();
  private readonly anchors = new Map<string, string>();
  retired = new Map<string, string>();

  addAccount(accountId: string): void {
    if (this.parent.has(accountId)) return;
    this.parent.set(accountId, accountId);
    this.components.set(accountId, { id: null, members: 1, detectedAt: null, links: new Map() });
  }

  link(accountId: string, key: string, atMs: number): void {
    const anchor = this.anchors.get(key);
    if (anchor === undefined) this.anchors.set(key, accountId);
    else this.union(anchor, accountId, key, atMs);
  }

  linkPair(first: string, firstIndex: number, second: string, secondIndex: number, atMs: number): void {
    const key = pairKey(firstIndex, secondIndex);
    this.link(first, key, atMs);
    this.link(second, key, atMs);
  }

  campaignOf(accountId: string): string | null {
    return this.parent.has(accountId) ? this.components.get(this.find(accountId))!.id : null;
  }

  campaigns(linkLimit = Infinity): Array<{ id: string; members: string[]; detectedAt: number; links: Array<[string, number]> }> {
    const members = new Map<string, string[]>();
    for (const account of this.parent.keys()) {
      const root = this.find(account);
      if (this.components.get(root)!.id === null) continue;
      members.set(root, [...(members.get(root) ?? []), account]);
    }
    return [...members]
      .map(([root, list]) => {
        const component = this.components.get(root)!;
        const links = [...component.links].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
        return { id: component.id!, members: list.sort(), detectedAt: component.detectedAt!, links: links.slice(0, linkLimit) };
      })
      .sort((a, b) => a.detectedAt - b.detectedAt || (a.id < b.id ? -1 : 1));
  }

  private find(node: string): string {
    let root = node;
    while (this.parent.get(root) !== root) root = this.parent.get(root)!;
    return root;
  }

  private union(a: string, b: string, key: string, atMs: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    const ca = this.components.get(ra)!;
    if (ra === rb) {
      ca.links.set(key, (ca.links.get(key) ?? 0) + 1);
      return;
    }
    const cb = this.components.get(rb)!;
    const keepA = ca.id !== null && cb.id !== null ? ca.detectedAt! <= cb.detectedAt! : ca.id !== null || (cb.id === null && ca.members >= cb.members);
    const [keep, drop, keepRoot, dropRoot] = keepA ? [ca, cb, ra, rb] : [cb, ca, rb, ra];
    this.parent.set(dropRoot, keepRoot);
    if (drop.id !== null && keep.id !== null) this.retired.set(drop.id, keep.id);
    keep.members += drop.members;
    for (const [k, n] of drop.links) keep.links.set(k, (keep.links.get(k) ?? 0) + n);
    keep.links.set(key, (keep.links.get(key) ?? 0) + 1);
    if (keep.id === null) {
      keep.id = `cmp_${fnv1a(keepRoot).toString(16).padStart(8, '0')}`;
      keep.detectedAt = atMs;
    }
    this.components.delete(dropRoot);
  }
}

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

describe('campaign graph', () => {
  it('forms a campaign at two linked accounts and keeps the older id when campaigns merge', () => {
    const graph = new CampaignGraph();
    for (const a of ['a1', 'a2', 'b1', 'b2']) graph.addAccount(a);
    graph.link('a1', 'payment_fp:x', 1000);
    assert.equal(graph.campaignOf('a1'), null);
    graph.link('a2', 'payment_fp:x', 2000);
    const first = graph.campaignOf('a1');
    assert.ok(first !== null && first === graph.campaignOf('a2'));
    graph.link('b1', 'device:y', 3000);
    graph.link('b2', 'device:y', 4000);
    const second = graph.campaignOf('b1');
    assert.ok(second !== null && second !== first);
    graph.link('b2', 'template:t_1', 5000);
    graph.link('a1', 'template:t_1', 6000);
    assert.equal(graph.campaignOf('b1'), first, 'the older campaign absorbs the younger');
    assert.deepEqual([...graph.takeRetired()], [[second, first]]);
    const [only] = graph.campaigns();
    assert.deepEqual(only?.members, ['a1', 'a2', 'b1', 'b2']);
    assert.equal(only?.detectedAt, 2000);
  });
});

describe('campaign graph links', () => {
  it('gives the head of the full order when asked for the top links only, ties broken by key', () => {
    const graph = new CampaignGraph();
    const accounts = Array.from({ length: 30 }, (_, i) => `a${i}`);
    for (const a of accounts) graph.addAccount(a);
    // keys used by varying numbers of accounts, with ties (a pseudo-random but fixed pattern)
    for (let k = 0; k < 60; k++) {
      const users = 2 + ((k * 7) % 5);
      for (let u = 0; u < users; u++) graph.link(accounts[(k + u * 3) % accounts.length]!, `device:k${(k * 13) % 60}`, 1000 + k);
    }
    const [full] = graph.campaigns();
    assert.ok(full !== undefined && full.links.length > 10);
    for (const limit of [1, 3, 7, full.links.length, full.links.length + 5]) {
      assert.deepEqual(graph.campaigns(limit)[0]!.links, full.links.slice(0, limit), `limit ${limit}`);
    }
    assert.deepEqual(graph.campaigns(0)[0]!.links, []);
    assert.deepEqual(graph.campaigns(0)[0]!.members, full.members);
  });
});

describe('campaign graph pair links', () => {
  it('links a pair as two anchored links of its key would, without keeping an anchor', () => {
    const reference = new ReferenceGraph();
    const graph = new CampaignGraph();
    const accounts = Array.from({ length: 12 }, (_, i) => `p${i}`);
    for (const g of [reference, graph]) for (const a of accounts) g.addAccount(a);
    // pairs seen once and again, in both orders, merging components, mixed with shared keys
    const events: Array<[number, number]> = [[0, 1], [2, 3], [1, 0], [4, 5], [3, 2], [0, 1], [5, 6], [7, 8], [6, 5], [8, 7], [1, 2], [9, 10], [10, 9], [2, 1]];
    events.forEach(([a, b], t) => {
      for (const g of [reference, graph]) g.linkPair(accounts[a]!, a, accounts[b]!, b, 1000 + t);
      if (t === 6) for (const g of [reference, graph]) { g.link('p11', 'device:d', 2000); g.link('p4', 'device:d', 2001); }
    });
    assert.deepEqual(graph.campaigns(), reference.campaigns());
    for (const a of accounts) assert.equal(graph.campaignOf(a), reference.campaignOf(a), a);
    assert.deepEqual([...graph.takeRetired()], [...reference.retired]);
    assert.equal(graph.sizes().anchors, 1, 'only the shared key has an anchor');
    assert.equal(graph.sizes().componentLinks, 7 + 1, 'seven distinct pairs and the shared key made unions');
  });
});

describe('campaign graph against the reference', () => {
  it('gives the same campaigns, links, ids and merges over random traffic', () => {
    let merges = 0;
    let longLinkLists = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const next = random(seed);
      const pick = (n: number) => Math.floor(next() * n);
      const reference = new ReferenceGraph();
      const graph = new CampaignGraph();
      const accounts = 10 + pick(50);
      const keys = Array.from({ length: 3 + pick(30) }, (_, k) => `${['device', 'payment_fp', 'template', 'ip_prefix'][k % 4]}:k${k}`);
      const flagged: number[] = [];
      const retiredByReference: Array<[string, string]> = [];
      const retiredByGraph: Array<[string, string]> = [];
      for (let step = 0, ts = 1000; step < 400; step++, ts += pick(3)) {
        const roll = next();
        if (roll < 0.15 || flagged.length < 2) {
          const account = pick(accounts);
          if (!flagged.includes(account)) flagged.push(account);
          for (const g of [reference, graph]) g.addAccount(`a${account}`);
        } else if (roll < 0.65) {
          const account = flagged[pick(flagged.length)]!;
          const key = keys[pick(keys.length)]!;
          for (const g of [reference, graph]) g.link(`a${account}`, key, ts);
        } else {
          const first = flagged[pick(flagged.length)]!;
          const second = flagged[pick(flagged.length)]!;
          if (first === second) continue;
          for (const g of [reference, graph]) g.linkPair(`a${first}`, first, `a${second}`, second, ts);
        }
        if (step % 50 === 0) {
          retiredByGraph.push(...graph.takeRetired());
          retiredByReference.push(...reference.retired);
          reference.retired = new Map();
        }
      }
      retiredByGraph.push(...graph.takeRetired());
      retiredByReference.push(...reference.retired);
      for (let a = 0; a < accounts; a++) assert.equal(graph.campaignOf(`a${a}`), reference.campaignOf(`a${a}`), `seed ${seed} account ${a}`);
      for (const limit of [Infinity, 0, 1, 3, 7]) assert.deepEqual(graph.campaigns(limit), reference.campaigns(limit), `seed ${seed} limit ${limit}`);
      assert.deepEqual(retiredByGraph, retiredByReference, `seed ${seed}`);
      merges += retiredByGraph.length;
      longLinkLists += graph.campaigns().filter((c) => c.links.length > 7).length;
    }
    // the traffic must have exercised what can go wrong: campaigns merging, and top lists cut short
    assert.ok(merges >= 20, `${merges} merges`);
    assert.ok(longLinkLists >= 20, `${longLinkLists} campaigns with more than 7 links`);
  });
});

describe('pair counts', () => {
  it('counts unordered pairs as a Map of the same pairs does, through growth', () => {
    const next = random(7);
    const table = new PairCounts(16);
    const expected = new Map<string, number>();
    for (let i = 0; i < 20_000; i++) {
      const a = Math.floor(next() * 3000);
      const b = Math.floor(next() * 3000);
      const by = 1 + Math.floor(next() * 3);
      table.add(a, b, by);
      const key = `${Math.min(a, b)}-${Math.max(a, b)}`;
      expected.set(key, (expected.get(key) ?? 0) + by);
    }
    assert.equal(table.size, expected.size);
    for (const [key, count] of expected) {
      const [low, high] = key.split('-').map(Number) as [number, number];
      assert.equal(table.get(high, low), count, key);
    }
    const visited = new Map<string, number>();
    table.forEach((low, high, count) => {
      assert.ok(low <= high);
      visited.set(`${low}-${high}`, count);
    });
    assert.deepEqual(visited, expected);
    assert.equal(table.get(3001, 3002), 0);
    table.add(0, 0, 1);
    assert.equal(table.get(0, 0), 1, 'index 0 is a key, not an empty slot');
  });
});
