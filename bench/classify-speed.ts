/**
 * Prompt classifier speed: microseconds per prompt on a real prompt mix, against baselines run in
 * the same process on the same prompts:
 *   - `JSON.parse` of the prompt's classify input line (what `distillguard classify` must do anyway),
 *   - lower-casing the text and splitting it on white space (the least any text model does).
 * The ratios (of CPU time, which waiting for a core on a shared machine does not inflate) travel
 * between machines better than the raw figures.
 *
 * The mix: the traffic simulator's prompt library (src/simulate/text, shipped in the repo), every
 * benign kind and every distillation attack kind, plus long jailbreak-style prompts (4–12 kB) to
 * show the cost of the length cap. Also measures loading the shipped models, and `scoreHeads` (the
 * binary heads alone, what the gateway's prompt rules call).
 *
 *   node --import tsx bench/classify-speed.ts [--per-kind 300] [--rounds 5] [--json out.json]
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { benchArgs } from './args.js';
import { loadPromptClassifier } from '../src/classify/index.js';
import { simulatorPrompts } from '../src/classify/simulator-holdout.js';

const { values } = benchArgs(import.meta.url, {
  options: { 'per-kind': { type: 'string', default: '300' }, rounds: { type: 'string', default: '5' }, json: { type: 'string' } },
});
const perKind = Number(values['per-kind']);
const rounds = Number(values.rounds);

const loadStarted = performance.now();
const classifier = loadPromptClassifier();
const loadMs = performance.now() - loadStarted;

const mix = simulatorPrompts({ seed: 'bench', perKind }).map((p) => ({ text: p.text, system: p.system }));
const longPrompts = mix
  .filter((p) => p.text.length > 600)
  .slice(0, 200)
  .map((p, i) => ({ text: `${p.text}\n\n`.repeat(2 + (i % 8)).slice(0, 4000 + (i % 9) * 1000), system: p.system }));
const lines = mix.map((p, i) => JSON.stringify({ id: `p${i}`, text: p.text, ...(p.system ? { system: p.system } : {}) }));

let sink = 0;
/** Median over rounds of the mean µs per item, and per-call percentiles from the last round. */
function measure<T>(items: readonly T[], work: (item: T) => number): { meanUs: number; cpuUs: number; p50Us: number; p99Us: number } {
  const means: number[] = [];
  const cpus: number[] = [];
  let perCall: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const times = new Float64Array(items.length);
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (let i = 0; i < items.length; i++) {
      const t0 = performance.now();
      sink += work(items[i]!);
      times[i] = performance.now() - t0;
    }
    means.push(((performance.now() - started) * 1000) / items.length);
    const used = process.cpuUsage(cpu);
    cpus.push((used.user + used.system) / items.length);
    perCall = Array.from(times).sort((a, b) => a - b);
  }
  means.sort((a, b) => a - b);
  cpus.sort((a, b) => a - b);
  const q = (p: number): number => perCall[Math.min(perCall.length - 1, Math.floor(p * perCall.length))]! * 1000;
  return { meanUs: means[Math.floor(means.length / 2)]!, cpuUs: cpus[Math.floor(cpus.length / 2)]!, p50Us: q(0.5), p99Us: q(0.99) };
}

// warm-up (JIT) on everything once
for (const p of mix) sink += classifier.classify(p.text, p.system).jailbreak;

const classify = measure(mix, (p) => classifier.classify(p.text, p.system).jailbreak);
// what the gateway's prompt rules call on a request's path: the binary heads alone
const heads = measure(mix, (p) => classifier.scoreHeads(p.text, p.system).jailbreak);
const parse = measure(lines, (l) => (JSON.parse(l) as { text: string }).text.length);
const split = measure(mix, (p) => p.text.toLowerCase().split(/\s+/).length);
const classifyLong = measure(longPrompts, (p) => classifier.classify(p.text, p.system).jailbreak);
const splitLong = measure(longPrompts, (p) => p.text.toLowerCase().split(/\s+/).length);

