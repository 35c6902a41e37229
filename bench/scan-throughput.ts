/**
 * Scan throughput benchmark (issue "Detection engine", performance bars): the scan against the floor
 * for its input format, measured in the same process on the same file.
 *
 *   node --import tsx bench/scan-throughput.ts [--scenario medium] [--seed 1] [--scale 1] [--dir DIR]
 *                                              [--validate] [--json out.json]
 *
 * 1. Generates the scenario with `distillguard simulate` into DIR (kept and reused when it exists).
 * 2. Baseline: reads exchanges.jsonl and JSON-parses every line (the project's streaming reader
 *    with validation off: chunked reads, UTF-8 decoding, line splitting, JSON.parse) — nothing else.
 * 3. Scan: the full `distillguard scan` pipeline (scanFiles: the same reader, time ordering, the
 *    prompt classifiers and the detection engine, writing the spec v1 output).
 * Prints exchanges per second for both, the ratio scan/baseline (bar: <= 2.5), and the scan's peak
 * RSS (VmHWM of this process). Run it on a quiet machine: both passes share one core each in turn.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadDefaultScorer } from '../src/detect/scorer.js';
import { scanFiles } from '../src/detect/scan.js';
import { readRecordBatches } from '../src/records/reader.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'medium' },
    seed: { type: 'string', default: '1' },
    scale: { type: 'string', default: '1' },
    dir: { type: 'string' },
    validate: { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});

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

async function baseline(): Promise<{ count: number; seconds: number }> {
  const started = performance.now();
  let count = 0;
  for await (const batch of readRecordBatches(exchanges, { kind: 'exchange', validate: false })) count += batch.length;
  return { count, seconds: (performance.now() - started) / 1000 };
}

const scorer = loadDefaultScorer();
process.stderr.write('baseline pass (read + JSON.parse)…\n');
const base = await baseline();
process.stderr.write('scan pass…\n');
const rssBefore = peakRss();
const out = mkdtempSync(path.join(os.tmpdir(), 'distillguard-scan-bench-'));
const scan = await scanFiles({ exchanges, accounts: path.join(dir, 'accounts.jsonl'), outDir: out, scorer, validate: values.validate, progress: process.stderr });
const rssAfter = peakRss();
// a second baseline pass after the scan: the ratio uses the faster of the two (page cache warm)
const base2 = await baseline();
const baseSeconds = Math.min(base.seconds, base2.seconds);

const report = {
  scenario: values.dir ? `files in ${dir}` : values.scenario,
  seed: values.dir ? null : Number(values.seed),
  scale: values.dir ? null : Number(values.scale),
  exchanges: scan.exchanges,
  accounts: scan.accounts,
  validate: values.validate,
  baseline_seconds: Math.round(baseSeconds * 100) / 100,
  baseline_exchanges_per_second: Math.round(base.count / baseSeconds),
  scan_seconds: Math.round(scan.seconds * 100) / 100,
  scan_exchanges_per_second: Math.round(scan.exchangesPerSecond),
  ratio_scan_to_baseline: Math.round((scan.seconds / baseSeconds) * 100) / 100,
  peak_rss_mib: Math.round(Math.max(rssBefore, rssAfter) / 1048576),
  node: process.version,
  cpu: os.cpus()[0]?.model ?? 'unknown',
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
process.stdout.write(`\nscan ${report.scan_exchanges_per_second.toLocaleString('en-US')} exchanges/s · read+parse ${report.baseline_exchanges_per_second.toLocaleString('en-US')} exchanges/s · ratio ${report.ratio_scan_to_baseline} (bar <= 2.5) · peak RSS ${report.peak_rss_mib} MiB\n`);
if (values.json) writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
