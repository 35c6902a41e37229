/**
 * How far over its threshold each classifier hit scores, for ordinary and for campaign prompts of a
 * simulated scenario: the likelihood ratio of a hit by its margin, which the engine's grader hit
 * weight steps follow (`graderMarginWeight`, src/detect/evidence.ts).
 *
 *   node --import tsx bench/classify-margins.ts --dir SIM_DIR
 *
 * SIM_DIR holds labels.jsonl and exchanges.jsonl (`distillguard simulate`, or a kept matrix variant).
 * Each exchange's prompt (the last user message, with the system prompt, as the engine reads it) is
 * scored by the shipped classifiers; for the CoT and grader heads, every prompt at or over the
 * threshold is counted in a band of `logit(score) − logit(threshold)`. Per band it prints the hits
 * among distillation and among benign prompts, each as a share of all prompts of that label, and
 * their ratio (the likelihood ratio of a hit in that band) with its natural log, the evidence a hit
 * there carries. Labels are read here only, never by the engine.
 */
import { createReadStream, readFileSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { benchArgs } from './args.js';
import { loadDefaultScorer } from '../src/detect/scorer.js';
import { observedExchange } from '../src/detect/observed.js';
import { logitMargin } from '../src/detect/evidence.js';
import type { ExchangeRecord } from '../src/records/index.js';

const { values } = benchArgs(import.meta.url, { options: { dir: { type: 'string' } } });
if (!values.dir) throw new Error('--dir SIM_DIR is required (a folder with labels.jsonl and exchanges.jsonl)');
const dir = values.dir;

const labelOf = new Map<string, string>();
for (const line of readFileSync(path.join(dir, 'labels.jsonl'), 'utf8').split('\n')) {
  if (line.length === 0) continue;
  const label = JSON.parse(line) as { account_id: string; label: string };
  labelOf.set(label.account_id, label.label);
}

const scorer = loadDefaultScorer();
const thresholds = scorer.thresholds!;
const HEADS = ['cot_extraction', 'grader'] as const;
const EDGES = [0, 1, 2, 3, 4, 6, Infinity];
const LABELS = ['distillation', 'benign'] as const;
const prompts: Record<string, number> = { distillation: 0, benign: 0 };
const hits = new Map<string, number[]>();
for (const head of HEADS) for (const label of LABELS) hits.set(`${head}/${label}`, EDGES.slice(1).map(() => 0));

const lines = readline.createInterface({ input: createReadStream(path.join(dir, 'exchanges.jsonl')), crlfDelay: Infinity });
let seen = 0;
for await (const line of lines) {
  if (line.length === 0) continue;
  const observed = observedExchange(JSON.parse(line) as ExchangeRecord);
  const label = labelOf.get(observed.account_id);
  if (label !== 'distillation' && label !== 'benign') throw new Error(`${observed.account_id}: no label in ${dir}/labels.jsonl`);
  prompts[label]!++;
  const scores = scorer.classify(observed.prompt, observed.system);
  for (const head of HEADS) {
    if (scores[head] < thresholds[head]) continue;
    const margin = logitMargin(scores[head], thresholds[head]);
    const band = EDGES.findIndex((edge, i) => margin >= edge && margin < EDGES[i + 1]!);
    hits.get(`${head}/${label}`)![band]!++;
  }
  if (++seen % 50_000 === 0) process.stderr.write(`  ${seen.toLocaleString('en-US')} exchanges\n`);
}

console.log(`${dir}: ${prompts.distillation!.toLocaleString('en-US')} distillation prompts, ${prompts.benign!.toLocaleString('en-US')} benign`);
for (const head of HEADS) {
  console.log(`\n${head} (threshold ${thresholds[head].toFixed(3)}): hits by margin over it, in logits`);
  console.log('  margin     distillation (share)    benign (share)          LR       ln LR');
  EDGES.slice(1).forEach((upper, band) => {
    const attack = hits.get(`${head}/distillation`)![band]!;
    const benign = hits.get(`${head}/benign`)![band]!;
    const attackShare = attack / prompts.distillation!;
    const benignShare = benign / prompts.benign!;
    const ratio = benign === 0 ? Infinity : attackShare / benignShare;
    const range = `[${EDGES[band]}, ${upper === Infinity ? '∞' : upper})`;
    console.log(`  ${range.padEnd(9)}  ${String(attack).padStart(6)} (${(attackShare * 100).toFixed(3)} %)     ${String(benign).padStart(6)} (${(benignShare * 100).toFixed(4)} %)   ${ratio === Infinity ? '   (no benign)' : ratio.toFixed(1).padStart(8)}   ${ratio === Infinity ? '' : Math.log(ratio).toFixed(2)}`);
  });
}
