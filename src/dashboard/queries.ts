/**
 * What the dashboard's pages show, read from the store: no HTTP here, so that the same answers
 * can back another surface (a CLI report, a test) unchanged.
 */
import { DistillguardError } from '../errors.js';
import type { CampaignRecord, ExchangeRecord, VerdictReason } from '../records/types.js';
import type { StoredAction, StoredCampaign, StoredVerdict } from '../store/types.js';
import type {
  AccountDetailResponse, ActionView, CampaignDetailResponse, CampaignGraph, CampaignSummary, ExchangeView,
  OverviewRange, OverviewResponse, SignalSummary, TemplateClusterView, TimelineMarker,
} from './api-types.js';
import { aggregateCampaignGraph } from './graph.js';
import type { DashboardReadStore } from './read-protocol.js';
import { pickBucketMs, rangeSpanMs } from './time-buckets.js';

const TEXT_LIMIT = 4000;

export const toActionView = (a: StoredAction): ActionView => ({
  actionId: a.actionId, ts: a.ts, targetType: a.targetType, targetId: a.targetId, kind: a.kind, actor: a.actor,
  reason: a.reason, dryRun: a.dryRun, revokedAt: a.revokedAt, revokedBy: a.revokedBy,
});

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** The campaign fields the detection engine adds to the spec record, read defensively. */
function templateClusters(record: CampaignRecord): TemplateClusterView[] {
  const raw = Array.isArray(record.template_clusters) ? record.template_clusters : [];
  return raw.flatMap((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) return [];
    const c = entry as Record<string, unknown>;
    if (typeof c.template_id !== 'string') return [];
    return [{
      templateId: c.template_id,
      accounts: typeof c.accounts === 'number' ? c.accounts : 0,
      exchanges: typeof c.exchanges === 'number' ? c.exchanges : 0,
      samples: strings(c.samples).slice(0, 5).map((s) => s.slice(0, TEXT_LIMIT)),
    }];
  });
}

function memberIndicators(record: CampaignRecord): Record<string, string[]> {
  const raw = record.member_indicators;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
  const out: Record<string, string[]> = {};
  for (const [account, keys] of Object.entries(raw as Record<string, unknown>)) out[account] = strings(keys);
  return out;
}

/** Reasons across verdicts: how many accounts give each signal, mean weight, heaviest detail. */
export function summariseSignals(verdicts: readonly StoredVerdict[], limit: number): SignalSummary[] {
  const bySignal = new Map<string, { accounts: Set<string>; weight: number; n: number; top: VerdictReason }>();
  for (const verdict of verdicts) {
    for (const reason of verdict.reasons) {
      const entry = bySignal.get(reason.signal);
      if (!entry) {
        bySignal.set(reason.signal, { accounts: new Set([verdict.accountId]), weight: reason.weight, n: 1, top: reason });
        continue;
      }
      entry.accounts.add(verdict.accountId);
      entry.weight += reason.weight;
      entry.n += 1;
      if (reason.weight > entry.top.weight) entry.top = reason;
    }
  }
  return [...bySignal.entries()]
    .map(([signal, e]) => ({ signal, accounts: e.accounts.size, meanWeight: e.weight / e.n, example: e.top.detail }))
    .sort((a, b) => b.accounts - a.accounts || b.meanWeight - a.meanWeight || (a.signal < b.signal ? -1 : 1))
    .slice(0, limit);
}

function exchangeView(record: ExchangeRecord): ExchangeView {
  const retained = record.text_dropped === undefined;
  const lastUser = [...record.request.messages].reverse().find((m) => m.role === 'user');
  const text = (value: string | undefined): string | null => (retained && value !== undefined ? value.slice(0, TEXT_LIMIT) : null);
  return {
    id: record.id, ts: record.ts, model: record.model, endpoint: record.endpoint, status: record.response.status,
    inputTokens: record.usage.input_tokens, outputTokens: record.usage.output_tokens, latencyMs: record.latency_ms ?? null,
    ip: record.client.ip, userAgent: record.client.user_agent ?? null,
    prompt: text(lastUser?.content), system: text(record.request.system), response: text(record.response.text),
    reasoning: text(record.response.reasoning), textRetained: retained,
  };
}

