/**
 * The evaluation metrics: pure computation on plain inputs (labels, scan verdicts, detected
 * campaigns, per-account exchange aggregates), so that every figure can be checked by hand in a
 * unit test. File reading, validation and streaming live elsewhere (`scan-output.ts`, `labels.ts`,
 * `exchange-stats.ts`); the definitions below are the contract, also written up in
 * docs/EVALUATION-METRICS.md.
 */
import { DistillguardError } from '../errors.js';
import { delayHistogram, ratio, scoreBin, scoreEdges, summarizeDelays, SCORE_BINS } from './stats.js';
import {
  MAX_EXAMPLES,
  type AccountExchangeStats,
  type ArchetypeRate,
  type BenignFalsePositives,
  type CampaignMetrics,
  type ConfusionMetrics,
  type DetectedCampaignPurity,
  type EvalWarning,
  type EvalWarningCode,
  type EvaluationReport,
  type LabelInput,
  type PurityMetrics,
  type ScanAccountInput,
  type ScanCampaignInput,
} from './types.js';

const NO_EXCHANGES: AccountExchangeStats = { count: 0, firstMs: Infinity, beforeFirstFlag: 0 };

/** Collects warnings by code, keeping a count and the first few examples. */
class Warnings {
  private readonly byCode = new Map<EvalWarningCode, EvalWarning>();

  add(code: EvalWarningCode, message: string, example?: string): void {
    let w = this.byCode.get(code);
    if (!w) {
      w = { code, message, count: 0, examples: [] };
      this.byCode.set(code, w);
    }
    w.count++;
    if (example !== undefined && w.examples.length < MAX_EXAMPLES) w.examples.push(example);
  }

  /** Adds a warning that already has its count (for counts known without examples). */
  addCount(code: EvalWarningCode, message: string, count: number, examples: string[] = []): void {
    if (count > 0) this.byCode.set(code, { code, message, count, examples: examples.slice(0, MAX_EXAMPLES) });
  }

  list(): EvalWarning[] {
    return [...this.byCode.values()];
  }
}

/** One labelled account joined with its scan verdict and exchange aggregates. */
interface Joined {
  label: LabelInput;
  scan: ScanAccountInput | undefined;
  stats: AccountExchangeStats;
  /** The scan's final decision (`flagged: true`); an account missing from the scan is not flagged. */
  flagged: boolean;
  /** Exchanges answered before the account was flagged: all of them when it never was. */
  leaked: number;
  /** Detection delay in seconds (clamped at 0), for flagged distillation accounts where it is defined. */
  delayS: number | null;
  /** The raw delay was negative and clamped to 0. */
  clamped: boolean;
}

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function uniqueById<T extends { account_id: string }>(items: readonly T[], what: string): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    if (map.has(item.account_id)) {
      throw new DistillguardError('RECORD_INCONSISTENT', `${what}: account_id ${JSON.stringify(item.account_id)} appears more than once`, {
        hint: 'each account must have exactly one line',
      });
    }
    map.set(item.account_id, item);
  }
  return map;
}

/**
 * Computes every figure of the evaluation report.
 *
 * - `labels`: ground truth, one per account (the universe of the account-level metrics).
 * - `scanAccounts`: the scan's per-account verdicts; a labelled account missing here counts as not
 *   flagged (warning), a scan account without a label is ignored (counted).
 * - `scanCampaigns`: the scan's detected campaigns (for purity).
 * - `exchangeStats`: per-account aggregates from the exchange file (see `collectExchangeStats`);
 *   an account missing here has no exchanges. `beforeFirstFlag` must have been counted against the
 *   same scan's `first_flagged_at`.
 *
 * Definitions (exact; docs/EVALUATION-METRICS.md has the long form):
 * - flagged = scan `flagged === true`; TP/FP/FN/TN over labelled accounts, positives = label
 *   `distillation`; precision = TP/(TP+FP), recall = TP/(TP+FN), F1 = 2TP/(2TP+FP+FN) (null when
 *   precision or recall is), benign FPR = FP/benign accounts; recall over active attackers =
 *   flagged / distillation accounts with ≥ 1 exchange (for information).
 * - leaked exchanges of an account = those with ts strictly before `first_flagged_at` when the
 *   account is flagged and has a `first_flagged_at`; otherwise all of its exchanges.
 * - campaign (true, from labels) recall = flagged/accounts, leakage = leaked/exchanges; overall
 *   leakage = Σ leaked / Σ exchanges over distillation accounts.
 * - purity of a detected campaign = distillation members / labelled members (distinct members;
 *   unlabelled ones left out); headline = member-weighted Σ/Σ, also the plain mean.
 * - detection delay of a flagged distillation account with a `first_flagged_at` and ≥ 1 exchange
 *   = first_flagged_at − first exchange ts, negative clamped to 0 (warning); median and p90 by
 *   nearest rank.
 *
 * Rates with a zero denominator are null and explained in `notes`; nothing is ever NaN.
 * Throws RECORD_INCONSISTENT when an account_id repeats in `labels` or `scanAccounts`.
 */
