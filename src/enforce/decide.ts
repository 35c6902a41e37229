/**
 * The hot-path decision: given the policy in force, this replica's decision cache and one request,
 * what happens to it. Pure and synchronous (map lookups and arithmetic; the prompt scorer only runs
 * when a prompt rule could change the outcome). Every measure names its source (`risk:<step>`,
 * `prompt:<rule>`, `tier:<name>`, `action:<id>`, `campaign:<id>`), so that the record, the logs and
 * `enforce explain` can say why.
 */
import { frameShingles } from '../detect/text.js';
import type { DecisionCache } from './decisions/cache.js';
import type { ExplicitState } from './decisions/state.js';
import type { PromptScorer, PromptScores } from './prompt-scorer.js';
import { RATE_LIMIT_FIELDS, type AccountFacts, type Policy, type RateLimits, type ReasoningExposure, type RiskStep, type Tier } from './policy/types.js';

/** The request as the decision sees it. */
export interface Subject {
  accountId: string;
  keyId: string | undefined;
  facts: AccountFacts;
  model: string;
  /** The output budget the request asks for, or undefined when it names none. */
  requestedMaxTokens: number | undefined;
  /** Text prompt rules score: the last user turn. */
  prompt: string;
  system: string | undefined;
  /** SHA-256 (hex) of the system prompt, computed only when an application allowlist needs it. */
  systemSha256?: () => string | undefined;
}

export type DenialCode = 'ACCOUNT_BLOCKED' | 'CAMPAIGN_BLOCKED' | 'VERIFICATION_REQUIRED' | 'MODEL_NOT_ALLOWED' | 'MAX_TOKENS_EXCEEDED';

export interface Denial {
  code: DenialCode;
  message: string;
  /** What decided it (`risk:block`, `action:act_…`, `campaign:cmp_…`, `tier:free`). */
  source: string;
  verificationUrl?: string;
  param?: string;
}

export interface Decision {
  tier: Tier;
  deny: Denial | undefined;
  reasoning: ReasoningExposure;
  reasoningSource: string | undefined;
  /** The limits to enforce (the tier's, tightened by throttle steps). */
  limits: RateLimits;
  /** In a dry-run policy the limits are only simulated: a refusal is reported, never applied. */
  limitsDryRun: boolean;
  /** Applied measures, by source. */
  measures: string[];
  /** What dry-run policy parts and dry-run actions would have done. */
  dryRun: string[];
  /** Why automatic measures were skipped, when an override exempts the account. */
  exempt: string | undefined;
  /** The prompt scores, when a prompt rule needed them. */
  promptScores: PromptScores | undefined;
  /**
   * With `deferPrompts`: prompt rules that may still apply and are left to `applyPromptRules`, so
   * that the gateway can score the prompt while the upstream works instead of before sending it.
   */
  promptsPending: boolean;
}

export interface DecideOptions {
  /** Leave prompt rules for `applyPromptRules` (see `Decision.promptsPending`). */
  deferPrompts?: boolean;
}

/** Which refusal answers when several hold: a block outranks a verification request. */
const SEVERITY: Record<DenialCode, number> = { ACCOUNT_BLOCKED: 4, CAMPAIGN_BLOCKED: 3, VERIFICATION_REQUIRED: 2, MODEL_NOT_ALLOWED: 1, MAX_TOKENS_EXCEEDED: 0 };
const EXPOSURE_RANK: Record<ReasoningExposure, number> = { full: 0, summary: 1, none: 2 };
const stricter = (a: ReasoningExposure, b: ReasoningExposure): boolean => EXPOSURE_RANK[a] > EXPOSURE_RANK[b];

/** True when the two sets share a member. */
function someIn(wanted: ReadonlySet<string>, present: ReadonlySet<string> | undefined): boolean {
  if (present === undefined) return false;
  for (const signal of wanted) if (present.has(signal)) return true;
  return false;
}

