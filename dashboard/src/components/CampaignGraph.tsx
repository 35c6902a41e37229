/**
 * The campaign's members linked by shared indicators, aggregated by the server (indicator hubs,
 * groups of accounts with the same indicators) and expanded on click. Drawn with cytoscape on a
 * canvas; the same graph is offered as a keyboard-usable list below it.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { CampaignGraph as Graph, GraphNode } from '../../../src/dashboard/api-types.ts';
import { useApi } from '../hooks.ts';
import { formatNumber } from '../format.ts';
import { hrefOf, navigate } from '../router.ts';
import { Loaded } from './States.tsx';

const TYPE_COLORS: Record<string, string> = {
  asn: '#b45309', ip_prefix: '#c2410c', ua_tls: '#7c3aed', device: '#6d28d9', payment_fp: '#be123c',
  signup_ip: '#9a3412', template: '#0f766e', timing: '#0369a1', intel: '#4d7c0f', other: '#525252',
};
const colorOf = (node: GraphNode): string =>
  node.kind === 'indicator' ? TYPE_COLORS[node.indicatorType ?? 'other'] ?? TYPE_COLORS.other!
    : node.kind === 'group' ? '#334155' : node.kind === 'account' ? '#2563eb' : '#a3a3a3';

/** Node size grows with the log of the accounts behind it, so one hub of 20,000 does not eat the canvas. */
const sizeOf = (node: GraphNode): number => (node.kind === 'account' ? 10 : 16 + 8 * Math.log10(1 + node.count));

function GraphCanvas({ graph, onActivate }: { graph: Graph; onActivate: (node: GraphNode) => void }) {
  const container = useRef<HTMLDivElement>(null);
  const [rendered, setRendered] = useState<{ nodes: number; edges: number } | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const activate = useRef(onActivate);
  activate.current = onActivate;

  useEffect(() => {
    let destroyed = false;
    let cy: { destroy(): void } | undefined;
    setRendered(null);
    import('cytoscape').then(({ default: cytoscape }) => {
      if (destroyed || !container.current) return;
      const byId = new Map(graph.nodes.map((n) => [n.id, n]));
      const maxWeight = Math.max(1, ...graph.edges.map((e) => e.weight));
      const instance = cytoscape({
        container: container.current,
        elements: [
          // groups are labelled by their size only: the links say what they share
          ...graph.nodes.map((n) => ({ data: { id: n.id, label: n.kind === 'account' ? '' : n.kind === 'group' ? String(n.count) : n.label, kind: n.kind, color: colorOf(n), size: sizeOf(n), expanded: n.expanded ? 1 : 0 } })),
          ...graph.edges.map((e) => ({ data: { id: e.id, source: e.source, target: e.target, width: 1 + 5 * Math.log(1 + e.weight) / Math.log(1 + maxWeight) } })),
        ],
        style: [
          { selector: 'node', style: { 'background-color': 'data(color)', width: 'data(size)', height: 'data(size)', label: 'data(label)', 'font-size': 9, color: '#1f2937', 'text-valign': 'bottom', 'text-margin-y': 3, 'text-wrap': 'ellipsis', 'text-max-width': '140px', 'min-zoomed-font-size': 7 } },
          { selector: 'node[kind = "group"]', style: { 'text-valign': 'center', 'text-margin-y': 0, color: '#ffffff', 'font-size': 8 } },
          { selector: 'node[kind = "indicator"]', style: { shape: 'diamond', 'font-weight': 'bold', 'text-background-color': '#ffffff', 'text-background-opacity': 0.8, 'text-background-padding': '1px' } },
          { selector: 'node[kind = "more"]', style: { shape: 'round-rectangle' } },
          { selector: 'node[expanded = 1]', style: { 'border-width': 3, 'border-color': '#f59e0b' } },
          { selector: 'edge', style: { width: 'data(width)', 'line-color': '#cbd5e1', 'curve-style': 'haystack', opacity: 0.8 } },
        ],
        layout: graph.nodes.length <= 250
          ? { name: 'cose', animate: false, randomize: false, nodeRepulsion: () => 40_000, idealEdgeLength: () => 90, nodeOverlap: 20, numIter: 1000, padding: 20 }
          : { name: 'concentric', animate: false, concentric: (node: { data(key: string): unknown }) => ({ indicator: 3, group: 2, more: 2, account: 1 } as Record<string, number>)[String(node.data('kind'))] ?? 1, levelWidth: () => 1, minNodeSpacing: 4 },
        minZoom: 0.1,
        maxZoom: 4,
      });
      instance.on('tap', 'node', (event) => {
        const node = byId.get(event.target.id());
        if (node) activate.current(node);
      });
      cy = instance;
      setRendered({ nodes: instance.nodes().length, edges: instance.edges().length });
    }).catch((error: Error) => setFailed(error.message));
    return () => {
      destroyed = true;
      cy?.destroy();
    };
  }, [graph]);

  if (failed) return <p class="state state-error" role="alert">The graph could not be drawn ({failed}); use the list below.</p>;
  return (
    <div class="graph-canvas" ref={container} aria-hidden="true"
      data-rendered-nodes={rendered?.nodes ?? ''} data-rendered-edges={rendered?.edges ?? ''} data-ready={rendered ? 'true' : 'false'} />
  );
}

