/**
 * Scan memory: does the engine's memory grow with accounts, not with exchanges, and by how much per
 * account? Streams a (large) exchanges file through the engine (reader, classifiers, engine) and
 * samples the process's memory every `--every` exchanges, with the number of accounts seen so far.
 *
 *   node --import tsx bench/scan-memory.ts --dir /tmp/rs [--every 250000] [--minutes 15]
 *       [--max-exchanges N] [--order time|file] [--whole] [--gc] [--parts] [--prompt-memo N] [--json out.json] [--src DIR] [--compare BASE_SRC_DIR]
 *
 * Generate the input first: `distillguard simulate --scenario report-scale --seed 1 --out /tmp/rs`.
 * `--minutes` / `--max-exchanges` stop early (a full report-scale run takes hours); the table then
 * covers the prefix read, which is printed.
 *
 * Bytes per account is the least-squares slope of RSS against accounts seen over the samples (the
 * first sample is left out: it holds the warm-up), and the 225,000-account figure extrapolates it
 * from the last sample. `--src DIR` loads the engine from another source tree (e.g. a `git archive`
 * of the base commit); `--compare BASE_SRC_DIR` runs this script twice in child processes on the
 * same input and limits, first with the engine from BASE_SRC_DIR, then with this tree's, and prints
 * both with their ratio: the before/after of a change measured in one session.
 * `--order file` reads the exchanges without the reader's time re-sorting (as `scan` does it, every
 * record is held for the 5-minute disorder window): only for a file known to be in time order, to
 * measure what holding that window costs. The window holds what the engine reads of each record
 * (detect/observed.ts), as `distillguard scan` does; `--whole` holds whole records (the scan before
 * 2026-11-24, and a --src tree without observed.ts). This runs on the main thread with node's
 * defaults: `distillguard scan` itself runs in a worker with a larger young generation, so measure
 * the command itself (docs/PERFORMANCE.md) for its figures. `--gc` (run node with --expose-gc) forces a full GC before
 * each sample, so that heap and external figures are live memory, and prints the live bytes per
 * account seen above what the account records took before the first exchange. `--parts` prints the
 * engine's entry counts (`DetectionEngine.memorySizes`) with each sample: which structure grows.
 * `--prompt-memo N` sets the engine's prompt memo per generation (0 turns it off).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { benchArgs } from './args.js';
import type { DetectionEngine as Engine } from '../src/detect/engine.js';
import type { PromptScorer } from '../src/detect/types.js';
import type { AccountRecord, ExchangeRecord } from '../src/records/types.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPORT_SCALE_ACCOUNTS = 225_000;

const { values } = benchArgs(import.meta.url, { options: {
  dir: { type: 'string' }, every: { type: 'string', default: '250000' }, minutes: { type: 'string', default: '15' },
  'max-exchanges': { type: 'string' }, order: { type: 'string', default: 'time' }, gc: { type: 'boolean', default: false },
  whole: { type: 'boolean', default: false }, parts: { type: 'boolean', default: false }, 'prompt-memo': { type: 'string' },
  json: { type: 'string' }, src: { type: 'string' },
  compare: { type: 'string' },
} });
if (!values.dir) throw new Error('--dir DIR (a simulate output folder) is required');

interface Sample { exchanges: number; accounts_seen: number; rss_mib: number; heap_total_mib: number; heap_mib: number; external_mib: number; seconds: number }
interface Report {
  src: string; account_records: number; exchanges_read: number; peak_rss_mib: number; rss_before_exchanges_mib: number;
  /** With --gc: live JS heap and external memory per account seen, above the figures before the first exchange. */
  live_heap_bytes_per_account?: number; live_external_bytes_per_account?: number;
  bytes_per_account: number; extrapolated_rss_mib_225k: number; samples: Sample[];
}

const MIB = 1048576;

