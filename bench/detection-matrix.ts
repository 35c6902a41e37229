/**
 * Detection quality across scenarios the engine was and was not tuned on: simulate → scan → eval
 * for each variant (seeds, scales, mixes, parameters), then a table of every figure, the spread
 * (min / median / max over variants), and plots of the score distributions and detection delays.
 *
 *   node --import tsx bench/detection-matrix.ts [--only NAME,...] [--keep DIR] [--models DIR] [--docs]
 *
 * --models scans with the classifier files of another `distillguard train --out DIR` (an A/B of a
 * retrained model on the same simulated traffic); its scan output goes to `scan-<basename of DIR>`
 * beside the default `scan`, so that two runs can share one --keep folder.
 *
 * With --docs it rewrites the generated section of docs/EVALUATION.md (between the matrix markers)
 * and the SVG plots in docs/evaluation/. The engine was tuned on `hard` seed 1 only; every other
 * row is a scenario it had not seen while its weights were chosen.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchArgs } from './args.js';
import { loadDefaultScorer } from '../src/detect/scorer.js';
import { scanFiles } from '../src/detect/scan.js';
import { evaluateFiles } from '../src/eval/run.js';
import { runSimulation } from '../src/simulate/engine.js';
import { loadScenario, scaleScenario } from '../src/simulate/scenario.js';
import { cdfChart, columnChart } from '../src/eval/svg.js';
import type { EvaluationReport } from '../src/eval/types.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Variant {
  name: string;
  scenario: string;
  seed: number;
  scale: number;
  tuned: boolean;
  note: string;
}

const VARIANTS: Variant[] = [
  { name: 'hard-s1', scenario: 'hard', seed: 1, scale: 1, tuned: true, note: 'the scenario and seed the weights were chosen on' },
  { name: 'hard-s2', scenario: 'hard', seed: 2, scale: 1, tuned: false, note: 'another seed' },
  { name: 'hard-s3', scenario: 'hard', seed: 3, scale: 1, tuned: false, note: 'another seed' },
  { name: 'hard-x0.5', scenario: 'hard', seed: 4, scale: 0.5, tuned: false, note: 'half the accounts' },
  { name: 'hard-x2', scenario: 'hard', seed: 5, scale: 2, tuned: false, note: 'twice the accounts' },
  { name: 'shifted', scenario: path.join(ROOT, 'bench/scenarios/hard-shifted.yaml'), seed: 6, scale: 1, tuned: false, note: 'other mix and parameters: 90 % resold traffic, 160 paraphrases, more look-alikes' },
  { name: 'small-s7', scenario: 'small', seed: 7, scale: 1, tuned: false, note: 'the small built-in mix' },
  { name: 'medium-x0.25', scenario: 'medium', seed: 8, scale: 0.25, tuned: false, note: 'the medium built-in mix, a quarter of it' },
  // Added in session 11 (2026-11-24) and first run once that session's engine changes were settled:
  // the rows above have all been read while choosing constants; these had not.
  { name: 'hard-s21', scenario: 'hard', seed: 21, scale: 1, tuned: false, note: 'fresh: another seed' },
  { name: 'hard-x2-s22', scenario: 'hard', seed: 22, scale: 2, tuned: false, note: 'fresh: twice the accounts, another seed' },
  { name: 'shifted-s23', scenario: path.join(ROOT, 'bench/scenarios/hard-shifted.yaml'), seed: 23, scale: 1, tuned: false, note: 'fresh: the shifted mix, another seed' },
  { name: 'small-s24', scenario: 'small', seed: 24, scale: 1, tuned: false, note: 'fresh: the small mix, another seed' },
  { name: 'medium-x0.25-s25', scenario: 'medium', seed: 25, scale: 0.25, tuned: false, note: 'fresh: a quarter of the medium mix, another seed' },
  // Added in session 14 (2026-11-25): customers who roam between networks and use VPNs (the look-alikes
  // of proxy rotation and shared hosting addresses), which no scenario above has.
  { name: 'roaming-s26', scenario: path.join(ROOT, 'bench/scenarios/hard-roaming.yaml'), seed: 26, scale: 1, tuned: false, note: 'hard with roaming and VPN-using customers' },
  { name: 'roaming-s27', scenario: path.join(ROOT, 'bench/scenarios/hard-roaming.yaml'), seed: 27, scale: 1, tuned: false, note: 'hard with roaming and VPN-using customers, another seed' },
  // Added in session 15 (2026-11-25): six more seeds, one of each mix, generated after session 15's
  // change had been chosen on the rows above and used only to check it (with the build before it and
  // after it, once each). They are not held back from the table: the spread is over every row.
  { name: 'hard-s31', scenario: 'hard', seed: 31, scale: 1, tuned: false, note: 'fresh: another seed' },
  { name: 'hard-x0.5-s32', scenario: 'hard', seed: 32, scale: 0.5, tuned: false, note: 'fresh: half the accounts, another seed' },
  { name: 'medium-x0.25-s33', scenario: 'medium', seed: 33, scale: 0.25, tuned: false, note: 'fresh: a quarter of the medium mix, another seed' },
  { name: 'shifted-s34', scenario: path.join(ROOT, 'bench/scenarios/hard-shifted.yaml'), seed: 34, scale: 1, tuned: false, note: 'fresh: the shifted mix, another seed' },
  { name: 'small-s35', scenario: 'small', seed: 35, scale: 1, tuned: false, note: 'fresh: the small mix, another seed' },
  { name: 'roaming-s36', scenario: path.join(ROOT, 'bench/scenarios/hard-roaming.yaml'), seed: 36, scale: 1, tuned: false, note: 'fresh: hard with roaming and VPN-using customers, another seed' },
];

const { values } = benchArgs(import.meta.url, { options: { only: { type: 'string' }, keep: { type: 'string' }, models: { type: 'string' }, docs: { type: 'boolean', default: false } } });
const selected = values.only ? VARIANTS.filter((v) => values.only!.split(',').includes(v.name)) : VARIANTS;
const work = values.keep ?? mkdtempSync(path.join(os.tmpdir(), 'distillguard-matrix-'));
const scorer = loadDefaultScorer(values.models);

interface Row { variant: Variant; report: EvaluationReport; scanSeconds: number; exchanges: number }
const rows: Row[] = [];
for (const variant of selected) {
  const dir = path.join(work, variant.name);
  if (!existsSync(path.join(dir, 'exchanges.jsonl'))) {
    process.stderr.write(`[${variant.name}] simulate ${variant.scenario} seed ${variant.seed} scale ${variant.scale}\n`);
    await runSimulation({ scenario: scaleScenario(loadScenario(variant.scenario), variant.scale), seed: variant.seed, outDir: dir });
  }
  process.stderr.write(`[${variant.name}] scan\n`);
  const scanDir = path.join(dir, values.models ? `scan-${path.basename(values.models)}` : 'scan');
  const scan = await scanFiles({ exchanges: path.join(dir, 'exchanges.jsonl'), accounts: path.join(dir, 'accounts.jsonl'), outDir: scanDir, scorer, validate: false });
  process.stderr.write(`[${variant.name}] eval\n`);
  const report = await evaluateFiles({ labels: path.join(dir, 'labels.jsonl'), exchanges: path.join(dir, 'exchanges.jsonl'), scanDir });
  rows.push({ variant, report, scanSeconds: scan.seconds, exchanges: scan.exchanges });
  const c = report.confusion;
  process.stderr.write(`[${variant.name}] recall ${pct(c.recall)} · benign FPR ${pct(c.benign_fpr, 2)} · leakage ${pct(report.leakage.rate)} · purity ${pct(report.purity.member_weighted)}\n`);
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
}

function pct(value: number | null, digits = 1): string {
  return value === null ? 'n/a' : `${(value * 100).toFixed(digits)}%`;
}

const BARS = { recall: 0.98, fpr: 0.001, leakage: 0.02, purity: 0.95 };
const mark = (ok: boolean): string => (ok ? '' : ' ✗');
const table = [
  '| variant | tuned on | accounts (attackers) | exchanges | recall | benign FPR (FP) | leakage | purity (campaigns) | median delay |',
  '|---|---|---|---|---|---|---|---|---|',
  ...rows.map(({ variant, report }) => {
    const c = report.confusion;
    return `| \`${variant.name}\` ${variant.note} | ${variant.tuned ? 'yes' : 'no'} | ${report.totals.labelled_accounts.toLocaleString('en-US')} (${c.positives}) | ${report.totals.exchanges.toLocaleString('en-US')} `
      + `| ${pct(c.recall)}${mark((c.recall ?? 0) >= BARS.recall)} | ${pct(c.benign_fpr, 2)} (${c.fp})${mark((c.benign_fpr ?? 1) <= BARS.fpr)} `
      + `| ${pct(report.leakage.rate, 2)}${mark((report.leakage.rate ?? 1) <= BARS.leakage)} | ${pct(report.purity.member_weighted)}${mark((report.purity.member_weighted ?? 0) >= BARS.purity)} (${report.purity.detected_campaigns}) `
      + `| ${report.delay.median_human ?? 'n/a'} |`;
  }),
];
const spread = (pick: (r: EvaluationReport) => number | null): string => {
  const xs = rows.map((r) => pick(r.report)).filter((x): x is number => x !== null).sort((a, b) => a - b);
  if (xs.length === 0) return 'n/a';
  return `${pct(xs[0]!, 2)} / ${pct(xs[Math.floor((xs.length - 1) / 2)]!, 2)} / ${pct(xs[xs.length - 1]!, 2)}`;
};
const untuned = rows.filter((r) => !r.variant.tuned);
const spreadTable = [
  `| figure (bar) | min / median / max over all ${rows.length} variants |`,
  '|---|---|',
  `| recall (≥ 98 %) | ${spread((r) => r.confusion.recall)} |`,
  `| benign FPR (≤ 0.1 %) | ${spread((r) => r.confusion.benign_fpr)} |`,
  `| leakage (≤ 2 %) | ${spread((r) => r.leakage.rate)} |`,
  `| purity (≥ 95 %) | ${spread((r) => r.purity.member_weighted)} |`,
  `| recall over attackers that sent a request (for information, no bar) | ${spread((r) => r.confusion.recall_active)} |`,
];
// Calibration: over every variant, the share of attackers among accounts in each score bin.
const edges = rows[0]?.report.scores.edges ?? [];
const benignPerBin = edges.map((_, i) => rows.reduce((sum, r) => sum + (r.report.scores.benign[i] ?? 0), 0));
const attackPerBin = edges.map((_, i) => rows.reduce((sum, r) => sum + (r.report.scores.distillation[i] ?? 0), 0));
const calibrationRows: string[] = [];
const groups = [[0, 0.1], [0.1, 0.3], [0.3, 0.5], [0.5, 0.7], [0.7, 0.9], [0.9, 1.0001]] as const;
for (const [lo, hi] of groups) {
  let benign = 0;
  let attack = 0;
  edges.forEach((edge, i) => {
    if (edge >= lo - 1e-9 && edge < hi - 1e-9) {
      benign += benignPerBin[i] ?? 0;
      attack += attackPerBin[i] ?? 0;
    }
  });
  const n = benign + attack;
  calibrationRows.push(`| ${lo.toFixed(1)}–${Math.min(1, hi).toFixed(1)} | ${n} | ${n === 0 ? 'n/a' : pct(attack / n)} |`);
}
const calibrationTable = ['| score | accounts | share that are attackers |', '|---|---|---|', ...calibrationRows];
process.stdout.write(`${table.join('\n')}\n\n${spreadTable.join('\n')}\n(${untuned.length} of the variants were not tuned on)\n\n${calibrationTable.join('\n')}\n`);

if (values.docs) {
  const outDir = path.join(ROOT, 'docs/evaluation');
  mkdirSync(outDir, { recursive: true });
  for (const { variant, report } of rows) {
    const s = report.scores;
    const benignTotal = s.benign.reduce((a, b) => a + b, 0);
    const distTotal = s.distillation.reduce((a, b) => a + b, 0);
    writeFileSync(path.join(outDir, `${variant.name}-scores.svg`), columnChart(
      s.benign.map((_, i) => (s.edges[i] ?? 0).toFixed(2)),
      [
        { name: `benign (n = ${benignTotal})`, color: '#4e79a7', values: s.benign.map((v) => (benignTotal === 0 ? 0 : v / benignTotal)) },
        { name: `distillation (n = ${distTotal})`, color: '#e15759', values: s.distillation.map((v) => (distTotal === 0 ? 0 : v / distTotal)) },
      ],
      { title: `${variant.name}: account score by label (share of each label per bin)`, yFormat: (v) => `${Math.round(v * 100)}%`, xLabelEvery: 4 },
    ));
    writeFileSync(path.join(outDir, `${variant.name}-delay.svg`), cdfChart(report.delay.values_s, {
      title: `${variant.name}: detection delay (first exchange → flagged), cumulative share of flagged attackers`,
      markers: [{ label: 'median', value: report.delay.median_s }, { label: 'p90', value: report.delay.p90_s }],
    }));
  }
  writeFileSync(path.join(outDir, 'results.json'), `${JSON.stringify(rows.map((r) => ({ variant: r.variant, exchanges: r.exchanges, scan_seconds: r.scanSeconds,
    confusion: r.report.confusion, leakage: r.report.leakage, purity: { member_weighted: r.report.purity.member_weighted, detected_campaigns: r.report.purity.detected_campaigns },
    campaigns: r.report.campaigns, delay: { median_s: r.report.delay.median_s, p90_s: r.report.delay.p90_s }, archetypes: r.report.archetypes })), null, 2)}\n`);
  const docPath = path.join(ROOT, 'docs/EVALUATION.md');
  const doc = readFileSync(docPath, 'utf8');
  const start = doc.indexOf('<!-- matrix:start -->');
  const end = doc.indexOf('<!-- matrix:end -->');
  if (start < 0 || end < 0) throw new Error('docs/EVALUATION.md has no matrix markers');
  const generated = `<!-- matrix:start -->\n<!-- generated by: node --import tsx bench/detection-matrix.ts --docs (${new Date().toISOString().slice(0, 10)}, node ${process.version}) -->\n\n${table.join('\n')}\n\n${spreadTable.join('\n')}\n\n✗ marks a figure that misses its bar.\n\nCalibration over all variants (is a score of 0.8 right about 80 % of the time?):\n\n${calibrationTable.join('\n')}\n\n`;
  writeFileSync(docPath, doc.slice(0, start) + generated + doc.slice(end));
  process.stderr.write(`updated docs/EVALUATION.md and ${outDir}\n`);
}
