/**
 * Evaluation of the prompt classifiers on sources they did not train on.
 *
 * Leave-one-source-out: for each head, every positive source (a corpus, or one of the project's
 * generator families or languages) is held out in turn, together with one group of benign
 * sources; the head is trained without both (and without training rows that are near-duplicates
 * of the held-out positives: jailbreak corpora copy each other; and without the benign twins of
 * the held-out positives, which paste the same question and answer), its threshold is set so that at
 * most 1% of the held-out-row benign prompts of the sources it did see score above it, and the
 * report gives the TPR on the unseen positive source and the FPR on the unseen benign group.
 *
 * Then the shipped model on its `test` rows, and on the traffic simulator's prompts (attack
 * families and benign generators never trained on).
 */

import { applyPlatt, rateAbove, rocAuc } from './calibrate.js';
import type { Example } from './data/example.js';
import type { Dataset, Encoded } from './dataset.js';
import { FeatureExtractor } from './features.js';
import { hashString } from './hash.js';
import { BINARY_HEADS, CAPABILITY_AREAS, type BinaryHead } from './labels.js';
import { binaryMargin, softmaxProbabilities, toSparse } from './linear.js';
import type { HeldOutPrompt } from './simulator-holdout.js';
import { calibrateBinary, latinClass, trainBinaryHead, type Log, type ShippedModel, type TrainConfig } from './train.js';

/** Groups of benign sources held out together (by source prefix). */
export const NEGATIVE_GROUPS: ReadonlyArray<{ name: string; prefixes: string[] }> = [
  { name: 'chat corpora (arena-hard, mt-bench, self-instruct)', prefixes: ['benign/arena_hard', 'benign/mt_bench', 'benign/self_instruct'] },
  { name: 'ifeval', prefixes: ['benign/ifeval'] },
  { name: 'hh-rlhf first turns', prefixes: ['benign/hh_rlhf'] },
  { name: 'gsm8k + MATH', prefixes: ['benign/gsm8k', 'benign/math'] },
  { name: 'humaneval + mbpp', prefixes: ['benign/humaneval', 'benign/mbpp'] },
  { name: 'bbh (+ CoT few-shot prompts)', prefixes: ['benign/bbh'] },
  { name: 'bipia task documents (+ their generated clean twins)', prefixes: ['benign/bipia', 'gen/benign/documents'] },
  { name: 'harmful requests without a wrapper', prefixes: ['harmful/'] },
  { name: 'generated benign (multilingual, agentic, translation, …)', prefixes: ['gen/benign/'] },
  { name: 'jailbreak look-alikes', prefixes: ['gen/jb_negative/'] },
  { name: 'show-your-work look-alikes', prefixes: ['gen/cot_negative/'] },
  { name: 'grader look-alikes', prefixes: ['gen/grader_negative/'] },
];

export interface FoldResult {
  head: BinaryHead;
  positive: string | undefined;
  negative: string | undefined;
  positives: number;
  negatives: number;
  /** Training rows dropped as near-duplicates of the held-out positives. */
  purged: number;
  threshold: number;
  tpr: number;
  fpr: number;
}

/** Where each head's own positive sources live (a source positive for two heads is a fold of its own head only). */
const POSITIVE_PREFIXES: Readonly<Record<BinaryHead, readonly string[]>> = {
  jailbreak: ['jailbreak/', 'gen/jb/'],
  cot_extraction: ['gen/cot/'],
  grader: ['gen/grader/'],
};

/** The held-out positive sources of `head`, sorted. */
export function positiveSources(examples: readonly Example[], head: BinaryHead): string[] {
  return [...new Set(examples.filter((e) => e[head] === 1 && POSITIVE_PREFIXES[head].some((p) => e.source.startsWith(p))).map((e) => e.source))].sort();
}

/** 6-word shingles of a text (lower-cased words), hashed. */
function shingles(text: string): Uint32Array {
  const words = text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const n = Math.max(0, words.length - 5);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = hashString(words.slice(i, i + 6).join(' '));
  return out;
}

/**
 * Positive rows (for `head`) whose 6-word shingles are mostly (≥ 50%) found in the held-out rows:
 * the same template copied into another corpus. Negatives are kept: a harmful request that is the
 * payload of a held-out jailbreak is not the technique.
 */
