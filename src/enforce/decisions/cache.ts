/**
 * Each replica's in-memory picture of the decisions that concern its traffic: the newest verdict
 * of every account, every campaign (score, status, members), the explicit actions in force, and
 * verification changes. The hot path reads only this (map lookups, no I/O); the bus and the store
 * feed it. Applying a message is idempotent, so replays and echoes are harmless.
 */
import type { Verification } from '../../records/types.js';
import type { CampaignStatus, Store, StoredAction, StoredCampaign, StoredVerdict } from '../../store/types.js';
import { BlockedTemplateIndex, templateClustersOf, type TemplateMatch } from './blocked-templates.js';
import { NO_EXPLICIT_STATE, resolveExplicit, type ExplicitState } from './state.js';
import type { DecisionMessage } from './types.js';

export interface VerdictView {
  score: number;
  flagged: boolean;
  campaignId: string | null;
  tsMs: number;
  ts: string;
  /** The signals named by the verdict's reasons (policy risk steps can require them). */
  signals: ReadonlySet<string>;
}

export interface CampaignView {
  id: string;
  score: number;
  status: CampaignStatus;
  updatedAt: string;
  members: readonly string[];
}

export interface ProfileOverride {
  verification?: Verification;
  program?: string | null;
}

type TargetType = StoredAction['targetType'];

/** One map per target type, so that lookups use the id the request already holds (no key building). */
class ByTarget<T> {
  private readonly maps = new Map<TargetType, Map<string, T>>();
  get(type: TargetType, id: string): T | undefined {
    return this.maps.get(type)?.get(id);
  }
  set(type: TargetType, id: string, value: T): void {
    let map = this.maps.get(type);
    if (!map) {
      map = new Map();
      this.maps.set(type, map);
    }
    map.set(id, value);
  }
  delete(type: TargetType, id: string): void {
    this.maps.get(type)?.delete(id);
  }
  size(type?: TargetType): number {
    if (type) return this.maps.get(type)?.size ?? 0;
    let n = 0;
    for (const map of this.maps.values()) n += map.size;
    return n;
  }
}

const EMPTY: readonly string[] = [];

export class DecisionCache {
  private verdicts = new Map<string, VerdictView>();
  private campaigns = new Map<string, CampaignView>();
  private memberOf = new Map<string, string[]>();
  /** Every known action (active or not) by target, and the resolution of each target. */
  private actionsByTarget = new ByTarget<Map<string, StoredAction>>();
  private resolved = new ByTarget<ExplicitState>();
  private profiles = new Map<string, ProfileOverride>();
  /** Prompt templates of blocked campaigns (held at the first request that carries one). */
  private blockedTemplates = new BlockedTemplateIndex();
  /** Messages that arrive during a resync are applied again on top of the fresh picture. */
  private pending: DecisionMessage[] | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  // ---- reads (hot path)

  verdict(accountId: string): VerdictView | undefined {
    return this.verdicts.get(accountId);
  }

  campaign(campaignId: string): CampaignView | undefined {
    return this.campaigns.get(campaignId);
  }

  /** Campaigns the account is linked to: by membership, or by its newest verdict. */
  campaignIdsOf(accountId: string): readonly string[] {
    const members = this.memberOf.get(accountId) ?? EMPTY;
    const linked = this.verdicts.get(accountId)?.campaignId;
    if (!linked || members.includes(linked)) return members;
    return members.length === 0 ? [linked] : [...members, linked];
  }

  /** True when a blocked campaign has prompt templates to hold requests on (else skip shingling). */
  get hasBlockedTemplates(): boolean {
    return this.blockedTemplates.active;
  }

  /**
   * Counts an account as a member of a campaign on this replica from now on (a request of its
   * carried the blocked campaign's template), until the engine's verdicts say otherwise. Without
   * this, its next request with another prompt would be served.
   */
  holdAsMember(accountId: string, campaignId: string): void {
    const list = this.memberOf.get(accountId);
    if (list === undefined) this.memberOf.set(accountId, [campaignId]);
    else if (!list.includes(campaignId)) list.push(campaignId);
  }

  /** The blocked campaign whose prompt template these frame shingles carry, if any. */
  blockedTemplateMatch(shingles: Uint32Array): TemplateMatch | undefined {
    return this.blockedTemplates.match(shingles);
  }

  profile(accountId: string): ProfileOverride | undefined {
    return this.profiles.get(accountId);
  }

  /** The explicit actions in force on a target, resolved (cached until one changes or expires). */
  explicit(type: TargetType, id: string): ExplicitState {
    const cached = this.resolved.get(type, id);
    if (cached !== undefined && (cached.validUntilMs === Number.POSITIVE_INFINITY || cached.validUntilMs > this.now())) return cached;
    const actions = this.actionsByTarget.get(type, id);
    if (!actions) return NO_EXPLICIT_STATE;
    const state = resolveExplicit(actions.values(), this.now());
    this.resolved.set(type, id, state);
    return state;
  }

  /** The active allowlist action of an application id, if any (dry-run ones excluded). */
  allowlisted(applicationId: string): StoredAction | undefined {
    if (this.actionsByTarget.size('application') === 0) return undefined;
    const actions = this.actionsByTarget.get('application', applicationId);
    if (!actions) return undefined;
    const now = this.now();
    for (const action of actions.values()) {
      if (action.kind === 'allowlist' && !action.dryRun && action.revokedAt === null
        && (action.expiresAt === null || Date.parse(action.expiresAt) > now)) return action;
    }
    return undefined;
  }