/** Read models of the dashboard's pages, over the store's reads (on this thread, or the read worker). */
export class DashboardQueries {
  constructor(private readonly store: DashboardReadStore, private readonly now: () => Date = () => new Date()) {}

  async campaignSummary(campaign: StoredCampaign): Promise<CampaignSummary> {
    const r = campaign.record;
    const actions = await this.store.listActions({ targetType: 'campaign', targetId: r.campaign_id, limit: 50 });
    return {
      campaignId: r.campaign_id, status: campaign.status, score: r.score, accounts: r.accounts.length,
      exchanges: typeof r.exchanges === 'number' ? r.exchanges : null,
      firstSeen: r.first_seen, detectedAt: r.detected_at, capabilities: strings(r.capabilities), summary: r.summary,
      actions: actions.map(toActionView),
    };
  }

  async overview(range: OverviewRange): Promise<OverviewResponse> {
    const span = rangeSpanMs(range);
    const bucketMs = pickBucketMs(span, 60_000);
    // buckets aligned to whole bucket widths, so that a refresh does not shift every bar
    const until = Math.ceil(this.now().getTime() / bucketMs) * bucketMs;
    const since = until - Math.ceil(span / bucketMs) * bucketMs;
    const [traffic, campaigns, flagged, leakage] = await Promise.all([
      this.store.exchangeSeries({ since: new Date(since).toISOString(), until: new Date(until).toISOString(), bucketMs }),
      this.store.listCampaigns(),
      this.store.listLatestVerdicts({ flaggedOnly: true }),
      this.store.campaignTake(),
    ]);
    const sum = (pick: (b: OverviewResponse['traffic'][number]) => number) => traffic.reduce((n, b) => n + pick(b), 0);
    const active = campaigns.filter((c) => c.status === 'active')
      .sort((a, b) => Number(b.record.exchanges ?? 0) - Number(a.record.exchanges ?? 0) || b.record.score - a.record.score)
      .slice(0, 10);
    return {
      range: { name: range, since: new Date(since).toISOString(), until: new Date(until).toISOString(), bucketMs },
      traffic,
      totals: {
        exchanges: sum((b) => b.total), answered: sum((b) => b.answered), refused: sum((b) => b.refused),
        throttled: sum((b) => b.throttled), flagged: sum((b) => b.flagged), flaggedAccounts: flagged.length,
        activeCampaigns: campaigns.filter((c) => c.status === 'active').length,
        blockedCampaigns: campaigns.filter((c) => c.status === 'blocked').length,
        dismissedCampaigns: campaigns.filter((c) => c.status === 'dismissed').length,
      },
      campaigns: await Promise.all(active.map((c) => this.campaignSummary(c))),
      leakage,
      topSignals: summariseSignals(flagged, 8),
    };
  }

  async campaigns(status?: StoredCampaign['status']): Promise<CampaignSummary[]> {
    const campaigns = await this.store.listCampaigns(status ? { status } : {});
    return Promise.all(campaigns.map((c) => this.campaignSummary(c)));
  }

  private async requireCampaign(campaignId: string): Promise<StoredCampaign> {
    const campaign = await this.store.getCampaign(campaignId);
    if (!campaign) throw new DistillguardError('STORE_NOT_FOUND', `no campaign ${JSON.stringify(campaignId)}`, { hint: 'pick one from the campaigns list' });
    return campaign;
  }