function matchesSets(when: { tiers?: ReadonlySet<string>; verification?: ReadonlySet<string>; programs?: ReadonlySet<string> }, tier: Tier, facts: AccountFacts): boolean {
  if (when.tiers && !when.tiers.has(tier.name)) return false;
  if (when.verification && !when.verification.has(facts.verification)) return false;
  if (when.programs && (facts.program === undefined || !when.programs.has(facts.program))) return false;
  return true;
}

/** The verification URL of the policy for one account. */
export function verificationUrl(policy: Policy, accountId: string): string | undefined {
  return policy.verification.url?.replaceAll('{account_id}', encodeURIComponent(accountId));
}

function denial(code: DenialCode, source: string, policy: Policy, subject: Subject, detail?: string): Denial {
  switch (code) {
    case 'ACCOUNT_BLOCKED':
      return { code, source, message: `This account is blocked (reference ${source}). Contact support if you believe this is a mistake.` };
    case 'CAMPAIGN_BLOCKED':
      return { code, source, message: `This account is linked to activity that is blocked (reference ${source}). Contact support if you believe this is a mistake.` };
    case 'VERIFICATION_REQUIRED': {
      const url = verificationUrl(policy, subject.accountId);
      return {
        code, source, ...(url ? { verificationUrl: url } : {}),
        message: `This account must complete identity verification before it can use the API again${url ? `: ${url}` : '; contact support'}.`,
      };
    }
    default:
      return { code, source, message: detail ?? code };
  }
}

/** Tightens `limits` by a throttle step. Request limits never fall below one. */
function throttled(limits: RateLimits, tier: Tier, step: RiskStep): RateLimits {
  const out: RateLimits = { ...limits };
  const spec = step.throttle!;
  for (const field of RATE_LIMIT_FIELDS) {
    const candidates: number[] = [];
    if (out[field] !== undefined) candidates.push(out[field]!);
    if (spec.factor !== undefined && tier.limits[field] !== undefined) candidates.push(Math.max(1, Math.floor(tier.limits[field]! * spec.factor)));
    if (spec[field] !== undefined) candidates.push(spec[field]!);
    if (candidates.length) out[field] = Math.min(...candidates);
  }
  return out;
}

/** Explicit actions of a target that make it exempt from automatic measures. */
function overrideOf(state: ExplicitState): 'all' | 'gates' | undefined {
  const kind = state.analyst?.kind;
  if (kind === 'allow' || kind === 'allowlist' || kind === 'mark_false_positive') return 'all';
  if (kind === 'unblock') return 'gates';
  return undefined;
}

