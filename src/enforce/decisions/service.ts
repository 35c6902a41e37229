/**
 * The one path by which decisions enter the system: the detection engine's verdicts and campaigns
 * (`DecisionPublisher`), analysts' actions (through `AnalystActions`, the admin API, the CLI and the
 * dashboard), and the countermeasures the policy takes because of them. Each change is stored
 * (actions + audit log: who or what, why, on what evidence, when), applied to this replica's cache
 * at once, and published on the bus for every other replica.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { CampaignRecord } from '../../records/types.js';
import type { Store, StoredAction, StoredCampaign, StoredVerdict } from '../../store/types.js';
import type { DecisionCache } from './cache.js';
import type { DecisionBus, DecisionMessage, DecisionPublisher, PublishOptions } from './types.js';

/** Called after a verdict or campaign is applied, to record the policy's countermeasures. */
export interface TransitionRecorder {
  afterVerdicts(verdicts: readonly StoredVerdict[]): Promise<void>;
  afterCampaign(campaign: StoredCampaign): Promise<StoredCampaign>;
}

export interface DecisionServiceOptions {
  store: Store;
  bus: DecisionBus;
  cache: DecisionCache;
  logger: Logger;
  /** This replica's id on the bus. */
  origin: string;
  /** False: never write verdicts or campaigns (a replica that only distributes). Default true. */
  persist?: boolean;
  now?: () => Date;
}

/** A new, time-sortable action id. */
export function newActionId(now: Date): string {
  return `act_${now.getTime().toString(36)}${randomBytes(5).toString('hex')}`;
}

export class DecisionService implements DecisionPublisher {
  private readonly persist: boolean;
  readonly now: () => Date;
  /** Set by the runtime once the policy is known (it needs this service to record actions). */
  transitions: TransitionRecorder | undefined;

  constructor(private readonly options: DecisionServiceOptions) {
    this.persist = options.persist ?? true;
    this.now = options.now ?? (() => new Date());
  }

  get store(): Store {
    return this.options.store;
  }

  get cache(): DecisionCache {
    return this.options.cache;
  }

  /** Applies messages here at once and sends them to every other replica. */
  async distribute(messages: DecisionMessage[]): Promise<void> {
    if (messages.length === 0) return;
    for (const message of messages) this.options.cache.apply(message);
    try {
      await this.options.bus.publish({ origin: this.options.origin, sentAt: Date.now(), messages });
    } catch (error) {
      // stored already: other replicas catch up at their next resync
      this.options.logger.error({ err: error, messages: messages.length }, 'publishing decisions on the bus failed; other replicas will pick them up at their next resync');
    }
  }

  async publishVerdict(verdict: StoredVerdict, options: PublishOptions = {}): Promise<void> {
    await this.publishVerdicts([verdict], options);
  }

  async publishVerdicts(verdicts: readonly StoredVerdict[], options: PublishOptions = {}): Promise<void> {
    if (verdicts.length === 0) return;
    if (this.persist && !options.alreadyStored) for (const verdict of verdicts) await this.options.store.insertVerdict(verdict);
    await this.distribute(verdicts.map((verdict) => ({ kind: 'verdict', verdict })));
    await this.transitions?.afterVerdicts(verdicts);
  }

  async publishCampaign(campaign: StoredCampaign | CampaignRecord, options: PublishOptions = {}): Promise<void> {
    const record = 'record' in campaign ? campaign.record as CampaignRecord : campaign;
    const at = this.now().toISOString();
    if (this.persist && !options.alreadyStored) await this.options.store.upsertCampaign(record, at);
    // the store keeps an analyst's status (blocked, dismissed) across the engine's updates
    const stored = (this.persist ? await this.options.store.getCampaign(record.campaign_id) : undefined)
      ?? { record, status: 'record' in campaign ? (campaign as StoredCampaign).status : 'active', updatedAt: at };
    await this.distribute([{ kind: 'campaign', campaign: stored }]);
    // a campaign the policy blocks is distributed again, blocked, by the recorder
    await this.transitions?.afterCampaign(stored);
  }

