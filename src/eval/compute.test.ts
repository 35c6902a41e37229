import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isDistillguardError } from '../errors.js';
import { computeEvaluation } from './compute.js';
import { HAND_EXCHANGE_TIMES, HAND_EXPECTED, HAND_LABELS, HAND_SCAN_ACCOUNTS, HAND_SCAN_CAMPAIGNS, T0_MS } from './hand-case.js';
import type { AccountExchangeStats, LabelInput, ScanAccountInput } from './types.js';

/** Exchange aggregates of the hand case, computed the way the streaming pass does. */
function handStats(): Map<string, AccountExchangeStats> {
  const cutoffs = new Map(HAND_SCAN_ACCOUNTS.filter((a) => a.first_flagged_at !== null).map((a) => [a.account_id, Date.parse(a.first_flagged_at!)]));
  const map = new Map<string, AccountExchangeStats>();
  for (const [id, times] of Object.entries(HAND_EXCHANGE_TIMES)) {
    const ms = times.map((s) => T0_MS + Math.round(s * 1000));
    const cutoff = cutoffs.get(id) ?? Infinity;
    map.set(id, { count: ms.length, firstMs: Math.min(...ms), beforeFirstFlag: ms.filter((t) => t < cutoff).length });
  }
  return map;
}

function close(actual: number | null, expected: number, message?: string): void {
  assert.ok(actual !== null, `${message ?? 'value'} is null, expected ${expected}`);
  assert.ok(Math.abs(actual - expected) < 1e-12, `${message ?? 'value'}: ${actual} ≠ ${expected}`);
}

/** True when any number anywhere in the value is NaN or infinite. */
function hasNonFinite(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isFinite(value);
  if (Array.isArray(value)) return value.some(hasNonFinite);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(hasNonFinite);
  return false;
}

