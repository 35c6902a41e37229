/**
 * The JSON the dashboard API answers with: shared, as types only, by the server (`src/dashboard/`)
 * and the browser app (`dashboard/src/`). Keep it to types and constants: no Node imports, no logic.
 * Times are RFC 3339 strings.
 */
import type { AccountRecord } from '../records/types.js';
import type { AuditEntry, CampaignStatus, CampaignTake, ExchangeBucket, StoredAction } from '../store/types.js';

export type { AuditEntry, CampaignStatus, CampaignTake, ExchangeBucket };

/** Every error: `{error: {code, message, hint?}}` with the catalogue's HTTP status. */
export interface ApiErrorBody {
  error: { code: string; message: string; hint?: string };
}

export interface SessionInfo {
  actor: string;
  expiresAt: string;
  /** Whether prompt and response text is being kept (retention); when not, samples and exchanges show none. */
  keepText: boolean;
}

export interface LoginRequest {
  /** Who is logging in, for the audit log (`admin:<name>`). */
  name: string;
  /** The admin token of the admin API. */
  token: string;
}

/** Time ranges the overview offers. */
export const OVERVIEW_RANGES = ['1h', '6h', '24h', '7d', '30d'] as const;
export type OverviewRange = (typeof OVERVIEW_RANGES)[number];

export interface ActionView {
  actionId: string;
  ts: string;
  targetType: StoredAction['targetType'];
  targetId: string;
  kind: string;
  actor: string;
  reason: string;
  dryRun: boolean;
  revokedAt: string | null;
  revokedBy: string | null;
}

export interface CampaignSummary {
  campaignId: string;
  status: CampaignStatus;
  score: number;
  accounts: number;
  /** Exchanges taken by the members, as the detection engine counted them (null when it did not). */
  exchanges: number | null;
  firstSeen: string;
  detectedAt: string;
  capabilities: string[];
  summary: string;
  /** Actions on the campaign, newest first. */
  actions: ActionView[];
}

export interface SignalSummary {
  signal: string;
  /** Accounts whose newest verdict gives this reason. */
  accounts: number;
  meanWeight: number;
  /** The detail of the heaviest instance, as evidence in words. */
  example: string;
}

export interface OverviewResponse {
  range: { name: OverviewRange; since: string; until: string; bucketMs: number };
  traffic: ExchangeBucket[];
  totals: {
    exchanges: number; answered: number; refused: number; throttled: number; flagged: number;
    flaggedAccounts: number; activeCampaigns: number; blockedCampaigns: number; dismissedCampaigns: number;
  };
  /** Active campaigns ranked by exchanges taken (at most 10). */
  campaigns: CampaignSummary[];
  leakage: CampaignTake;
  topSignals: SignalSummary[];
}

export interface CampaignsResponse {
  campaigns: CampaignSummary[];
}

export interface TemplateClusterView {
  templateId: string;
  accounts: number;
  exchanges: number;
  samples: string[];
}

export interface TimelineMarker {
  ts: string;
  kind: 'model_release' | 'first_seen' | 'detected' | 'action';
  label: string;
}

export interface CampaignMember {
  accountId: string;
  score: number;
  flagged: boolean;
}

export interface CampaignDetailResponse {
  campaign: CampaignSummary & {
    indicators: Array<{ type: string; value: string }>;
    templateClusters: TemplateClusterView[];
  };
  take: CampaignTake;
  timeline: { since: string; until: string; bucketMs: number; series: ExchangeBucket[]; markers: TimelineMarker[] };
  /** Reasons of the members' newest verdicts, most common first. */
  reasons: SignalSummary[];
  /** Members by score (at most 50) and how many members there are. */
  members: CampaignMember[];
  membersTotal: number;
  audit: AuditEntry[];
}

export type GraphNodeKind = 'indicator' | 'group' | 'account' | 'more';

export interface GraphNode {
  id: string;
  kind: GraphNodeKind;
  label: string;
  /** Accounts behind the node (1 for an account). */
  count: number;
  /** For indicators: `asn`, `ip_prefix`, `payment_fp`, `template`, … */
  indicatorType?: string;
  /** Whether asking for `expand=<id>` shows more. */
  expandable: boolean;
  expanded: boolean;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  /** Accounts the link stands for. */
  weight: number;
}

export interface CampaignGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  totals: { accounts: number; indicators: number; groups: number; shownIndicators: number; shownGroups: number; shownAccounts: number };
}

export interface ExchangeView {
  id: string;
  ts: string;
  model: string;
  endpoint: string;
  status: number;
  inputTokens: number;
  outputTokens: number;
  latencyMs: number | null;
  ip: string;
  userAgent: string | null;
  /** The last user message, or null when the text was not retained. */
  prompt: string | null;
  system: string | null;
  response: string | null;
  reasoning: string | null;
  textRetained: boolean;
}

export interface AccountDetailResponse {
  account: { accountId: string; status: 'active' | 'disabled'; updatedAt: string; record: AccountRecord };
  keys: Array<{ keyId: string; prefix: string; label?: string; createdAt: string; revokedAt: string | null }>;
  latest: { ts: string; score: number; flagged: boolean; campaignId: string | null; reasons: Array<{ signal: string; weight: number; detail: string }> } | null;
  /** Scores over time, oldest first (at most 500). */
  scores: Array<{ ts: string; score: number; flagged: boolean }>;
  campaigns: CampaignSummary[];
  exchanges: ExchangeView[];
  exchangesTotal: number;
  actions: ActionView[];
  audit: AuditEntry[];
}

export const CAMPAIGN_ACTIONS = ['block', 'require_verification', 'unblock', 'dismiss'] as const;
export type CampaignActionName = (typeof CAMPAIGN_ACTIONS)[number];
export const ACCOUNT_ACTIONS = ['allow', 'block', 'mark_false_positive', 'allowlist'] as const;
export type AccountActionName = (typeof ACCOUNT_ACTIONS)[number];

export interface ActionRequest<Name extends string = string> {
  action: Name;
  reason: string;
  dryRun: boolean;
}

export interface ActionResponse {
  action: ActionView;
  audit: string;
}