const chars = mix.reduce((a, p) => a + p.text.length, 0) / mix.length;
const longChars = longPrompts.reduce((a, p) => a + p.text.length, 0) / longPrompts.length;
const f = (x: number): string => x.toFixed(2);
const report = {
  node: process.version,
  prompts: mix.length,
  mean_chars: Math.round(chars),
  load_ms: Math.round(loadMs),
  load_average_1min: +os.loadavg()[0]!.toFixed(2),
  classify_us: { mean: +f(classify.meanUs), cpu: +f(classify.cpuUs), p50: +f(classify.p50Us), p99: +f(classify.p99Us) },
  score_heads_us: { mean: +f(heads.meanUs), cpu: +f(heads.cpuUs), p50: +f(heads.p50Us), p99: +f(heads.p99Us) },
  ratio_score_heads_to_classify: +f(heads.cpuUs / classify.cpuUs),
  json_parse_us: { mean: +f(parse.meanUs), cpu: +f(parse.cpuUs) },
  lowercase_split_us: { mean: +f(split.meanUs), cpu: +f(split.cpuUs) },
  // ratios of CPU time: on a shared machine, wall time mostly measures waiting for a core
  ratio_classify_to_json_parse: +f(classify.cpuUs / parse.cpuUs),
  ratio_classify_to_lowercase_split: +f(classify.cpuUs / split.cpuUs),
  long_prompts: longPrompts.length,
  long_mean_chars: Math.round(longChars),
  long_classify_us: { mean: +f(classifyLong.meanUs), cpu: +f(classifyLong.cpuUs), p99: +f(classifyLong.p99Us) },
  long_lowercase_split_us: { mean: +f(splitLong.meanUs) },
  long_lowercase_split_cpu_us: +f(splitLong.cpuUs),
  ratio_long_classify_to_lowercase_split: +f(classifyLong.cpuUs / splitLong.cpuUs),
  prompts_per_second_one_core: Math.round(1e6 / classify.cpuUs),
};
process.stdout.write(
  `prompt classifier speed (${report.prompts} simulator prompts, mean ${report.mean_chars} chars; node ${report.node})\n` +
  `  load models                 ${report.load_ms} ms\n` +
  `  machine load (1 min)        ${report.load_average_1min} on ${os.cpus().length} cores (wall times include waiting for a core; cpu = this process's CPU time)\n` +
  `  classify                    mean ${f(classify.meanUs)} µs (cpu ${f(classify.cpuUs)} µs)  p50 ${f(classify.p50Us)} µs  p99 ${f(classify.p99Us)} µs  (${report.prompts_per_second_one_core}/s on one core)\n` +
  `  heads only (scoreHeads)    mean ${f(heads.meanUs)} µs (cpu ${f(heads.cpuUs)} µs)  p99 ${f(heads.p99Us)} µs  → ${f(report.ratio_score_heads_to_classify)}× classify (cpu)\n` +
  `  baseline JSON.parse line    mean ${f(parse.meanUs)} µs (cpu ${f(parse.cpuUs)} µs)  → classify = ${f(report.ratio_classify_to_json_parse)}× (cpu)\n` +
  `  baseline lowercase+split    mean ${f(split.meanUs)} µs (cpu ${f(split.cpuUs)} µs)  → classify = ${f(report.ratio_classify_to_lowercase_split)}× (cpu)\n` +
  `  long prompts (${report.long_prompts}, mean ${report.long_mean_chars} chars): classify mean ${f(classifyLong.meanUs)} µs (cpu ${f(classifyLong.cpuUs)} µs) p99 ${f(classifyLong.p99Us)} µs; ` +
  `lowercase+split ${f(splitLong.meanUs)} µs (cpu ${f(splitLong.cpuUs)} µs) → ${f(report.ratio_long_classify_to_lowercase_split)}× (cpu)\n`,
);
if (values.json) writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
if (sink === 0.123456789) process.stdout.write('\n');