describe('computeEvaluation on the hand-computed case', () => {
  const report = computeEvaluation(HAND_LABELS, HAND_SCAN_ACCOUNTS, HAND_SCAN_CAMPAIGNS, handStats());

  it('computes the account-level confusion matrix, precision, recall, F1 and benign FPR exactly', () => {
    const c = report.confusion;
    const e = HAND_EXPECTED.confusion;
    assert.deepEqual({ tp: c.tp, fp: c.fp, fn: c.fn, tn: c.tn, positives: c.positives, benign: c.benign, predicted_positive: c.predicted_positive },
      { tp: e.tp, fp: e.fp, fn: e.fn, tn: e.tn, positives: e.positives, benign: e.benign, predicted_positive: e.predicted_positive });
    assert.equal(c.precision, 0.8);
    close(c.recall, 2 / 3, 'recall');
    close(c.f1, 8 / 11, 'F1');
    assert.equal(c.benign_fpr, 0.2);
  });

  it('computes the flag rate of every archetype', () => {
    assert.deepEqual(report.archetypes, HAND_EXPECTED.archetypes);
  });

  it('lists benign false positives by archetype, the ones hit first', () => {
    assert.deepEqual(report.benign_false_positives, [
      { archetype: 'student', benign_accounts: 2, false_positives: 1, rate: 0.5, examples: ['n1'] },
      { archetype: 'researcher', benign_accounts: 3, false_positives: 0, rate: 0, examples: [] },
    ]);
  });

  it('computes per-campaign recall, leakage (strict < at first_flagged_at, never-flagged accounts leak everything) and delays', () => {
    assert.deepEqual(report.campaigns.map((c) => c.campaign), ['alpha', 'beta']);
    for (const c of report.campaigns) {
      const e = HAND_EXPECTED.campaigns[c.campaign as 'alpha' | 'beta'];
      assert.equal(c.accounts, e.accounts, c.campaign);
      assert.equal(c.flagged, e.flagged, c.campaign);
      close(c.recall, e.recall, `${c.campaign} recall`);
      assert.equal(c.exchanges, e.exchanges, c.campaign);
      assert.equal(c.leaked, e.leaked, c.campaign);
      close(c.leakage, e.leakage, `${c.campaign} leakage`);
      assert.equal(c.delay.n, e.delays.length);
      assert.equal(c.delay.median_s, e.median_s);
      assert.equal(c.delay.p90_s, e.p90_s);
      assert.equal(c.delay.clamped, e.clamped);
    }
  });

  it('computes overall attack-exchange leakage over all distillation accounts (campaign or not)', () => {
    assert.deepEqual(report.leakage, HAND_EXPECTED.leakage);
    assert.equal(report.leakage.rate, 0.625);
  });

  it('computes purity per detected campaign, member-weighted and as a mean', () => {
    assert.equal(report.purity.member_weighted, 0.75);
    close(report.purity.mean, 5 / 6, 'mean purity');
    assert.equal(report.purity.detected_campaigns, 3);
    assert.deepEqual(report.purity.per_campaign, [
      { campaign_id: 'C1', members: 3, labelled_members: 3, unlabelled_members: 0, distillation_members: 2, purity: 2 / 3, dominant_campaign: 'alpha', dominant_members: 2, dominant_share: 2 / 3 },
      { campaign_id: 'C2', members: 2, labelled_members: 1, unlabelled_members: 1, distillation_members: 1, purity: 1, dominant_campaign: 'beta', dominant_members: 1, dominant_share: 1 },
      { campaign_id: 'C3', members: 1, labelled_members: 0, unlabelled_members: 1, distillation_members: 0, purity: null, dominant_campaign: null, dominant_members: 0, dominant_share: null },
    ]);
  });

  it('computes detection delays with clamping and nearest-rank median / p90', () => {
    const d = report.delay;
    assert.deepEqual(d.values_s, [0, 100, 900]);
    assert.equal(d.n, 3);
    assert.equal(d.median_s, 100);
    assert.equal(d.p90_s, 900);
    assert.equal(d.min_s, 0);
    assert.equal(d.max_s, 900);
    close(d.mean_s, 1000 / 3, 'mean delay');
    assert.equal(d.median_human, '1m 40s');
    assert.equal(d.p90_human, '15m');
    assert.equal(d.clamped, 1);
    assert.deepEqual(d.histogram.map((b) => b.count), [1, 0, 1, 0, 1, 0, 0, 0, 0]);
  });

  it('reports missing, unlabelled and odd accounts as warnings, not errors', () => {
    const w = Object.fromEntries(report.warnings.map((x) => [x.code, { count: x.count, examples: x.examples }]));
    assert.deepEqual(w, {
      labelled_missing_from_scan: { count: 1, examples: ['n5'] },
      labelled_without_exchanges: { count: 3, examples: ['s1', 'n4', 'n5'] },
      negative_delay_clamped: { count: 1, examples: ['a2'] },
      first_flagged_at_but_not_flagged: { count: 1, examples: ['b2'] },
      flagged_distillation_without_exchanges: { count: 1, examples: ['s1'] },
      scan_accounts_unlabelled: { count: 1, examples: ['x9'] },
      exchanges_of_unlabelled_accounts: { count: 1, examples: ['x9'] },
    });
    assert.deepEqual(report.totals, {
      labelled_accounts: 11, benign_accounts: 5, distillation_accounts: 6, scan_accounts: 11, scan_accounts_unlabelled: 1,
      labelled_missing_from_scan: 1, detected_campaigns: 3, exchanges: 23, exchanges_labelled: 20, exchanges_unlabelled: 3,
      labelled_accounts_without_exchanges: 3,
    });
    assert.deepEqual(report.notes, []);
  });

  it('bins scores by label (labelled scan accounts only)', () => {
    const s = report.scores;
    assert.equal(s.edges.length, 21);
    assert.equal(s.edges[20], 1);
    const binsOf = (counts: number[]): number[] => counts.flatMap((c, i) => Array<number>(c).fill(i));
    assert.deepEqual(binsOf(s.distillation), [6, 8, 14, 16, 18, 19]);
    assert.deepEqual(binsOf(s.benign), [1, 2, 4, 17]);
    close(s.distillation_mean, 4.05 / 6, 'distillation mean');
    close(s.benign_mean, 0.3, 'benign mean');
    assert.ok(!hasNonFinite(report));
  });
});