function describeNode(node: GraphNode): string {
  if (node.kind === 'indicator') return `${node.label}: shared by ${formatNumber(node.count)} accounts`;
  if (node.kind === 'group') return `group of ${node.label}`;
  return node.label;
}

export function CampaignGraph({ campaignId, version }: { campaignId: string; version: string }) {
  const [expand, setExpand] = useState<string[]>([]);
  const path = useMemo(() => `/campaigns/${encodeURIComponent(campaignId)}/graph${expand.length ? '?' + expand.map((id) => `expand=${encodeURIComponent(id)}`).join('&') : ''}`, [campaignId, expand]);
  // redrawn when the campaign changes, not at every exchange: a layout that jumps cannot be read
  const graph = useApi<Graph>(path, { live: false, version });
  const [lastGraph, setLastGraph] = useState<Graph | undefined>(undefined);
  // keep drawing the previous graph while an expansion loads, instead of flashing a loading text
  useEffect(() => { if (graph.data) setLastGraph(graph.data); }, [graph.data]);
  const shown = graph.data ?? lastGraph;

  const toggle = (node: GraphNode) => {
    if (node.kind === 'account') return navigate(hrefOf.account(node.label));
    if (!node.expandable) return;
    setExpand((current) => (current.includes(node.id) ? current.filter((id) => id !== node.id) : [...current, node.id].slice(-10)));
  };

  return (
    <section class="panel" aria-labelledby="graph-title">
      <h2 id="graph-title">Members linked by shared indicators</h2>
      <Loaded resource={{ ...graph, data: shown, loading: graph.loading && !shown }} what="the graph">
        {(g) => (
          <>
            <p class="graph-totals" data-testid="graph-totals">
              {formatNumber(g.totals.accounts)} accounts · {formatNumber(g.totals.indicators)} shared indicators · {formatNumber(g.totals.groups)} groups of accounts with the same indicators.
              Showing {g.totals.shownIndicators} indicators, {g.totals.shownGroups} groups and {g.totals.shownAccounts} single accounts.
              Click a diamond (indicator) or a group to expand it; click an account to open it.
            </p>
            {expand.length > 0 ? <p><button type="button" onClick={() => setExpand([])}>Collapse all</button></p> : null}
            {g.totals.indicators === 0
              ? <p class="state state-empty">The detector recorded no indicators linking this campaign's members (no <code>member_indicators</code>), so there is nothing to draw.</p>
              : <GraphCanvas graph={g} onActivate={toggle} />}
            <ul class="legend" aria-label="Legend">
              {Object.entries(TYPE_COLORS).filter(([type]) => g.nodes.some((n) => n.indicatorType === type)).map(([type, color]) => (
                <li key={type}><span class="marker-swatch diamond" style={{ background: color }} aria-hidden="true" />{type}</li>
              ))}
              <li><span class="marker-swatch" style={{ background: '#334155' }} aria-hidden="true" />group of accounts</li>
              <li><span class="marker-swatch" style={{ background: '#2563eb' }} aria-hidden="true" />account</li>
            </ul>
            <details class="graph-list">
              <summary>The graph as a list ({g.nodes.length} nodes)</summary>
              <ul>
                {g.nodes.map((node) => (
                  <li key={node.id}>
                    {node.kind === 'account'
                      ? <a href={hrefOf.account(node.label)}>account {node.label}</a>
                      : node.expandable
                        ? <button type="button" aria-pressed={node.expanded} onClick={() => toggle(node)}>{node.expanded ? 'Collapse' : 'Expand'} {describeNode(node)}</button>
                        : <span>{describeNode(node)}</span>}
                  </li>
                ))}
              </ul>
            </details>
          </>
        )}
      </Loaded>
    </section>
  );
}
