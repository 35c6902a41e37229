import { Command, Option } from 'commander';
import { loadDefaultScorer } from '../../detect/scorer.js';
import { scanFiles } from '../../detect/scan.js';
import { commandConfig } from '../common.js';
import { sharingKeyOf } from '../../intel/settings.js';

interface ScanFlags {
  exchanges: string;
  accounts?: string;
  out: string;
  config?: string;
  threshold?: string;
  progress: boolean;
  validate: boolean;
  intel?: string[];
}

/** `distillguard scan`: the online detection engine over a file of exchanges (spec v1 scan output). */
export function scanCommand(): Command {
  return new Command('scan')
    .description('detect distillation in exchange logs: online, in time order, no look-ahead (spec v1 scan output)')
    .requiredOption('--exchanges <file>', 'exchanges.jsonl[.gz] (spec v1 exchange records, in time order ±5 min)')
    .addOption(new Option('--accounts <file>', 'accounts.jsonl[.gz] (spec v1 account records; optional, detection is better with it)'))
    .requiredOption('--out <dir>', 'folder for accounts.jsonl and campaigns.jsonl (spec v1 verdict)')
    .addOption(new Option('--config <file>', 'YAML config file (its detection: section applies)').env('DISTILLGUARD_CONFIG'))
    .addOption(new Option('--threshold <p>', 'flag threshold on the account score, 0..1 (default: detection.flagThreshold, 0.5)'))
    .addOption(new Option('--intel <bundle...>', 'partners\' STIX 2.1 bundles: their indicators count as evidence (docs/INTEL.md)'))
    .option('--no-progress', 'do not report progress on stderr')
    .option('--no-validate', 'skip spec v1 validation of each exchange (faster; malformed JSON still stops the scan)')
    .addHelpText('after', `
Example:
  distillguard simulate --scenario hard --seed 1 --out sim
  distillguard scan --exchanges sim/exchanges.jsonl --accounts sim/accounts.jsonl --out scan-out
  distillguard eval --labels sim/labels.jsonl --exchanges sim/exchanges.jsonl --scan scan-out

Every decision at time t uses only records with ts <= t: first_flagged_at is when a live
deployment would have acted. docs/DETECTION.md explains each signal and reason.`)
    .action(async (flags: ScanFlags) => {
      const config = commandConfig({ config: flags.config }, flags.threshold === undefined ? {} : { detection: { flagThreshold: Number(flags.threshold) } });
      const detection = config.detection;
      // partners' bundles (docs/INTEL.md), validated like an import; the STIX machinery is loaded only then
      const intel = flags.intel === undefined ? undefined
        : (await import('../../intel/match/bundle-matcher.js')).matcherFromBundles(flags.intel, config.intel, sharingKeyOf(config.intel, process.env), (m) => process.stderr.write(`warning: ${m}\n`));
      const summary = await scanFiles({
        exchanges: flags.exchanges,
        ...(flags.accounts === undefined ? {} : { accounts: flags.accounts }),
        outDir: flags.out,
        scorer: loadDefaultScorer(detection.modelsDir),
        config: {
          flagThreshold: detection.flagThreshold,
          ...(detection.classifierThreshold === undefined ? {} : { classifierThreshold: detection.classifierThreshold }),
          allowlist: new Set(detection.allowlist),
          keepSamples: config.retention.keepText,
          ...(intel === undefined ? {} : { intel }),
        },
        validate: flags.validate,
        ...(flags.progress ? { progress: process.stderr } : {}),
      });
      process.stdout.write(`${JSON.stringify({
        exchanges: summary.exchanges,
        accounts: summary.accounts,
        flagged: summary.flagged,
        campaigns: summary.campaigns,
        seconds: Math.round(summary.seconds * 10) / 10,
        exchanges_per_second: Math.round(summary.exchangesPerSecond),
        out: flags.out,
      })}\n`);
    });
}