function nearDuplicates(examples: readonly Example[], head: BinaryHead, heldOut: ReadonlySet<number>, cache: Map<number, Uint32Array>): Set<number> {
  const shingleOf = (i: number): Uint32Array => {
    let s = cache.get(i);
    if (!s) cache.set(i, (s = shingles(examples[i]!.text)));
    return s;
  };
  const seen = new Set<number>();
  for (const i of heldOut) for (const h of shingleOf(i)) seen.add(h);
  const out = new Set<number>();
  for (let i = 0; i < examples.length; i++) {
    if (heldOut.has(i) || examples[i]![head] !== 1) continue;
    const s = shingleOf(i);
    if (s.length < 3) continue;
    let hit = 0;
    for (const h of s) if (seen.has(h)) hit++;
    if (hit / s.length >= 0.5) out.add(i);
  }
  return out;
}

/** Runs leave-one-source-out for the given heads; `log` gets one line per fold. */
export function leaveOneSourceOut(dataset: Dataset, encoded: Encoded, config: TrainConfig, heads: readonly BinaryHead[], log?: Log): FoldResult[] {
  const { examples, splits } = dataset;
  const results: FoldResult[] = [];
  const shingleCache = new Map<number, Uint32Array>();
  const groupOf = (source: string): number => NEGATIVE_GROUPS.findIndex((g) => g.prefixes.some((p) => source.startsWith(p)));
  for (const head of heads) {
    const sources = positiveSources(examples, head);
    const folds = Math.max(sources.length, NEGATIVE_GROUPS.length);
    for (let k = 0; k < folds; k++) {
      const positive = k < sources.length ? sources[k] : undefined;
      const negativeGroup = k < NEGATIVE_GROUPS.length ? k : -1;
      const heldPos = new Set<number>();
      const heldNeg = new Set<number>();
      examples.forEach((e, i) => {
        if (positive !== undefined && e.source === positive) heldPos.add(i);
        else if (negativeGroup >= 0 && groupOf(e.source) === negativeGroup) heldNeg.add(i);
      });
      // corpora copy templates from each other; the project's generator families share only payloads and problems
      const purged = heldPos.size > 0 && !positive!.startsWith('gen/') ? nearDuplicates(examples, head, heldPos, shingleCache) : new Set<number>();
      // benign twins of the held-out positives paste the same bodies: training on them would teach
      // the fold that the held-out family's content (its language, say) is benign
      const twins = new Set<number>();
      if (positive !== undefined) examples.forEach((e, i) => { if (e.twinOf === positive) twins.add(i); });
      const seen = (i: number): boolean => !heldPos.has(i) && !heldNeg.has(i) && !purged.has(i) && !twins.has(i);
      const started = performance.now();
      const model = trainBinaryHead(dataset, encoded, head, (i) => splits[i] === 'train' && seen(i), config);
      const { platt, threshold } = calibrateBinary(model, dataset, encoded, head, (i) => splits[i] === 'calib' && seen(i), config.targetFpr);
      const score = (i: number): number => applyPlatt(platt, binaryMargin(model, encoded.main[i]!));
      const posScores = [...heldPos].filter((i) => examples[i]![head] === 1).map(score);
      const negScores = [...heldNeg].filter((i) => examples[i]![head] === 0).map(score);
      const result: FoldResult = {
        head, positive, negative: negativeGroup >= 0 ? NEGATIVE_GROUPS[negativeGroup]!.name : undefined,
        positives: posScores.length, negatives: negScores.length, purged: purged.size, threshold,
        tpr: rateAbove(posScores, threshold), fpr: rateAbove(negScores, threshold),
      };
      results.push(result);
      log?.(`  ${head} fold ${k + 1}/${folds}: ${positive ?? '-'} TPR ${pct(result.tpr)} (${result.positives}${purged.size ? `, ${purged.size} near-duplicates purged` : ''}) | ${result.negative ?? '-'} FPR ${pct(result.fpr)} (${result.negatives}) [${((performance.now() - started) / 1000).toFixed(1)} s]`);
    }
  }
  return results;
}

export function pct(x: number): string {
  return Number.isNaN(x) ? '-' : `${(100 * x).toFixed(1)}%`;
}

/** Min, median and max of the TPRs (and the FPRs) over a head's folds. */
export function spread(values: number[]): { min: number; median: number; max: number; mean: number } {
  const v = values.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (v.length === 0) return { min: NaN, median: NaN, max: NaN, mean: NaN };
  const mid = v.length >> 1;
  return { min: v[0]!, median: v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2, max: v[v.length - 1]!, mean: v.reduce((a, b) => a + b, 0) / v.length };
}

/** The shipped model on its own `test` rows. */
export interface InDistribution {
  binary: Record<BinaryHead, { auc: number; tpr: number; fpr: number; positives: number; negatives: number; threshold: number }>;
  capabilityAccuracy: number;
  capabilityRows: number;
  languageAccuracy: number;
  languageRows: number;
}

