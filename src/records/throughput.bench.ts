/**
 * Hand-run throughput check of the JSONL reader (not a test):
 *   node --import tsx src/records/throughput.bench.ts [records=200000] [rounds=5]
 * Compares the reader with the floor "read the file + split lines + JSON.parse".
 */
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readRecordBatches, readRecords } from './jsonl.js';
import type { ExchangeRecord } from './types.js';

const N = Number(process.argv[2] ?? 200_000);
const dir = mkdtempSync(join(tmpdir(), 'dg-bench-'));
const path = join(dir, 'exchanges.jsonl');

function generate(): string {
  const out: string[] = [];
  let t = Date.parse('2026-04-22T09:00:00.000Z');
  for (let i = 0; i < N; i++) {
    t += (i * 7919) % 20;
    const r: ExchangeRecord = {
      id: `ex_${i}`,
      ts: new Date(t - ((i * 31) % 1000)).toISOString(),
      account_id: `acct_${i % 500}`,
      key_id: `key_${i % 900}`,
      surface: 'api',
      client: { ip: `10.0.${i % 255}.${i % 13}`, asn: 64512 + (i % 7), country: 'US', user_agent: 'python-httpx/0.27.0' },
      model: 'claude-sonnet-4',
      endpoint: 'anthropic.messages',
      request: {
        system: 'You are a helpful assistant.',
        messages: [{ role: 'user', content: `Solve problem ${i} step by step and show all of your reasoning before the final answer.` }],
        max_tokens: 1024,
        stream: i % 2 === 0,
      },
      response: { status: 200, text: `The answer to problem ${i} is ${i * 3}. First, we note that the quantity is bounded…`, finish_reason: 'end_turn' },
      usage: { input_tokens: 40 + (i % 50), output_tokens: 200 + (i % 300) },
      latency_ms: 800 + (i % 400),
    };
    out.push(JSON.stringify(r));
  }
  return `${out.join('\n')}\n`;
}

type Case = { name: string; run: () => Promise<number>; best: number; bestCpu: number };
const cases: Case[] = [];
const bench = (name: string, run: () => Promise<number>): void => {
  cases.push({ name, run, best: Infinity, bestCpu: Infinity });
};

/** Runs the cases round-robin (so background load hits them alike) and keeps each one's best time. */
async function runAll(rounds: number): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    for (const c of cases) {
      const start = performance.now();
      const cpu = process.cpuUsage();
      const n = await c.run();
      const ms = performance.now() - start;
      const used = process.cpuUsage(cpu);
      if (n !== N) throw new Error(`${c.name}: read ${n} records, expected ${N}`);
      c.best = Math.min(c.best, ms);
      c.bestCpu = Math.min(c.bestCpu, (used.user + used.system) / 1000);
    }
  }
  // wall clock suffers from other processes; CPU time (whole process, zlib threads included) less so
  const floor = N / cases[0]!.best;
  const floorCpu = N / cases[0]!.bestCpu;
  console.log(`${''.padEnd(46)} ${'wall clock'.padStart(21)}            ${'per CPU second'.padStart(21)}`);
  for (const c of cases) {
    const rate = N / c.best;
    const cpuRate = N / c.bestCpu;
    const fmt = (r: number): string => Math.round(r * 1000).toLocaleString('en').padStart(10);
    console.log(`${c.name.padEnd(46)} ${fmt(rate)} records/s ${(rate / floor).toFixed(2)}×   ${fmt(cpuRate)} records/s ${(cpuRate / floorCpu).toFixed(2)}×`);
  }
}

const text = generate();
writeFileSync(path, text);
writeFileSync(`${path}.gz`, gzipSync(text));
console.log(`${N} exchanges, ${(Buffer.byteLength(text) / 1e6).toFixed(1)} MB (${Math.round(Buffer.byteLength(text) / N)} bytes each)\n`);

bench('floor: stream chunks + split + JSON.parse', async () => {
  let n = 0;
  let rest = '';
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024, encoding: 'utf8' })) {
    const parts = (rest + (chunk as string)).split('\n');
    rest = parts.pop()!;
    for (const p of parts) if (p) { JSON.parse(p); n++; }
  }
  if (rest) { JSON.parse(rest); n++; }
  return n;
});
bench('floor: readFileSync + split + JSON.parse', async () => {
  let n = 0;
  for (const p of readFileSync(path, 'utf8').split('\n')) if (p) { JSON.parse(p); n++; }
  return n;
});
const count = async (it: AsyncIterable<unknown[]>): Promise<number> => { let n = 0; for await (const b of it) n += b.length; return n; };
bench('readRecordBatches, validate: false', () => count(readRecordBatches(path, { kind: 'exchange', validate: false })));
bench('readRecordBatches (validated)', () => count(readRecordBatches(path, { kind: 'exchange' })));
bench('readRecords (validated, one at a time)', async () => { let n = 0; for await (const _ of readRecords(path, { kind: 'exchange' })) n++; return n; });
bench("readRecords order: 'time' (validated)", async () => { let n = 0; for await (const _ of readRecords(path, { kind: 'exchange', order: 'time' })) n++; return n; });
bench('readRecordBatches .gz (validated)', () => count(readRecordBatches(`${path}.gz`, { kind: 'exchange' })));
await runAll(Number(process.argv[3] ?? 5));
rmSync(dir, { recursive: true, force: true });
