import { Command, Option } from 'commander';
import { loadDefaultScorer } from '../../detect/scorer.js';
import { scanFiles, type ScanSummary } from '../../detect/scan.js';
import { detectionConfigOf, engineConfigOf } from '../../detect/settings.js';
import { DistillguardError } from '../../errors.js';
import { commandConfig } from '../common.js';
import { sharingKeyOf } from '../../intel/settings.js';
import { DEFAULT_SCAN_HEAP_GROWTH_PERCENT, DEFAULT_SCAN_OLD_GENERATION_MB, DEFAULT_SCAN_YOUNG_GENERATION_MB, scanInWorker, setHeapGrowthPercent } from '../scan-thread.js';

/** The scan command's flags: plain data, so that a worker thread can run the scan from them. */
export interface ScanFlags {
  exchanges: string;
  accounts?: string;
  out: string;
  config?: string;
  threshold?: string;
  progress: boolean;
  validate: boolean;
  intel?: string[];
  /** Young generation of the scan's thread, MiB; 0 runs the scan on the main thread (see scan-thread.ts). */
  youngGenMb?: string;
  /** Old generation limit of the scan's thread, MiB; 0 leaves node's default (see scan-thread.ts). */
  oldGenMb?: string;
  /** How far (percent) the old generation may grow past the live heap; 0 leaves V8's adaptive factor. */
  heapGrowth?: string;
}

/** Runs `distillguard scan` with these flags on the current thread (the scan worker runs this). */
export async function runScan(flags: ScanFlags): Promise<ScanSummary> {
  const config = commandConfig({ config: flags.config }, flags.threshold === undefined ? {} : { detection: { flagThreshold: Number(flags.threshold) } });
  const detection = config.detection;
  // partners' bundles (docs/INTEL.md), validated like an import; the STIX machinery is loaded only then
  const intel = flags.intel === undefined ? undefined
    : (await import('../../intel/match/bundle-matcher.js')).matcherFromBundles(flags.intel, config.intel, sharingKeyOf(config.intel, process.env), (m) => process.stderr.write(`warning: ${m}\n`));
  return scanFiles({
    exchanges: flags.exchanges,
    ...(flags.accounts === undefined ? {} : { accounts: flags.accounts }),
    outDir: flags.out,
    scorer: loadDefaultScorer(detection.modelsDir),
    config: { ...engineConfigOf(detectionConfigOf(config)), ...(intel === undefined ? {} : { intel }) },
    validate: flags.validate,
    ...(flags.progress ? { progress: process.stderr } : {}),
  });
}

/** A memory-tuning flag's value: a whole number (of `unit`), 0 or more. */
function wholeNumber(value: string | undefined, fallback: number, flag: string, unit: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new DistillguardError('CLI_USAGE', `${flag} must be a whole number of ${unit} (0 or more), got ${value}`);
  return n;
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
    .addOption(new Option('--young-gen-mb <n>', `young generation of the scan's worker thread in MiB (memory tuning; 0: scan on the main thread with node's defaults)`)
      .default(String(DEFAULT_SCAN_YOUNG_GENERATION_MB)))
    .addOption(new Option('--old-gen-mb <n>', `old generation limit of the scan's worker thread in MiB (memory tuning; 0: node's default)`)
      .default(String(DEFAULT_SCAN_OLD_GENERATION_MB)))
    .addOption(new Option('--heap-growth <percent>', `how far the JS heap may grow past its live data before a full collection (memory tuning; 0: V8's adaptive factor, up to 300)`)
      .default(String(DEFAULT_SCAN_HEAP_GROWTH_PERCENT)))
    .addHelpText('after', `
Example:
  distillguard simulate --scenario hard --seed 1 --out sim
  distillguard scan --exchanges sim/exchanges.jsonl --accounts sim/accounts.jsonl --out scan-out
  distillguard eval --labels sim/labels.jsonl --exchanges sim/exchanges.jsonl --scan scan-out

Every decision at time t uses only records with ts <= t: first_flagged_at is when a live
deployment would have acted. docs/DETECTION.md explains each signal and reason.`)
    .action(async (flags: ScanFlags) => {
      const youngGenerationMb = wholeNumber(flags.youngGenMb, DEFAULT_SCAN_YOUNG_GENERATION_MB, '--young-gen-mb', 'MiB');
      const oldGenerationMb = wholeNumber(flags.oldGenMb, DEFAULT_SCAN_OLD_GENERATION_MB, '--old-gen-mb', 'MiB');
      setHeapGrowthPercent(wholeNumber(flags.heapGrowth, DEFAULT_SCAN_HEAP_GROWTH_PERCENT, '--heap-growth', 'percent'));
      const summary = youngGenerationMb === 0 ? await runScan(flags) : await scanInWorker(flags, youngGenerationMb, oldGenerationMb);
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
