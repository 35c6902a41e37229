/**
 * The worked example of docs/EVALUATION-METRICS.md: a small labelled population, a scan output and
 * exchange times, with every metric computed by hand. The unit tests assert `computeEvaluation`
 * reproduces these numbers exactly, and the CLI test runs the same case from files.
 *
 * Times are seconds after T0 = 2026-04-01T00:00:00.000Z.
 */
import type { AccountVerdictRecord, CampaignRecord, ExchangeRecord } from '../records/types.js';
import type { LabelInput, ScanAccountInput, ScanCampaignInput } from './types.js';

/** The origin of the example's times. */
export const T0_MS = Date.parse('2026-04-01T00:00:00.000Z');

/** T0 + seconds, as a spec time string. */
export function at(seconds: number): string {
  return new Date(T0_MS + seconds * 1000).toISOString();
}

/** Ground truth: 6 distillation accounts (campaigns alpha, beta and a loner), 5 benign. */
export const HAND_LABELS: LabelInput[] = [
  { account_id: 'a1', label: 'distillation', campaign: 'alpha', archetype: 'persona-farm' },
  { account_id: 'a2', label: 'distillation', campaign: 'alpha', archetype: 'persona-farm' },
  { account_id: 'a3', label: 'distillation', campaign: 'alpha', archetype: 'persona-farm' },
  { account_id: 'b1', label: 'distillation', campaign: 'beta', archetype: 'cot-extractor' },
  { account_id: 'b2', label: 'distillation', campaign: 'beta', archetype: 'cot-extractor' },
  { account_id: 's1', label: 'distillation', campaign: null, archetype: 'solo' },
  { account_id: 'n1', label: 'benign', campaign: null, archetype: 'student' },
  { account_id: 'n2', label: 'benign', campaign: null, archetype: 'student' },
  { account_id: 'n3', label: 'benign', campaign: null, archetype: 'researcher' },
  { account_id: 'n4', label: 'benign', campaign: null, archetype: 'researcher' },
  { account_id: 'n5', label: 'benign', campaign: null, archetype: 'researcher' },
];

/**
 * Scan verdicts. n5 is missing (counts as not flagged); x9 has no label (ignored); a2 is flagged
 * 10 s before its first exchange (delay clamped to 0); b2 was flagged at +500 s but its final
 * decision is `flagged: false` (not flagged: all its exchanges leak); s1 is flagged but has no
 * exchanges (no delay).
 */
export const HAND_SCAN_ACCOUNTS: ScanAccountInput[] = [
  { account_id: 'a1', score: 0.9, flagged: true, first_flagged_at: at(100), campaign_id: 'C1' },
  { account_id: 'a2', score: 0.8, flagged: true, first_flagged_at: at(50), campaign_id: 'C1' },
  { account_id: 'a3', score: 0.3, flagged: false, first_flagged_at: null, campaign_id: null },
  { account_id: 'b1', score: 0.95, flagged: true, first_flagged_at: at(1000), campaign_id: 'C2' },
  { account_id: 'b2', score: 0.4, flagged: false, first_flagged_at: at(500), campaign_id: null },
  { account_id: 's1', score: 0.7, flagged: true, first_flagged_at: at(10), campaign_id: null },
  { account_id: 'n1', score: 0.85, flagged: true, first_flagged_at: at(30), campaign_id: 'C1' },
  { account_id: 'n2', score: 0.1, flagged: false, first_flagged_at: null, campaign_id: null },
  { account_id: 'n3', score: 0.05, flagged: false, first_flagged_at: null, campaign_id: null },
  { account_id: 'n4', score: 0.2, flagged: false, first_flagged_at: null, campaign_id: null },
  { account_id: 'x9', score: 0.99, flagged: true, first_flagged_at: at(20), campaign_id: 'C2' },
];

/** Detected campaigns: C1 mixes two alpha members with benign n1; C2 has b1 and unlabelled x9; C3 only x9. */
export const HAND_SCAN_CAMPAIGNS: ScanCampaignInput[] = [
  { campaign_id: 'C1', accounts: ['a1', 'a2', 'n1'] },
  { campaign_id: 'C2', accounts: ['b1', 'x9'] },
  { campaign_id: 'C3', accounts: ['x9'] },
];

/**
 * Exchange times (seconds after T0) per account. a1 has one exchange exactly at its
 * first_flagged_at (+100 s: not leaked, the comparison is strict) and one 1 ms before (leaked).
 */