/** Least-squares slope of RSS (bytes) against accounts seen, leaving out the warm-up sample. */
function bytesPerAccount(samples: readonly Sample[]): number {
  const points = samples.length > 2 ? samples.slice(1) : samples;
  const n = points.length;
  if (n < 2) return Number.NaN;
  const mx = points.reduce((s, p) => s + p.accounts_seen, 0) / n;
  const my = points.reduce((s, p) => s + p.rss_mib * MIB, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.accounts_seen - mx) * (p.rss_mib * MIB - my);
    sxx += (p.accounts_seen - mx) ** 2;
  }
  return sxx === 0 ? Number.NaN : sxy / sxx;
}

if (values.compare !== undefined) {
  // Parent: the same measurement twice, in child processes, base tree first.
  const forwarded = ['--dir', values.dir, '--every', values.every!, '--minutes', values.minutes!, '--order', values.order!, ...(values.whole ? ['--whole'] : [])];
  if (values.gc) forwarded.push('--gc');
  if (values['max-exchanges'] !== undefined) forwarded.push('--max-exchanges', values['max-exchanges']);
  const run = (src: string): Report => {
    process.stderr.write(`-- engine from ${src}\n`);
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...forwarded, '--src', src],
      { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 64 * MIB });
    if (child.status !== 0) throw new Error(`bench child for ${src} failed (${child.status})`);
    return JSON.parse(child.stdout) as Report;
  };
  const before = run(path.resolve(values.compare));
  const after = run(path.resolve(HERE, '../src'));
  // a slope needs three samples: JSON turns the NaN of fewer into null
  const fmt = (x: number | null): string => (x === null || Number.isNaN(x) ? 'n/a' : Math.round(x).toLocaleString('en'));
  const ratio = (x: number | null, y: number | null): string => (x === null || y === null || Number.isNaN(x / y) ? 'n/a' : (x / y).toFixed(2));
  const row = (name: string, r: Report): string =>
    `| ${name} | ${r.exchanges_read.toLocaleString('en')} | ${r.samples.at(-1)!.accounts_seen.toLocaleString('en')} | ${r.samples.at(-1)!.rss_mib} | ${r.peak_rss_mib} | ${fmt(r.bytes_per_account)} | ${fmt(r.extrapolated_rss_mib_225k)} |`;
  const lines = [
    '| engine | exchanges read | accounts seen | RSS at end (MiB) | peak RSS (MiB) | bytes / account (slope) | RSS at 225k accounts, extrapolated (MiB) |',
    '|---|---|---|---|---|---|---|',
    row('base', before),
    row('this tree', after),
    `| **ratio this / base** | | | ${(after.samples.at(-1)!.rss_mib / before.samples.at(-1)!.rss_mib).toFixed(2)} | ${(after.peak_rss_mib / before.peak_rss_mib).toFixed(2)} | ${ratio(after.bytes_per_account, before.bytes_per_account)} | ${ratio(after.extrapolated_rss_mib_225k, before.extrapolated_rss_mib_225k)} |`,
  ];
  if (values.gc) {
    const live = (r: Report): string => `${r.live_heap_bytes_per_account!.toLocaleString('en')} B heap + ${r.live_external_bytes_per_account!.toLocaleString('en')} B external`;
    lines.push('', `live memory per account seen (after a full GC): base ${live(before)}; this tree ${live(after)}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  if (values.json) writeFileSync(values.json, `${JSON.stringify({ before, after }, null, 2)}\n`);
  process.exit(0);
}

const src = path.resolve(values.src ?? path.resolve(HERE, '../src'));
const load = async <T>(rel: string): Promise<T> => (await import(pathToFileURL(path.join(src, rel)).href)) as T;
const { DetectionEngine } = await load<{ DetectionEngine: typeof Engine }>('detect/engine.ts');
const { loadDefaultScorer } = await load<{ loadDefaultScorer: () => PromptScorer }>('detect/scorer.ts');
// the reader is the same for both trees: load it from this one
const { readProjectedBatches, readRecordBatches } = await import('../src/records/reader.js');
const observed = values.whole ? undefined
  : await load<typeof import('../src/detect/observed.js')>('detect/observed.ts').catch(() => undefined);

const every = Number(values.every);
const maxExchanges = values['max-exchanges'] === undefined ? Infinity : Number(values['max-exchanges']);
const deadline = Date.now() + Number(values.minutes) * 60_000;

const status = (field: string): number => {
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) * 1024 : process.memoryUsage().rss;
};

// --prompt-memo N: the engine's prompt memo per generation (0: none), to see what the memo costs in memory
const engine = new DetectionEngine(loadDefaultScorer(), values['prompt-memo'] === undefined ? {} : { promptMemo: Number(values['prompt-memo']) });
let accountRecords = 0;
for await (const batch of readRecordBatches(path.join(values.dir, 'accounts.jsonl'), { kind: 'account', validate: false })) {
  for (const entry of batch) engine.addAccount(entry.record as AccountRecord);
  accountRecords += batch.length;
}
const forceGc = (globalThis as { gc?: () => void }).gc;
if (values.gc && forceGc === undefined) throw new Error('--gc needs node --expose-gc');
if (values.gc) forceGc!();
const rssBefore = status('VmRSS');
const memBefore = process.memoryUsage();
const samples: Sample[] = [];
const started = performance.now();
let count = 0;
let next = every;
const sample = (): void => {
  if (values.gc) forceGc!();
  const mem = process.memoryUsage();
  const row: Sample = { exchanges: count, accounts_seen: engine.accountCount, rss_mib: Math.round(status('VmRSS') / MIB),
    heap_total_mib: Math.round(mem.heapTotal / MIB), heap_mib: Math.round(mem.heapUsed / MIB), external_mib: Math.round(mem.external / MIB),
    seconds: Math.round((performance.now() - started) / 1000) };
  samples.push(row);
  process.stderr.write(`${JSON.stringify(row)}\n`);
  if (values.parts) process.stderr.write(`parts ${JSON.stringify(engineParts(engine))}\n`);
};
/** Entry counts of the engine's growing structures (`--parts`; `memorySizes`, absent from an older --src tree). */
function engineParts(e: Engine): Record<string, number> {
  return (e as Partial<Pick<Engine, 'memorySizes'>>).memorySizes?.() ?? {};
}
const readOptions = { kind: 'exchange', order: values.order === 'file' ? 'file' : 'time', validate: false } as const;
const exchangesFile = path.join(values.dir, 'exchanges.jsonl');
type Observed = import('../src/detect/observed.js').ObservedExchange;
const read = observed === undefined ? readRecordBatches(exchangesFile, readOptions) : readProjectedBatches(exchangesFile, readOptions, observed.observedExchange);
process.stderr.write(`the window holds ${observed === undefined ? 'whole records' : 'what the engine reads of each record'}\n`);
outer: for await (const batch of read) {
  for (const entry of batch) {
    if (observed === undefined) engine.observe(entry.record as ExchangeRecord);
    else (engine as unknown as { observeExchange(e: Observed, t: number): unknown }).observeExchange(entry.record as Observed, entry.time);
    count++;
    if (count >= next) {
      sample();
      next += every;
      if (Date.now() > deadline || count >= maxExchanges) break outer;
    }
  }
}
if (samples.at(-1)?.exchanges !== count) sample();
const slope = bytesPerAccount(samples);
const last = samples.at(-1)!;
const report: Report = {
  src, account_records: accountRecords, exchanges_read: count, peak_rss_mib: Math.round(status('VmHWM') / MIB),
  rss_before_exchanges_mib: Math.round(rssBefore / MIB), bytes_per_account: Math.round(slope),
  ...(values.gc ? {
    live_heap_bytes_per_account: Math.round((process.memoryUsage().heapUsed - memBefore.heapUsed) / last.accounts_seen),
    live_external_bytes_per_account: Math.round((process.memoryUsage().external - memBefore.external) / last.accounts_seen),
  } : {}),
  extrapolated_rss_mib_225k: Math.round(last.rss_mib + (slope * Math.max(0, REPORT_SCALE_ACCOUNTS - last.accounts_seen)) / MIB),
  samples,
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
if (values.json) writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