export function computeEvaluation(
  labels: readonly LabelInput[],
  scanAccounts: readonly ScanAccountInput[],
  scanCampaigns: readonly ScanCampaignInput[],
  exchangeStats: ReadonlyMap<string, AccountExchangeStats>,
): EvaluationReport {
  const warnings = new Warnings();
  const notes: string[] = [];
  const labelById = uniqueById(labels, 'labels');
  const scanById = uniqueById(scanAccounts, 'scan accounts');

  // join every labelled account with its verdict and exchanges
  const joined: Joined[] = [];
  for (const label of labels) {
    const scan = scanById.get(label.account_id);
    const stats = exchangeStats.get(label.account_id) ?? NO_EXCHANGES;
    if (!scan) warnings.add('labelled_missing_from_scan', 'labelled accounts missing from the scan output (counted as not flagged)', label.account_id);
    if (stats.count === 0) warnings.add('labelled_without_exchanges', 'labelled accounts with no exchanges in the exchange file', label.account_id);
    if (label.label === 'benign' && label.campaign !== null) {
      warnings.add('benign_account_with_campaign', 'benign accounts that name a campaign (they still count in that campaign\'s figures)', label.account_id);
    }
    const flagged = scan?.flagged === true;
    const flaggedAt = scan?.first_flagged_at ?? null;
    if (scan && flagged && flaggedAt === null) {
      warnings.add('flagged_without_first_flagged_at', 'flagged accounts with first_flagged_at null (no leakage cut-off or delay: all their exchanges count as leaked)', label.account_id);
    }
    if (scan && !flagged && flaggedAt !== null) {
      warnings.add('first_flagged_at_but_not_flagged', 'accounts with a first_flagged_at whose final decision is flagged: false (treated as not flagged)', label.account_id);
    }
    const protectedFromFlag = flagged && flaggedAt !== null;
    const leaked = protectedFromFlag ? stats.beforeFirstFlag : stats.count;
    let delayS: number | null = null;
    let clamped = false;
    if (label.label === 'distillation' && protectedFromFlag) {
      if (stats.count === 0) {
        warnings.add('flagged_distillation_without_exchanges', 'flagged distillation accounts with no exchanges (no detection delay)', label.account_id);
      } else {
        const raw = (Date.parse(flaggedAt) - stats.firstMs) / 1000;
        clamped = raw < 0;
        if (clamped) warnings.add('negative_delay_clamped', 'distillation accounts flagged before their first exchange in the file (detection delay clamped to 0)', label.account_id);
        delayS = Math.max(0, raw);
      }
    }
    joined.push({ label, scan, stats, flagged, leaked, delayS, clamped });
  }

  const unlabelledScan = scanAccounts.filter((a) => !labelById.has(a.account_id));
  warnings.addCount('scan_accounts_unlabelled', 'scan accounts with no label (ignored in every metric)', unlabelledScan.length, unlabelledScan.map((a) => a.account_id));
  let exchangesTotal = 0;
  let exchangesUnlabelled = 0;
  const unlabelledWithExchanges: string[] = [];
  for (const [id, s] of exchangeStats) {
    exchangesTotal += s.count;
    if (!labelById.has(id) && s.count > 0) {
      exchangesUnlabelled += s.count;
      unlabelledWithExchanges.push(id);
    }
  }
  warnings.addCount(
    'exchanges_of_unlabelled_accounts',
    `unlabelled accounts with exchanges (${exchangesUnlabelled} exchanges, ignored in every metric)`,
    unlabelledWithExchanges.length,
    unlabelledWithExchanges,
  );

  const confusion = confusionOf(joined, notes);
  const archetypes = archetypeRates(joined);
  const benignFalsePositives = benignFalsePositivesOf(joined);
  const campaigns = campaignMetrics(joined, notes);

  const attack = joined.filter((j) => j.label.label === 'distillation');
  const attackExchanges = attack.reduce((a, j) => a + j.stats.count, 0);
  const attackLeaked = attack.reduce((a, j) => a + j.leaked, 0);
  const leakageRate = ratio(attackLeaked, attackExchanges);
  if (leakageRate === null) notes.push('leakage: null because distillation accounts have no exchanges');

  const purity = purityOf(scanCampaigns, labelById, warnings, notes);

  const delays = joined.flatMap((j) => (j.delayS === null ? [] : [j.delayS]));
  const delaySummary = summarizeDelays(delays, joined.filter((j) => j.clamped).length);
  if (delaySummary.n === 0) notes.push('detection delay: null because no distillation account was flagged with a first_flagged_at and exchanges');

  const scores = scoreDistribution(joined);

  return {
    report_version: 1,
    totals: {
      labelled_accounts: labels.length,
      benign_accounts: confusion.benign,
      distillation_accounts: confusion.positives,
      scan_accounts: scanAccounts.length,
      scan_accounts_unlabelled: unlabelledScan.length,
      labelled_missing_from_scan: joined.filter((j) => !j.scan).length,
      detected_campaigns: scanCampaigns.length,
      exchanges: exchangesTotal,
      exchanges_labelled: exchangesTotal - exchangesUnlabelled,
      exchanges_unlabelled: exchangesUnlabelled,
      labelled_accounts_without_exchanges: joined.filter((j) => j.stats.count === 0).length,
    },
    confusion,
    archetypes,
    benign_false_positives: benignFalsePositives,
    campaigns,
    leakage: { attack_exchanges: attackExchanges, leaked: attackLeaked, rate: leakageRate },
    purity,
    delay: { ...delaySummary, histogram: delayHistogram(delays), values_s: [...delays].sort((a, b) => a - b) },
    scores,
    warnings: warnings.list(),
    notes,
  };
}

