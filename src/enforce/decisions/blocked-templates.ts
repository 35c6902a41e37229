/**
 * The prompt templates of blocked campaigns, for the hot path: a request whose prompt carries a
 * blocked campaign's wrapper is held at once, even from an account the engine has never seen. This
 * is how a new head of a hydra is cut at its first request: its sign-up facts and its network are
 * new, but it sends the campaign's template.
 *
 * A template cluster is the set of frame shingles (`frameShingles`, src/detect/text.ts) that the
 * engine found tainted and joined together (campaign records' `template_clusters[].shingles`).
 * Those shingles are campaign-specific by construction: a shingle that ordinary accounts also use
 * is never tainted.
 */

/**
 * Shingles of one cluster a prompt must carry (or all of a smaller one). A cluster of one shingle
 * (three words) holds nobody: too little to refuse a request on.
 */
export const MIN_TEMPLATE_HITS = 3;
/**
 * Only an established template of the campaign holds requests: used by this many of its accounts,
 * in this many exchanges. A small cluster can be a stock phrase that campaign prompts share with
 * ordinary ones by chance ("explain how it is measured"); the engine weighs those, the gate must not.
 */
export const MIN_HOLD_ACCOUNTS = 10;
export const MIN_HOLD_EXCHANGES = 30;

/** A campaign's template clusters as campaign records carry them. */
export interface TemplateClusterView {
  template_id: string;
  shingles: readonly number[];
  /** Campaign accounts and exchanges that used it. */
  accounts: number;
  exchanges: number;
}

/** Reads the template clusters of a campaign record's extra fields, ignoring anything malformed. */
export function templateClustersOf(record: object): TemplateClusterView[] {
  const clusters = (record as { template_clusters?: unknown }).template_clusters;
  if (!Array.isArray(clusters)) return [];
  const out: TemplateClusterView[] = [];
  for (const cluster of clusters as unknown[]) {
    if (typeof cluster !== 'object' || cluster === null) continue;
    const { template_id: id, shingles, accounts, exchanges } = cluster as { template_id?: unknown; shingles?: unknown; accounts?: unknown; exchanges?: unknown };
    if (typeof id !== 'string' || !Array.isArray(shingles)) continue;
    const valid = shingles.filter((s): s is number => Number.isInteger(s) && (s as number) >= 0 && (s as number) <= 0xffffffff);
    const count = (n: unknown): number => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : 0);
    if (valid.length > 0) out.push({ template_id: id, shingles: valid, accounts: count(accounts), exchanges: count(exchanges) });
  }
  return out;
}

interface ClusterRef {
  campaignId: string;
  templateId: string;
  /** Hits needed: MIN_TEMPLATE_HITS, or the cluster's size when smaller. */
  needed: number;
  /** Scratch: the generation (match call) its hits count belongs to, and the hits. */
  seen: number;
  hits: number;
}

/** What a prompt matched: the blocked campaign, and which of its templates. */
export interface TemplateMatch {
  campaignId: string;
  templateId: string;
}

/** The clusters of a campaign that hold requests (established, two shingles or more). */
function holdingClusters(clusters: readonly TemplateClusterView[]): TemplateClusterView[] {
  return clusters.filter((c) => c.accounts >= MIN_HOLD_ACCOUNTS && c.exchanges >= MIN_HOLD_EXCHANGES && new Set(c.shingles).size >= 2);
}

/** What the index depends on, to tell a real change from the engine's routine refresh of a campaign. */
function signatureOf(clusters: readonly TemplateClusterView[]): string {
  return clusters.map((c) => `${c.template_id}:${c.shingles.join(',')}`).join(';');
}

export class BlockedTemplateIndex {
  /** Per blocked campaign, its holding clusters and their signature. */
  private readonly held = new Map<string, { clusters: TemplateClusterView[]; signature: string }>();
  private index = new Map<number, ClusterRef[]>();
  private dirty = false;
  private generation = 0;

  /**
   * Records a campaign's clusters and whether it holds its members now (blocked). The engine
   * refreshes a live campaign about once a second; the index is rebuilt (lazily, at the next
   * match) only when what holds requests changed.
   */
  setCampaign(campaignId: string, clusters: TemplateClusterView[], blocked: boolean): void {
    const holding = blocked ? holdingClusters(clusters) : [];
    const before = this.held.get(campaignId);
    if (holding.length === 0) {
      if (before !== undefined) {
        this.held.delete(campaignId);
        this.dirty = true;
      }
      return;
    }
    const signature = signatureOf(holding);
    if (before?.signature === signature) return;
    this.held.set(campaignId, { clusters: holding, signature });
    this.dirty = true;
  }

  /** True when some blocked campaign has templates (otherwise the hot path skips shingling). */
  get active(): boolean {
    if (this.dirty) this.rebuild();
    return this.index.size > 0;
  }

  /** The first blocked campaign whose template the prompt's frame shingles carry, if any. */
  match(shingles: Uint32Array): TemplateMatch | undefined {
    if (this.dirty) this.rebuild();
    if (this.index.size === 0) return undefined;
    const generation = ++this.generation;
    let counted: Set<number> | undefined;
    for (let i = 0; i < shingles.length; i++) {
      const shingle = shingles[i]!;
      const refs = this.index.get(shingle);
      if (refs === undefined) continue;
      // a phrase repeated in one prompt counts once
      counted ??= new Set();
      if (counted.has(shingle)) continue;
      counted.add(shingle);
      for (const ref of refs) {
        if (ref.seen !== generation) {
          ref.seen = generation;
          ref.hits = 0;
        }
        if (++ref.hits === ref.needed) return { campaignId: ref.campaignId, templateId: ref.templateId };
      }
    }
    return undefined;
  }

  private rebuild(): void {
    const index = new Map<number, ClusterRef[]>();
    for (const [campaignId, { clusters }] of this.held) {
      for (const cluster of clusters) {
        const distinct = [...new Set(cluster.shingles)];
        const ref: ClusterRef = { campaignId, templateId: cluster.template_id, needed: Math.min(MIN_TEMPLATE_HITS, distinct.length), seen: 0, hits: 0 };
        for (const shingle of distinct) {
          const refs = index.get(shingle);
          if (refs === undefined) index.set(shingle, [ref]);
          else refs.push(ref);
        }
      }
    }
    this.index = index;
    this.dirty = false;
  }
}
