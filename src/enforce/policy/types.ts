/**
 * The enforcement policy: what the YAML file says (`RawPolicy`, validated by `POLICY_JSON_SCHEMA`)
 * and the compiled form the hot path reads (`Policy`). docs/POLICY.md documents every field.
 */
import type { ReasonSignal } from '../../detect/types.js';
import type { Verification } from '../../records/types.js';

/** How much of the model's reasoning a client receives. Ordered from most to least exposure. */
export type ReasoningExposure = 'full' | 'summary' | 'none';
export const REASONING_EXPOSURES: readonly ReasoningExposure[] = ['full', 'summary', 'none'];

/** `enforce` applies the policy; `dry_run` only logs and records what it would have done. */
export type PolicyMode = 'enforce' | 'dry_run';

export const VERIFICATION_LEVELS: readonly Verification[] = ['none', 'email', 'phone', 'id', 'business'];

/** The risk steps' actions, from the mildest to the hardest. */
export type RiskAction =
  | 'monitor' | 'throttle' | 'summarise_reasoning' | 'withhold_reasoning'
  | 'require_verification' | 'block_account' | 'block_campaign';
export const RISK_ACTIONS: readonly RiskAction[] = [
  'monitor', 'throttle', 'summarise_reasoning', 'withhold_reasoning', 'require_verification', 'block_account', 'block_campaign',
];

/** Request and token budgets; an absent field is unlimited. */
export interface RateLimits {
  requestsPerMinute?: number;
  requestsPerDay?: number;
  tokensPerMinute?: number;
  tokensPerDay?: number;
}
export const RATE_LIMIT_FIELDS = ['requestsPerMinute', 'requestsPerDay', 'tokensPerMinute', 'tokensPerDay'] as const;

/** Facts about an account that tiers and rules match on. */
export interface AccountFacts {
  verification: Verification;
  /** Access programme, or undefined for none. */
  program: string | undefined;
}

export interface Tier {
  name: string;
  /** Undefined: matches every account (a catch-all). */
  verification: ReadonlySet<Verification> | undefined;
  programs: ReadonlySet<string> | undefined;
  reasoning: ReasoningExposure;
  limits: RateLimits;
  /** Undefined: every model. */
  allowsModel: (model: string) => boolean;
  models: readonly string[];
  maxOutputTokens: number | undefined;
}

/** Conditions of a risk step; every condition given must hold. */
export interface RiskCondition {
  accountScore?: number;
  campaignScore?: number;
  flagged?: boolean;
  /** Holds when the newest verdict's reasons name any of these signals (e.g. partner_intel). */
  signals?: ReadonlySet<ReasonSignal>;
  tiers?: ReadonlySet<string>;
  verification?: ReadonlySet<Verification>;
  programs?: ReadonlySet<string>;
}

export interface ThrottleSpec extends RateLimits {
  /** Multiplies the tier's limits (0 < factor ≤ 1). */
  factor?: number;
}

export interface RiskStep {
  name: string;
  when: RiskCondition;
  action: RiskAction;
  throttle: ThrottleSpec | undefined;
  dryRun: boolean;
  /** Position in the file, for stable ordering in explanations. */
  index: number;
}

export interface PromptCondition {
  cotExtraction?: number;
  jailbreak?: number;
  grader?: number;
  tiers?: ReadonlySet<string>;
  verification?: ReadonlySet<Verification>;
  programs?: ReadonlySet<string>;
}

export interface PromptRule {
  name: string;
  when: PromptCondition;
  reasoning: Exclude<ReasoningExposure, 'full'>;
  dryRun: boolean;
}

/** A validated, compiled policy. Immutable: a reload builds a new one. */
export interface Policy {
  /** Where it came from: a file path, or `built-in`. */
  source: string;
  /** SHA-256 (hex, first 16) of the file's bytes, to tell versions apart in logs and records. */
  version: string;
  loadedAt: string;
  mode: PolicyMode;
  verification: { url: string | undefined; satisfiedBy: ReadonlySet<Verification> };
  summary: { maxSentences: number; maxChars: number };
  tiers: readonly Tier[];
  risk: readonly RiskStep[];
  prompts: readonly PromptRule[];
  /** The first tier whose match holds (the last tier is always a catch-all). */
  tierFor(facts: AccountFacts): Tier;
}