export function evaluateTestSplit(model: ShippedModel, dataset: Dataset, encoded: Encoded): InDistribution {
  const rows = dataset.examples.map((_, i) => i).filter((i) => dataset.splits[i] === 'test');
  const binary = {} as InDistribution['binary'];
  for (const head of BINARY_HEADS) {
    const pos: number[] = [];
    const neg: number[] = [];
    for (const i of rows) {
      const y = dataset.examples[i]![head];
      if (y === undefined) continue;
      (y ? pos : neg).push(applyPlatt(model.platt[head], binaryMargin(model.binary[head], encoded.main[i]!)));
    }
    const t = model.thresholds[head];
    binary[head] = { auc: rocAuc(pos, neg), tpr: rateAbove(pos, t), fpr: rateAbove(neg, t), positives: pos.length, negatives: neg.length, threshold: t };
  }
  const probs = new Float64Array(CAPABILITY_AREAS.length);
  let capRight = 0;
  let capRows = 0;
  let langRight = 0;
  let langRows = 0;
  const langProbs = new Float64Array(model.language.classes);
  for (const i of rows) {
    const e = dataset.examples[i]!;
    if (e.capability !== undefined) {
      softmaxProbabilities(model.capability, encoded.words[i]!, probs);
      capRows++;
      if (CAPABILITY_AREAS[argmax(probs)] === e.capability) capRight++;
    }
    const k = latinClass(e, encoded, i);
    if (k >= 0) {
      softmaxProbabilities(model.language, encoded.language[i]!, langProbs);
      langRows++;
      if (argmax(langProbs) === k) langRight++;
    }
  }
  return { binary, capabilityAccuracy: capRight / capRows, capabilityRows: capRows, languageAccuracy: langRight / langRows, languageRows: langRows };
}

function argmax(v: Float64Array): number {
  let k = 0;
  for (let i = 1; i < v.length; i++) if (v[i]! > v[k]!) k = i;
  return k;
}

/** Rates of each head above its shipped threshold, per simulator prompt group. */
export interface SimulatorGroup {
  group: string;
  n: number;
  rates: Record<BinaryHead, number>;
}

export interface SimulatorResult {
  groups: SimulatorGroup[];
  capabilityAccuracy: number;
  languageAccuracy: number;
  languageRows: number;
  /** Per language: accuracy of the language head. */
  languageByCode: Record<string, { n: number; accuracy: number }>;
}

/** Scores simulator prompts with a classify function (the shipped runtime). */
export function evaluateSimulator(prompts: readonly HeldOutPrompt[], classify: (text: string, system?: string) => { jailbreak: number; cot_extraction: number; grader: number; capability: string; language: string }, thresholds: Record<BinaryHead, number>): SimulatorResult {
  const byGroup = new Map<string, { n: number; hits: Record<BinaryHead, number> }>();
  let capRight = 0;
  let langRight = 0;
  const byLang: Record<string, { n: number; right: number }> = {};
  for (const p of prompts) {
    const s = classify(p.text, p.system);
    const g = byGroup.get(p.group) ?? { n: 0, hits: { jailbreak: 0, cot_extraction: 0, grader: 0 } };
    g.n++;
    for (const head of BINARY_HEADS) if (s[head] > thresholds[head]) g.hits[head]++;
    byGroup.set(p.group, g);
    if (s.capability === p.capability) capRight++;
    const l = (byLang[p.language] ??= { n: 0, right: 0 });
    l.n++;
    if (s.language === p.language) {
      l.right++;
      langRight++;
    }
  }
  const groups = [...byGroup.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([group, g]) => ({
    group, n: g.n, rates: Object.fromEntries(BINARY_HEADS.map((h) => [h, g.hits[h] / g.n])) as Record<BinaryHead, number>,
  }));
  return {
    groups,
    capabilityAccuracy: capRight / prompts.length,
    languageAccuracy: langRight / prompts.length,
    languageRows: prompts.length,
    languageByCode: Object.fromEntries(Object.entries(byLang).sort().map(([k, v]) => [k, { n: v.n, accuracy: v.right / v.n }])),
  };
}

/** Helper for tests and the bench: features of a text as training sees them. */
export function encodeText(text: string, system?: string): ReturnType<typeof toSparse> {
  const f = new FeatureExtractor().extract(text, system);
  return toSparse(f.words, f.wordCount, { hashes: f.chars, count: f.charCount }, { hashes: f.concepts, count: f.conceptCount });
}

