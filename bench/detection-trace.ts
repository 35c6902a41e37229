/**
 * Follows chosen accounts through a scan, exchange by exchange: after each of their exchanges
 * (until they are flagged, and `--after N` more), their score and the reasons behind it. For finding
 * why an archetype leaks before its flag.
 *
 *   node --import tsx bench/detection-trace.ts --dir SIM_DIR --archetype capability_sweep[,grader…] [--campaign ember] [--accounts 3] [--after 0]
 *   node --import tsx bench/detection-trace.ts --dir SIM_DIR --ids acct_…,acct_…
 *
 * SIM_DIR as `bench/detection-matrix.ts --keep DIR` leaves it. Labels choose whom to follow and are
 * read here only, never by the engine.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readProjectedBatches, readRecordBatches } from '../src/records/reader.js';
import type { AccountState } from '../src/detect/account-state.js';
import { DetectionEngine } from '../src/detect/engine.js';
import { observedExchange } from '../src/detect/observed.js';
import { loadDefaultScorer } from '../src/detect/scorer.js';
import { benchArgs } from './args.js';

const { values } = benchArgs(import.meta.url, { options: {
  dir: { type: 'string' }, archetype: { type: 'string' }, campaign: { type: 'string' },
  accounts: { type: 'string', default: '3' }, after: { type: 'string', default: '0' }, ids: { type: 'string' },
} });
if (!values.dir) throw new Error('--dir SIM_DIR is required');
const dir = values.dir;
interface Label { account_id: string; label: string; campaign: string | null; archetype: string }
const labels = readFileSync(path.join(dir, 'labels.jsonl'), 'utf8').split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as Label);
const archetypes = (values.archetype ?? '').split(',');
const chosen = new Set<string>(values.ids ? values.ids.split(',') : archetypes.flatMap((archetype) => labels
  .filter((l) => l.archetype === archetype && (values.campaign === undefined || l.campaign === values.campaign))
  .slice(0, Number(values.accounts)).map((l) => l.account_id)));
const after = Number(values.after);

const engine = new DetectionEngine(loadDefaultScorer());
const created = new Map<string, string>();
for await (const batch of readRecordBatches(path.join(dir, 'accounts.jsonl'), { kind: 'account', validate: false })) {
  for (const entry of batch) {
    engine.addAccount(entry.record);
    if (chosen.has(entry.record.account_id)) created.set(entry.record.account_id, entry.record.created_at);
  }
}
for (const id of chosen) console.log(`${id} created ${created.get(id)}`);
const seen = new Map<string, { n: number; sinceFlag: number }>();
for await (const batch of readProjectedBatches(path.join(dir, 'exchanges.jsonl'), { kind: 'exchange', order: 'time', validate: false }, observedExchange)) {
  for (const { record, time } of batch) {
    engine.observeExchange(record, time);
    if (!chosen.has(record.account_id)) continue;
    let s = seen.get(record.account_id);
    if (!s) seen.set(record.account_id, (s = { n: 0, sinceFlag: -1 }));
    s.n++;
    const v = engine.verdict(record.account_id)!;
    if (v.flagged) s.sinceFlag++;
    if (s.sinceFlag > after) continue;
    const reasons = v.reasons.map((r) => `${r.signal} ${r.weight}`).join(', ');
    // the engine's running counts behind the score (private state, read here for diagnosis only)
    const state = (engine as unknown as { stateOf(id: string): AccountState }).stateOf(record.account_id);
    const counts = `evidence ${state.evidence.toFixed(2)} hits t${state.hits.template}/c${state.hits.cot_extraction}/g${state.hits.grader}/j${state.hits.jailbreak}/h${state.hits.cohort}`;
    console.log(`${record.account_id} #${s.n} ${new Date(time).toISOString()} asn ${record.client.asn} score ${v.score.toFixed(3)}${v.flagged ? ' FLAGGED' : ''} | ${counts} | ${reasons} | ${record.prompt.slice(0, 90).replace(/\s+/g, ' ')}`);
  }
}
