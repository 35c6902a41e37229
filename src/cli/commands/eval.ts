import { Command, Option } from 'commander';
import { join } from 'node:path';
import { renderTerminalReport } from '../../eval/render-terminal.js';
import { evaluateFiles, writeReports } from '../../eval/run.js';

interface EvalFlags {
  labels: string;
  exchanges: string;
  scan: string;
  out?: string;
  json?: string;
  html?: string;
  progress: boolean;
}

/** `distillguard eval`: scores a scan output against ground-truth labels (report on stdout, JSON and HTML files). */
export function evalCommand(): Command {
  return new Command('eval')
    .description('evaluate a scan output against labels: detection, leakage, campaign purity and delay (docs/EVALUATION-METRICS.md)')
    .requiredOption('--labels <file>', 'ground truth: labels.jsonl[.gz] (spec v1 label)')
    .requiredOption('--exchanges <file>', 'the exchanges the scan read: exchanges.jsonl[.gz] (spec v1, streamed once)')
    .requiredOption('--scan <dir>', 'scan output folder with accounts.jsonl and campaigns.jsonl (spec v1 verdict)')
    .addOption(new Option('--out <dir>', 'folder for eval.json and eval.html (default: the --scan folder)'))
    .addOption(new Option('--json <file>', 'write the JSON report here (default: <out>/eval.json)'))
    .addOption(new Option('--html <file>', 'write the HTML report here (default: <out>/eval.html)'))
    .option('--no-progress', 'do not report progress of the exchange pass on stderr')
    .addHelpText('after', `
Example:
  distillguard eval --labels sim/labels.jsonl --exchanges sim/exchanges.jsonl.gz --scan scan-out
  (prints the report; writes scan-out/eval.json and scan-out/eval.html)

The scan output is validated first (any malformed line stops with file:line, exit 1); the
exchanges are then read once, keeping only per-account counts.`)
    .action(async (flags: EvalFlags) => {
      const out = flags.out ?? flags.scan;
      const paths = { json: flags.json ?? join(out, 'eval.json'), html: flags.html ?? join(out, 'eval.html') };
      const report = await evaluateFiles({
        labels: flags.labels,
        exchanges: flags.exchanges,
        scanDir: flags.scan,
        ...(flags.progress ? { progress: process.stderr } : {}),
      });
      await writeReports(report, paths);
      process.stdout.write(renderTerminalReport(report));
      process.stderr.write(`wrote ${paths.json} and ${paths.html}\n`);
    });
}
