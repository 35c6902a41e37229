/**
 * Analysts' actions and overrides, shared by the admin API, the CLI and the dashboard. Each one is
 * validated, stored with who took it and why, audited, and reaches every replica within a second.
 * Overrides (allow, unblock, false positive, application allowlist) beat automatic measures.
 */
import { createHash } from 'node:crypto';
import { DistillguardError } from '../../errors.js';
import type { Verification } from '../../records/types.js';
import type { CampaignStatus, StoredAction, StoredCampaign } from '../../store/types.js';
import { VERIFICATION_LEVELS } from '../policy/types.js';
import type { DecisionService } from './service.js';
import type { DecisionMessage } from './types.js';

/** Common options of an analyst action. */
export interface ActionOptions {
  /** Why, in words an auditor can check (required). */
  reason: string;
  /** Who: `admin:<name>`, `cli`, `dashboard:<name>`. */
  actor: string;
  /** RFC 3339 time after which it lapses; null or absent: until revoked. */
  expiresAt?: string | null;
  /** Record what would happen without doing it. */
  dryRun?: boolean;
  /** Anything that supports the decision (verdict ids, exchange ids, notes). */
  evidence?: unknown;
}

/** An application, as allowlists name it: one API key, or one account's system prompt. */
export type ApplicationRef = { keyId: string } | { accountId: string; systemPromptSha256: string };

export type AccountActionKind = 'block' | 'unblock' | 'allow' | 'mark_false_positive' | 'require_verification' | 'allowlist';
export type CampaignActionKind = 'block' | 'unblock' | 'mark_false_positive' | 'require_verification';
export const ACCOUNT_ACTION_KINDS: readonly AccountActionKind[] = ['block', 'unblock', 'allow', 'mark_false_positive', 'require_verification', 'allowlist'];
export const CAMPAIGN_ACTION_KINDS: readonly CampaignActionKind[] = ['block', 'unblock', 'mark_false_positive', 'require_verification'];

/** Longest reason an action keeps (it is read in the audit log). */
const MAX_REASON = 500;

/** The id an allowlist entry has as a target: `key:<keyId>` or `<accountId>/system:<sha256>`. */
export function applicationId(app: ApplicationRef): string {
  return 'keyId' in app ? `key:${app.keyId}` : `${app.accountId}/system:${app.systemPromptSha256}`;
}

/** SHA-256 (hex) of a system prompt, as application allowlists use it. */
export function systemPromptSha256(system: string): string {
  return createHash('sha256').update(system).digest('hex');
}

function checkReason(options: ActionOptions): void {
  if (typeof options.reason !== 'string' || options.reason.trim().length === 0 || options.reason.length > MAX_REASON) {
    throw new DistillguardError('STORE_INVALID_ARGUMENT', `an action needs a reason of 1 to ${MAX_REASON} characters`, { hint: 'say why, e.g. --reason "confirmed CoT harvesting, ticket 4411"' });
  }
  if (options.expiresAt !== undefined && options.expiresAt !== null && Number.isNaN(Date.parse(options.expiresAt))) {
    throw new DistillguardError('STORE_INVALID_ARGUMENT', `expiresAt ${JSON.stringify(options.expiresAt)} is not a time`, { hint: 'use RFC 3339, e.g. 2026-06-01T00:00:00Z' });
  }
}

const base = (options: ActionOptions) => ({
  actor: options.actor,
  reason: options.reason.trim(),
  evidence: options.evidence ?? null,
  expiresAt: options.expiresAt ? new Date(options.expiresAt).toISOString() : null,
  dryRun: options.dryRun ?? false,
});

export class AnalystActions {
  constructor(private readonly service: DecisionService) {}

  private async requireAccount(accountId: string): Promise<void> {
    if (!(await this.service.store.getAccount(accountId))) {
      throw new DistillguardError('STORE_NOT_FOUND', `no account ${JSON.stringify(accountId)}`, { hint: 'check the account id (distillguard accounts list)' });
    }
  }

  private async requireCampaign(campaignId: string): Promise<StoredCampaign> {
    const campaign = await this.service.store.getCampaign(campaignId);
    if (!campaign) throw new DistillguardError('STORE_NOT_FOUND', `no campaign ${JSON.stringify(campaignId)}`, { hint: 'campaigns come from the detection engine; check the id' });
    return campaign;
  }

  /** Blocks, unblocks, allows, allowlists, marks as false positive, or requires verification of an account. */
  async onAccount(accountId: string, kind: AccountActionKind, options: ActionOptions): Promise<StoredAction> {
    checkReason(options);
    if (!ACCOUNT_ACTION_KINDS.includes(kind)) throw new DistillguardError('STORE_INVALID_ARGUMENT', `account action must be one of ${ACCOUNT_ACTION_KINDS.join(', ')}`);
    await this.requireAccount(accountId);
    // what the analyst saw: the newest verdict
    if (options.evidence === undefined) {
      const [latest] = await this.service.store.listVerdicts({ accountId, limit: 1 });
      options = { ...options, evidence: latest
        ? { score: latest.score, flagged: latest.flagged, campaign_id: latest.campaignId, signals: latest.reasons.map((r) => r.signal) }
        : { score: null } };
    }
    // unblocking ends the blocks in force, so the history reads as it happened
    const revoked = kind === 'unblock' && !options.dryRun
      ? await this.service.revoke((await this.service.activeActions('account', accountId)).filter((a) => !a.dryRun && (a.kind === 'block' || a.kind === 'require_verification')),
        options.actor, options.reason, false)
      : [];
    return this.service.record({ targetType: 'account', targetId: accountId, kind, ...base(options) }, [], revoked);
  }

