/**
 * Scan memory: does the engine's memory grow with accounts, not with exchanges? Streams a (large)
 * exchanges file through the full scan pipeline (reader, classifiers, engine) and samples the
 * process's resident memory every `--every` exchanges, with the number of accounts seen so far.
 *
 *   node --import tsx bench/scan-memory.ts --dir /tmp/rs [--every 250000] [--minutes 15] [--json out.json]
 *
 * Generate the input first: `distillguard simulate --scenario report-scale --seed 1 --out /tmp/rs`.
 * `--minutes` stops early (a full report-scale run takes hours while the classifiers cost ~100 µs a
 * prompt); the table then covers the prefix read, which is printed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DetectionEngine } from '../src/detect/engine.js';
import { loadDefaultScorer } from '../src/detect/scorer.js';
import { readRecordBatches } from '../src/records/reader.js';

const { values } = parseArgs({ options: {
  dir: { type: 'string' }, every: { type: 'string', default: '250000' }, minutes: { type: 'string', default: '15' }, json: { type: 'string' },
} });
if (!values.dir) throw new Error('--dir DIR (a simulate output folder) is required');
const every = Number(values.every);
const deadline = Date.now() + Number(values.minutes) * 60_000;

const rss = (): number => {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) * 1024 : process.memoryUsage().rss;
};
const peak = (): number => {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) * 1024 : rss();
};

const engine = new DetectionEngine(loadDefaultScorer());
let accountRecords = 0;
for await (const batch of readRecordBatches(path.join(values.dir, 'accounts.jsonl'), { kind: 'account', validate: false })) {
  for (const entry of batch) engine.addAccount(entry.record);
  accountRecords += batch.length;
}
const samples: Array<{ exchanges: number; accounts_seen: number; rss_mib: number; heap_mib: number; seconds: number }> = [];
const started = performance.now();
let count = 0;
let next = every;
const sample = (): void => {
  const row = { exchanges: count, accounts_seen: engine.accountCount, rss_mib: Math.round(rss() / 1048576),
    heap_mib: Math.round(process.memoryUsage().heapUsed / 1048576), seconds: Math.round((performance.now() - started) / 1000) };
  samples.push(row);
  process.stderr.write(`${JSON.stringify(row)}\n`);
};
outer: for await (const batch of readRecordBatches(path.join(values.dir, 'exchanges.jsonl'), { kind: 'exchange', order: 'time', validate: false })) {
  for (const entry of batch) {
    engine.observe(entry.record);
    count++;
    if (count >= next) {
      sample();
      next += every;
      if (Date.now() > deadline) break outer;
    }
  }
}
sample();
const report = { account_records: accountRecords, exchanges_read: count, peak_rss_mib: Math.round(peak() / 1048576), samples };
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
if (values.json) writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