  /**
   * Records one action: stored, audited (`enforce.<kind>`), applied and published. `extra`
   * messages (a campaign status, a verification change) travel in the same envelope.
   */
  async record(input: Omit<StoredAction, 'actionId' | 'ts' | 'revokedAt' | 'revokedBy'> & { ts?: string }, extra: DecisionMessage[] = [], revoked: StoredAction[] = []): Promise<StoredAction> {
    const now = this.now();
    const action: StoredAction = { actionId: newActionId(now), ts: input.ts ?? now.toISOString(), revokedAt: null, revokedBy: null, ...input };
    await this.options.store.insertAction(action);
    await this.options.store.appendAudit({
      ts: action.ts, actor: action.actor, action: `enforce.${action.kind}`, targetType: action.targetType, targetId: action.targetId,
      details: { actionId: action.actionId, reason: action.reason, dryRun: action.dryRun, expiresAt: action.expiresAt, evidence: action.evidence,
        ...(revoked.length ? { revoked: revoked.map((r) => r.actionId) } : {}) },
    });
    await this.distribute([...revoked.map((r) => ({ kind: 'action' as const, action: r })), ...extra, { kind: 'action', action }]);
    return action;
  }

  /** Ends actions early; returns them as revoked. Audited as `enforce.revoke` with the reason. */
  async revoke(actions: readonly StoredAction[], actor: string, reason: string, publish = true): Promise<StoredAction[]> {
    const at = this.now().toISOString();
    const revoked: StoredAction[] = [];
    for (const action of actions) {
      if (action.revokedAt !== null) continue;
      await this.options.store.revokeAction(action.actionId, actor, at);
      await this.options.store.appendAudit({ ts: at, actor, action: 'enforce.revoke', targetType: action.targetType, targetId: action.targetId,
        details: { actionId: action.actionId, kind: action.kind, reason } });
      revoked.push({ ...action, revokedAt: at, revokedBy: actor });
    }
    if (publish) await this.distribute(revoked.map((action) => ({ kind: 'action', action })));
    return revoked;
  }

  /** Actions in force on a target, from the store (the source of truth). */
  async activeActions(targetType: StoredAction['targetType'], targetId: string): Promise<StoredAction[]> {
    return this.options.store.listActions({ targetType, targetId, activeAt: this.now().toISOString() });
  }

  /**
   * Re-reads one target from the store into this replica's cache: used when the store changed
   * behind the bus's back (a CLI command against the same database). With `publish`, every other
   * replica gets the same picture (used when another component recorded an action itself).
   */
  async refreshTarget(targetType: string, targetId: string, options: { publish?: boolean } = {}): Promise<void> {
    const store = this.options.store;
    const messages: DecisionMessage[] = [];
    if (targetType === 'account') {
      const [account, verdicts] = await Promise.all([store.getAccount(targetId), store.listVerdicts({ accountId: targetId, limit: 1 })]);
      if (account) messages.push({ kind: 'account', accountId: targetId, ...(account.record.verification ? { verification: account.record.verification } : {}), program: account.record.program ?? null });
      if (verdicts[0]) messages.push({ kind: 'verdict', verdict: verdicts[0] });
    } else if (targetType === 'campaign') {
      const campaign = await store.getCampaign(targetId);
      if (campaign) messages.push({ kind: 'campaign', campaign });
    } else if (targetType !== 'application' && targetType !== 'key') {
      return;
    }
    const type = targetType as StoredAction['targetType'];
    for (const action of await store.listActions({ targetType: type, targetId, limit: 500 })) messages.push({ kind: 'action', action });
    if (options.publish) await this.distribute(messages);
    else for (const message of messages) this.options.cache.apply(message);
  }
}
