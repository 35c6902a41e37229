/**
 * Campaigns: connected components of flagged accounts over the evidence graph (shared campaign
 * keys, shared tainted templates, lockstep timing). Online union-find; a component becomes a
 * campaign when it first holds two flagged accounts, and keeps the id of its oldest part when two
 * campaigns merge, so an id an analyst has seen stays valid.
 */

import { PairCounts } from './pair-counts.js';
import { fnv1a } from './text.js';

interface Component {
  /** Campaign id, assigned when the component first reaches two members. */
  id: string | null;
  members: number;
  detectedAt: number | null;
}

/** Order of a component's links: most unions first, then by key (a total order: keys are distinct). */
const byUse = (a: readonly [string, number], b: readonly [string, number]): number => b[1] - a[1] || (a[0] < b[0] ? -1 : 1);

/** The key of the lockstep pair of account indices {a, b}, as the campaign record names it. */
export const pairKey = (a: number, b: number): string => `timing:${Math.min(a, b)}-${Math.max(a, b)}`;

/**
 * The first `limit` links of one component in `byUse` order, offered one at a time: the same as
 * sorting them all and keeping the head. A key is given as a function when building its string
 * costs (a lockstep pair's), and is only built when the count alone does not decide.
 */
class TopLinks {
  readonly top: Array<[string, number]> = [];
  constructor(private readonly limit: number) {}

  offer(unions: number, key: string | (() => string)): void {
    const top = this.top;
    if (this.limit === Infinity) {
      top.push([typeof key === 'string' ? key : key(), unions]);
      return;
    }
    if (this.limit <= 0) return;
    if (top.length === this.limit) {
      const last = top[this.limit - 1]!;
      if (unions < last[1]) return;
      if (unions === last[1]) {
        const text = typeof key === 'string' ? key : key();
        if (text > last[0]) return;
        key = text;
      }
      top.pop();
    }
    // insertion into the short sorted head
    let i = top.length;
    top.push([typeof key === 'string' ? key : key(), unions]);
    while (i > 0 && byUse(top[i]!, top[i - 1]!) < 0) {
      [top[i], top[i - 1]] = [top[i - 1]!, top[i]!];
      i--;
    }
  }

  finish(): Array<[string, number]> {
    return this.limit === Infinity ? this.top.sort(byUse) : this.top;
  }
}

/**
 * Why the links live in the graph and not in each component: every union through a key joins the
 * key's anchor (the first flagged account that used it) to another account, so all the unions a
 * key ever made are inside the one component that holds its anchor, and a lockstep pair's inside
 * the one that holds both accounts. One count per key or pair, kept once, therefore says everything
 * the components' own link maps did, and a merge moves nothing. At report scale this is millions of
 * keys and pairs (docs/PERFORMANCE.md, "Memory").
 */
export class CampaignGraph {
  private readonly parent = new Map<string, string>();
  private readonly components = new Map<string, Component>();
  /** Shared keys: key → slot in `slotAnchor` and `slotUnions`. */
  private readonly keySlots = new Map<string, number>();
  /** Per key slot: the first flagged account seen with the key (the node new members are joined to). */
  private readonly slotAnchor: string[] = [];
  /** Per key slot: the unions made through the key (0 while it has only its anchor). */
  private readonly slotUnions: number[] = [];
  /** Unions made through each lockstep pair, by the two accounts' engine indices. */
  private readonly pairUnions = new PairCounts();
  /** Account id by engine index, for the accounts of lockstep pairs. */
  private readonly pairAccounts = new Map<number, string>();
  /** Campaign ids retired by a merge, with the id that absorbed them (not yet taken by `takeRetired`). */
  private retired = new Map<string, string>();

  /** How many retired campaign ids wait for `takeRetired`. */
  get retiredCount(): number {
    return this.retired.size;
  }

  /** Campaign ids retired by merges since the last call, each with the id that absorbed it. */
  takeRetired(): Map<string, string> {
    const out = this.retired;
    this.retired = new Map();
    return out;
  }

  /** Adds a flagged account as its own component (idempotent). */
  addAccount(accountId: string): void {
    if (this.parent.has(accountId)) return;
    this.parent.set(accountId, accountId);
    this.components.set(accountId, { id: null, members: 1, detectedAt: null });
  }

  /**
   * Joins a flagged account to the anchor of `key` (the first flagged account that used it), or
   * makes it the anchor.
   */
  link(accountId: string, key: string, atMs: number): void {
    const slot = this.keySlots.get(key);
    if (slot === undefined) {
      this.keySlots.set(key, this.slotAnchor.length);
      this.slotAnchor.push(accountId);
      this.slotUnions.push(0);
      return;
    }
    this.union(this.slotAnchor[slot]!, accountId, atMs);
    this.slotUnions[slot]!++;
  }

