/**
 * The prompt pack: public prompt corpora distilled into one gzipped JSON file
 * (`data/prompt-pack.json.gz`, built by `npm run build:prompt-pack`). Items are grouped by what
 * the simulator uses them for, and within a group by source corpus, so every item keeps its
 * provenance without repeating it per item.
 */

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { DistillguardError } from '../../errors.js';
import type { Capability } from './types.js';

/** Marks where a jailbreak wrapper expects the request it wraps (normalised at build time). */
export const JAILBREAK_SLOT = '[INSERT PROMPT HERE]';

export const PACK_FORMAT = 'distillguard-prompt-pack';
export const PACK_VERSION = 1;

/** One corpus the pack draws from, with its licence, for attribution (data/NOTICE.md). */
export interface PackSource {
  name: string;
  url: string;
  licence: string;
  /** Files read, relative to the data folder. */
  files: string[];
}

/** A chat prompt and the capability it exercises. */
export type TaggedText = [text: string, capability: Capability];
/** A question and a worked answer: `[question, worked solution, final answer]`. */
export type SolvedItem = [question: string, solution: string, final: string];
/** A MATH problem: `[problem, subject, solution or '' when the solution was too long to keep]`. */
export type MathItem = [problem: string, subject: string, solution: string];
/** An MBPP task: `[description, test asserts one a line, reference code]`. */
export type MbppItem = [text: string, tests: string, code: string];
/** A HumanEval task: `[function stub with docstring, reference body]`. */
export type HumanEvalItem = [prompt: string, solution: string];
/** A document with a question about it (BIPIA task contexts). */
export type DocItem = [context: string, question: string];
/** A self-instruct task with a reference output: `[instruction and input, output]`. */
export type InstructItem = [prompt: string, output: string];

/** One BIG-Bench Hard task: its chain-of-thought few-shot prompt and its questions with targets. */
export interface BbhTask {
  name: string;
  /** The task's standard 3-shot "Let's think step by step" prompt (lib_prompt). */
  fewshot: string;
  items: [question: string, target: string][];
}

/** The whole pack, as stored (JSON). */
export interface PromptPack {
  format: typeof PACK_FORMAT;
  version: typeof PACK_VERSION;
  sources: Record<string, PackSource>;
  /** Everyday prompts, by source: arena_hard, mt_bench, vicuna_bench, self_instruct, hh_rlhf. */
  chat: Record<string, TaggedText[]>;
  coding: { mbpp: MbppItem[]; humaneval: HumanEvalItem[] };
  gsm8k: { gsm8k: SolvedItem[] };
  math: { math: MathItem[] };
  bbh: { bbh: BbhTask[] };
  ifeval: { ifeval: string[] };
  /** Documents with questions, by document type (email, table, code). */
  bipia: { email: DocItem[]; table: DocItem[]; code: DocItem[] };
  /** Self-instruct tasks with reference outputs (grader candidates). */
  instruct: { self_instruct: InstructItem[] };
  /**
   * Harmful requests without a jailbreak technique. Used only as slot fillers for
   * jailbreak-wrapped extraction and censorship-rewrite topics, never as benign traffic.
   */
  harmful: Record<string, string[]>;
  /** Jailbreak wrappers; `JAILBREAK_SLOT` marks where the wrapped request goes, if anywhere. */
  jailbreak: Record<string, string[]>;
}

/** Where the committed pack lives; resolves from src/simulate/text and dist/simulate/text alike. */
export const DEFAULT_PACK_URL = new URL('../../../data/prompt-pack.json.gz', import.meta.url);

const HINT = 'run `npm run build:prompt-pack` (reads ../shared/data) to create data/prompt-pack.json.gz';

/** Reads and checks a prompt pack; throws a DistillguardError naming the file when it cannot. */
export function loadPack(path: string | URL = DEFAULT_PACK_URL): PromptPack {
  const file = typeof path === 'string' ? path : fileURLToPath(path);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (cause) {
    throw new DistillguardError('PROMPT_PACK_MISSING', `the prompt pack ${file} cannot be read`, {
      hint: HINT,
      location: { file },
      cause,
    });
  }
  let pack: unknown;
  try {
    pack = JSON.parse(gunzipSync(bytes).toString('utf8'));
  } catch (cause) {
    throw invalid(file, 'it is not gzipped JSON', cause);
  }
  checkPack(pack, file);
  return pack;
}

function invalid(file: string, why: string, cause?: unknown): DistillguardError {
  return new DistillguardError('PROMPT_PACK_INVALID', `the prompt pack ${file} is invalid: ${why}`, {
    hint: HINT,
    location: { file },
    cause,
  });
}

/** Shape check of the parts the library relies on; a stale or foreign file fails here, clearly. */
function checkPack(value: unknown, file: string): asserts value is PromptPack {
  if (typeof value !== 'object' || value === null) throw invalid(file, 'not a JSON object');
  const pack = value as Partial<Record<keyof PromptPack, unknown>>;
  if (pack.format !== PACK_FORMAT) throw invalid(file, `format is not "${PACK_FORMAT}"`);
  if (pack.version !== PACK_VERSION) throw invalid(file, `version ${String(pack.version)} is not ${PACK_VERSION}`);
  const groups: Record<string, readonly string[]> = {
    chat: ['arena_hard', 'mt_bench', 'self_instruct', 'hh_rlhf'],
    coding: ['mbpp', 'humaneval'],
    gsm8k: ['gsm8k'],
    math: ['math'],
    bbh: ['bbh'],
    ifeval: ['ifeval'],
    bipia: ['email', 'table', 'code'],
    instruct: ['self_instruct'],
    harmful: ['advbench', 'donotanswer', 'forbidden_questions'],
    jailbreak: ['inthewild', 'dan', 'gptfuzz'],
  };
  for (const [group, sources] of Object.entries(groups)) {
    const g = (pack as Record<string, unknown>)[group];
    if (typeof g !== 'object' || g === null) throw invalid(file, `group "${group}" is missing`);
    for (const source of sources) {
      const items = (g as Record<string, unknown>)[source];
      if (!Array.isArray(items) || items.length === 0) {
        throw invalid(file, `group "${group}" has no items from "${source}"`);
      }
    }
  }
}
