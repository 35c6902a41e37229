/**
 * Where a scan's time goes, stage by stage, on the same records in one process (CPU time of this
 * thread's process, `process.cpuUsage`), each as a multiple of the JSON.parse of the same lines.
 *
 *   node --import tsx bench/scan-parts.ts --dir DIR [--records 60000] [--rounds 3] [--only STAGE-PREFIX]
 *
 * Stages: JSON.parse of the lines; the prompt classifiers (scorer.classify) alone; the frame
 * shingles alone; the whole engine (observe) with the real classifiers; the engine with a constant
 * scorer (the engine without the classifiers). Each stage runs `rounds` times; the best round counts
 * (the machine is shared: the least disturbed round is the closest to the code's own cost).
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { benchArgs } from './args.js';
import { DetectionEngine, promptOf } from '../src/detect/engine.js';
import { loadDefaultScorer } from '../src/detect/scorer.js';
import { frameShingles } from '../src/detect/text.js';
import type { PromptScorer } from '../src/detect/types.js';
import type { AccountRecord, ExchangeRecord } from '../src/records/types.js';
import { bestCpuMicros } from './cpu-time.js';

const { values } = benchArgs(import.meta.url, { options: { dir: { type: 'string' }, records: { type: 'string', default: '60000' }, rounds: { type: 'string', default: '3' }, only: { type: 'string' } } });
if (!values.dir) throw new Error('--dir DIR (a simulate output folder) is required');
const limit = Number(values.records);
const rounds = Number(values.rounds);

async function lines(file: string, max: number): Promise<string[]> {
  const out: string[] = [];
  const rl = readline.createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of rl) {
    if (line.length === 0) continue;
    out.push(line);
    if (out.length >= max) break;
  }
  rl.close();
  return out;
}

const exchangeLines = await lines(path.join(values.dir, 'exchanges.jsonl'), limit);
const accounts = (await lines(path.join(values.dir, 'accounts.jsonl'), Infinity)).map((l) => JSON.parse(l) as AccountRecord);
const records = exchangeLines.map((l) => JSON.parse(l) as ExchangeRecord);
const scorer = loadDefaultScorer();
const constant: PromptScorer = { thresholds: scorer.thresholds, classify: () => ({ jailbreak: 0, cot_extraction: 0, grader: 0, capability: 'general', language: 'en' }) };

/** CPU microseconds of the best of `rounds` runs of `fn`. */
const cpu = (fn: () => void): number => bestCpuMicros(fn, rounds);

let sink = 0;
const stages: Array<[string, () => void]> = [
  ['JSON.parse (floor)', () => { for (const l of exchangeLines) sink += (JSON.parse(l) as ExchangeRecord).usage.input_tokens; }],
  ['classifiers', () => { for (const r of records) sink += scorer.classify(promptOf(r), r.request.system).jailbreak; }],
  ['frame shingles', () => { for (const r of records) sink += frameShingles(promptOf(r), r.request.system).length; }],
  ['engine, constant scorer', () => { const e = new DetectionEngine(constant); for (const a of accounts) e.addAccount(a); for (const r of records) e.observe(r); sink += e.accountCount; }],
  ['engine + classifiers', () => { const e = new DetectionEngine(scorer); for (const a of accounts) e.addAccount(a); for (const r of records) e.observe(r); sink += e.accountCount; }],
];
const picked = values.only ? stages.filter(([name], i) => i === 0 || name.startsWith(values.only!)) : stages;
const results = picked.map(([name, fn]) => ({ name, us: cpu(fn) / records.length }));
const floor = results[0]!.us;
for (const r of results) process.stdout.write(`${r.name.padEnd(26)} ${r.us.toFixed(2).padStart(7)} us/exchange  ${(r.us / floor).toFixed(2)}x parse\n`);
process.stdout.write(`(${records.length} exchanges, best of ${rounds}; ${sink > 0 ? '' : ' '})\n`);
