/**
 * Types shared by the detection engine and its callers (scan, the live engine in the gateway).
 */

import type { PublicTextSet } from './public-text.js';

/** What the prompt classifiers say about one prompt (src/classify). */
export interface PromptSignals {
  jailbreak: number;
  cot_extraction: number;
  grader: number;
  capability: string;
  language: string;
}

/** Anything that scores a prompt; the shipped classifiers implement it. */
export interface PromptScorer {
  classify(text: string, system?: string): PromptSignals;
  /**
   * Per-head score from which a prompt counts as a hit (the shipped classifiers' thresholds hold
   * held-out benign prompts to at most 1 % above them). Absent: `classifierThreshold` applies.
   */
  readonly thresholds?: Readonly<{ jailbreak: number; cot_extraction: number; grader: number }>;
  /** Shingles of known public text shipped with the models (public-text.ts); absent: none is known. */
  readonly publicText?: PublicTextSet | null;
}

/** A match of an account or exchange against an indicator imported from a partner (src/intel). */
export interface IntelMatch {
  /** The imported indicator's id (STIX id). */
  indicatorId: string;
  /** Who shared it (the producer identity's name). */
  source: string;
  /** The partner report or campaign it belongs to, in words. */
  report: string;
  /** 0..1: the indicator's confidence times the trust in its source. */
  confidence: number;
  /** What matched, in words (no customer data). */
  detail: string;
  /** Which kind of fact matched; kinds differ in how specific they are (INTEL_KIND_WEIGHT). */
  kind: IntelMatchKind;
}

/** The kinds of fact a partner indicator can match. */
export type IntelMatchKind = 'payment_fp' | 'email_domain' | 'signup_prefix' | 'ip_prefix' | 'client_stack' | 'template';

/**
 * How specific a match of each kind is, as a multiple of `intelLogOdds`. A keyed payment fingerprint
 * names one card: only its holder (a payment mule of the campaign) matches it. A template fingerprint
 * needs several rare frame digests at once. Address ranges and client stacks are shared with
 * innocent neighbours (NATs, common browsers), and an e-mail domain with every other user of it.
 */
export const INTEL_KIND_WEIGHT: Readonly<Record<IntelMatchKind, number>> = {
  payment_fp: 1.5,
  template: 1,
  signup_prefix: 0.75,
  ip_prefix: 0.75,
  client_stack: 0.6,
  email_domain: 0.5,
};

/**
 * Imported threat intelligence as live detection evidence. Both methods run on every new account /
 * every exchange, so they must be set lookups, not scans.
 */
export interface IntelMatcher {
  /** Matches sign-up facts (payment and e-mail fingerprints, sign-up address). */
  matchAccount(record: import('../records/types.js').AccountRecord): IntelMatch[];
  /** Matches client facts and the prompt's frame shingles (templates). */
  matchExchange(record: Pick<import('../records/types.js').ExchangeRecord, 'client'>, frameShingles: Uint32Array): IntelMatch[];
}

/** Thresholds and weights of the engine. Every field has a documented default (DEFAULT_DETECTION_CONFIG). */
export interface DetectionConfig {
  /** Score (0..1) from which an account is flagged. */
  flagThreshold: number;
  /** Classifier score from which a prompt counts as a hit, for scorers that bring no thresholds of their own. */
  classifierThreshold: number;
  /** Log-odds before any evidence. */
  priorLogOdds: number;
  /** Lowest the accumulated exchange evidence can fall (so a long benign history cannot hide an attack). */
  evidenceFloor: number;
  /** Log-odds added by a prompt that is not a hit (negative). */
  missLogOdds: number;
  /** Log-odds of a partner-indicator match at full confidence. */
  intelLogOdds: number;
  /**
   * Assess registered accounts that have not sent anything yet when an account sharing their
   * payment instrument, sign-up address or organisation is flagged (they may be flagged before
   * their first request).
   */
  linkDormant: boolean;
  /** Log-odds of one hit of each kind (`cohort`: cohort wording, see docs/DETECTION.md; 0 turns it off). */
  hitLogOdds: { cot_extraction: number; grader: number; jailbreak: number; template: number; cohort: number };
  /** A linking key must have at least this many flagged accounts… */
  linkMinFlagged: number;
  /** …making up at least this share of its accounts. */
  linkMinShare: number;
  /** Accounts that are never flagged (known applications). */
  allowlist: ReadonlySet<string>;
  /** Keep up to three sample prompts per template cluster (off when text must not be kept). */
  keepSamples: boolean;
  /** Imported partner indicators (none by default). */
  intel?: IntelMatcher;
  /**
   * Distinct recent prompts whose classifier scores and frame shingles are remembered, per
   * generation (up to twice as many are held; 0: none). The scorer must be a pure function of the
   * prompt text. See prompt-memo.ts.
   */
  promptMemo: number;
  /**
   * Treat the wording of public evaluation sets that the scorer's models folder lists
   * (`PromptScorer.publicText`) as public: it never taints a template (docs/DETECTION.md §2).
   */
  publicText: boolean;
  /**
   * Ordinary (unflagged) accounts that must already send from an address's /24 before a move onto
   * it reads as a shared egress (a carrier's NAT, a VPN exit, an office gateway) rather than proxy
   * rotation (docs/DETECTION.md §4). Set it above the number of customers one residential /24 of
   * yours typically holds; 0 turns the rule off.
   */
  sharedEgressAccounts: number;
}

export const DEFAULT_DETECTION_CONFIG: DetectionConfig = {
  flagThreshold: 0.5,
  classifierThreshold: 0.5,
  priorLogOdds: -4.5,
  evidenceFloor: -6,
  missLogOdds: -0.4,
  intelLogOdds: 4,
  linkDormant: true,
  hitLogOdds: { cot_extraction: 4, grader: 2.5, jailbreak: 2.5, template: 5, cohort: 2.5 },
  linkMinFlagged: 3,
  linkMinShare: 0.6,
  allowlist: new Set(),
  keepSamples: true,
  promptMemo: 8192,
  publicText: true,
  sharedEgressAccounts: 3,
};

/**
 * Every signal a reason can name (docs/DETECTION.md explains each). Policies may act on them
 * (risk step condition `signals`), so the list is part of the policy file's contract.
 */
export const REASON_SIGNALS = [
  'account_age', 'verification', 'disposable_email', 'signup_burst',
  'cot_extraction', 'grader_use', 'jailbreak', 'template_shared', 'cohort_wording', 'shared_infrastructure',
  'proxy_rotation', 'lockstep_timing', 'model_pivot', 'partner_intel',
] as const;

export type ReasonSignal = (typeof REASON_SIGNALS)[number];

/** A reason behind a score: the signal, its weight in log-odds, and evidence in words. */
export interface Reason {
  signal: ReasonSignal;
  weight: number;
  detail: string;
}

/** The engine's current view of an account. */
export interface AccountVerdict {
  accountId: string;
  score: number;
  flagged: boolean;
  /** When the account was first flagged (ms), or null. */
  firstFlaggedAt: number | null;
  campaignId: string | null;
  reasons: Reason[];
}

/** What `observe` reports when an exchange changed an account's standing. */
export interface VerdictChange {
  verdict: AccountVerdict;
  /** The account has just been flagged by this exchange. */
  newlyFlagged: boolean;
  /** The campaign this account joined with this exchange, if any. */
  joinedCampaign: string | null;
}
