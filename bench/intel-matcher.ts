/**
 * Cost of imported threat intelligence on the live engine: the detection engine over the same
 * exchanges with no partner indicators (baseline) and with a large imported set (address prefixes,
 * client stacks, payment and e-mail fingerprints, template fingerprints), in the same process,
 * alternating runs. A transparent keyword scorer stands in for the prompt classifiers so the figure
 * isolates the matcher (with the shipped classifiers the engine is slower and the ratio closer to 1).
 *
 *   node --import tsx bench/intel-matcher.ts [--scenario tiny] [--seed 1] [--rounds 5]
 *       [--prefixes 20000] [--stacks 5000] [--payments 20000] [--templates 2000]
 *
 * Prints exchanges per second for both and the ratio with/without (docs/INTEL.md records it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchArgs } from './args.js';
import { DetectionEngine } from '../src/detect/engine.js';
import type { PromptScorer } from '../src/detect/types.js';
import { SharingKey } from '../src/intel/fingerprints.js';
import { IntelIndex } from '../src/intel/match/intel-index.js';
import { ipv4ToText } from '../src/intel/stix/patterns.js';
import { readAllRecords } from '../src/records/reader.js';
import { runSimulation } from '../src/simulate/engine.js';
import { loadScenario } from '../src/simulate/scenario.js';
import type { StoredIntelIndicator } from '../src/store/types.js';

const { values } = benchArgs(import.meta.url, {
  options: {
    scenario: { type: 'string', default: 'tiny' }, seed: { type: 'string', default: '1' }, rounds: { type: 'string', default: '5' },
    prefixes: { type: 'string', default: '20000' }, stacks: { type: 'string', default: '5000' },
    payments: { type: 'string', default: '20000' }, templates: { type: 'string', default: '2000' },
  },
});

const scorer: PromptScorer = {
  classify(text) {
    return { jailbreak: 0.01, cot_extraction: /internal reasoning|chain of thought/i.test(text) ? 0.9 : 0.02, grader: 0.01, capability: 'math', language: 'en' };
  },
};

const dir = mkdtempSync(path.join(os.tmpdir(), 'dg-bench-intel-'));
await runSimulation({ scenario: loadScenario(values.scenario!), seed: Number(values.seed), outDir: dir, workers: 1 });
const accounts = await readAllRecords(path.join(dir, 'accounts.jsonl'), { kind: 'account' });
const exchanges = await readAllRecords(path.join(dir, 'exchanges.jsonl'), { kind: 'exchange', order: 'time' });
rmSync(dir, { recursive: true, force: true });

// a large imported set; random values, so almost nothing matches: the cost measured is the lookups
const key = new SharingKey(Buffer.alloc(32, 9));
let seed = 12345;
const random = (): number => { seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0; return seed; };
const hex = (n: number): string => Array.from({ length: n / 8 }, () => random().toString(16).padStart(8, '0')).join('');
const indicators: StoredIntelIndicator[] = [];
const add = (kind: string, specs: unknown[], extra: Record<string, unknown> = {}): void => {
  indicators.push({
    indicatorId: `indicator--${indicators.length}`, sourceId: 'identity--bench', source: 'Bench', modified: '2026-01-01T00:00:00.000Z', kind,
    validFrom: '2026-01-01T00:00:00.000Z', validUntil: null, importedAt: '2026-01-01T00:00:00.000Z', confidence: 0.8, trust: 1,
    data: { specs, report: 'bench', ...extra },
  });
};
// prefixes in 240.0.0.0/4 (reserved, never a client address): the lookups run, nothing matches
for (let i = 0; i < Number(values.prefixes); i++) add('ip_prefix', [{ kind: 'ip_prefix', family: 4, network: ipv4ToText(((0xf0000000 | (random() & 0x0fffff00)) >>> 0)), bits: i % 5 === 0 ? 16 : 24 }]);
for (let i = 0; i < Number(values.stacks); i++) add('client_stack', [{ kind: 'client_stack', asn: random() % 65000, userAgent: `agent/${i}`, tlsFingerprint: hex(32) }]);
for (let i = 0; i < Number(values.payments); i++) add('payment_fp', [{ kind: 'payment_fp', hmac: hex(64) }]);
for (let i = 0; i < Number(values.templates); i++) add('template', [{ kind: 'template', digests: Array.from({ length: 64 }, () => hex(16)) }], { minMatches: 3 });
const index = new IntelIndex(indicators, key);

let matches = 0;
const counting = {
  matchAccount: (record: Parameters<IntelIndex['matchAccount']>[0]) => { const m = index.matchAccount(record); matches += m.length; return m; },
  matchExchange: (record: Parameters<IntelIndex['matchExchange']>[0], shingles: Uint32Array) => { const m = index.matchExchange(record, shingles); matches += m.length; return m; },
};

function run(withIntel: boolean): number {
  const engine = new DetectionEngine(scorer, withIntel ? { intel: counting } : {});
  for (const account of accounts) engine.addAccount(account);
  const started = performance.now();
  for (const exchange of exchanges) engine.observe(exchange);
  return exchanges.length / ((performance.now() - started) / 1000);
}

run(false);
run(true); // warm-up of both paths
const base: number[] = [];
const intel: number[] = [];
// alternate which goes first, so that neither always pays for collecting the other's garbage
for (let r = 0; r < Number(values.rounds); r++) {
  if (r % 2 === 0) {
    base.push(run(false));
    intel.push(run(true));
  } else {
    intel.push(run(true));
    base.push(run(false));
  }
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const b = median(base);
const w = median(intel);
console.log(JSON.stringify({
  exchanges: exchanges.length, indicators: indicators.length, rounds: Number(values.rounds), matches_per_run: Math.round(matches / (Number(values.rounds) + 1)),
  baseline_exchanges_per_second: Math.round(b), with_intel_exchanges_per_second: Math.round(w), ratio_with_over_without: Math.round((w / b) * 1000) / 1000,
}));
