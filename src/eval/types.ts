/**
 * Shapes of the evaluation: the plain inputs `computeEvaluation` takes, and the report it returns.
 *
 * The report is written to disk as `eval.json` as is, so its fields are snake_case like the spec v1
 * records it is computed from. Every rate is a number in 0..1 or `null` (never NaN): `null` means
 * the denominator was zero, and the report's `notes` say which rate and why.
 * The exact definitions are in docs/EVALUATION-METRICS.md.
 */
import type { AccountVerdictRecord, CampaignRecord, LabelRecord } from '../records/types.js';

/** The fields of a label line the evaluation uses. */
export type LabelInput = Pick<LabelRecord, 'account_id' | 'label' | 'campaign' | 'archetype'>;

/** The fields of a scan `accounts.jsonl` line the evaluation uses (reasons are dropped to save memory). */
export type ScanAccountInput = Pick<AccountVerdictRecord, 'account_id' | 'score' | 'flagged' | 'first_flagged_at' | 'campaign_id'>;

/** The fields of a scan `campaigns.jsonl` line the evaluation uses. */
export type ScanCampaignInput = Pick<CampaignRecord, 'campaign_id' | 'accounts'>;

/**
 * What the evaluation keeps of one account's exchanges: three numbers, so memory grows with
 * accounts, not with exchanges.
 */
export interface AccountExchangeStats {
  /** Exchanges of the account in the exchange file. */
  count: number;
  /** Earliest `ts` among them, in ms since the epoch (`Infinity` when count is 0). */
  firstMs: number;
  /**
   * Exchanges with `ts` strictly before the account's `first_flagged_at` in the scan output; equal to
   * `count` when the account has no `first_flagged_at` (null, or not in the scan).
   */
  beforeFirstFlag: number;
}

/** Machine-readable kinds of warnings the report can carry. */
export type EvalWarningCode =
  | 'labelled_missing_from_scan'
  | 'scan_accounts_unlabelled'
  | 'exchanges_of_unlabelled_accounts'
  | 'labelled_without_exchanges'
  | 'negative_delay_clamped'
  | 'flagged_without_first_flagged_at'
  | 'first_flagged_at_but_not_flagged'
  | 'flagged_distillation_without_exchanges'
  | 'benign_account_with_campaign'
  | 'campaign_membership_mismatch'
  | 'duplicate_campaign_member';

/** Something odd in the inputs that does not stop the evaluation, with a count and a few examples. */
export interface EvalWarning {
  code: EvalWarningCode;
  message: string;
  count: number;
  /** Up to `MAX_EXAMPLES` account or campaign ids. */
  examples: string[];
}

/** Account-level confusion matrix and the rates derived from it. */
export interface ConfusionMetrics {
  /** Labelled distillation accounts. */
  positives: number;
  /** Labelled benign accounts. */
  benign: number;
  /** Labelled accounts the scan flagged (`flagged: true`). */
  predicted_positive: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  /** TP / (TP + FP); null when nothing was flagged. */
  precision: number | null;
  /** TP / (TP + FN); null when there are no distillation accounts. */
  recall: number | null;
  /** 2TP / (2TP + FP + FN); null when precision or recall is null. */
  f1: number | null;
  /** Distillation accounts with at least one exchange in the exchange file. */
  positives_active: number;
  /**
   * Flagged / `positives_active`: recall over the attackers that sent anything (an account that
   * never sent a request and shares nothing with one that did gives a detector nothing to go on);
   * null when no distillation account has an exchange. For information: `recall` is the bar.
   */
  recall_active: number | null;
  /** FP / benign accounts; null when there are no benign accounts. */
  benign_fpr: number | null;
}

/** Flag rate of one archetype. */
export interface ArchetypeRate {
  archetype: string;
  accounts: number;
  benign: number;
  distillation: number;
  flagged: number;
  /** flagged / accounts. */
  flag_rate: number;
}

/** Benign accounts of one archetype that the scan flagged: which look-alikes were hit. */
export interface BenignFalsePositives {
  archetype: string;
  benign_accounts: number;
  false_positives: number;
  /** false_positives / benign_accounts. */
  rate: number;
  /** Up to `MAX_EXAMPLES` of the flagged account ids. */
  examples: string[];
}

/** Detection delay summary (seconds from an account's first exchange to its first_flagged_at). */
export interface DelaySummary {
  /** Delays measured (flagged distillation accounts with a first_flagged_at and at least one exchange). */
  n: number;
  /** Nearest-rank median (p = 0.5): the ⌈n/2⌉-th smallest delay. */
  median_s: number | null;
  /** Nearest-rank 90th percentile: the ⌈0.9·n⌉-th smallest delay. */
  p90_s: number | null;
  min_s: number | null;
  max_s: number | null;
  mean_s: number | null;
  median_human: string | null;
  p90_human: string | null;
  /** Negative delays (flagged before the first exchange in the file) that were clamped to 0. */
  clamped: number;
}