/** Decides one request. See the module comment. */
export function decide(policy: Policy, cache: DecisionCache, subject: Subject, scorer: PromptScorer | undefined, options: DecideOptions = {}): Decision {
  const tier = policy.tierFor(subject.facts);
  const policyDry = policy.mode === 'dry_run';
  const d: Decision = {
    tier, deny: undefined, reasoning: 'full', reasoningSource: undefined, limits: tier.limits, limitsDryRun: policyDry,
    measures: [], dryRun: [], exempt: undefined, promptScores: undefined, promptsPending: false,
  };
  // every gate that holds is listed; the hardest one answers the client
  const gate = (code: DenialCode, source: string, dry: boolean, detail?: string): void => {
    if (dry) d.dryRun.push(`${source}:${code.toLowerCase()}`);
    else {
      if (!d.measures.includes(source)) d.measures.push(source);
      if (!d.deny || SEVERITY[code] > SEVERITY[d.deny.code]) d.deny = denial(code, source, policy, subject, detail);
    }
  };
  const reason = (level: ReasoningExposure, source: string, dry: boolean): void => {
    if (dry) d.dryRun.push(`${source}:reasoning_${level}`);
    else {
      d.measures.push(source);
      if (stricter(level, d.reasoning)) {
        d.reasoning = level;
        d.reasoningSource = source;
      }
    }
  };

  // explicit actions on the account: an analyst's decision, the engine's, dry-run ones
  const account = cache.explicit('account', subject.accountId);
  let override = overrideOf(account);
  if (override) d.exempt = `action:${account.analyst!.actionId}`;
  if (account.analyst?.kind === 'block') gate('ACCOUNT_BLOCKED', `action:${account.analyst.actionId}`, false);
  if (account.analyst?.kind === 'require_verification') gate('VERIFICATION_REQUIRED', `action:${account.analyst.actionId}`, false);
  for (const action of account.automatic) {
    if (!override) gate(action.kind === 'block' ? 'ACCOUNT_BLOCKED' : 'VERIFICATION_REQUIRED', `action:${action.actionId}`, false);
  }
  for (const action of account.dryRun) d.dryRun.push(`action:${action.actionId}:${action.kind}`);

  // an allowlisted application is exempt from every automatic measure
  if (override !== 'all') {
    const byKey = subject.keyId ? cache.allowlisted(`key:${subject.keyId}`) : undefined;
    const sha = !byKey && cache.hasApplicationsFor(subject.accountId) ? subject.systemSha256?.() : undefined;
    const allowed = byKey ?? (sha ? cache.allowlisted(`${subject.accountId}/system:${sha}`) : undefined);
    if (allowed) {
      override = 'all';
      d.exempt = `action:${allowed.actionId}`;
    }
  }

  // campaigns: blocked ones hold every member, the others lend their score to the risk steps
  let campaignScore = 0;
  // a campaign an analyst unblocked still lends its score, but can no longer block through it
  let blockingCampaignScore = 0;
  let blockedBy: string | undefined;
  let verifyFor: string | undefined;
  for (const campaignId of cache.campaignIdsOf(subject.accountId)) {
    const campaign = cache.campaign(campaignId);
    const explicit = cache.explicit('campaign', campaignId);
    for (const action of explicit.dryRun) d.dryRun.push(`action:${action.actionId}:campaign_${action.kind}`);
    const campaignOverride = overrideOf(explicit);
    if (campaign?.status === 'dismissed' || campaignOverride === 'all') continue;
    if (explicit.analyst?.kind === 'block' || (campaign?.status === 'blocked' && !campaignOverride)) blockedBy ??= `campaign:${campaignId}`;
    if (explicit.analyst?.kind === 'require_verification') verifyFor ??= `action:${explicit.analyst.actionId}`;
    if (!campaign) continue;
    campaignScore = Math.max(campaignScore, campaign.score);
    if (!campaignOverride) blockingCampaignScore = Math.max(blockingCampaignScore, campaign.score);
  }
  // a request carrying a blocked campaign's prompt template is held whoever sends it: a new head of
  // the hydra, with new sign-up facts and a new network, at its very first request
  if (!blockedBy && !override && subject.prompt !== '' && cache.hasBlockedTemplates) {
    const match = cache.blockedTemplateMatch(frameShingles(subject.prompt, subject.system));
    if (match && overrideOf(cache.explicit('campaign', match.campaignId)) !== 'all') {
      // held as a member of the campaign, now and at its next requests whatever they carry; the
      // record says which template did it (the refusal does not: that would tell its operators what to change)
      blockedBy = `campaign:${match.campaignId}`;
      d.measures.push(`template:${match.templateId}`);
      cache.holdAsMember(subject.accountId, match.campaignId);
    }
  }
  const verified = policy.verification.satisfiedBy.has(subject.facts.verification);
  if (blockedBy && !override) gate('CAMPAIGN_BLOCKED', blockedBy, false);
  // a campaign-wide request for verification is lifted member by member, as each one verifies
  if (verifyFor && !override && !verified) gate('VERIFICATION_REQUIRED', verifyFor, false);

  // the policy's risk steps
  const verdict = override === 'all' ? undefined : cache.verdict(subject.accountId);
  if (override !== 'all') {
    const accountScore = verdict?.score ?? 0;
    const flagged = verdict?.flagged ?? false;
    for (const step of policy.risk) {
      const w = step.when;
      if (w.accountScore !== undefined && accountScore < w.accountScore) continue;
      if (w.campaignScore !== undefined && (step.action === 'block_campaign' ? blockingCampaignScore : campaignScore) < w.campaignScore) continue;
      if (w.flagged !== undefined && flagged !== w.flagged) continue;
      if (w.signals !== undefined && !someIn(w.signals, verdict?.signals)) continue;
      if (!matchesSets(w, tier, subject.facts)) continue;
      const source = `risk:${step.name}`;
      const dry = policyDry || step.dryRun;
      switch (step.action) {
        case 'monitor':
          (dry ? d.dryRun : d.measures).push(source);
          break;
        case 'throttle':
          // a dry-run policy simulates its throttles on the buckets; a single dry-run step only reports
          if (policyDry || !dry) d.limits = throttled(d.limits, tier, step);
          if (dry) d.dryRun.push(`${source}:throttle`);
          else d.measures.push(source);
          break;
        case 'summarise_reasoning':
          reason('summary', source, dry);
          break;
        case 'withhold_reasoning':
          reason('none', source, dry);
          break;
        case 'require_verification':
          if (!verified && override !== 'gates') gate('VERIFICATION_REQUIRED', source, dry);
          break;
        case 'block_account':
          if (override !== 'gates') gate('ACCOUNT_BLOCKED', source, dry);
          break;
        case 'block_campaign':
          if (override !== 'gates') gate('CAMPAIGN_BLOCKED', source, dry);
          break;
      }
    }
  }
  if (d.deny) return d;

  // the tier's own rules
  if (!tier.allowsModel(subject.model)) {
    gate('MODEL_NOT_ALLOWED', `tier:${tier.name}`, policyDry,
      `The model ${JSON.stringify(subject.model)} is not available on this account's access tier (${tier.name}); it allows ${tier.models.join(', ')}.`);
  }
  if (tier.maxOutputTokens !== undefined && subject.requestedMaxTokens !== undefined && subject.requestedMaxTokens > tier.maxOutputTokens) {
    gate('MAX_TOKENS_EXCEEDED', `tier:${tier.name}`, policyDry,
      `The request asks for up to ${subject.requestedMaxTokens} output tokens; this account's access tier (${tier.name}) allows at most ${tier.maxOutputTokens}.`);
  }
  if (tier.reasoning !== 'full') reason(tier.reasoning, `tier:${tier.name}`, policyDry);
  if (d.deny) return d;

  if (override !== 'all' && scorer) {
    if (!options.deferPrompts) applyPromptRules(policy, d, subject, scorer);
    else d.promptsPending = policy.prompts.some((rule) => couldApply(policy, rule, d, subject));
  }
  return d;
}