  /** True when any application allowlist entry names this account (so the hot path may skip hashing). */
  hasApplicationsFor(accountId: string): boolean {
    return this.appAccounts.has(accountId);
  }

  private appAccounts = new Set<string>();

  /** Every action known for a target (history included), newest first. */
  actionsOf(type: TargetType, id: string): StoredAction[] {
    return [...(this.actionsByTarget.get(type, id)?.values() ?? [])].sort((a, b) => (a.ts < b.ts ? 1 : a.ts > b.ts ? -1 : 0));
  }

  stats(): { verdicts: number; campaigns: number; actionTargets: number; profiles: number } {
    return { verdicts: this.verdicts.size, campaigns: this.campaigns.size, actionTargets: this.actionsByTarget.size(), profiles: this.profiles.size };
  }

  // ---- writes

  apply(message: DecisionMessage): void {
    this.pending?.push(message);
    switch (message.kind) {
      case 'verdict':
        this.applyVerdict(message.verdict);
        break;
      case 'campaign':
        this.applyCampaign(message.campaign);
        break;
      case 'action':
        this.applyAction(message.action);
        break;
      case 'account': {
        const current = this.profiles.get(message.accountId) ?? {};
        this.profiles.set(message.accountId, {
          ...current,
          ...(message.verification === undefined ? {} : { verification: message.verification }),
          ...(message.program === undefined ? {} : { program: message.program }),
        });
        break;
      }
      default:
        break; // a newer replica's message kind: nothing this one knows how to apply
    }
  }

  private applyVerdict(verdict: StoredVerdict): void {
    const tsMs = Date.parse(verdict.ts);
    const current = this.verdicts.get(verdict.accountId);
    if (current && current.tsMs > tsMs) return; // an older verdict arriving late never wins
    const signals = new Set(verdict.reasons.map((reason) => reason.signal));
    this.verdicts.set(verdict.accountId, { score: verdict.score, flagged: verdict.flagged, campaignId: verdict.campaignId, tsMs, ts: verdict.ts, signals });
  }

  private applyCampaign(campaign: StoredCampaign): void {
    const id = campaign.record.campaign_id;
    const current = this.campaigns.get(id);
    if (current && current.updatedAt > campaign.updatedAt) return;
    for (const member of current?.members ?? []) {
      const list = this.memberOf.get(member);
      if (!list) continue;
      const rest = list.filter((c) => c !== id);
      if (rest.length) this.memberOf.set(member, rest);
      else this.memberOf.delete(member);
    }
    const members = [...new Set(campaign.record.accounts)];
    this.campaigns.set(id, { id, score: campaign.record.score, status: campaign.status, updatedAt: campaign.updatedAt, members });
    this.blockedTemplates.setCampaign(id, templateClustersOf(campaign.record), campaign.status === 'blocked');
    for (const member of members) {
      const list = this.memberOf.get(member);
      if (list) list.push(id);
      else this.memberOf.set(member, [id]);
    }
  }

  private applyAction(action: StoredAction): void {
    let actions = this.actionsByTarget.get(action.targetType, action.targetId);
    if (!actions) {
      actions = new Map();
      this.actionsByTarget.set(action.targetType, action.targetId, actions);
    }
    const current = actions.get(action.actionId);
    // a revocation is final: a late copy of the unrevoked action must not undo it
    if (current && current.revokedAt !== null && action.revokedAt === null) return;
    actions.set(action.actionId, action);
    this.resolved.delete(action.targetType, action.targetId);
    if (action.targetType === 'application') {
      const slash = action.targetId.indexOf('/system:');
      if (slash > 0) this.appAccounts.add(action.targetId.slice(0, slash));
    }
  }

  /**
   * Rebuilds the picture from the store (at start, after a bus reconnection, and periodically).
   * Messages applied while it runs are applied again afterwards, so none is lost.
   */
  async hydrate(store: Store): Promise<void> {
    this.pending = [];
    try {
      const [verdicts, campaigns, actions] = await Promise.all([
        store.listLatestVerdicts(),
        store.listCampaigns(),
        store.listActions({ activeAt: new Date(this.now()).toISOString() }),
      ]);
      const fresh = new DecisionCache(this.now);
      for (const verdict of verdicts) fresh.applyVerdict(verdict);
      for (const campaign of campaigns) fresh.applyCampaign(campaign);
      for (const action of actions) if (!action.actor.startsWith('policy:')) fresh.applyAction(action);
      const arrived = this.pending;
      this.verdicts = fresh.verdicts;
      this.campaigns = fresh.campaigns;
      this.memberOf = fresh.memberOf;
      this.actionsByTarget = fresh.actionsByTarget;
      this.resolved = new ByTarget();
      this.appAccounts = fresh.appAccounts;
      this.blockedTemplates = fresh.blockedTemplates;
      // profile overrides are kept: the store's account records reach the hot path through the key resolver
      this.pending = undefined;
      for (const message of arrived) this.apply(message);
    } finally {
      this.pending = undefined;
    }
  }
}
