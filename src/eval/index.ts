/**
 * Evaluation of a scan against ground truth (`distillguard eval`): metrics in `compute.ts`
 * (pure), the streaming exchange pass in `exchange-stats.ts`, input checks in `scan-output.ts` and
 * `labels.ts`, renderers in `render-*.ts`, and the file-level runner in `run.ts`.
 * Metric definitions: docs/EVALUATION-METRICS.md.
 */
export { computeEvaluation } from './compute.js';
export { collectExchangeStats, flagCutoffs } from './exchange-stats.js';
export type { ExchangeStatsOptions, ExchangeStatsResult } from './exchange-stats.js';
export { readLabels } from './labels.js';
export { ProgressReporter } from './progress.js';
export type { ProgressOptions, ProgressSink } from './progress.js';
export { renderHtmlReport } from './render-html.js';
export { renderJsonReport } from './render-json.js';
export { renderTerminalReport } from './render-terminal.js';
export { evaluateFiles, writeReports } from './run.js';
export type { EvaluateFilesOptions } from './run.js';
export { readScanOutput, SCAN_FILES } from './scan-output.js';
export type { ScanOutput } from './scan-output.js';
export { formatDuration, nearestRank, ratio } from './stats.js';
export type * from './types.js';
export { MAX_EXAMPLES } from './types.js';
