/**
 * Which words made a template hit: replays a scan up to the first template hit of each chosen
 * account (the exchange about to be observed, matched against the table as it stood) and prints,
 * for each three-word window of that prompt's frame, the distinct accounts that had used it, how
 * many of them were suspects and how many were established. For telling a campaign's wrapper from
 * a topic or a question shape that the campaign and ordinary customers share (EVALUATION.md,
 * thirteenth pass).
 *
 *   node --import tsx bench/detection-shingles.ts --dir SIM_DIR --ids acct_…,acct_… [--min-suspects 5]
 *
 * SIM_DIR as `bench/detection-matrix.ts --keep DIR` leaves it. Windows are cut with a plain word
 * regex, not the engine's tokenizer, so a window the two cut differently (digits, ideographs) is
 * not shown; the count of tainted shingles is the engine's own.
 */
import path from 'node:path';
import { readProjectedBatches, readRecordBatches } from '../src/records/reader.js';
import { DetectionEngine } from '../src/detect/engine.js';
import { observedExchange } from '../src/detect/observed.js';
import { loadDefaultScorer } from '../src/detect/scorer.js';
import type { TemplateMatch } from '../src/detect/templates.js';
import { allShingles, FRAME_SALTS } from '../src/detect/text.js';
import { benchArgs } from './args.js';

const { values } = benchArgs(import.meta.url, { options: {
  dir: { type: 'string' }, ids: { type: 'string' }, 'min-suspects': { type: 'string', default: '5' },
} });
if (!values.dir || !values.ids) throw new Error('--dir SIM_DIR and --ids acct_…,acct_… are required (--help)');
const dir = values.dir;
const chosen = new Set(values.ids.split(','));
const minSuspects = Number(values['min-suspects']);

/** The engine's private parts this diagnosis reads (never written). */
interface ShingleCounts { find(shingle: number): number; users(slot: number): number; suspects(slot: number): number; established(slot: number): number }
interface EngineInternals {
  prompts: { of(prompt: string, system: string | undefined): { shingles: Uint32Array } };
  templates: { match(shingles: ArrayLike<number>, bar: null, account: null): TemplateMatch; table: ShingleCounts; isTainted(suspects: number, users: number): boolean; isPublic(shingle: number): boolean };
}

const engine = new DetectionEngine(loadDefaultScorer());
for await (const batch of readRecordBatches(path.join(dir, 'accounts.jsonl'), { kind: 'account', validate: false })) {
  for (const entry of batch) engine.addAccount(entry.record);
}
const internals = engine as unknown as EngineInternals;
const done = new Set<string>();
outer: for await (const batch of readProjectedBatches(path.join(dir, 'exchanges.jsonl'), { kind: 'exchange', order: 'time', validate: false }, observedExchange)) {
  for (const { record, time } of batch) {
    if (chosen.has(record.account_id) && !done.has(record.account_id)) {
      const shingles = internals.prompts.of(record.prompt, record.system).shingles.slice();
      const match = internals.templates.match(shingles, null, null);
      if (match.taintedShingles >= 2) {
        done.add(record.account_id);
        console.log(`${record.account_id} ${new Date(time).toISOString()} ${match.taintedShingles} tainted shingles (taint ${match.taint.toFixed(2)}) | ${record.prompt.slice(0, 200).replace(/\s+/g, ' ')}`);
        const words = record.prompt.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
        const present = new Set(shingles);
        for (let i = 0; i + 3 <= words.length; i++) {
          const window = words.slice(i, i + 3).join(' ');
          for (const [where, salt] of Object.entries(FRAME_SALTS)) {
            const shingle = allShingles(window, salt)[0]!;
            if (!present.has(shingle)) continue;
            const table = internals.templates.table;
            const slot = table.find(shingle);
            if (slot < 0 || table.suspects(slot) < minSuspects) continue;
            // match() skips known public text, whatever its counts
            const tainted = internals.templates.isPublic(shingle) ? '  (public text: never taints)'
              : internals.templates.isTainted(table.suspects(slot), table.users(slot)) ? '  <- tainted' : '';
            console.log(`   ${where.padEnd(6)} "${window}"  users ${table.users(slot)}  suspects ${table.suspects(slot)}  established ${table.established(slot)}${tainted}`);
          }
        }
        if (done.size === chosen.size) break outer;
      }
    }
    engine.observeExchange(record, time);
  }
}
for (const id of chosen) if (!done.has(id)) console.log(`${id}: no template hit`);