  async campaign(campaignId: string): Promise<CampaignDetailResponse> {
    const stored = await this.requireCampaign(campaignId);
    const r = stored.record;
    const summary = await this.campaignSummary(stored);
    const firstSeen = Date.parse(r.first_seen);
    const end = Math.max(this.now().getTime(), Date.parse(r.detected_at));
    const pad = Math.max(60_000, Math.round((end - firstSeen) * 0.05));
    const bucketMs = pickBucketMs(end + pad - (firstSeen - pad));
    const since = Math.floor((firstSeen - pad) / bucketMs) * bucketMs;
    const until = Math.ceil((end + pad) / bucketMs) * bucketMs;
    const [series, releases, members, take, audit] = await Promise.all([
      this.store.exchangeSeries({ since: new Date(since).toISOString(), until: new Date(until).toISOString(), bucketMs, campaignId }),
      this.store.listModelFirstSeen(),
      this.store.listLatestVerdicts({ campaignId }),
      this.store.campaignTake({ campaignId }),
      this.store.listAudit({ targetId: campaignId, limit: 100 }),
    ]);
    const markers: TimelineMarker[] = [
      ...releases.filter((m) => Date.parse(m.firstSeen) >= since && Date.parse(m.firstSeen) < until)
        .map((m): TimelineMarker => ({ ts: m.firstSeen, kind: 'model_release', label: `${m.model} released` })),
      { ts: r.first_seen, kind: 'first_seen' as const, label: 'first seen' },
      { ts: r.detected_at, kind: 'detected' as const, label: 'detected' },
      ...summary.actions.map((a): TimelineMarker => ({ ts: a.ts, kind: 'action', label: `${a.kind}${a.dryRun ? ' (dry run)' : ''} by ${a.actor}` })),
    ].sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
    return {
      campaign: { ...summary, indicators: r.indicators, templateClusters: templateClusters(r) },
      take,
      timeline: { since: new Date(since).toISOString(), until: new Date(until).toISOString(), bucketMs, series, markers },
      reasons: summariseSignals(members, 12),
      members: members.slice(0, 50).map((v) => ({ accountId: v.accountId, score: v.score, flagged: v.flagged })),
      membersTotal: r.accounts.length,
      audit,
    };
  }

  async campaignGraph(campaignId: string, expand: readonly string[]): Promise<CampaignGraph> {
    const { record } = await this.requireCampaign(campaignId);
    return aggregateCampaignGraph({ accounts: record.accounts, memberIndicators: memberIndicators(record) }, expand);
  }

  async account(accountId: string): Promise<AccountDetailResponse> {
    const account = await this.store.getAccount(accountId);
    if (!account) throw new DistillguardError('STORE_NOT_FOUND', `no account ${JSON.stringify(accountId)}`, { hint: 'check the account id' });
    const [keys, verdicts, campaigns, exchanges, exchangesTotal, actions, audit] = await Promise.all([
      this.store.listApiKeys({ accountId }),
      this.store.listVerdicts({ accountId, limit: 500 }),
      this.store.listCampaigns({ accountId }),
      this.store.listRecentExchanges({ accountId, limit: 50 }),
      this.store.countExchanges({ accountId }),
      this.store.listActions({ targetType: 'account', targetId: accountId, limit: 100 }),
      this.store.listAudit({ targetId: accountId, limit: 100 }),
    ]);
    const latest = verdicts[0];
    return {
      account: { accountId, status: account.status, updatedAt: account.updatedAt, record: account.record },
      keys: keys.map(({ hash: _hash, ...key }) => key),
      latest: latest ? { ts: latest.ts, score: latest.score, flagged: latest.flagged, campaignId: latest.campaignId, reasons: latest.reasons } : null,
      scores: verdicts.map((v) => ({ ts: v.ts, score: v.score, flagged: v.flagged })).reverse(),
      campaigns: await Promise.all(campaigns.map((c) => this.campaignSummary(c))),
      exchanges: exchanges.map(exchangeView),
      exchangesTotal,
      actions: actions.map(toActionView),
      audit,
    };
  }
}