describe('computeEvaluation edge cases', () => {
  const label = (account_id: string, kind: 'benign' | 'distillation', campaign: string | null = null, archetype = 'x'): LabelInput =>
    ({ account_id, label: kind, campaign, archetype });
  const verdict = (account_id: string, flagged: boolean, first_flagged_at: string | null = null): ScanAccountInput =>
    ({ account_id, score: flagged ? 0.9 : 0.1, flagged, first_flagged_at, campaign_id: null });

  it('gives null precision (with a note) when nothing is flagged, never NaN', () => {
    const r = computeEvaluation([label('d', 'distillation', 'k'), label('b', 'benign')], [verdict('d', false), verdict('b', false)], [], new Map());
    assert.equal(r.confusion.precision, null);
    assert.equal(r.confusion.recall, 0);
    assert.equal(r.confusion.f1, null);
    assert.equal(r.confusion.benign_fpr, 0);
    assert.ok(r.notes.some((n) => n.startsWith('precision: null')));
    // accounts with no exchanges: leakage over nothing is null, not 0 or NaN
    assert.equal(r.campaigns[0]!.leakage, null);
    assert.equal(r.leakage.rate, null);
    assert.equal(r.delay.median_s, null);
    assert.equal(r.purity.member_weighted, null);
    assert.ok(r.notes.some((n) => n.startsWith('purity: null because the scan detected no campaign')));
    assert.ok(!hasNonFinite(r));
  });

  it('gives null recall and F1 when there are no distillation accounts, and F1 0 when precision and recall are 0', () => {
    const none = computeEvaluation([label('b', 'benign')], [verdict('b', true, '2026-04-01T00:00:00.000Z')], [], new Map());
    assert.equal(none.confusion.recall, null);
    assert.equal(none.confusion.f1, null);
    assert.equal(none.confusion.precision, 0);
    assert.equal(none.confusion.benign_fpr, 1);
    const zero = computeEvaluation([label('b', 'benign'), label('d', 'distillation')], [verdict('b', true), verdict('d', false)], [], new Map());
    assert.equal(zero.confusion.f1, 0);
    const empty = computeEvaluation([], [], [], new Map());
    assert.equal(empty.confusion.benign_fpr, null);
    assert.ok(!hasNonFinite(empty));
  });

  it('also gives recall over the attackers that sent a request, leaving recall itself over every labelled one', () => {
    const sent = { count: 3, firstMs: T0_MS, beforeFirstFlag: 3 };
    const stats = new Map([['active_flagged', sent], ['active_missed', sent], ['benign', sent]]);
    const r = computeEvaluation(
      [label('active_flagged', 'distillation'), label('active_missed', 'distillation'), label('silent_missed', 'distillation'),
        label('silent_flagged', 'distillation'), label('benign', 'benign')],
      [verdict('active_flagged', true), verdict('active_missed', false), verdict('silent_flagged', true), verdict('benign', false)],
      [], stats,
    );
    assert.equal(r.confusion.recall, 2 / 4, 'a dormant account flagged on its sign-up facts counts; a silent one missed counts against');
    assert.equal(r.confusion.positives_active, 2);
    assert.equal(r.confusion.recall_active, 1 / 2);
    const silent = computeEvaluation([label('d', 'distillation')], [], [], new Map());
    assert.equal(silent.confusion.recall_active, null);
    assert.ok(silent.notes.some((n) => n.startsWith('recall over active attackers: null')));
    assert.ok(!hasNonFinite(silent));
  });

  it('treats flagged accounts without first_flagged_at as leaking everything and without delay', () => {
    const stats = new Map([['d', { count: 4, firstMs: T0_MS, beforeFirstFlag: 4 }]]);
    const r = computeEvaluation([label('d', 'distillation', 'k')], [verdict('d', true, null)], [], stats);
    assert.equal(r.confusion.tp, 1);
    assert.equal(r.leakage.leaked, 4);
    assert.equal(r.delay.n, 0);
    assert.equal(r.warnings.find((w) => w.code === 'flagged_without_first_flagged_at')?.count, 1);
  });

  it('breaks dominant-campaign ties by name and counts a repeated member once', () => {
    const r = computeEvaluation(
      [label('p', 'distillation', 'zeta'), label('q', 'distillation', 'eta'), label('b', 'benign')],
      [verdict('p', true), verdict('q', true), verdict('b', false)],
      [{ campaign_id: 'D', accounts: ['p', 'q', 'b', 'p'] }],
      new Map(),
    );
    const d = r.purity.per_campaign[0]!;
    assert.equal(d.members, 3);
    assert.equal(d.dominant_campaign, 'eta');
    assert.equal(d.dominant_share, 1 / 3);
    assert.equal(d.purity, 2 / 3);
    assert.equal(r.warnings.find((w) => w.code === 'duplicate_campaign_member')?.count, 1);
  });

  it('rejects an account labelled twice with RECORD_INCONSISTENT', () => {
    assert.throws(() => computeEvaluation([label('a', 'benign'), label('a', 'distillation')], [], [], new Map()),
      (e: unknown) => isDistillguardError(e) && e.code === 'RECORD_INCONSISTENT' && /"a"/.test(e.message));
  });

  it('keeps its invariants on random inputs (counts add up, rates in [0, 1] or null, no NaN)', () => {
    const account = fc.record({
      label: fc.constantFrom<'benign' | 'distillation'>('benign', 'distillation'),
      campaign: fc.option(fc.constantFrom('k1', 'k2'), { nil: null }),
      archetype: fc.constantFrom('a', 'b', 'c'),
      inScan: fc.boolean(),
      flagged: fc.boolean(),
      flagAt: fc.option(fc.integer({ min: -100, max: 1000 }), { nil: null }),
      exchanges: fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 6 }),
      score: fc.double({ min: 0, max: 1, noNaN: true }),
    });
    fc.assert(fc.property(fc.array(account, { maxLength: 25 }), fc.array(fc.array(fc.nat(30), { minLength: 1, maxLength: 5 }), { maxLength: 4 }), (accounts, campaigns) => {
      const labels = accounts.map((a, i) => label(`u${i}`, a.label, a.campaign, a.archetype));
      const scan: ScanAccountInput[] = accounts.flatMap((a, i) => (a.inScan
        ? [{ account_id: `u${i}`, score: a.score, flagged: a.flagged, first_flagged_at: a.flagAt === null ? null : new Date(T0_MS + a.flagAt * 1000).toISOString(), campaign_id: null }]
        : []));
      const stats = new Map<string, AccountExchangeStats>();
      accounts.forEach((a, i) => {
        if (a.exchanges.length === 0) return;
        const cut = a.inScan && a.flagAt !== null ? T0_MS + a.flagAt * 1000 : Infinity;
        const ms = a.exchanges.map((s) => T0_MS + s * 1000);
        stats.set(`u${i}`, { count: ms.length, firstMs: Math.min(...ms), beforeFirstFlag: ms.filter((t) => t < cut).length });
      });
      const r = computeEvaluation(labels, scan, campaigns.map((m, k) => ({ campaign_id: `C${k}`, accounts: m.map((x) => `u${x}`) })), stats);
      const c = r.confusion;
      assert.equal(c.tp + c.fp + c.fn + c.tn, labels.length);
      for (const rate of [c.precision, c.recall, c.f1, c.benign_fpr, r.leakage.rate, r.purity.member_weighted, r.purity.mean]) {
        assert.ok(rate === null || (rate >= 0 && rate <= 1), String(rate));
      }
      assert.ok(r.leakage.leaked <= r.leakage.attack_exchanges);
      assert.ok(r.delay.values_s.every((v) => v >= 0));
      assert.equal(r.delay.histogram.reduce((a, b) => a + b.count, 0), r.delay.n);
      if (r.delay.n > 0) assert.ok(r.delay.median_s! <= r.delay.p90_s!);
      assert.ok(!hasNonFinite(r));
    }), { numRuns: 200 });
  });
});
