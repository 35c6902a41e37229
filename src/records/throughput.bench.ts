/**
 * Hand-run throughput check of the JSONL reader (not a test):
 *   node --import tsx src/records/throughput.bench.ts [records=200000]
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

async function time(name: string, fn: () => Promise<number>, base?: number): Promise<number> {
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const start = performance.now();
    const n = await fn();
    const ms = performance.now() - start;
    if (n !== N) throw new Error(`${name}: read ${n} records, expected ${N}`);
    best = Math.min(best, ms);
  }
  const rate = (N / best) * 1000;
  console.log(`${name.padEnd(44)} ${Math.round(rate).toLocaleString('en').padStart(10)} records/s${base ? `   ${(rate / base).toFixed(2)}× floor` : ''}`);
  return rate;
}

const text = generate();
writeFileSync(path, text);
writeFileSync(`${path}.gz`, gzipSync(text));
console.log(`${N} exchanges, ${(Buffer.byteLength(text) / 1e6).toFixed(1)} MB (${Math.round(Buffer.byteLength(text) / N)} bytes each)\n`);

const floor = await time('floor: stream chunks + split + JSON.parse', async () => {
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
await time('floor: readFileSync + split + JSON.parse', async () => {
  let n = 0;
  for (const p of readFileSync(path, 'utf8').split('\n')) if (p) { JSON.parse(p); n++; }
  return n;
}, floor);
const count = async (it: AsyncIterable<unknown[]>): Promise<number> => { let n = 0; for await (const b of it) n += b.length; return n; };
await time('readRecordBatches, validate: false', () => count(readRecordBatches(path, { kind: 'exchange', validate: false })), floor);
await time('readRecordBatches (validated)', () => count(readRecordBatches(path, { kind: 'exchange' })), floor);
await time('readRecords (validated, one at a time)', async () => { let n = 0; for await (const _ of readRecords(path, { kind: 'exchange' })) n++; return n; }, floor);
await time("readRecords order: 'time' (validated)", async () => { let n = 0; for await (const _ of readRecords(path, { kind: 'exchange', order: 'time' })) n++; return n; }, floor);
await time('readRecordBatches .gz (validated)', () => count(readRecordBatches(`${path}.gz`, { kind: 'exchange' })), floor);
rmSync(dir, { recursive: true, force: true });
