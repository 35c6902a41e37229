/**
 * Where the prompt classifier's time goes on the prompts of a simulate output: feature extraction
 * alone, then the whole classify call, CPU time per prompt (best of `rounds`), and the mean feature
 * counts per prompt.
 *
 *   node --import tsx bench/classify-parts.ts --dir DIR [--records 60000] [--rounds 3] [--dist | --code DIST_DIR]
 *
 * --code: another build's dist/ folder (an absolute path), to compare two builds in one session.
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { benchArgs } from './args.js';
import type * as ClassifyModule from '../src/classify/index.js';
import type * as FeaturesModule from '../src/classify/features.js';
import type { ExchangeRecord } from '../src/records/types.js';
import { bestCpuMicros } from './cpu-time.js';

const { values } = benchArgs(import.meta.url, { options: { dir: { type: 'string' }, records: { type: 'string', default: '60000' }, rounds: { type: 'string', default: '3' }, dist: { type: 'boolean', default: false }, code: { type: 'string' } } });
if (!values.dir) throw new Error('--dir DIR (a simulate output folder) is required');
const code = values.code ?? (values.dist ? '../dist' : '../src');
const { loadPromptClassifier } = (await import(`${code}/classify/index.js`)) as typeof ClassifyModule;
const { FeatureExtractor } = (await import(`${code}/classify/features.js`)) as typeof FeaturesModule;

const prompts: Array<[string, string | undefined]> = [];
const rl = readline.createInterface({ input: createReadStream(path.join(values.dir, 'exchanges.jsonl')), crlfDelay: Infinity });
for await (const line of rl) {
  if (line.length === 0) continue;
  const r = JSON.parse(line) as ExchangeRecord;
  const messages = r.request.messages;
  let prompt = '';
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]!.role === 'user') { prompt = messages[i]!.content; break; }
  prompts.push([prompt, r.request.system]);
  if (prompts.length >= Number(values.records)) break;
}
rl.close();

const rounds = Number(values.rounds);
const cpu = (fn: () => void): number => bestCpuMicros(fn, rounds) / prompts.length;

const extractor = new FeatureExtractor();
const classifier = loadPromptClassifier();
let words = 0, chars = 0, lang = 0, length = 0;
for (const [p, s] of prompts) {
  const f = extractor.extract(p, s);
  words += f.wordCount; chars += f.charCount; lang += f.languageCount; length += p.length + (s?.length ?? 0);
}
let sink = 0;
const extract = cpu(() => { for (const [p, s] of prompts) sink += extractor.extract(p, s).charCount; });
const classify = cpu(() => { for (const [p, s] of prompts) sink += classifier.classify(p, s).jailbreak; });
const n = prompts.length;
process.stdout.write(`${n} prompts, mean ${(length / n).toFixed(0)} chars; features per prompt: words ${(words / n).toFixed(0)}, chars ${(chars / n).toFixed(0)}, language ${(lang / n).toFixed(0)}\n`);
process.stdout.write(`extract ${extract.toFixed(2)} us/prompt · classify ${classify.toFixed(2)} us/prompt · rest (weights, softmax, calibration) ${(classify - extract).toFixed(2)}${sink > 0 ? '' : ' '}\n`);