/** One bin of a histogram over [lo, hi) (hi null = unbounded). */
export interface HistogramBin {
  label: string;
  lo: number;
  hi: number | null;
  count: number;
}

/** Overall detection delay: the summary, a histogram with human-sized bins and the sorted delays. */
export interface DelayReport extends DelaySummary {
  histogram: HistogramBin[];
  /** Every measured delay in seconds, ascending (for the CDF). */
  values_s: number[];
}

/** Figures of one true (labelled) campaign. */
export interface CampaignMetrics {
  campaign: string;
  accounts: number;
  flagged: number;
  /** flagged / accounts. */
  recall: number;
  exchanges: number;
  leaked: number;
  /** leaked / exchanges; null when its accounts have no exchanges. */
  leakage: number | null;
  delay: DelaySummary;
}

/** Attack-exchange leakage over all distillation accounts. */
export interface LeakageMetrics {
  /** Exchanges of labelled distillation accounts. */
  attack_exchanges: number;
  /** Of those, the ones answered before the account was flagged (all, if never flagged). */
  leaked: number;
  /** leaked / attack_exchanges; null when there are no attack exchanges. */
  rate: number | null;
}

/** Purity of one detected campaign (scan campaigns.jsonl line). */
export interface DetectedCampaignPurity {
  campaign_id: string;
  /** Distinct member accounts. */
  members: number;
  /** Members that have a label (unlabelled members are left out of the shares, and counted here). */
  labelled_members: number;
  unlabelled_members: number;
  distillation_members: number;
  /** distillation_members / labelled_members; null when no member is labelled. */
  purity: number | null;
  /** The true campaign most of its labelled members belong to (ties: the smallest name); null if none has one. */
  dominant_campaign: string | null;
  /** Labelled members in the dominant campaign. */
  dominant_members: number;
  /** dominant_members / labelled_members; null when no member is labelled. */
  dominant_share: number | null;
}

/** Campaign purity: per detected campaign and overall, two ways. */
export interface PurityMetrics {
  detected_campaigns: number;
  /** The headline: Σ distillation_members / Σ labelled_members over detected campaigns. */
  member_weighted: number | null;
  /** Mean of the per-campaign purities (campaigns whose purity is null are left out). */
  mean: number | null;
  per_campaign: DetectedCampaignPurity[];
}

/** Score distributions of labelled accounts, by label, as a histogram over [0, 1]. */
export interface ScoreDistribution {
  /** Bin edges: bins[i] covers [edges[i], edges[i+1]), the last one including 1. */
  edges: number[];
  benign: number[];
  distillation: number[];
  benign_mean: number | null;
  distillation_mean: number | null;
}

/** Sizes of the inputs and how they overlap. */
export interface EvalTotals {
  labelled_accounts: number;
  benign_accounts: number;
  distillation_accounts: number;
  scan_accounts: number;
  /** Scan accounts with no label: ignored in every metric. */
  scan_accounts_unlabelled: number;
  /** Labelled accounts absent from the scan: counted as not flagged. */
  labelled_missing_from_scan: number;
  detected_campaigns: number;
  /** Every exchange the stats cover (all accounts). */
  exchanges: number;
  exchanges_labelled: number;
  exchanges_unlabelled: number;
  labelled_accounts_without_exchanges: number;
}

/** Where the figures came from (filled in by the file-level runner, not by `computeEvaluation`). */
export interface EvalInputs {
  labels: string;
  exchanges: string;
  scan_dir: string;
  generated_at: string;
  exchange_pass_seconds: number;
}

/** Everything `distillguard eval` computes; written as eval.json. */
export interface EvaluationReport {
  /** Version of this report's shape. */
  report_version: 1;
  inputs?: EvalInputs;
  totals: EvalTotals;
  confusion: ConfusionMetrics;
  archetypes: ArchetypeRate[];
  benign_false_positives: BenignFalsePositives[];
  campaigns: CampaignMetrics[];
  leakage: LeakageMetrics;
  purity: PurityMetrics;
  delay: DelayReport;
  scores: ScoreDistribution;
  warnings: EvalWarning[];
  /** Why a rate is null, in words. */
  notes: string[];
}

/** How many ids a warning or a false-positive row lists. */
export const MAX_EXAMPLES = 10;
