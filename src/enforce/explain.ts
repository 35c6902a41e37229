/**
 * `enforce explain`: why an account is treated as it is right now — its tier, scores, campaigns,
 * the actions in force, and the decision a request of it would get (prompt rules aside, since
 * they depend on each prompt).
 */
import { DistillguardError } from '../errors.js';
import type { StoredAction } from '../store/types.js';
import { decide, type Decision } from './decide.js';
import type { Enforcement } from './runtime.js';
import type { AccountFacts } from './policy/types.js';

export interface AccountExplanation {
  accountId: string;
  policy: { version: string; mode: string; source: string };
  facts: AccountFacts;
  tier: { name: string; reasoning: string; limits: Record<string, number | undefined>; models: readonly string[]; maxOutputTokens: number | null };
  verdict: { score: number; flagged: boolean; campaignId: string | null; ts: string } | null;
  campaigns: Array<{ id: string; score: number | null; status: string | null }>;
  /** Explicit actions in force on the account and its campaigns (the policy's own records excluded). */
  actions: StoredAction[];
  decision: {
    outcome: string;
    message: string | null;
    reasoning: Decision['reasoning'];
    measures: string[];
    dryRun: string[];
    exempt: string | null;
    limits: Decision['limits'];
  };
}

export async function explainAccount(enforcement: Enforcement, accountId: string, options: { model?: string } = {}): Promise<AccountExplanation> {
  const account = await enforcement.service.store.getAccount(accountId);
  if (!account) throw new DistillguardError('STORE_NOT_FOUND', `no account ${JSON.stringify(accountId)}`, { hint: 'check the account id (distillguard accounts list)' });
  const policy = enforcement.policy.current;
  const cache = enforcement.cache;
  const facts = enforcement.gate.facts(accountId, account.record.verification, account.record.program);
  const tier = policy.tierFor(facts);
  const model = options.model ?? (tier.models.includes('*') ? '*' : tier.models[0]!);
  const decision = decide(policy, cache, {
    accountId, keyId: undefined, facts, model, requestedMaxTokens: undefined, prompt: '', system: undefined,
  }, undefined);
  const verdict = cache.verdict(accountId);
  const campaignIds = cache.campaignIdsOf(accountId);
  const nowMs = Date.now();
  const inForce = (a: StoredAction): boolean => a.revokedAt === null && (a.expiresAt === null || Date.parse(a.expiresAt) > nowMs) && !a.actor.startsWith('policy:');
  const actions = [
    ...cache.actionsOf('account', accountId),
    ...campaignIds.flatMap((id) => cache.actionsOf('campaign', id)),
  ].filter(inForce);
  return {
    accountId,
    policy: { version: policy.version, mode: policy.mode, source: policy.source },
    facts,
    tier: { name: tier.name, reasoning: tier.reasoning, limits: { ...tier.limits }, models: tier.models, maxOutputTokens: tier.maxOutputTokens ?? null },
    verdict: verdict ? { score: verdict.score, flagged: verdict.flagged, campaignId: verdict.campaignId, ts: verdict.ts } : null,
    campaigns: campaignIds.map((id) => {
      const campaign = cache.campaign(id);
      return { id, score: campaign?.score ?? null, status: campaign?.status ?? null };
    }),
    actions,
    decision: {
      outcome: decision.deny ? decision.deny.code.toLowerCase() : decision.reasoning === 'full' ? 'served' : `served, reasoning ${decision.reasoning}`,
      message: decision.deny?.message ?? null,
      reasoning: decision.reasoning,
      measures: decision.measures,
      dryRun: decision.dryRun,
      exempt: decision.exempt ?? null,
      limits: decision.limits,
    },
  };
}