  /**
   * Blocks or unblocks a whole campaign, marks it a false positive (dismissed), or holds every
   * member until it completes step-up verification. Unblocking and dismissing end the blocks and
   * verification requests in force on it.
   */
  async onCampaign(campaignId: string, kind: CampaignActionKind, options: ActionOptions): Promise<StoredAction> {
    checkReason(options);
    if (!CAMPAIGN_ACTION_KINDS.includes(kind)) throw new DistillguardError('STORE_INVALID_ARGUMENT', `campaign action must be one of ${CAMPAIGN_ACTION_KINDS.join(', ')}`);
    const campaign = await this.requireCampaign(campaignId);
    const extra: DecisionMessage[] = [];
    let revoked: StoredAction[] = [];
    const status: CampaignStatus | undefined = kind === 'block' ? 'blocked' : kind === 'unblock' ? 'active' : kind === 'mark_false_positive' ? 'dismissed' : undefined;
    if (!options.dryRun && status !== undefined) {
      const at = this.service.now().toISOString();
      await this.service.store.setCampaignStatus(campaignId, status, at);
      extra.push({ kind: 'campaign', campaign: { ...campaign, status, updatedAt: at } });
      if (kind !== 'block') {
        revoked = await this.service.revoke((await this.service.activeActions('campaign', campaignId)).filter((a) => !a.dryRun && (a.kind === 'block' || a.kind === 'require_verification')),
          options.actor, options.reason, false);
      }
    }
    const evidence = options.evidence ?? {
      status_before: campaign.status, score: campaign.record.score, accounts: campaign.record.accounts.length,
      ...(typeof campaign.record.exchanges === 'number' ? { exchanges: campaign.record.exchanges } : {}),
    };
    return this.service.record({ targetType: 'campaign', targetId: campaignId, kind, ...base({ ...options, evidence }) }, extra, revoked);
  }

  /**
   * Marks an account verified at `level`: its record is updated, requests for step-up
   * verification in force are lifted, and every replica sees the new level within a second.
   */
  async verify(accountId: string, level: Verification, options: ActionOptions): Promise<StoredAction> {
    checkReason(options);
    if (!VERIFICATION_LEVELS.includes(level)) {
      throw new DistillguardError('STORE_INVALID_ARGUMENT', `verification level ${JSON.stringify(level)} is not one of ${VERIFICATION_LEVELS.join(', ')}`);
    }
    const account = await this.service.store.getAccount(accountId);
    if (!account) throw new DistillguardError('STORE_NOT_FOUND', `no account ${JSON.stringify(accountId)}`);
    await this.service.store.upsertAccount({ ...account.record, verification: level });
    const lifted = await this.service.revoke((await this.service.activeActions('account', accountId)).filter((a) => a.kind === 'require_verification'),
      options.actor, `verified: ${options.reason}`, false);
    return this.service.record({ targetType: 'account', targetId: accountId, kind: 'verify',
      ...base({ ...options, dryRun: false, evidence: options.evidence ?? { from: account.record.verification ?? null, to: level } }) },
    [{ kind: 'account', accountId, verification: level }], lifted);
  }

  /** Allowlists an application: its traffic is exempt from automatic measures (tier limits still apply). */
  async allowlist(app: ApplicationRef, options: ActionOptions): Promise<StoredAction> {
    checkReason(options);
    if ('keyId' in app) {
      const keys = await this.service.store.listApiKeys();
      if (!keys.some((k) => k.keyId === app.keyId)) throw new DistillguardError('STORE_NOT_FOUND', `no API key ${JSON.stringify(app.keyId)}`, { hint: 'see distillguard keys list' });
    } else {
      await this.requireAccount(app.accountId);
      if (!/^[0-9a-f]{64}$/.test(app.systemPromptSha256)) {
        throw new DistillguardError('STORE_INVALID_ARGUMENT', 'systemPromptSha256 must be 64 lower-case hex digits', { hint: 'give the system prompt itself (--system-prompt-file) and distillguard hashes it' });
      }
    }
    return this.service.record({ targetType: 'application', targetId: applicationId(app), kind: 'allowlist', ...base(options) });
  }

  /** Revokes one action by id (any kind). */
  async revoke(actionId: string, options: ActionOptions): Promise<StoredAction> {
    checkReason(options);
    const all = await this.service.store.listActions({});
    const action = all.find((a) => a.actionId === actionId);
    if (!action) throw new DistillguardError('STORE_NOT_FOUND', `no action ${JSON.stringify(actionId)}`, { hint: 'list them with distillguard enforce actions' });
    if (action.revokedAt !== null) throw new DistillguardError('STORE_CONFLICT', `action ${actionId} was already revoked at ${action.revokedAt} by ${action.revokedBy}`);
    const [revoked] = await this.service.revoke([action], options.actor, options.reason);
    return revoked!;
  }
}