export const HAND_EXCHANGE_TIMES: Record<string, number[]> = {
  a1: [0, 40, 99.999, 100, 200],
  a2: [60, 70],
  a3: [10, 20, 30],
  b1: [100, 900, 1000, 1100],
  b2: [0, 600],
  n1: [5],
  n2: [15, 25],
  n3: [35],
  x9: [1, 2, 3],
};

/** The example's exchanges as minimal valid spec v1 exchange records, in time order (for file-level tests). */
export function handExchangeRecords(): ExchangeRecord[] {
  const timed = Object.entries(HAND_EXCHANGE_TIMES).flatMap(([account, times]) => times.map((s) => ({ account, s })));
  timed.sort((a, b) => a.s - b.s || (a.account < b.account ? -1 : 1));
  return timed.map(({ account, s }, i) => ({
    id: `ex_hand_${i}`,
    ts: at(s),
    account_id: account,
    client: { ip: '198.51.100.7' },
    model: 'sim-gpt',
    endpoint: 'openai.chat',
    request: { messages: [{ role: 'user', content: `question ${i}` }] },
    response: { status: 200, text: `answer ${i}` },
    usage: { input_tokens: 3, output_tokens: 2 },
  }));
}

/** The example's scan output as full spec v1 verdict records (accounts.jsonl and campaigns.jsonl lines). */
export function handVerdictRecords(): { accounts: AccountVerdictRecord[]; campaigns: CampaignRecord[] } {
  return {
    accounts: HAND_SCAN_ACCOUNTS.map((a) => ({
      ...a,
      reasons: a.flagged ? [{ signal: 'template_reuse', weight: 0.7, detail: 'the same prompt template as other accounts' }] : [],
    })),
    campaigns: HAND_SCAN_CAMPAIGNS.map((c) => ({
      ...c,
      first_seen: at(0),
      detected_at: at(300),
      score: 0.9,
      summary: 'coordinated persona prompts from one network',
      indicators: [{ type: 'asn', value: '64500' }],
    })),
  };
}

/** The figures of the example, computed by hand (docs/EVALUATION-METRICS.md shows the working). */
export const HAND_EXPECTED = {
  confusion: { positives: 6, benign: 5, predicted_positive: 5, tp: 4, fp: 1, fn: 2, tn: 4, precision: 4 / 5, recall: 4 / 6, f1: 8 / 11, benign_fpr: 1 / 5 },
  archetypes: [
    { archetype: 'cot-extractor', accounts: 2, benign: 0, distillation: 2, flagged: 1, flag_rate: 1 / 2 },
    { archetype: 'persona-farm', accounts: 3, benign: 0, distillation: 3, flagged: 2, flag_rate: 2 / 3 },
    { archetype: 'researcher', accounts: 3, benign: 3, distillation: 0, flagged: 0, flag_rate: 0 },
    { archetype: 'solo', accounts: 1, benign: 0, distillation: 1, flagged: 1, flag_rate: 1 },
    { archetype: 'student', accounts: 2, benign: 2, distillation: 0, flagged: 1, flag_rate: 1 / 2 },
  ],
  /** alpha: a1 leaks 3 of 5 (0, 40, 99.999), a2 0 of 2, a3 (never flagged) 3 of 3 → 6/10. beta: b1 2 of 4, b2 (flagged: false) 2 of 2 → 4/6. */
  campaigns: {
    alpha: { accounts: 3, flagged: 2, recall: 2 / 3, exchanges: 10, leaked: 6, leakage: 6 / 10, delays: [0, 100], median_s: 0, p90_s: 100, clamped: 1 },
    beta: { accounts: 2, flagged: 1, recall: 1 / 2, exchanges: 6, leaked: 4, leakage: 4 / 6, delays: [900], median_s: 900, p90_s: 900, clamped: 0 },
  },
  /** Distillation accounts: 16 exchanges (s1 has none), 10 leaked. */
  leakage: { attack_exchanges: 16, leaked: 10, rate: 10 / 16 },
  /** C1: 2 of 3 labelled members are distillation; C2: 1 of 1 (x9 unlabelled); C3: no labelled member. */
  purity: { member_weighted: 3 / 4, mean: (2 / 3 + 1) / 2 },
  /** a1 100 s, a2 −10 s → 0, b1 900 s: nearest rank median = 2nd of 3, p90 = 3rd of 3. */
  delay: { values_s: [0, 100, 900], median_s: 100, p90_s: 900, clamped: 1 },
  totals: { exchanges: 23, exchanges_labelled: 20, exchanges_unlabelled: 3 },
} as const;
