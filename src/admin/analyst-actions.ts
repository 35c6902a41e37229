import { DistillguardError } from '../errors.js';
import type { Store, StoredAction } from '../store/types.js';
import { randomId } from '../util/crypto.js';

/** What an analyst says when acting: why, and whether to only record what would happen. */
export interface AnalystActionOptions {
  /** Why, in words the next analyst can check (1 to 500 characters). */
  reason: string;
  /** Record the action as a dry run: enforcement logs what it would do and changes nothing. */
  dryRun?: boolean;
}

/** An analyst's action as recorded: the stored action and the audit verb written with it. */
export interface RecordedAnalystAction {
  action: StoredAction;
  audit: string;
}

const MAX_REASON = 500;

function checkReason(reason: unknown): string {
  if (typeof reason !== 'string' || reason.trim() === '' || reason.length > MAX_REASON) {
    throw new DistillguardError('STORE_INVALID_ARGUMENT', `an action needs a reason of 1 to ${MAX_REASON} characters`, {
      hint: 'say why, for the audit log',
    });
  }
  return reason.trim();
}

/**
 * The countermeasures and overrides an analyst takes on campaigns and accounts (from the dashboard,
 * and from any other surface that wants the same audited path). Each is one function that stores a
 * `StoredAction` with the analyst as actor, appends to the audit log, and tells `onAction`, which is
 * where enforcement hooks in. A dry run is recorded with `dryRun: true` and changes no status.
 */
export class AnalystActions {
  /** Called after every recorded action, dry runs included (enforcement subscribes here). */
  onAction: (action: StoredAction) => void = () => {};

  constructor(private readonly store: Store, private readonly now: () => Date = () => new Date()) {}

  // ---- campaigns

  /** Blocks a campaign: status `blocked` and a `block` action targeting it. */
  async blockCampaign(campaignId: string, actor: string, options: AnalystActionOptions): Promise<RecordedAnalystAction> {
    return this.onCampaign(campaignId, 'block', 'campaign.block', actor, options, 'blocked');
  }

  /** Holds every member of a campaign until it completes step-up verification. */
  async requireVerificationForCampaign(campaignId: string, actor: string, options: AnalystActionOptions): Promise<RecordedAnalystAction> {
    return this.onCampaign(campaignId, 'require_verification', 'campaign.require_verification', actor, options);
  }

  /** Lifts a campaign block: revokes its active blocks and sets it `active` again. */
  async unblockCampaign(campaignId: string, actor: string, options: AnalystActionOptions): Promise<RecordedAnalystAction> {
    return this.onCampaign(campaignId, 'unblock', 'campaign.unblock', actor, options, 'active',
      (action) => this.revokeActive('campaign', campaignId, ['block', 'require_verification'], actor, action.ts));
  }

  /** Rules a campaign benign: status `dismissed` and a `mark_false_positive` action. */
  async dismissCampaign(campaignId: string, actor: string, options: AnalystActionOptions): Promise<RecordedAnalystAction> {
    return this.onCampaign(campaignId, 'mark_false_positive', 'campaign.dismiss', actor, options, 'dismissed');
  }

  // ---- accounts

  /** Overrides automatic actions: the account is served normally. */
  async allowAccount(accountId: string, actor: string, options: AnalystActionOptions): Promise<RecordedAnalystAction> {
    return this.onAccount(accountId, 'allow', 'account.allow', actor, options);
  }

  async blockAccount(accountId: string, actor: string, options: AnalystActionOptions): Promise<RecordedAnalystAction> {
    return this.onAccount(accountId, 'block', 'account.block', actor, options);
  }

  /** Says a detection of this account was wrong (feeds evaluation and tuning; implies allow). */
  async markAccountFalsePositive(accountId: string, actor: string, options: AnalystActionOptions): Promise<RecordedAnalystAction> {
    return this.onAccount(accountId, 'mark_false_positive', 'account.mark_false_positive', actor, options);
  }

  /** Exempts the account from automatic actions from now on. */
  async allowlistAccount(accountId: string, actor: string, options: AnalystActionOptions): Promise<RecordedAnalystAction> {
    return this.onAccount(accountId, 'allowlist', 'account.allowlist', actor, options);
  }

  // ---- shared path

  private async onCampaign(campaignId: string, kind: StoredAction['kind'], audit: string, actor: string,
    options: AnalystActionOptions, status?: 'active' | 'blocked' | 'dismissed',
    alsoDo?: (action: StoredAction) => Promise<void>): Promise<RecordedAnalystAction> {
    const reason = checkReason(options.reason);
    const campaign = await this.store.getCampaign(campaignId);
    if (!campaign) throw new DistillguardError('STORE_NOT_FOUND', `no campaign ${JSON.stringify(campaignId)}`);
    const evidence = {
      status_before: campaign.status,
      score: campaign.record.score,
      accounts: campaign.record.accounts.length,
      ...(typeof campaign.record.exchanges === 'number' ? { exchanges: campaign.record.exchanges } : {}),
    };
    const action = await this.record('campaign', campaignId, kind, actor, reason, evidence, options.dryRun === true);
    if (!action.dryRun) {
      if (status) await this.store.setCampaignStatus(campaignId, status, action.ts);
      await alsoDo?.(action);
    }
    return this.finish(action, audit);
  }

  private async onAccount(accountId: string, kind: StoredAction['kind'], audit: string, actor: string,
    options: AnalystActionOptions): Promise<RecordedAnalystAction> {
    const reason = checkReason(options.reason);
    const account = await this.store.getAccount(accountId);
    if (!account) throw new DistillguardError('STORE_NOT_FOUND', `no account ${JSON.stringify(accountId)}`);
    const [latest] = await this.store.listVerdicts({ accountId, limit: 1 });
    const evidence = latest
      ? { score: latest.score, flagged: latest.flagged, campaign_id: latest.campaignId, signals: latest.reasons.map((r) => r.signal) }
      : { score: null };
    const action = await this.record('account', accountId, kind, actor, reason, evidence, options.dryRun === true);
    return this.finish(action, audit);
  }

  private async record(targetType: StoredAction['targetType'], targetId: string, kind: StoredAction['kind'], actor: string,
    reason: string, evidence: unknown, dryRun: boolean): Promise<StoredAction> {
    const action: StoredAction = {
      actionId: randomId('act'), ts: this.now().toISOString(), targetType, targetId, kind, actor, reason, evidence,
      expiresAt: null, revokedAt: null, revokedBy: null, dryRun,
    };
    await this.store.insertAction(action);
    return action;
  }

  private async finish(action: StoredAction, audit: string): Promise<RecordedAnalystAction> {
    await this.store.appendAudit({
      ts: action.ts, actor: action.actor, action: audit, targetType: action.targetType, targetId: action.targetId,
      details: { action_id: action.actionId, kind: action.kind, dry_run: action.dryRun, reason: action.reason },
    });
    this.onAction(action);
    return { action, audit };
  }

  private async revokeActive(targetType: StoredAction['targetType'], targetId: string, kinds: readonly string[],
    actor: string, at: string): Promise<void> {
    const active = await this.store.listActions({ targetType, targetId, activeAt: at });
    for (const action of active) {
      if (!action.dryRun && kinds.includes(action.kind)) await this.store.revokeAction(action.actionId, actor, at);
    }
  }
}
