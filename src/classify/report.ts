/**
 * The evaluation report: a terminal table and the figures section of docs/CLASSIFIERS.md (the
 * text between the `<!-- figures:start -->` and `<!-- figures:end -->` markers is replaced).
 */

import { readFileSync, writeFileSync } from 'node:fs';
import { DistillguardError } from '../errors.js';
import { pct, spread, type FoldResult, type InDistribution, type SimulatorResult } from './evaluate.js';
import { BINARY_HEADS, type BinaryHead } from './labels.js';

export interface EvalReport {
  command: string;
  seed: string;
  folds: FoldResult[];
  test: InDistribution;
  simulator?: SimulatorResult;
  /** Bars of the issue: TPR at FPR ≤ 1% on held-out sources. */
  bars: Partial<Record<BinaryHead, number>>;
  modelBytes: number;
}

export const FIGURES_START = '<!-- figures:start -->';
export const FIGURES_END = '<!-- figures:end -->';

const HEAD_NAMES: Record<BinaryHead, string> = { jailbreak: 'jailbreak', cot_extraction: 'chain-of-thought extraction', grader: 'grader / reward-model use' };

/** Markdown of the figures. */
export function renderFigures(report: EvalReport): string {
  const lines: string[] = [];
  lines.push(`Measured with \`${report.command}\` (seed ${report.seed}; model files ${(report.modelBytes / 1e6).toFixed(2)} MB).`, '');
  lines.push('### Leave-one-source-out (TPR at the threshold giving FPR ≤ 1% on held-out rows of the benign sources seen)', '');
  lines.push('| head | bar | folds | TPR min | TPR median | TPR mean | TPR max | folds meeting the bar | unseen benign groups: FPR median | FPR max |');
  lines.push('|---|---|---|---|---|---|---|---|---|---|');
  for (const head of BINARY_HEADS) {
    const folds = report.folds.filter((f) => f.head === head);
    if (folds.length === 0) continue;
    const tprs = folds.filter((f) => f.positive !== undefined).map((f) => f.tpr);
    const fprs = folds.filter((f) => f.negative !== undefined).map((f) => f.fpr);
    const t = spread(tprs);
    const f = spread(fprs);
    const bar = report.bars[head];
    const meeting = bar === undefined ? '-' : `${tprs.filter((x) => x >= bar).length}/${tprs.length}`;
    lines.push(`| ${HEAD_NAMES[head]} | ${bar === undefined ? '-' : `≥ ${pct(bar)}`} | ${tprs.length} | ${pct(t.min)} | ${pct(t.median)} | ${pct(t.mean)} | ${pct(t.max)} | ${meeting} | ${pct(f.median)} | ${pct(f.max)} |`);
  }
  lines.push('');
  for (const head of BINARY_HEADS) {
    const folds = report.folds.filter((f) => f.head === head);
    if (folds.length === 0) continue;
    lines.push(`<details><summary>${HEAD_NAMES[head]}: every fold</summary>`, '');
    lines.push('| held-out positive source | positives | near-duplicates purged | TPR | held-out benign group | negatives | FPR |');
    lines.push('|---|---|---|---|---|---|---|');
    for (const f of folds) {
      lines.push(`| ${f.positive ?? '-'} | ${f.positive ? f.positives : '-'} | ${f.positive ? f.purged : '-'} | ${f.positive ? pct(f.tpr) : '-'} | ${f.negative ?? '-'} | ${f.negative ? f.negatives : '-'} | ${f.negative ? pct(f.fpr) : '-'} |`);
    }
    lines.push('', '</details>', '');
  }
  lines.push('### Shipped model on its held-out test rows (10% of every source, never trained or calibrated on)', '');
  lines.push('| head | threshold (FPR ≤ 1% on calibration rows) | ROC AUC | TPR | FPR | positives | negatives |', '|---|---|---|---|---|---|---|');
  for (const head of BINARY_HEADS) {
    const b = report.test.binary[head];
    lines.push(`| ${HEAD_NAMES[head]} | ${b.threshold.toFixed(3)} | ${b.auc.toFixed(4)} | ${pct(b.tpr)} | ${pct(b.fpr)} | ${b.positives} | ${b.negatives} |`);
  }
  lines.push('', `Capability area: accuracy ${pct(report.test.capabilityAccuracy)} on ${report.test.capabilityRows} labelled test rows. ` +
    `Latin-script language: accuracy ${pct(report.test.languageAccuracy)} on ${report.test.languageRows} test rows.`, '');
  if (report.simulator) {
    const sim = report.simulator;
    lines.push('### Simulator attack families and benign generators (never trained on)', '');
    lines.push('Share of prompts above each head\'s shipped threshold. Rows `attack/cot_extraction`, `attack/jailbreak_extraction` and `attack/grader_rubric` are true-positive rates of their head; `benign/*` rows are false-positive rates; the other attack kinds are distillation traffic that is neither a jailbreak, a CoT extraction nor grader use.', '');
    lines.push('| simulator group | prompts | jailbreak | CoT extraction | grader |', '|---|---|---|---|---|');
    for (const g of sim.groups) lines.push(`| ${g.group} | ${g.n} | ${pct(g.rates.jailbreak)} | ${pct(g.rates.cot_extraction)} | ${pct(g.rates.grader)} |`);
    const benign = sim.groups.filter((g) => g.group.startsWith('benign/'));
    const n = benign.reduce((a, g) => a + g.n, 0);
    const overall = (h: BinaryHead): number => benign.reduce((a, g) => a + g.rates[h] * g.n, 0) / n;
    lines.push(`| **all benign** | ${n} | ${pct(overall('jailbreak'))} | ${pct(overall('cot_extraction'))} | ${pct(overall('grader'))} |`, '');
    lines.push(`Capability area (simulator taxonomy mapped: science/law/medicine/finance/data_analysis → knowledge_qa): accuracy ${pct(sim.capabilityAccuracy)}. ` +
      `Language (the simulator labels a prompt by the language of its framing): accuracy ${pct(sim.languageAccuracy)} on ${sim.languageRows} prompts; per language: ` +
      `${Object.entries(sim.languageByCode).map(([k, v]) => `${k} ${pct(v.accuracy)} (${v.n})`).join(', ')}.`, '');
  }
  return lines.join('\n');
}

