/**
 * Why a scan misses its bars: reads a simulated scenario (labels, exchanges) and a scan of it, and
 * prints the benign false positives (archetype, score, reasons) and where attack exchanges leak
 * (per archetype: leaked exchanges of accounts never flagged vs. before their flag, and how many
 * exchanges the flagged accounts sent before the flag, with the signal that weighed most).
 *
 *   node --import tsx bench/detection-diagnose.ts --dir SIM_DIR [--scan SCAN_DIR] [--fp 40]
 *
 * SIM_DIR holds labels.jsonl and exchanges.jsonl (as `bench/detection-matrix.ts --keep DIR` leaves
 * them, scan output in SIM_DIR/scan). Labels are read here only, never by the engine.
 */
import { createReadStream, readFileSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { benchArgs } from './args.js';

const { values } = benchArgs(import.meta.url, { options: { dir: { type: 'string' }, scan: { type: 'string' }, fp: { type: 'string', default: '40' } } });
if (!values.dir) throw new Error('--dir SIM_DIR is required');
const dir = values.dir;
const scanDir = values.scan ?? path.join(dir, 'scan');

interface Label { account_id: string; label: string; campaign: string | null; archetype: string }
interface Verdict { account_id: string; score: number; flagged: boolean; first_flagged_at: string | null; campaign_id: string | null; reasons: Array<{ signal: string; weight?: number; detail: string }> }

const lines = (file: string): unknown[] => readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as unknown);
const labels = new Map((lines(path.join(dir, 'labels.jsonl')) as Label[]).map((l) => [l.account_id, l]));
const verdicts = new Map((lines(path.join(scanDir, 'accounts.jsonl')) as Verdict[]).map((v) => [v.account_id, v]));

// per attacker account: exchanges, leaked, and the exchange index at which it was flagged
const perAccount = new Map<string, { exchanges: number; leaked: number; firstTs: number }>();
// leaked attack exchanges per day since the first exchange of the file (a cold start leaks most)
const leakedByDay: number[] = [];
let startTs = Number.NaN;
const rl = readline.createInterface({ input: createReadStream(path.join(dir, 'exchanges.jsonl')), crlfDelay: Infinity });
for await (const line of rl) {
  if (line.length === 0) continue;
  const id = /"account_id":"([^"]+)"/.exec(line)?.[1];
  if (id === undefined || labels.get(id)?.label !== 'distillation') continue;
  const ts = Date.parse(/"ts":"([^"]+)"/.exec(line)![1]!);
  if (Number.isNaN(startTs)) startTs = ts;
  let entry = perAccount.get(id);
  if (!entry) perAccount.set(id, (entry = { exchanges: 0, leaked: 0, firstTs: ts }));
  entry.exchanges++;
  const v = verdicts.get(id);
  const flaggedAt = v?.flagged && v.first_flagged_at ? Date.parse(v.first_flagged_at) : Infinity;
  if (ts < flaggedAt) {
    entry.leaked++;
    const day = Math.floor((ts - startTs) / 86_400_000);
    leakedByDay[day] = (leakedByDay[day] ?? 0) + 1;
  }
}

// benign false positives
const fps = [...verdicts.values()].filter((v) => v.flagged && labels.get(v.account_id)?.label === 'benign');
const byArchetype = new Map<string, number>();
for (const v of fps) byArchetype.set(labels.get(v.account_id)!.archetype, (byArchetype.get(labels.get(v.account_id)!.archetype) ?? 0) + 1);
console.log(`benign false positives: ${fps.length}  ${[...byArchetype].map(([a, n]) => `${a} ${n}`).join(', ')}`);
for (const v of fps.slice(0, Number(values.fp))) {
  const l = labels.get(v.account_id)!;
  console.log(`  ${l.archetype.padEnd(18)} ${v.account_id} score ${v.score.toFixed(3)} campaign ${v.campaign_id ?? '-'} at ${v.first_flagged_at}`);
  for (const r of v.reasons) console.log(`      ${String(r.weight?.toFixed(2) ?? '').padStart(6)} ${r.signal}: ${r.detail}`);
}

// leakage per archetype
interface Agg { accounts: number; never: number; neverLeaked: number; flaggedLeaked: number; exchanges: number; before: number[]; topSignal: Map<string, number> }
const agg = new Map<string, Agg>();
let totalEx = 0;
let totalLeak = 0;
for (const [id, entry] of perAccount) {
  const l = labels.get(id)!;
  const key = `${l.archetype}${l.campaign ? `@${l.campaign}` : ''}`;
  let a = agg.get(key);
  if (!a) agg.set(key, (a = { accounts: 0, never: 0, neverLeaked: 0, flaggedLeaked: 0, exchanges: 0, before: [], topSignal: new Map() }));
  a.accounts++;
  a.exchanges += entry.exchanges;
  totalEx += entry.exchanges;
  totalLeak += entry.leaked;
  const v = verdicts.get(id);
  if (!v?.flagged) {
    a.never++;
    a.neverLeaked += entry.leaked;
  } else {
    a.flaggedLeaked += entry.leaked;
    a.before.push(entry.leaked);
    const top = v.reasons[0]?.signal ?? '?';
    a.topSignal.set(top, (a.topSignal.get(top) ?? 0) + 1);
  }
}
console.log(`\nattack exchanges ${totalEx}, leaked ${totalLeak} (${((100 * totalLeak) / totalEx).toFixed(2)}%)`);
console.log('archetype@campaign          accts never  exch    leaked(never) leaked(before flag)  before-flag p50/p90/max  top signal of flagged');
for (const [key, a] of [...agg].sort((x, y) => (y[1].neverLeaked + y[1].flaggedLeaked) - (x[1].neverLeaked + x[1].flaggedLeaked))) {
  const b = a.before.sort((x, y) => x - y);
  const q = (p: number): number => b.length === 0 ? 0 : b[Math.min(b.length - 1, Math.floor(p * b.length))]!;
  console.log(`${key.padEnd(28)}${String(a.accounts).padStart(5)} ${String(a.never).padStart(5)} ${String(a.exchanges).padStart(7)} ${String(a.neverLeaked).padStart(10)} ${String(a.flaggedLeaked).padStart(14)}          ${q(0.5)}/${q(0.9)}/${b[b.length - 1] ?? 0}   ${[...a.topSignal].sort((x, y) => y[1] - x[1]).map(([s, n]) => `${s} ${n}`).join(', ')}`);
}
console.log(`\nleaked by day since the first attack exchange: ${[...leakedByDay].map((n, day) => `day ${day + 1} ${n ?? 0}`).join(', ')}`);
