/**
 * The JSON report (eval.json): the report object as is, pretty-printed, so it diffs well between
 * runs. Every figure of the terminal and HTML reports is in it.
 */
import type { EvaluationReport } from './types.js';

/** Serialises the report; numbers stay full precision (rounding is for display only). */
export function renderJsonReport(report: EvaluationReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