  /**
   * Links two flagged accounts that move in lockstep, by their engine indices: what `link(first,
   * pairKey(a, b))` then `link(second, pairKey(a, b))` would do, without an anchor or a key string.
   * Only these two accounts can ever use a pair's key, so after their first link each later one
   * only counts two more unions through it. Lockstep pairs among a campaign's accounts keep
   * appearing as traffic goes on (tens of thousands per million exchanges at report scale).
   */
  linkPair(first: string, firstIndex: number, second: string, secondIndex: number, atMs: number): void {
    if (this.pairUnions.get(firstIndex, secondIndex) > 0) {
      this.pairUnions.add(firstIndex, secondIndex, 2);
      return;
    }
    this.pairAccounts.set(firstIndex, first);
    this.pairAccounts.set(secondIndex, second);
    this.union(first, second, atMs);
    this.pairUnions.add(firstIndex, secondIndex, 1);
  }

  /** Entry counts (diagnostics, docs/PERFORMANCE.md "Memory"): flagged accounts, components, key anchors, and the keys and pairs that made unions. */
  sizes(): { nodes: number; components: number; anchors: number; componentLinks: number; anchorsByType: Record<string, number> } {
    let componentLinks = this.pairUnions.size;
    for (const unions of this.slotUnions) if (unions > 0) componentLinks++;
    const anchorsByType: Record<string, number> = {};
    for (const key of this.keySlots.keys()) {
      const type = key.slice(0, key.indexOf(':'));
      anchorsByType[type] = (anchorsByType[type] ?? 0) + 1;
    }
    return { nodes: this.parent.size, components: this.components.size, anchors: this.keySlots.size, componentLinks, anchorsByType };
  }

  /** The campaign id of an account, or null when it is alone. */
  campaignOf(accountId: string): string | null {
    if (!this.parent.has(accountId)) return null;
    return this.components.get(this.find(accountId))?.id ?? null;
  }

  /**
   * Every campaign: id, members, detection time and the keys that linked it (most used first, then
   * by key; at most `linkLimit` of them). A campaign of rotating-proxy accounts is linked through
   * hundreds of thousands of keys at report scale, and its record names three: sorting them all
   * into pairs would only be garbage beside the engine at its peak.
   */
  campaigns(linkLimit = Infinity): Array<{ id: string; members: string[]; detectedAt: number; links: Array<[string, number]> }> {
    const members = new Map<string, string[]>();
    for (const account of this.parent.keys()) {
      const root = this.find(account);
      const component = this.components.get(root)!;
      if (component.id === null) continue;
      let list = members.get(root);
      if (!list) members.set(root, (list = []));
      list.push(account);
    }
    const links = new Map<string, TopLinks>();
    if (linkLimit > 0) {
      for (const root of members.keys()) links.set(root, new TopLinks(linkLimit));
      this.keySlots.forEach((slot, key) => {
        const unions = this.slotUnions[slot]!;
        if (unions > 0) links.get(this.find(this.slotAnchor[slot]!))?.offer(unions, key);
      });
      this.pairUnions.forEach((low, high, unions) => {
        links.get(this.find(this.pairAccounts.get(low)!))?.offer(unions, () => pairKey(low, high));
      });
    }
    const out = [];
    for (const [root, list] of members) {
      const component = this.components.get(root)!;
      out.push({
        id: component.id!,
        members: list.sort(),
        detectedAt: component.detectedAt!,
        links: links.get(root)?.finish() ?? [],
      });
    }
    return out.sort((a, b) => a.detectedAt - b.detectedAt || (a.id < b.id ? -1 : 1));
  }

  private find(node: string): string {
    let root = node;
    for (let up = this.parent.get(root)!; up !== root; up = this.parent.get(root)!) root = up;
    let cursor = node;
    while (cursor !== root) {
      const up = this.parent.get(cursor)!;
      this.parent.set(cursor, root);
      cursor = up;
    }
    return root;
  }

  /** Joins the components of `a` and `b` (the caller counts the union through its key). */
  private union(a: string, b: string, atMs: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    const ca = this.components.get(ra)!;
    const cb = this.components.get(rb)!;
    // The older campaign survives a merge (its id stays valid); otherwise the bigger component.
    const keepA = ca.id !== null && cb.id !== null ? ca.detectedAt! <= cb.detectedAt! : ca.id !== null || (cb.id === null && ca.members >= cb.members);
    const [keep, drop, keepRoot, dropRoot] = keepA ? [ca, cb, ra, rb] : [cb, ca, rb, ra];
    this.parent.set(dropRoot, keepRoot);
    if (drop.id !== null && keep.id !== null) this.retired.set(drop.id, keep.id);
    keep.members += drop.members;
    if (keep.id === null) {
      keep.id = `cmp_${fnv1a(keepRoot).toString(16).padStart(8, '0')}`;
      keep.detectedAt = atMs;
    }
    this.components.delete(dropRoot);
  }
}