/** A short terminal summary. */
export function renderTerminal(report: EvalReport): string {
  const out: string[] = ['', 'leave-one-source-out (TPR at FPR ≤ 1% on seen benign sources):'];
  for (const head of BINARY_HEADS) {
    const folds = report.folds.filter((f) => f.head === head);
    if (folds.length === 0) continue;
    const t = spread(folds.filter((f) => f.positive).map((f) => f.tpr));
    const f = spread(folds.filter((x) => x.negative).map((x) => x.fpr));
    out.push(`  ${head.padEnd(15)} TPR min ${pct(t.min)} median ${pct(t.median)} max ${pct(t.max)} | unseen benign FPR median ${pct(f.median)} max ${pct(f.max)}`);
  }
  out.push('shipped model, test rows:');
  for (const head of BINARY_HEADS) {
    const b = report.test.binary[head];
    out.push(`  ${head.padEnd(15)} AUC ${b.auc.toFixed(4)} TPR ${pct(b.tpr)} FPR ${pct(b.fpr)} (threshold ${b.threshold.toFixed(3)})`);
  }
  if (report.simulator) {
    out.push('simulator (never trained on):');
    for (const g of report.simulator.groups) {
      out.push(`  ${g.group.padEnd(30)} ${String(g.n).padStart(5)}  jb ${pct(g.rates.jailbreak).padStart(6)}  cot ${pct(g.rates.cot_extraction).padStart(6)}  grader ${pct(g.rates.grader).padStart(6)}`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** Replaces the figures section of a markdown file. Throws FILE_NOT_READABLE / FILE_NOT_WRITABLE. */
export function writeFiguresSection(path: string, figures: string): void {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new DistillguardError('FILE_NOT_READABLE', `cannot read ${path} to update its figures`, { cause, hint: 'pass --docs <file> with a markdown file that has the figures markers' });
  }
  const a = text.indexOf(FIGURES_START);
  const b = text.indexOf(FIGURES_END);
  if (a < 0 || b < a) {
    throw new DistillguardError('FILE_NOT_READABLE', `${path} has no ${FIGURES_START} … ${FIGURES_END} section`, { hint: 'add both markers where the figures belong' });
  }
  const updated = `${text.slice(0, a + FIGURES_START.length)}\n${figures}\n${text.slice(b)}`;
  try {
    writeFileSync(path, updated);
  } catch (cause) {
    throw new DistillguardError('FILE_NOT_WRITABLE', `cannot write ${path}`, { cause });
  }
}
