/**
 * Campaigns: connected components of flagged accounts over the evidence graph (shared campaign
 * keys, shared tainted templates, lockstep timing). Online union-find; a component becomes a
 * campaign when it first holds two flagged accounts, and keeps the id of its oldest part when two
 * campaigns merge, so an id an analyst has seen stays valid.
 */

import { fnv1a } from './text.js';

interface Component {
  /** Campaign id, assigned when the component first reaches two members. */
  id: string | null;
  members: number;
  detectedAt: number | null;
  /** Edge evidence that joined members: key → number of unions through it. */
  readonly links: Map<string, number>;
}

/** Order of a component's links: most unions first, then by key (a total order: keys are distinct). */
const byUse = (a: readonly [string, number], b: readonly [string, number]): number => b[1] - a[1] || (a[0] < b[0] ? -1 : 1);

/** The first `limit` links in `byUse` order: the same as sorting them all and keeping the head. */
function topLinks(links: ReadonlyMap<string, number>, limit: number): Array<[string, number]> {
  if (limit >= links.size) return [...links].sort(byUse);
  const top: Array<[string, number]> = [];
  if (limit <= 0) return top;
  links.forEach((n, key) => {
    if (top.length === limit) {
      const last = top[limit - 1]!;
      if (n < last[1] || (n === last[1] && key > last[0])) return;
      top.pop();
    }
    // insertion into the short sorted head
    let i = top.length;
    top.push([key, n]);
    while (i > 0 && byUse(top[i]!, top[i - 1]!) < 0) {
      [top[i], top[i - 1]] = [top[i - 1]!, top[i]!];
      i--;
    }
  });
  return top;
}

export class CampaignGraph {
  private readonly parent = new Map<string, string>();
  private readonly components = new Map<string, Component>();
  /** First flagged account seen with a key: the node new members are joined to. */
  private readonly anchors = new Map<string, string>();
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
    this.components.set(accountId, { id: null, members: 1, detectedAt: null, links: new Map() });
  }

  /**
   * Joins a flagged account to the anchor of `key` (the first flagged account that used it), or
   * makes it the anchor. Returns the campaign id the account is in afterwards, if any.
   */
  link(accountId: string, key: string, atMs: number): void {
    const anchor = this.anchors.get(key);
    if (anchor === undefined) {
      this.anchors.set(key, accountId);
      return;
    }
    this.union(anchor, accountId, key, atMs);
  }

  /** Entry counts (diagnostics, docs/PERFORMANCE.md "Memory"): flagged accounts, components, key anchors, and the components' link keys. */
  sizes(): { nodes: number; components: number; anchors: number; componentLinks: number; anchorsByType: Record<string, number> } {
    let componentLinks = 0;
    for (const component of this.components.values()) componentLinks += component.links.size;
    const anchorsByType: Record<string, number> = {};
    for (const key of this.anchors.keys()) {
      const type = key.slice(0, key.indexOf(':'));
      anchorsByType[type] = (anchorsByType[type] ?? 0) + 1;
    }
    return { nodes: this.parent.size, components: this.components.size, anchors: this.anchors.size, componentLinks, anchorsByType };
  }

  /**
   * `link(first, key)` then `link(second, key)` for a key that only these two flagged accounts can
   * ever use (a lockstep pair), without an anchor for it: after their first link the two are in
   * one component whose links hold the key, so later calls only count two more unions through it.
   * Lockstep pairs among a campaign's accounts keep appearing as traffic goes on (tens of
   * thousands per million exchanges at report scale), and an anchor each would be kept for nothing.
   */
  linkPair(first: string, second: string, key: string, atMs: number): void {
    const component = this.components.get(this.find(first))!;
    const unions = component.links.get(key);
    if (unions !== undefined) component.links.set(key, unions + 2);
    else this.union(first, second, key, atMs);
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
    const out = [];
    for (const [root, list] of members) {
      const component = this.components.get(root)!;
      out.push({
        id: component.id!,
        members: list.sort(),
        detectedAt: component.detectedAt!,
        links: topLinks(component.links, linkLimit),
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

  private union(a: string, b: string, key: string, atMs: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    const ca = this.components.get(ra)!;
    if (ra === rb) {
      ca.links.set(key, (ca.links.get(key) ?? 0) + 1);
      return;
    }
    const cb = this.components.get(rb)!;
    // The older campaign survives a merge (its id stays valid); otherwise the bigger component.
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
