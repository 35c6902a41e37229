import { Command, Option } from 'commander';
import { ProgressBar, SILENT_PROGRESS } from '../../simulate/progress.js';
import { runSimulation } from '../../simulate/engine.js';
import { builtinScenarios, loadScenario, scaleScenario } from '../../simulate/scenario.js';
import { parseIntegerFlag, parseNumberFlag } from '../common.js';

interface SimulateFlags {
  scenario: string;
  seed: number;
  scale: number;
  out: string;
  workers?: number;
  quiet?: boolean;
}

function scenarioHelp(): string {
  const list = builtinScenarios();
  if (list.length === 0) return '';
  const width = Math.max(...list.map((s) => s.name.length));
  return `\nBuilt-in scenarios (or give the path of a YAML/JSON scenario file; format in docs/SIMULATION.md):\n${list
    .map((s) => `  ${s.name.padEnd(width)}  ${s.description}`)
    .join('\n')}\n`;
}

/** `distillguard simulate`: synthetic traffic (benign customers and distillation campaigns) with ground-truth labels. */
export function simulateCommand(): Command {
  return new Command('simulate')
    .description('generate simulated API traffic with ground truth: exchanges.jsonl, accounts.jsonl and labels.jsonl (spec v1)')
    .requiredOption('--scenario <name|file>', 'a built-in scenario name or a scenario file')
    .requiredOption('--seed <n>', 'random seed: the same seed gives byte-identical output', parseIntegerFlag('--seed', 0))
    .addOption(new Option('--scale <factor>', 'multiply every population\'s account count').default(1).argParser(parseNumberFlag('--scale', 0.0001, 1000)))
    .requiredOption('--out <dir>', 'output folder (created if missing)')
    .addOption(new Option('--workers <n>', 'generator threads (output depends only on the seed while the prompt library is stateless)').argParser(parseIntegerFlag('--workers', 1, 64)))
    .addOption(new Option('--quiet', 'no progress bar'))
    .addHelpText('after', scenarioHelp)
    .action(async (flags: SimulateFlags) => {
      const scenario = scaleScenario(loadScenario(flags.scenario), flags.scale);
      const accounts = scenario.populations.reduce((s, p) => s + p.accounts, 0);
      if (!flags.quiet) {
        process.stderr.write(`simulate: scenario ${scenario.name} (${scenario.days} days, ${accounts} accounts${flags.scale === 1 ? '' : `, scale ${flags.scale}`}), seed ${flags.seed} → ${flags.out}\n`);
      }
      const summary = await runSimulation({
        scenario,
        seed: flags.seed,
        outDir: flags.out,
        ...(flags.workers === undefined ? {} : { workers: flags.workers }),
        progress: flags.quiet ? SILENT_PROGRESS : new ProgressBar(),
      });
      process.stdout.write(
        `${JSON.stringify({
          scenario: scenario.name,
          seed: flags.seed,
          accounts: summary.accounts,
          exchanges: summary.exchanges,
          exchange_bytes: summary.exchangeBytes,
          seconds: Math.round(summary.elapsedMs / 100) / 10,
        })}\n`,
      );
    });
}
