/**
 * Scan throughput benchmark (issue "Detection engine", performance bars): the scan against the floor
 * for its input format, measured in the same process on the same file.
 *
 *   node --import tsx bench/scan-throughput.ts [--scenario medium] [--seed 1] [--scale 1] [--dir DIR]
 *                                              [--validate] [--prompt-memo N] [--dist] [--json out.json]
 *                                              [--young-gen-mb N] [--old-gen-mb N] [--public-text on|off]
 *
 * 1. Generates the scenario with `distillguard simulate` into DIR (kept and reused when it exists).
 * 2. Baseline: reads exchanges.jsonl and JSON-parses every line (the project's streaming reader
 *    with validation off: chunked reads, UTF-8 decoding, line splitting, JSON.parse) — nothing else.
 * 3. Scan: the full `distillguard scan` pipeline (scanFiles: the same reader, time ordering, the
 *    prompt classifiers and the detection engine, writing the spec v1 output).
 * With --young-gen-mb N the scan pass runs as `distillguard scan` runs it by default: in a worker
 * thread with an N MiB young generation (cli/scan-thread.ts; the CPU time counts every thread), and
 * with --old-gen-mb M its old generation limited to M MiB (a tree without that option ignores it).
 * Prints exchanges per second for both, the ratio scan/baseline (bar: <= 2.5), the same ratio in
 * CPU time of the process (steadier on a shared machine), exchanges per CPU second of both passes
 * (the rate bar: >= 100,000 on one core), and the scan's peak RSS (VmHWM of this process). Run it on a quiet machine: both passes share one core each in turn.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchArgs } from './args.js';
import type * as ScanModule from '../src/detect/scan.js';
import type * as ScorerModule from '../src/detect/scorer.js';
import type * as ReaderModule from '../src/records/reader.js';
import type * as ScanThreadModule from '../src/cli/scan-thread.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const { values } = benchArgs(import.meta.url, {
  options: {
    scenario: { type: 'string', default: 'medium' },
    seed: { type: 'string', default: '1' },
    scale: { type: 'string', default: '1' },
    dir: { type: 'string' },
    validate: { type: 'boolean', default: false },
    // the engine's prompt memo per generation (detect/prompt-memo.ts); 0 shows the scan without it
    'prompt-memo': { type: 'string' },
    json: { type: 'string' },
    // measure the compiled build (dist/, `npm run build` first) rather than the sources through tsx:
    // what `distillguard scan` runs
    dist: { type: 'boolean', default: false },
    // run the scan pass in a worker thread with this young generation (MiB), as the CLI does
    'young-gen-mb': { type: 'string' },
    'old-gen-mb': { type: 'string' },
    // off: the engine without the known public text of models/ (detection.publicText), for its cost
    'public-text': { type: 'string', default: 'on' },
  },
});
if (!['on', 'off'].includes(values['public-text']!)) throw new Error(`--public-text must be on or off, got ${values['public-text']}`);
if (values['young-gen-mb'] !== undefined && values['public-text'] === 'off') throw new Error('--young-gen-mb runs the CLI\'s scan: turn public text off in its config file instead');
if (values['young-gen-mb'] !== undefined && values['prompt-memo'] !== undefined) throw new Error('--young-gen-mb runs the CLI\'s scan, which has no --prompt-memo');

const code = values.dist ? '../dist' : '../src';
const { loadDefaultScorer } = (await import(`${code}/detect/scorer.js`)) as typeof ScorerModule;
const { scanFiles } = (await import(`${code}/detect/scan.js`)) as typeof ScanModule;
const { readRecordBatches } = (await import(`${code}/records/reader.js`)) as typeof ReaderModule;

const dir = values.dir ?? path.join(os.tmpdir(), `distillguard-bench-${values.scenario}-s${values.seed}-x${values.scale}`);
const exchanges = path.join(dir, 'exchanges.jsonl');
if (!existsSync(exchanges)) {
  process.stderr.write(`generating ${values.scenario} (seed ${values.seed}, scale ${values.scale}) into ${dir}\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'simulate',
    '--scenario', values.scenario!, '--seed', values.seed!, '--scale', values.scale!, '--out', dir], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error('simulate failed');
}

function peakRss(): number {
  const status = readFileSync('/proc/self/status', 'utf8');
  const match = /VmHWM:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) * 1024 : process.memoryUsage().rss;
}

/** CPU seconds (user + system, all threads of this process) since `since`. */
function cpuSeconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

async function baseline(): Promise<{ count: number; seconds: number; cpu: number }> {
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  let count = 0;
  for await (const batch of readRecordBatches(exchanges, { kind: 'exchange', validate: false })) count += batch.length;
  return { count, seconds: (performance.now() - started) / 1000, cpu: cpuSeconds(cpuStart) };
}