function confusionOf(joined: readonly Joined[], notes: string[]): ConfusionMetrics {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  let positivesActive = 0;
  let tpActive = 0;
  for (const j of joined) {
    const positive = j.label.label === 'distillation';
    if (positive && j.stats.count > 0) {
      positivesActive++;
      if (j.flagged) tpActive++;
    }
    if (positive && j.flagged) tp++;
    else if (positive) fn++;
    else if (j.flagged) fp++;
    else tn++;
  }
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  const benignFpr = ratio(fp, fp + tn);
  // 2TP/(2TP+FP+FN) equals 2PR/(P+R) and is 0 (not NaN) when both are 0
  const f1 = precision === null || recall === null ? null : (2 * tp) / (2 * tp + fp + fn);
  if (precision === null) notes.push('precision: null because no labelled account was flagged');
  if (recall === null) notes.push('recall: null because no account is labelled distillation');
  if (f1 === null) notes.push('F1: null because precision or recall is null');
  if (benignFpr === null) notes.push('benign false-positive rate: null because no account is labelled benign');
  const recallActive = ratio(tpActive, positivesActive);
  if (recallActive === null && recall !== null) notes.push('recall over active attackers: null because no distillation account has an exchange');
  return {
    positives: tp + fn, benign: fp + tn, predicted_positive: tp + fp, tp, fp, fn, tn, precision, recall, f1, benign_fpr: benignFpr,
    positives_active: positivesActive, recall_active: recallActive,
  };
}

function archetypeRates(joined: readonly Joined[]): ArchetypeRate[] {
  const by = new Map<string, ArchetypeRate>();
  for (const j of joined) {
    const name = j.label.archetype;
    let row = by.get(name);
    if (!row) {
      row = { archetype: name, accounts: 0, benign: 0, distillation: 0, flagged: 0, flag_rate: 0 };
      by.set(name, row);
    }
    row.accounts++;
    if (j.label.label === 'benign') row.benign++;
    else row.distillation++;
    if (j.flagged) row.flagged++;
  }
  const rows = [...by.values()].sort((a, b) => byName(a.archetype, b.archetype));
  for (const row of rows) row.flag_rate = row.flagged / row.accounts;
  return rows;
}

function benignFalsePositivesOf(joined: readonly Joined[]): BenignFalsePositives[] {
  const by = new Map<string, BenignFalsePositives>();
  for (const j of joined) {
    if (j.label.label !== 'benign') continue;
    const name = j.label.archetype;
    let row = by.get(name);
    if (!row) {
      row = { archetype: name, benign_accounts: 0, false_positives: 0, rate: 0, examples: [] };
      by.set(name, row);
    }
    row.benign_accounts++;
    if (j.flagged) {
      row.false_positives++;
      if (row.examples.length < MAX_EXAMPLES) row.examples.push(j.label.account_id);
    }
  }
  const rows = [...by.values()];
  for (const row of rows) row.rate = row.false_positives / row.benign_accounts;
  // the look-alikes that were hit most come first
  return rows.sort((a, b) => b.false_positives - a.false_positives || b.rate - a.rate || byName(a.archetype, b.archetype));
}