function couldApply(policy: Policy, rule: Policy['prompts'][number], d: Decision, subject: Subject): boolean {
  const dry = policy.mode === 'dry_run' || rule.dryRun;
  return (dry || stricter(rule.reasoning, d.reasoning)) && matchesSets(rule.when, d.tier, subject.facts);
}

/**
 * Applies the policy's prompt rules to a decision (reasoning, measures, dry-run findings), scoring
 * the prompt only when a rule could still change the outcome. `decide` calls it unless told to
 * defer; the gateway then calls it while the upstream works.
 */
export function applyPromptRules(policy: Policy, d: Decision, subject: Subject, scorer: PromptScorer): void {
  d.promptsPending = false;
  for (const rule of policy.prompts) {
    if (!couldApply(policy, rule, d, subject)) continue;
    d.promptScores ??= scorer.score(subject.prompt, subject.system);
    const s = d.promptScores;
    const w = rule.when;
    if (w.cotExtraction !== undefined && s.cot_extraction < w.cotExtraction) continue;
    if (w.jailbreak !== undefined && s.jailbreak < w.jailbreak) continue;
    if (w.grader !== undefined && (s.grader ?? 0) < w.grader) continue;
    const source = `prompt:${rule.name}`;
    if (policy.mode === 'dry_run' || rule.dryRun) d.dryRun.push(`${source}:reasoning_${rule.reasoning}`);
    else {
      d.measures.push(source);
      if (stricter(rule.reasoning, d.reasoning)) {
        d.reasoning = rule.reasoning;
        d.reasoningSource = source;
      }
    }
  }
}
