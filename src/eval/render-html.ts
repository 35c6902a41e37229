/**
 * The HTML report: one self-contained file (inline CSS and SVG, no scripts, no network) with the
 * headline figures, the charts (flag rate per archetype, detection delay histogram and CDF, leakage
 * per campaign, score distributions by label) and the tables behind them. The full report JSON is
 * embedded too, so the file alone carries every figure.
 */
import { dec, int, pct, secs } from './format.js';
import { cdfChart, columnChart, escapeXml, horizontalBarChart } from './svg.js';
import type { EvaluationReport } from './types.js';

const BENIGN = '#4e79a7';
const DISTILLATION = '#e15759';
const NEUTRAL = '#f28e2b';

function table(headers: readonly string[], rows: readonly (readonly string[])[], numericFrom = 1): string {
  const th = headers.map((h, i) => `<th${i >= numericFrom ? ' class="num"' : ''}>${escapeXml(h)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${r.map((c, i) => `<td${i >= numericFrom ? ' class="num"' : ''}>${escapeXml(c)}</td>`).join('')}</tr>`)
    .join('');
  return `<table><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

function card(label: string, value: string, sub: string): string {
  return `<div class="card"><div class="value">${escapeXml(value)}</div><div class="label">${escapeXml(label)}</div><div class="sub">${escapeXml(sub)}</div></div>`;
}

/** JSON that is safe inside a <script> element (no `</script>`, no HTML comment openers). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/** Renders the report as a standalone HTML page. */
export function renderHtmlReport(report: EvaluationReport): string {
  const c = report.confusion;
  const d = report.delay;
  const p = report.purity;
  const title = 'distillguard evaluation';

  const cards = [
    card('precision', dec(c.precision), `${int(c.tp)} of ${int(c.predicted_positive)} flagged`),
    card('recall', dec(c.recall), `${int(c.tp)} of ${int(c.positives)} distillation accounts`),
    card('F1', dec(c.f1), 'account level'),
    card('benign false-positive rate', pct(c.benign_fpr, 2), `${int(c.fp)} of ${int(c.benign)} benign accounts`),
    card('attack-exchange leakage', pct(report.leakage.rate, 2), `${int(report.leakage.leaked)} of ${int(report.leakage.attack_exchanges)} exchanges`),
    card('campaign purity', pct(p.member_weighted), `member-weighted; mean ${pct(p.mean)}`),
    card('detection delay, median', d.median_human ?? 'n/a', `p90 ${d.p90_human ?? 'n/a'} · n = ${int(d.n)}`),
  ].join('');

  const archetypeChart = horizontalBarChart(
    report.archetypes.map((a) => ({
      label: a.archetype,
      value: a.flag_rate,
      text: `${pct(a.flag_rate)} (${int(a.flagged)}/${int(a.accounts)})`,
      // red where flags are wanted (mostly distillation), blue where every flag is a false positive
      color: a.distillation > a.benign ? DISTILLATION : BENIGN,
    })),
    { title: 'Flag rate per archetype' },
  );

  const delayHistogram = columnChart(
    d.histogram.map((b) => b.label),
    [{ name: 'flagged distillation accounts', color: DISTILLATION, values: d.histogram.map((b) => b.count) }],
    { title: 'Detection delay (accounts per bin)', yFormat: (v) => String(Math.round(v)), integer: true },
  );
  const delayCdf = cdfChart(d.values_s, {
    title: 'Detection delay, cumulative share of flagged distillation accounts',
    markers: [{ label: 'median', value: d.median_s }, { label: 'p90', value: d.p90_s }],
  });

  const leakageChart = report.campaigns.length === 0
    ? '<p class="muted">No label names a campaign.</p>'
    : horizontalBarChart(
        report.campaigns.map((k) => ({
          label: k.campaign,
          value: k.leakage,
          text: k.leakage === null ? 'n/a (no exchanges)' : `${pct(k.leakage)} (${int(k.leaked)}/${int(k.exchanges)})`,
          color: NEUTRAL,
        })),
        { title: 'Leakage per campaign (share of exchanges answered before the account was flagged)' },
      );

  const s = report.scores;
  const benignTotal = s.benign.reduce((a, b) => a + b, 0);
  const distTotal = s.distillation.reduce((a, b) => a + b, 0);
  // shares within each label, so a few hundred attackers are visible next to many benign accounts
  const scoreChart = columnChart(
    s.benign.map((_, i) => (s.edges[i] ?? 0).toFixed(2)),
    [
      { name: `benign (n = ${int(benignTotal)})`, color: BENIGN, values: s.benign.map((v) => (benignTotal === 0 ? 0 : v / benignTotal)) },
      { name: `distillation (n = ${int(distTotal)})`, color: DISTILLATION, values: s.distillation.map((v) => (distTotal === 0 ? 0 : v / distTotal)) },
    ],
    { title: 'Score distribution by label (share of each label per score bin)', yFormat: (v) => `${Math.round(v * 100)}%`, xLabelEvery: 4 },
  );

  const confusionTable = table(['label \\ scan', 'flagged', 'not flagged', 'total'], [
    ['distillation', `TP ${int(c.tp)}`, `FN ${int(c.fn)}`, int(c.positives)],
    ['benign', `FP ${int(c.fp)}`, `TN ${int(c.tn)}`, int(c.benign)],
  ]);
  const archetypeTable = table(['archetype', 'accounts', 'benign', 'distillation', 'flagged', 'flag rate'],
    report.archetypes.map((a) => [a.archetype, int(a.accounts), int(a.benign), int(a.distillation), int(a.flagged), pct(a.flag_rate)]));
  const fpTable = table(['archetype', 'benign accounts', 'false positives', 'rate', 'examples'],
    report.benign_false_positives.map((b) => [b.archetype, int(b.benign_accounts), int(b.false_positives), pct(b.rate, 2), b.examples.join(', ')]));
  const campaignTable = table(['campaign', 'accounts', 'flagged', 'recall', 'exchanges', 'leaked', 'leakage', 'delay median', 'delay p90'],
    report.campaigns.map((k) => [k.campaign, int(k.accounts), int(k.flagged), pct(k.recall), int(k.exchanges), int(k.leaked), pct(k.leakage),
      k.delay.median_human ?? 'n/a', k.delay.p90_human ?? 'n/a']));
  const purityTable = table(['detected campaign', 'members', 'labelled', 'distillation', 'purity', 'dominant true campaign', 'share'],
    p.per_campaign.map((x) => [x.campaign_id, int(x.members), int(x.labelled_members), int(x.distillation_members), pct(x.purity), x.dominant_campaign ?? '-', pct(x.dominant_share)]));
  const delayTable = table(['delay', 'accounts'], d.histogram.map((b) => [b.label, int(b.count)]));

  const warnings = report.warnings.length === 0
    ? '<p class="muted">None.</p>'
    : `<ul>${report.warnings.map((w) => `<li><b>${int(w.count)}</b> ${escapeXml(w.message)}${w.examples.length ? ` <span class="muted">(e.g. ${escapeXml(w.examples.join(', '))})</span>` : ''}</li>`).join('')}</ul>`;
  const notes = report.notes.length === 0 ? '' : `<h2>Notes</h2><ul>${report.notes.map((x) => `<li>${escapeXml(x)}</li>`).join('')}</ul>`;
  const inputs = report.inputs
    ? `<p class="muted">labels ${escapeXml(report.inputs.labels)} · exchanges ${escapeXml(report.inputs.exchanges)} · scan ${escapeXml(report.inputs.scan_dir)} · generated ${escapeXml(report.inputs.generated_at)}</p>`
    : '';
  const t = report.totals;

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1000px;padding:0 1rem;color:#222}
h1{margin-bottom:.2rem}h2{margin-top:2.2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
.cards{display:flex;flex-wrap:wrap;gap:.8rem;margin:1rem 0}
.card{border:1px solid #ddd;border-radius:6px;padding:.6rem .9rem;min-width:130px}
.card .value{font-size:1.5rem;font-weight:600}.card .label{font-size:.85rem}.card .sub,.muted{color:#777;font-size:.85rem}
table{border-collapse:collapse;margin:.8rem 0;font-size:.9rem}th,td{padding:.25rem .6rem;border-bottom:1px solid #eee;text-align:left}
th.num,td.num{text-align:right;font-variant-numeric:tabular-nums}svg{max-width:100%;height:auto;display:block;margin:.8rem 0}
</style></head><body>
<h1>${title}</h1>
${inputs}
<p>${int(t.labelled_accounts)} labelled accounts (${int(t.benign_accounts)} benign, ${int(t.distillation_accounts)} distillation) ·
${int(t.scan_accounts)} scan accounts (${int(t.scan_accounts_unlabelled)} unlabelled) · ${int(t.detected_campaigns)} detected campaigns · ${int(t.exchanges)} exchanges.
Definitions: docs/EVALUATION-METRICS.md.</p>
<div class="cards">${cards}</div>
<h2>Account-level detection</h2>
${confusionTable}
<h2>Flag rate per archetype</h2>
<p class="muted">Red: archetypes that are mostly distillation (a flag is a hit). Blue: mostly benign (a flag is a false positive).</p>
${archetypeChart}
${archetypeTable}
<h2>Benign false positives by archetype</h2>
${fpTable}
<h2>Campaigns (true, from labels)</h2>
${leakageChart}
${campaignTable}
<p>Attack-exchange leakage: <b>${pct(report.leakage.rate, 2)}</b> (${int(report.leakage.leaked)} of ${int(report.leakage.attack_exchanges)} exchanges of distillation accounts).</p>
<h2>Detected campaigns: purity</h2>
<p>Member-weighted purity (headline) <b>${pct(p.member_weighted)}</b>; mean over detected campaigns ${pct(p.mean)}.</p>
${purityTable}
<h2>Detection delay</h2>
<p>${int(d.n)} flagged distillation accounts: median ${escapeXml(d.median_human ?? 'n/a')} (${secs(d.median_s)} s), p90 ${escapeXml(d.p90_human ?? 'n/a')} (${secs(d.p90_s)} s), nearest rank${d.clamped > 0 ? `; ${int(d.clamped)} negative delays clamped to 0` : ''}.</p>
${delayHistogram}
${delayCdf}
${delayTable}
<h2>Score distributions</h2>
${scoreChart}
<p class="muted">Mean score: benign ${dec(s.benign_mean)}, distillation ${dec(s.distillation_mean)}.</p>
<h2>Warnings</h2>
${warnings}
${notes}
<script type="application/json" id="eval-report">${scriptJson(report)}</script>
</body></html>
`;
}
