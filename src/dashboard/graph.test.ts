import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CampaignGraph } from './api-types.js';
import { aggregateCampaignGraph, DEFAULT_GRAPH_LIMITS, splitIndicatorKey } from './graph.js';

/** A campaign of `n` accounts: 3 ASNs, 40 prefixes, 97 cards, 2 templates. */
function bigCampaign(n: number) {
  const accounts: string[] = [];
  const memberIndicators: Record<string, string[]> = {};
  for (let i = 0; i < n; i++) {
    const id = `a${i}`;
    accounts.push(id);
    memberIndicators[id] = [`asn:${64_500 + (i % 3)}`, `ip_prefix:10.${i % 40}.0.0/16`, `payment_fp:pf${i % 97}`, `template:t${i % 2}`];
  }
  return { accounts, memberIndicators };
}

function assertConsistent(graph: CampaignGraph): void {
  const ids = new Set(graph.nodes.map((n) => n.id));
  assert.equal(ids.size, graph.nodes.length, 'node ids are unique');
  for (const edge of graph.edges) {
    assert.ok(ids.has(edge.source), `edge source ${edge.source} exists`);
    assert.ok(ids.has(edge.target), `edge target ${edge.target} exists`);
    assert.ok(edge.weight > 0);
  }
}

describe('aggregateCampaignGraph', () => {
  it('keeps 20,000 members to a bounded number of nodes, every account counted once', () => {
    const input = bigCampaign(20_000);
    const graph = aggregateCampaignGraph(input);
    assertConsistent(graph);
    const limits = DEFAULT_GRAPH_LIMITS;
    assert.ok(graph.nodes.length <= limits.maxIndicators + 1 + limits.maxGroups + 1, `${graph.nodes.length} nodes`);
    assert.equal(graph.totals.accounts, 20_000);
    assert.equal(graph.totals.indicators, 3 + 40 + 97 + 2);
    assert.equal(graph.totals.shownIndicators, limits.maxIndicators);
    const groups = graph.nodes.filter((n) => n.kind === 'group' || n.id === 'more:groups');
    assert.equal(groups.reduce((sum, n) => sum + n.count, 0), 20_000, 'groups partition the members');
    assert.equal(graph.nodes.filter((n) => n.kind === 'account').length, 0, 'no single accounts until expanded');
    // the most shared indicators are the ones shown
    const asn = graph.nodes.find((n) => n.id === 'ind:asn:64500');
    assert.equal(asn?.count, 6667);
    assert.equal(asn?.indicatorType, 'asn');
  });

  it('groups accounts with the same indicators and links each group to its hubs', () => {
    const graph = aggregateCampaignGraph({
      accounts: ['a', 'b', 'c', 'd'],
      memberIndicators: { a: ['asn:1', 'template:t'], b: ['template:t', 'asn:1'], c: ['asn:1'] },
    });
    assertConsistent(graph);
    const groups = graph.nodes.filter((n) => n.kind === 'group').sort((x, y) => y.count - x.count || x.label.localeCompare(y.label));
    assert.deepEqual(groups.map((g) => [g.count, g.label]), [[2, '2 accounts'], [1, '1 account'], [1, '1 without shared indicators']]);
    const pair = groups[0]!;
    assert.deepEqual(graph.edges.filter((e) => e.source === pair.id).map((e) => [e.target, e.weight]).sort(),
      [['ind:asn:1', 2], ['ind:template:t', 2]]);
    assert.equal(graph.nodes.find((n) => n.id === 'ind:asn:1')?.count, 3);
  });

  it('expands a group into its accounts, capped, with a node for the rest', () => {
    const input = bigCampaign(3000);
    const first = aggregateCampaignGraph(input);
    const biggest = first.nodes.filter((n) => n.kind === 'group').sort((a, b) => b.count - a.count)[0]!;
    const graph = aggregateCampaignGraph(input, [biggest.id]);
    assertConsistent(graph);
    const accounts = graph.nodes.filter((n) => n.kind === 'account');
    assert.equal(accounts.length, Math.min(biggest.count, DEFAULT_GRAPH_LIMITS.maxAccountsPerExpansion));
    assert.ok(graph.edges.filter((e) => e.target === biggest.id && e.source.startsWith('acct:')).length === accounts.length);
    assert.equal(graph.nodes.find((n) => n.id === biggest.id)?.expanded, true);
    if (biggest.count > DEFAULT_GRAPH_LIMITS.maxAccountsPerExpansion) {
      assert.equal(graph.nodes.find((n) => n.id === `more:${biggest.id}`)?.count, biggest.count - accounts.length);
    }
  });

  it('expands an indicator into the accounts it links, each account shown once', () => {
    const graph = aggregateCampaignGraph({
      accounts: ['a', 'b', 'c'],
      memberIndicators: { a: ['asn:1', 'template:t'], b: ['template:t'], c: ['asn:1'] },
    }, ['ind:template:t', 'ind:asn:1', 'ind:missing', 'group:nonexistent']);
    assertConsistent(graph);
    const accounts = graph.nodes.filter((n) => n.kind === 'account').map((n) => n.label).sort();
    assert.deepEqual(accounts, ['a', 'b', 'c']);
    assert.deepEqual(graph.edges.filter((e) => e.source === 'acct:a').map((e) => e.target).sort(), ['ind:asn:1', 'ind:template:t']);
  });

  it('folds the least shared indicators and the smallest groups into one node each', () => {
    const accounts = Array.from({ length: 30 }, (_, i) => `x${i}`);
    const memberIndicators = Object.fromEntries(accounts.map((a, i) => [a, i < 20 ? ['asn:big', `device:d${i}`] : [`device:d${i}`]]));
    const limits = { ...DEFAULT_GRAPH_LIMITS, maxIndicators: 1, maxGroups: 1 };
    const graph = aggregateCampaignGraph({ accounts, memberIndicators }, ['more:groups'], limits);
    assertConsistent(graph);
    assert.equal(graph.nodes.find((n) => n.id === 'more:indicators')?.label, '30 more indicators');
    const folded = graph.nodes.find((n) => n.id === 'more:groups');
    assert.equal(folded?.count, 10);
    assert.ok(graph.edges.some((e) => e.source === 'more:groups' && e.target === 'more:indicators'));
    assert.equal(graph.nodes.filter((n) => n.kind === 'account').length, 10, 'the folded groups expand into their accounts');
  });

  it('splits indicator keys at the first colon', () => {
    assert.deepEqual(splitIndicatorKey('ip_prefix:2001:db8::/32'), { type: 'ip_prefix', value: '2001:db8::/32' });
    assert.deepEqual(splitIndicatorKey('plain'), { type: 'other', value: 'plain' });
  });
});
