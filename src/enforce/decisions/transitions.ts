/**
 * Records the countermeasures the policy takes, as they start and end, so that every one of them
 * has an audited action (actor `policy:<step>`, the scores and reasons as evidence, dry-run when
 * the policy or step is). The hot path does not read these records (it evaluates the policy
 * itself, so a reload takes effect at once); they are the history analysts and auditors read.
 * A campaign that reaches a `block_campaign` step is also marked blocked in the store.
 */
import type { Logger } from 'pino';
import type { StoredAction, StoredCampaign, StoredVerdict } from '../../store/types.js';
import { decide } from '../decide.js';
import type { Policy, RiskAction, RiskStep } from '../policy/types.js';
import type { DecisionService, TransitionRecorder } from './service.js';

/** The action kind recorded for a risk step's action. */
const KIND: Record<RiskAction, string> = {
  monitor: 'monitor', throttle: 'throttle', summarise_reasoning: 'summarise_reasoning', withhold_reasoning: 'withhold_reasoning',
  require_verification: 'require_verification', block_account: 'block', block_campaign: 'block',
};

export class PolicyTransitions implements TransitionRecorder {
  /** Steps currently recorded per account on this replica (loaded from the store on first sight). */
  private readonly known = new Map<string, Map<string, StoredAction>>();

  constructor(private readonly service: DecisionService, private readonly policy: () => Policy, private readonly logger: Logger) {}

  private async recorded(targetType: 'account' | 'campaign', targetId: string): Promise<Map<string, StoredAction>> {
    const key = `${targetType}:${targetId}`;
    let steps = this.known.get(key);
    if (!steps) {
      steps = new Map();
      for (const action of await this.service.activeActions(targetType, targetId)) {
        if (action.actor.startsWith('policy:')) steps.set(action.actor.slice('policy:'.length), action);
      }
      if (this.known.size > 200_000) this.known.clear();
      this.known.set(key, steps);
    }
    return steps;
  }

  async afterVerdicts(verdicts: readonly StoredVerdict[]): Promise<void> {
    for (const verdict of verdicts) {
      try {
        await this.afterVerdict(verdict);
      } catch (error) {
        this.logger.error({ err: error, account: verdict.accountId }, 'recording the policy\'s countermeasures for a verdict failed');
      }
    }
  }

  private async afterVerdict(verdict: StoredVerdict): Promise<void> {
    const policy = this.policy();
    if (policy.risk.length === 0) return;
    const account = await this.service.store.getAccount(verdict.accountId);
    const facts = { verification: account?.record.verification ?? 'none', program: account?.record.program };
    const decision = decide(policy, this.service.cache,
      { accountId: verdict.accountId, keyId: undefined, facts, model: '', requestedMaxTokens: undefined, prompt: '', system: undefined }, undefined);
    const matched = new Map<string, boolean>();
    for (const entry of decision.measures) if (entry.startsWith('risk:')) matched.set(entry.slice(5).split(':')[0]!, false);
    for (const entry of decision.dryRun) if (entry.startsWith('risk:')) matched.set(entry.slice(5).split(':')[0]!, true);
    const steps = new Map(policy.risk.map((s) => [s.name, s]));
    const recorded = await this.recorded('account', verdict.accountId);
    for (const [name, dryRun] of matched) {
      const step = steps.get(name);
      if (!step || step.action === 'block_campaign' || recorded.has(name)) continue;
      const action = await this.service.record({
        targetType: 'account', targetId: verdict.accountId, kind: KIND[step.action], actor: `policy:${name}`,
        reason: describe(step, verdict.score, facts.verification),
        evidence: { score: verdict.score, flagged: verdict.flagged, campaignId: verdict.campaignId, verdictTs: verdict.ts,
          reasons: verdict.reasons.slice(0, 5), tier: decision.tier.name, policy: policy.version },
        expiresAt: null, dryRun,
      });
      recorded.set(name, action);
    }
    const ended = [...recorded].filter(([name]) => !matched.has(name));
    for (const [name] of ended) recorded.delete(name);
    if (ended.length) await this.service.revoke(ended.map(([, action]) => action), 'policy', `score now ${verdict.score} (verdict ${verdict.ts})`);
  }

  async afterCampaign(campaign: StoredCampaign): Promise<StoredCampaign> {
    const policy = this.policy();
    const id = campaign.record.campaign_id;
    const step = policy.risk.find((s) => s.action === 'block_campaign' && campaign.record.score >= (s.when.campaignScore ?? 2));
    if (!step || campaign.status !== 'active') return campaign;
    const explicit = this.service.cache.explicit('campaign', id);
    if (explicit.analyst) return campaign; // an analyst already decided about this campaign
    const recorded = await this.recorded('campaign', id);
    if (recorded.has(step.name)) return campaign;
    const dryRun = policy.mode === 'dry_run' || step.dryRun;
    const at = this.service.now().toISOString();
    const blocked: StoredCampaign = { ...campaign, status: 'blocked', updatedAt: at };
    if (!dryRun) await this.service.store.setCampaignStatus(id, 'blocked', at);
    const action = await this.service.record({
      targetType: 'campaign', targetId: id, kind: 'block', actor: `policy:${step.name}`,
      reason: `campaign score ${campaign.record.score} ≥ ${step.when.campaignScore} (policy step ${step.name})`,
      evidence: { score: campaign.record.score, accounts: campaign.record.accounts.length, summary: campaign.record.summary,
        indicators: campaign.record.indicators.slice(0, 10), policy: policy.version },
      expiresAt: null, dryRun,
    }, dryRun ? [] : [{ kind: 'campaign', campaign: blocked }]);
    recorded.set(step.name, action);
    this.logger.info({ campaign: id, step: step.name, dryRun, members: campaign.record.accounts.length }, dryRun ? 'policy would block a campaign (dry run)' : 'policy blocked a campaign');
    return dryRun ? campaign : blocked;
  }
}

function describe(step: RiskStep, score: number, verification: string): string {
  const parts: string[] = [];
  if (step.when.accountScore !== undefined) parts.push(`account score ${score} ≥ ${step.when.accountScore}`);
  if (step.when.campaignScore !== undefined) parts.push(`campaign score ≥ ${step.when.campaignScore}`);
  if (step.when.flagged !== undefined) parts.push(`flagged = ${step.when.flagged}`);
  if (step.when.verification) parts.push(`verification ${verification}`);
  return `${parts.join(', ') || 'policy step'} (policy step ${step.name}: ${step.action})`;
}
