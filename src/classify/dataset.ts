/**
 * The training set: the public corpora plus the project's generators, each example with its
 * source, labels and a split (train / calib / test) fixed by a hash of its text, so the same text
 * always lands in the same split and duplicates never straddle two splits. Then the features of
 * every example, computed once and reused by every training run (folds included).
 */

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateBenign } from './data/benign-gen.js';
import { loadCorpora } from './data/corpora.js';
import { generateCot } from './data/cot-gen.js';
import type { Example } from './data/example.js';
import { generateGrader } from './data/grader-gen.js';
import { generateGraderShapedV2 } from './data/grader-gen-v2.js';
import { generateFollowUps } from './data/followup-gen.js';
import { generateJailbreaks } from './data/jailbreak-gen.js';
import { generateLookalikes } from './data/lookalike-gen.js';
import { createRng } from './data/rng.js';
import { FeatureExtractor } from './features.js';
import { languageByScript } from './language.js';
import { hashString } from './hash.js';
import { toSparse, type SparseVector } from './linear.js';

/** Version of the generators; bump when their output changes (recorded in the manifest). */
export const GENERATOR_VERSION = 3;

export type Split = 'train' | 'calib' | 'test';

/** Percent of rows in each split (by text hash). */
export const SPLIT_PERCENT = { train: 80, calib: 10, test: 10 } as const;

export interface Dataset {
  examples: Example[];
  splits: Split[];
  /** Corpus files read, with their SHA-256. */
  files: Array<{ path: string; sha256: string }>;
  seed: string;
}

/** The split of a text: stable across runs and machines. */
export function splitOf(text: string, system: string | undefined): Split {
  const h = hashString(system ? `${system}\u0000${text}` : text, 0x2545f491) % 100;
  return h < SPLIT_PERCENT.train ? 'train' : h < SPLIT_PERCENT.train + SPLIT_PERCENT.calib ? 'calib' : 'test';
}

/** The split of an example: `splitOf` its text, but never `calib` for a row kept out of calibration (`Example.calibrate`). */
export function splitOfExample(example: Example): Split {
  const split = splitOf(example.text, example.system);
  return split === 'calib' && example.calibrate === false ? 'train' : split;
}

/** Everyday system prompts of assistants and apps. */
const GENERIC_SYSTEM_PROMPTS = [
  'You are a helpful assistant.', 'You are a helpful, harmless and honest assistant.', 'You are a helpful coding assistant.',
  'You are ChatGPT, a large language model. Answer as concisely as possible.', 'You are a friendly assistant for a small business website.',
  'You are an expert tutor. Be patient and clear.', 'Always answer in Markdown.', 'You are a concise assistant. Keep answers short.',
  'You are a knowledgeable assistant. If you are unsure, say so.', 'You are an AI assistant that helps people find information.',
  'You are a senior software engineer helping a colleague.', 'Respond in the language of the user.',
];

/** Builds the whole training set from the data folder and the generators (deterministic in `seed`). */
export function buildDataset(dataDir: string, seed: string): Dataset {
  const rng = createRng(`distillguard-classify/${seed}`);
  const corpora = loadCorpora(dataDir, rng.fork('corpora'));
  const examples: Example[] = [
    ...corpora.examples,
    ...generateJailbreaks(corpora, rng.fork('jailbreak')),
    ...generateCot(corpora.problems, rng.fork('cot')),
    ...generateGraderShapedV2(corpora.problems, rng.fork('grader')),
    ...generateBenign(corpora.problems, rng.fork('benign')),
    ...generateLookalikes(corpora.problems, rng.fork('lookalikes')),
    // grader-head rows last: the rows before them (and the draws of the system-prompt pass over
    // them) are those of generator version 2, so the other heads train exactly as before
    ...corpora.graderNegatives,
    ...generateGrader(corpora.problems, rng.fork('grader-v3'), 1, corpora.pairs),
    // after every earlier row, so that the rows and system-prompt draws before them stay as they were
    ...generateFollowUps(rng.fork('followups')),
  ];
  // generic system prompts on a tenth of the prompts (any label): a system prompt alone says nothing
  const sys = rng.fork('system-prompts');
  for (const e of examples) if (e.system === undefined && sys.chance(0.1)) e.system = sys.pick(GENERIC_SYSTEM_PROMPTS);
  const files = corpora.files.map((path) => ({ path, sha256: createHash('sha256').update(readFileSync(join(dataDir, path))).digest('hex') }));
  return { examples, splits: examples.map(splitOfExample), files, seed };
}

/** Features of every example, as the models read them. */
export interface Encoded {
  /** Words, character n-grams and concepts (binary heads). */
  main: SparseVector[];
  /**
   * The concepts alone, at the full vector's scale (its other features dropped, not removed from
   * the count): the concept view training adds for the binary heads (train.ts). Null when the
   * example has no concept.
   */
  concepts: (SparseVector | null)[];
  /** Words only (capability). */
  words: SparseVector[];
  /** Language features (Latin-script language model). */
  language: SparseVector[];
  /** True when the dominant script is Latin (the language model's domain). */
  latin: Uint8Array;
}

/** Extracts the features of every example once. */
export function encodeDataset(examples: readonly Example[], onProgress?: (done: number) => void): Encoded {
  const extractor = new FeatureExtractor();
  const out: Encoded = { main: [], concepts: [], words: [], language: [], latin: new Uint8Array(examples.length) };
  for (let i = 0; i < examples.length; i++) {
    const e = examples[i]!;
    const f = extractor.extract(e.text, e.system);
    const main = toSparse(f.words, f.wordCount, { hashes: f.chars, count: f.charCount }, { hashes: f.concepts, count: f.conceptCount });
    out.main.push(main);
    out.concepts.push(f.conceptCount > 0 ? { ...toSparse(f.concepts, f.conceptCount), scale: main.scale } : null);
    out.words.push(toSparse(f.words, f.wordCount));
    out.language.push(toSparse(f.languageHashes, f.languageCount));
    out.latin[i] = languageByScript(f.scriptCounts).language === 'latin' ? 1 : 0;
    if (onProgress && (i + 1) % 2000 === 0) onProgress(i + 1);
  }
  return out;
}

/** Example counts per source and split (for the manifest and the docs). */
export function sourceCounts(dataset: Dataset): Record<string, Record<Split, number>> {
  const counts: Record<string, Record<Split, number>> = {};
  dataset.examples.forEach((e, i) => {
    const c = (counts[e.source] ??= { train: 0, calib: 0, test: 0 });
    c[dataset.splits[i]!]++;
  });
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}