const scorer = loadDefaultScorer();
process.stderr.write('baseline pass (read + JSON.parse)…\n');
const base = await baseline();
process.stderr.write('scan pass…\n');
const rssBefore = peakRss();
const out = mkdtempSync(path.join(os.tmpdir(), 'distillguard-scan-bench-'));
const scanCpuStart = process.cpuUsage();
const youngGenMb = values['young-gen-mb'] === undefined ? undefined : Number(values['young-gen-mb']);
const scan = youngGenMb !== undefined
  ? await ((await import(`${code}/cli/scan-thread.js`)) as typeof ScanThreadModule).scanInWorker(
    { exchanges, accounts: path.join(dir, 'accounts.jsonl'), out, validate: values.validate, progress: true }, youngGenMb,
    ...(values['old-gen-mb'] === undefined ? [] : [Number(values['old-gen-mb'])]))
  : await scanFiles({ exchanges, accounts: path.join(dir, 'accounts.jsonl'), outDir: out, scorer, validate: values.validate,
    config: { ...(values['prompt-memo'] === undefined ? {} : { promptMemo: Number(values['prompt-memo']) }), publicText: values['public-text'] === 'on' },
    progress: process.stderr });
const scanCpu = cpuSeconds(scanCpuStart);
const rssAfter = peakRss();
// a second baseline pass after the scan: the ratio uses the faster of the two (page cache warm)
const base2 = await baseline();
const baseSeconds = Math.min(base.seconds, base2.seconds);
const baseCpu = Math.min(base.cpu, base2.cpu);

const report = {
  scenario: values.dir ? `files in ${dir}` : values.scenario,
  seed: values.dir ? null : Number(values.seed),
  scale: values.dir ? null : Number(values.scale),
  exchanges: scan.exchanges,
  accounts: scan.accounts,
  validate: values.validate,
  code: values.dist ? 'dist' : 'src (tsx)',
  prompt_memo: values['prompt-memo'] === undefined ? 'default' : Number(values['prompt-memo']),
  public_text: values['public-text'],
  scan_thread: youngGenMb === undefined ? 'main thread, node defaults' : `worker, young generation ${youngGenMb} MiB`,
  baseline_seconds: Math.round(baseSeconds * 100) / 100,
  baseline_exchanges_per_second: Math.round(base.count / baseSeconds),
  scan_seconds: Math.round(scan.seconds * 100) / 100,
  scan_exchanges_per_second: Math.round(scan.exchangesPerSecond),
  ratio_scan_to_baseline: Math.round((scan.seconds / baseSeconds) * 100) / 100,
  // CPU time of the process during each pass: on a shared machine, wall time also counts the time
  // other jobs held the core; CPU time does not
  baseline_cpu_seconds: Math.round(baseCpu * 100) / 100,
  scan_cpu_seconds: Math.round(scanCpu * 100) / 100,
  cpu_us_per_exchange_baseline: Math.round((baseCpu / base.count) * 1e7) / 10,
  cpu_us_per_exchange_scan: Math.round((scanCpu / scan.exchanges) * 1e7) / 10,
  ratio_scan_to_baseline_cpu: Math.round((scanCpu / baseCpu) * 100) / 100,
  // the rate bar is "on one core": exchanges per second of CPU time, which a shared machine's
  // waiting for a core does not lower (the scan's worker and GC threads are counted too)
  scan_exchanges_per_cpu_second: Math.round(scan.exchanges / scanCpu),
  baseline_exchanges_per_cpu_second: Math.round(base.count / baseCpu),
  peak_rss_mib: Math.round(Math.max(rssBefore, rssAfter) / 1048576),
  node: process.version,
  cpu: os.cpus()[0]?.model ?? 'unknown',
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
process.stdout.write(`\nscan ${report.scan_exchanges_per_second.toLocaleString('en-US')} exchanges/s · read+parse ${report.baseline_exchanges_per_second.toLocaleString('en-US')} exchanges/s · ratio ${report.ratio_scan_to_baseline} (bar <= 2.5) · CPU ratio ${report.ratio_scan_to_baseline_cpu} (${report.cpu_us_per_exchange_scan} / ${report.cpu_us_per_exchange_baseline} us per exchange) · peak RSS ${report.peak_rss_mib} MiB\n`);
process.stdout.write(`one core: scan ${report.scan_exchanges_per_cpu_second.toLocaleString('en-US')} exchanges per CPU second (bar >= 100,000) · read+parse alone ${report.baseline_exchanges_per_cpu_second.toLocaleString('en-US')}\n`);
if (values.json) writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
