/**
 * Before/after of the scan's throughput in one session: runs `bench/scan-throughput.ts --dist` of
 * two checkouts (each built: `npx tsc -p tsconfig.build.json`) on the same files, alternating,
 * `rounds` times each, and prints per round the CPU ratio scan/floor and the scan's CPU per
 * exchange, then the medians and after/before.
 *
 *   node --import tsx bench/scan-ab.ts --before /path/to/before-checkout --dir /tmp/sim/hard [--after .] [--rounds 3]
 *
 * Each run is a separate process (no shared JIT or heap state); the order alternates
 * (before, after, after, before, …) so a drift in the machine's load falls on both.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchArgs } from './args.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = benchArgs(import.meta.url, { options: { before: { type: 'string' }, after: { type: 'string', default: ROOT }, dir: { type: 'string' }, rounds: { type: 'string', default: '3' }, extra: { type: 'string', default: '' } } });
if (!values.before || !values.dir) throw new Error('--before CHECKOUT and --dir SIMULATE_OUTPUT are required');

interface Report { ratio_scan_to_baseline_cpu: number; cpu_us_per_exchange_scan: number; cpu_us_per_exchange_baseline: number; ratio_scan_to_baseline: number; peak_rss_mib: number }

const tmp = mkdtempSync(path.join(os.tmpdir(), 'scan-ab-'));
function run(checkout: string, label: string, round: number): Report {
  const json = path.join(tmp, `${label}-${round}.json`);
  const args = ['--import', 'tsx', path.join(checkout, 'bench/scan-throughput.ts'), '--dir', values.dir!, '--dist', '--json', json, ...values.extra!.split(' ').filter(Boolean)];
  const result = spawnSync(process.execPath, args, { cwd: checkout, stdio: ['ignore', 'ignore', 'ignore'] });
  if (result.status !== 0) throw new Error(`${label} round ${round} failed`);
  return JSON.parse(readFileSync(json, 'utf8')) as Report;
}

const runs: Record<'before' | 'after', Report[]> = { before: [], after: [] };
const rounds = Number(values.rounds);
for (let r = 0; r < rounds; r++) {
  const order: Array<'before' | 'after'> = r % 2 === 0 ? ['before', 'after'] : ['after', 'before'];
  for (const label of order) {
    const report = run(label === 'before' ? values.before : values.after!, label, r);
    runs[label].push(report);
    process.stdout.write(`round ${r + 1} ${label.padEnd(6)} CPU ratio ${report.ratio_scan_to_baseline_cpu.toFixed(2)} · scan ${report.cpu_us_per_exchange_scan} us/exchange · floor ${report.cpu_us_per_exchange_baseline} us · wall ratio ${report.ratio_scan_to_baseline} · peak RSS ${report.peak_rss_mib} MiB\n`);
  }
}
const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]!; };
for (const label of ['before', 'after'] as const) {
  const rs = runs[label];
  process.stdout.write(`${label.padEnd(6)} median CPU ratio ${median(rs.map((x) => x.ratio_scan_to_baseline_cpu)).toFixed(2)} · scan ${median(rs.map((x) => x.cpu_us_per_exchange_scan))} us/exchange · floor ${median(rs.map((x) => x.cpu_us_per_exchange_baseline))} us\n`);
}
const perRound = runs.after.map((a, i) => a.cpu_us_per_exchange_scan / runs.before[i]!.cpu_us_per_exchange_scan);
process.stdout.write(`scan CPU after/before per round: ${perRound.map((x) => x.toFixed(2)).join(' · ')} (median ${median(perRound).toFixed(2)})\n`);