function campaignMetrics(joined: readonly Joined[], notes: string[]): CampaignMetrics[] {
  const groups = new Map<string, Joined[]>();
  for (const j of joined) {
    const name = j.label.campaign;
    if (name === null) continue;
    let group = groups.get(name);
    if (!group) groups.set(name, (group = []));
    group.push(j);
  }
  const rows: CampaignMetrics[] = [];
  for (const name of [...groups.keys()].sort(byName)) {
    const group = groups.get(name)!;
    const flagged = group.filter((j) => j.flagged).length;
    const exchanges = group.reduce((a, j) => a + j.stats.count, 0);
    const leaked = group.reduce((a, j) => a + j.leaked, 0);
    const leakage = ratio(leaked, exchanges);
    if (leakage === null) notes.push(`campaign ${name}: leakage null because its accounts have no exchanges`);
    const delays = group.flatMap((j) => (j.delayS === null ? [] : [j.delayS]));
    const clamped = group.filter((j) => j.clamped).length;
    rows.push({
      campaign: name,
      accounts: group.length,
      flagged,
      recall: flagged / group.length,
      exchanges,
      leaked,
      leakage,
      delay: summarizeDelays(delays, clamped),
    });
  }
  return rows;
}

function purityOf(
  campaigns: readonly ScanCampaignInput[],
  labelById: ReadonlyMap<string, LabelInput>,
  warnings: Warnings,
  notes: string[],
): PurityMetrics {
  const perCampaign: DetectedCampaignPurity[] = [];
  for (const c of campaigns) {
    const members = new Set(c.accounts);
    if (members.size !== c.accounts.length) {
      warnings.add('duplicate_campaign_member', 'detected campaigns that list a member more than once (counted once)', c.campaign_id);
    }
    let labelled = 0;
    let distillation = 0;
    const trueCampaigns = new Map<string, number>();
    for (const id of members) {
      const label = labelById.get(id);
      if (!label) continue;
      labelled++;
      if (label.label === 'distillation') distillation++;
      if (label.campaign !== null) trueCampaigns.set(label.campaign, (trueCampaigns.get(label.campaign) ?? 0) + 1);
    }
    let dominant: string | null = null;
    let dominantMembers = 0;
    for (const [name, count] of trueCampaigns) {
      if (count > dominantMembers || (count === dominantMembers && dominant !== null && name < dominant)) {
        dominant = name;
        dominantMembers = count;
      }
    }
    perCampaign.push({
      campaign_id: c.campaign_id,
      members: members.size,
      labelled_members: labelled,
      unlabelled_members: members.size - labelled,
      distillation_members: distillation,
      purity: ratio(distillation, labelled),
      dominant_campaign: dominant,
      dominant_members: dominantMembers,
      dominant_share: ratio(dominantMembers, labelled),
    });
  }
  perCampaign.sort((a, b) => byName(a.campaign_id, b.campaign_id));
  const defined = perCampaign.filter((p) => p.purity !== null);
  const memberWeighted = ratio(
    perCampaign.reduce((a, p) => a + p.distillation_members, 0),
    perCampaign.reduce((a, p) => a + p.labelled_members, 0),
  );
  const mean = defined.length === 0 ? null : defined.reduce((a, p) => a + p.purity!, 0) / defined.length;
  if (memberWeighted === null) {
    notes.push(campaigns.length === 0 ? 'purity: null because the scan detected no campaign' : 'purity: null because no member of a detected campaign is labelled');
  }
  return { detected_campaigns: campaigns.length, member_weighted: memberWeighted, mean, per_campaign: perCampaign };
}

function scoreDistribution(joined: readonly Joined[]): EvaluationReport['scores'] {
  const benign = new Array<number>(SCORE_BINS).fill(0);
  const distillation = new Array<number>(SCORE_BINS).fill(0);
  let benignSum = 0;
  let benignN = 0;
  let distSum = 0;
  let distN = 0;
  for (const j of joined) {
    if (!j.scan) continue;
    const bin = scoreBin(j.scan.score);
    if (j.label.label === 'benign') {
      benign[bin]!++;
      benignSum += j.scan.score;
      benignN++;
    } else {
      distillation[bin]!++;
      distSum += j.scan.score;
      distN++;
    }
  }
  return { edges: scoreEdges(), benign, distillation, benign_mean: ratio(benignSum, benignN), distillation_mean: ratio(distSum, distN) };
}
