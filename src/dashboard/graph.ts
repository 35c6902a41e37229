/**
 * The campaign graph, aggregated so that it stays readable (and cheap to draw) at tens of thousands
 * of members: shared indicators become hubs, accounts linked by exactly the same set of shown
 * indicators become one group node, and only the nodes an analyst expands show single accounts.
 */
import { createHash } from 'node:crypto';
import type { CampaignGraph, GraphEdge, GraphNode } from './api-types.js';

/** How much of a campaign one graph shows. */
export interface GraphLimits {
  /** Indicator hubs shown, most shared first; the rest fold into one node. */
  maxIndicators: number;
  /** Account groups shown, largest first; the rest fold into one node. */
  maxGroups: number;
  /** Accounts shown per expanded node. */
  maxAccountsPerExpansion: number;
  /** Nodes expanded at once. */
  maxExpansions: number;
}

export const DEFAULT_GRAPH_LIMITS: GraphLimits = { maxIndicators: 24, maxGroups: 40, maxAccountsPerExpansion: 100, maxExpansions: 10 };

export interface CampaignGraphInput {
  accounts: readonly string[];
  /** Indicator keys (`type:value`) linking each member; members missing here link by nothing. */
  memberIndicators: Readonly<Record<string, readonly string[]>>;
}

const OTHER_INDICATORS = 'more:indicators';
const OTHER_GROUPS = 'more:groups';

const indicatorNodeId = (key: string): string => `ind:${key}`;
const accountNodeId = (accountId: string): string => `acct:${accountId}`;
const groupNodeId = (signature: string): string => `group:${createHash('sha256').update(signature).digest('hex').slice(0, 12)}`;

/** `asn:64512` → `{type: 'asn', value: '64512'}`; a key without a colon is all value. */
export function splitIndicatorKey(key: string): { type: string; value: string } {
  const colon = key.indexOf(':');
  return colon < 0 ? { type: 'other', value: key } : { type: key.slice(0, colon), value: key.slice(colon + 1) };
}

interface Group {
  id: string;
  signature: string;
  hubs: string[];
  accounts: string[];
}

/**
 * Builds the aggregated graph, with the nodes named in `expand` opened: a group or the folded
 * groups show their accounts; an indicator shows the accounts it links. Unknown ids in `expand`
 * are ignored (the graph may have changed since the analyst clicked).
 */
export function aggregateCampaignGraph(input: CampaignGraphInput, expand: readonly string[] = [], limits: GraphLimits = DEFAULT_GRAPH_LIMITS): CampaignGraph {
  const members = [...new Set(input.accounts)];
  const keysOf = (account: string): readonly string[] => input.memberIndicators[account] ?? [];

  const memberCount = new Map<string, number>();
  for (const account of members) for (const key of new Set(keysOf(account))) memberCount.set(key, (memberCount.get(key) ?? 0) + 1);
  const ranked = [...memberCount.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const shownHubs = new Set(ranked.slice(0, limits.maxIndicators).map(([key]) => key));
  const foldedHubs = ranked.slice(limits.maxIndicators);

  // Group by the set of shown hubs; an account linked only by folded indicators gets the fold as its hub.
  const bySignature = new Map<string, Group>();
  for (const account of members) {
    const keys = [...new Set(keysOf(account))];
    const hubs = keys.filter((key) => shownHubs.has(key)).sort();
    if (hubs.length === 0 && keys.length > 0) hubs.push(OTHER_INDICATORS);
    const signature = hubs.join('\n');
    let group = bySignature.get(signature);
    if (!group) bySignature.set(signature, group = { id: groupNodeId(signature), signature, hubs, accounts: [] });
    group.accounts.push(account);
  }
  const groups = [...bySignature.values()].sort((a, b) => b.accounts.length - a.accounts.length || (a.signature < b.signature ? -1 : 1));
  const shownGroups = groups.slice(0, limits.maxGroups);
  const foldedGroups = groups.slice(limits.maxGroups);

  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const open = new Set(expand.slice(0, limits.maxExpansions));
  const addEdge = (source: string, target: string, weight: number): void => {
    const id = `${source}|${target}`;
    const existing = edges.get(id);
    if (existing) existing.weight += weight;
    else edges.set(id, { id, source, target, weight });
  };

  for (const key of shownHubs) {
    const { type, value } = splitIndicatorKey(key);
    const id = indicatorNodeId(key);
    nodes.set(id, { id, kind: 'indicator', label: `${type} ${value}`, count: memberCount.get(key)!, indicatorType: type, expandable: true, expanded: open.has(id) });
  }
  if (foldedHubs.length > 0) {
    nodes.set(OTHER_INDICATORS, { id: OTHER_INDICATORS, kind: 'more', label: `${foldedHubs.length} more indicators`,
      count: foldedHubs.reduce((sum, [, n]) => sum + n, 0), expandable: false, expanded: false });
  }
  const hubNode = (hub: string): string => (hub === OTHER_INDICATORS ? OTHER_INDICATORS : indicatorNodeId(hub));

  for (const group of shownGroups) {
    nodes.set(group.id, {
      id: group.id, kind: 'group', count: group.accounts.length, expandable: true, expanded: open.has(group.id),
      label: group.hubs.length === 0 ? `${group.accounts.length} without shared indicators` : `${group.accounts.length} ${group.accounts.length === 1 ? 'account' : 'accounts'}`,
    });
    for (const hub of group.hubs) addEdge(group.id, hubNode(hub), group.accounts.length);
  }
  if (foldedGroups.length > 0) {
    const accounts = foldedGroups.reduce((sum, g) => sum + g.accounts.length, 0);
    nodes.set(OTHER_GROUPS, { id: OTHER_GROUPS, kind: 'more', label: `${foldedGroups.length} smaller groups (${accounts} accounts)`,
      count: accounts, expandable: true, expanded: open.has(OTHER_GROUPS) });
    for (const group of foldedGroups) for (const hub of group.hubs) addEdge(OTHER_GROUPS, hubNode(hub), group.accounts.length);
  }

  // Expansions: accounts appear once each, however many expanded nodes they belong to.
  const expandInto = (parent: string, accounts: readonly string[]): void => {
    const shown = accounts.slice(0, limits.maxAccountsPerExpansion);
    for (const account of shown) {
      const id = accountNodeId(account);
      if (!nodes.has(id)) nodes.set(id, { id, kind: 'account', label: account, count: 1, expandable: false, expanded: false });
      addEdge(id, parent, 1);
    }
    const rest = accounts.length - shown.length;
    if (rest > 0) {
      const id = `more:${parent}`;
      nodes.set(id, { id, kind: 'more', label: `${rest} more accounts`, count: rest, expandable: false, expanded: false });
      addEdge(id, parent, rest);
    }
  };
  for (const id of open) {
    const node = nodes.get(id);
    if (!node?.expandable) continue;
    if (node.kind === 'group') expandInto(id, shownGroups.find((g) => g.id === id)!.accounts);
    else if (id === OTHER_GROUPS) expandInto(id, foldedGroups.flatMap((g) => g.accounts));
    else if (node.kind === 'indicator') {
      const key = id.slice('ind:'.length);
      expandInto(id, members.filter((account) => keysOf(account).includes(key)));
    }
  }

  const shownAccounts = [...nodes.values()].filter((n) => n.kind === 'account').length;
  return {
    nodes: [...nodes.values()],
    edges: [...edges.values()],
    totals: {
      accounts: members.length, indicators: memberCount.size, groups: groups.length,
      shownIndicators: shownHubs.size, shownGroups: shownGroups.length, shownAccounts,
    },
  };
}
