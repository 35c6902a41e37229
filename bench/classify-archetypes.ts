/**
 * How often each classifier head fires on the prompts of every simulated population: reads a
 * simulate output (exchanges.jsonl, labels.jsonl), classifies the last user message of every
 * exchange (with its system prompt) and prints, per archetype, the share above each head's
 * shipped threshold. With several model folders the columns sit side by side, so a retrained
 * model is compared with the shipped one on the same prompts in one run.
 *
 *   node --import tsx bench/classify-archetypes.ts --dir DIR [--models DIR_A,DIR_B]
 *
 * The simulator's populations mix their kind of traffic with ordinary cover traffic (a grader
 * account of `hard` sends about 30 % ordinary prompts), so an attack archetype's rate is bounded
 * by its attack share. Benign archetypes' rates are false positives of the head.
 */
import { createReadStream, readFileSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { loadPromptClassifier, type PromptClassifier } from '../src/classify/index.js';
import type { ExchangeRecord } from '../src/records/types.js';

const { values } = parseArgs({ options: { dir: { type: 'string' }, models: { type: 'string' } } });
if (!values.dir) throw new Error('--dir DIR (a simulate output folder) is required');
const dirs = values.models ? values.models.split(',') : [undefined];
const classifiers: PromptClassifier[] = dirs.map((d) => loadPromptClassifier(d));

const archetypes = new Map<string, string>();
for (const line of readFileSync(path.join(values.dir, 'labels.jsonl'), 'utf8').split('\n')) {
  if (!line) continue;
  const l = JSON.parse(line) as { account_id: string; label: string; archetype: string };
  archetypes.set(l.account_id, `${l.label === 'distillation' ? 'attack' : 'benign'}/${l.archetype}`);
}

const HEADS = ['jailbreak', 'cot_extraction', 'grader'] as const;
// per archetype: prompts, then per model and head the count above threshold
const counts = new Map<string, { n: number; hits: number[][] }>();
const rl = readline.createInterface({ input: createReadStream(path.join(values.dir, 'exchanges.jsonl')), crlfDelay: Infinity });
for await (const line of rl) {
  if (line.length === 0) continue;
  const r = JSON.parse(line) as ExchangeRecord;
  const group = archetypes.get(r.account_id) ?? 'unlabelled';
  const messages = r.request.messages;
  let prompt = '';
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]!.role === 'user') { prompt = messages[i]!.content; break; }
  let c = counts.get(group);
  if (!c) counts.set(group, (c = { n: 0, hits: classifiers.map(() => [0, 0, 0]) }));
  c.n++;
  classifiers.forEach((clf, m) => {
    const s = clf.classify(prompt, r.request.system);
    HEADS.forEach((h, k) => { if (s[h] >= clf.thresholds[h]) c.hits[m]![k]!++; });
  });
}

const pct = (x: number, n: number): string => `${((100 * x) / n).toFixed(1)}%`;
const names = dirs.map((d, m) => (d ? `[${m}] ${d}` : '[0] shipped models'));
console.log(`prompt classifier hit rates per simulated population (${values.dir})\n${names.join('\n')}`);
console.log(`| population | prompts | ${HEADS.map((h) => dirs.map((_, m) => `${h} [${m}]`).join(' | ')).join(' | ')} |`);
console.log(`|---|---|${HEADS.map(() => dirs.map(() => '---|').join('')).join('')}`);
for (const [group, c] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
  console.log(`| ${group} | ${c.n} | ${HEADS.map((_, k) => dirs.map((__, m) => pct(c.hits[m]![k]!, c.n)).join(' | ')).join(' | ')} |`);
}
