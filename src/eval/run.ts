/**
 * File-level evaluation, the part the CLI calls: validate and check the scan output, read the
 * labels, stream the exchanges once, compute, and write eval.json / eval.html. The order matters:
 * the scan is read first because the exchange pass needs each account's `first_flagged_at`.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { computeEvaluation } from './compute.js';
import { collectExchangeStats, flagCutoffs } from './exchange-stats.js';
import { readLabels } from './labels.js';
import { ProgressReporter, type ProgressSink } from './progress.js';
import { renderHtmlReport } from './render-html.js';
import { renderJsonReport } from './render-json.js';
import { readScanOutput } from './scan-output.js';
import type { EvaluationReport } from './types.js';

/** The input files of an evaluation, and where progress goes. */
export interface EvaluateFilesOptions {
  labels: string;
  exchanges: string;
  scanDir: string;
  /** Where progress of the exchange pass goes (stderr in the CLI); none when absent. */
  progress?: ProgressSink;
}

/** Runs the whole evaluation on files. Throws DistillguardError (file:line) on any bad input. */
export async function evaluateFiles(options: EvaluateFilesOptions): Promise<EvaluationReport> {
  const scan = await readScanOutput(options.scanDir);
  const labels = await readLabels(options.labels);

  const reporter = options.progress ? new ProgressReporter(options.progress, { noun: 'exchanges' }) : undefined;
  const started = performance.now();
  const stats = await collectExchangeStats(options.exchanges, {
    cutoffs: flagCutoffs(scan.accounts),
    ...(reporter ? { onProgress: (count: number) => reporter.update(count) } : {}),
  });
  reporter?.done(stats.records);
  const seconds = (performance.now() - started) / 1000;

  const report = computeEvaluation(labels, scan.accounts, scan.campaigns, stats.accounts);
  report.warnings.push(...scan.warnings);
  report.inputs = {
    labels: options.labels,
    exchanges: options.exchanges,
    scan_dir: options.scanDir,
    generated_at: new Date().toISOString(),
    exchange_pass_seconds: Math.round(seconds * 1000) / 1000,
  };
  return report;
}

/** Writes `text` to `path` through a temp file and a rename, so a reader never sees half a report. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temp, text, 'utf8');
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

/** Writes eval.json and eval.html. */
export async function writeReports(report: EvaluationReport, paths: { json: string; html: string }): Promise<void> {
  await writeFileAtomic(paths.json, renderJsonReport(report));
  await writeFileAtomic(paths.html, renderHtmlReport(report));
}
