/**
 * Builds the known-public-text filter (public-text.ts) from the public evaluation sets in the
 * shared corpora folder: every item's text (questions, reference answers and solutions, test
 * lists, few-shot prompts), as the shingles it yields in a prompt's head or tail. `distillguard
 * train` writes it beside the classifier files.
 *
 * Only evaluation sets, and the published prompt formats of the harnesses that run them
 * (HARNESSES): they are what benchmark runners send verbatim and what campaigns paste into
 * their slots. Chat corpora (HH-RLHF, self-instruct) and documents are not: nobody reruns them
 * word for word. Nor are LLM-as-judge prompts (MT-bench's, AlpacaEval's): using the model as a
 * grader is one of the patterns the engine looks for, and its wording must stay visible to it.
 */

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DistillguardError } from '../errors.js';
import { allShingles, FRAME_SALTS } from './text.js';
import { PublicTextSet } from './public-text.js';

/** What went into a filter: per source, its texts; in all, its distinct shingles. */
export interface PublicTextBuild {
  set: PublicTextSet;
  sources: Array<{ file: string; texts: number }>;
  shingles: number;
}

type Row = Record<string, unknown>;

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const texts = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** A public harness's prompt format: where it is published, and an item as the harness sends it. */
export interface Harness {
  source: string;
  render: (item: string, tests?: string) => string;
}

/**
 * The prompt formats of public evaluation harnesses, as published in their code. A campaign that
 * copies one shares its wording with every researcher who runs that harness; rendered around each
 * item, they also give the wording where instruction meets item ("…these tests: assert …").
 */
export const HARNESSES = {
  simpleEvalsMath: {
    source: 'openai/simple-evals math_eval.py (MATH)',
    render: (problem) => `Solve the following math problem step by step. The last line of your response should be of the form Answer: $ANSWER (without quotes) where $ANSWER is the answer to the problem.\n\n${problem}\n\nRemember to put your answer on its own line after "Answer:", and you do not need to use a \\boxed command.`,
  },
  simpleEvalsMultipleChoice: {
    source: 'openai/simple-evals common.py (MMLU, GPQA multiple choice)',
    render: (question) => `Answer the following multiple choice question. The last line of your response should be of the following format: 'Answer: $LETTER' (without quotes) where LETTER is one of ABCD. Think step by step before answering.\n\n${question}`,
  },
  simpleEvalsMgsm: {
    source: 'openai/simple-evals mgsm_eval.py (MGSM, English)',
    render: (question) => `Solve this math problem. Give the reasoning steps before giving the final answer on the last line by itself in the format of "Answer:". Do not add anything other than the integer answer after "Answer:".\n\n${question}`,
  },
  simpleEvalsHumaneval: {
    source: 'openai/simple-evals humaneval_eval.py',
    render: (prompt) => `Read the following function signature and docstring, and fully implement the function described. Your response should only contain the code for this function.\n${prompt}`,
  },
  evalplus: {
    source: 'evalplus (HumanEval+, MBPP+) instruction prompt',
    render: (prompt) => `Please provide a self-contained Python script that solves the following problem in a markdown code block:\n\`\`\`\n${prompt}\`\`\``,
  },
  humanevalChat: { source: 'HumanEval chat runs (OpenCompass)', render: (prompt) => `Complete the following python code:\n${prompt}` },
  humanevalChatFunction: { source: 'HumanEval chat runs', render: (prompt) => `Complete the following Python function:\n\`\`\`python\n${prompt}\`\`\`` },
  mbpp: {
    source: 'MBPP (Austin et al. 2021) as run by EleutherAI lm-evaluation-harness and bigcode-evaluation-harness',
    render: (task, tests = '') => `You are an expert Python programmer, and here is your task: ${task} Your code should pass these tests:\n\n${tests}\n[BEGIN]\n`,
  },
  minerva: { source: 'Minerva MATH prompt (Lewkowycz et al. 2022; lm-evaluation-harness minerva_math)', render: (problem) => `Problem:\n${problem}\n\nSolution:` },
  lmEvalGsm8k: { source: 'lm-evaluation-harness gsm8k', render: (question) => `Question: ${question}\nAnswer:` },
  lmEvalGsm8kCot: { source: 'lm-evaluation-harness gsm8k-cot', render: (question) => `Q: ${question}\nA:` },
} satisfies Record<string, Harness>;

/** An item as each of `harnesses` sends it. */
const rendered = (item: string, ...harnesses: Harness[]): string[] => harnesses.map((h) => h.render(item));

/** The evaluation sets: file (relative to the data folder) and the texts of one row (the item, its reference answer, and the item as harnesses send it). */
const JSONL_SOURCES: Array<{ file: string; texts: (row: Row) => string[] }> = [
  { file: 'benign/gsm8k/train.jsonl', texts: (r) => [text(r.question), text(r.answer), ...rendered(text(r.question), HARNESSES.lmEvalGsm8k, HARNESSES.lmEvalGsm8kCot, HARNESSES.simpleEvalsMath, HARNESSES.simpleEvalsMgsm)] },
  { file: 'benign/math_hendrycks/math_test_5000.jsonl', texts: (r) => [text(r.problem), text(r.solution), ...rendered(text(r.problem), HARNESSES.simpleEvalsMath, HARNESSES.minerva)] },
  { file: 'benign/math_hendrycks/math500_test.jsonl', texts: (r) => [text(r.problem), text(r.solution), ...rendered(text(r.problem), HARNESSES.simpleEvalsMath, HARNESSES.minerva)] },
  {
    file: 'benign/humaneval/HumanEval.jsonl',
    texts: (r) => [text(r.prompt), text(r.canonical_solution), ...rendered(text(r.prompt), HARNESSES.simpleEvalsHumaneval, HARNESSES.evalplus, HARNESSES.humanevalChat, HARNESSES.humanevalChatFunction)],
  },
  { file: 'benign/mbpp/mbpp.jsonl', texts: (r) => [text(r.text), text(r.code), texts(r.test_list).join('\n'), HARNESSES.mbpp.render(text(r.text), texts(r.test_list).join('\n'))] },
  { file: 'benign/ifeval/input_data.jsonl', texts: (r) => [text(r.prompt)] },
  { file: 'benign/mt_bench/mt_bench_question.jsonl', texts: (r) => texts(r.turns) },
  { file: 'benign/mt_bench/vicuna_bench_question.jsonl', texts: (r) => texts(r.turns) },
  { file: 'benign/arena_hard/arena-hard-v0.1_question.jsonl', texts: (r) => [text(r.prompt)] },
];

function readOrThrow(dataDir: string, rel: string): string {
  try {
    return readFileSync(join(dataDir, rel), 'utf8');
  } catch (error) {
    throw new DistillguardError('FILE_NOT_READABLE', `cannot read the public evaluation set ${join(dataDir, rel)} (${(error as Error).message})`, {
      hint: 'pass --data <dir> pointing at the shared prompt corpora (the folder with benign/ and jailbreak/)',
    });
  }
}

/** The files of a folder of the corpora ending in `suffix`, sorted. */
function listFiles(dataDir: string, rel: string, suffix: string): string[] {
  try {
    return readdirSync(join(dataDir, rel)).filter((f) => f.endsWith(suffix)).sort();
  } catch (error) {
    throw new DistillguardError('FILE_NOT_READABLE', `cannot list the public evaluation folder ${join(dataDir, rel)} (${(error as Error).message})`, {
      hint: 'pass --data <dir> pointing at the shared prompt corpora (the folder with benign/ and jailbreak/)',
    });
  }
}

/** A JSON file of the corpora, parsed; a parse error names the file. */
function jsonFile(dataDir: string, rel: string): unknown {
  try {
    return JSON.parse(readOrThrow(dataDir, rel)) as unknown;
  } catch (error) {
    if (error instanceof DistillguardError) throw error;
    throw new DistillguardError('FILE_NOT_READABLE', `${join(dataDir, rel)}: not JSON (${(error as Error).message})`, { hint: 'restore the file from the corpora folder' });
  }
}

function jsonlRows(dataDir: string, rel: string): Row[] {
  const rows: Row[] = [];
  const lines = readOrThrow(dataDir, rel).split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    try {
      rows.push(JSON.parse(line) as Row);
    } catch (error) {
      throw new DistillguardError('FILE_NOT_READABLE', `${join(dataDir, rel)}:${i + 1}: not JSON (${(error as Error).message})`, { hint: 'restore the file from the corpora folder' });
    }
  }
  return rows;
}

/** Every text of the evaluation sets in `dataDir`, by source file, and the harness instructions. */
export function publicTexts(dataDir: string): Array<{ file: string; texts: string[] }> {
  const out = JSONL_SOURCES.map(({ file, texts: of }) => ({ file, texts: jsonlRows(dataDir, file).flatMap(of).filter((t) => t.length > 0) }));
  const bbhData = 'benign/bbh/data';
  for (const name of listFiles(dataDir, bbhData, '.json')) {
    const file = `${bbhData}/${name}`;
    const { examples } = jsonFile(dataDir, file) as { examples?: Array<{ input?: unknown; target?: unknown }> };
    out.push({ file, texts: (examples ?? []).flatMap((e) => [text(e.input), text(e.target)]).filter((t) => t.length > 0) });
  }
  const bbhPrompts = 'benign/bbh/lib_prompt';
  for (const name of listFiles(dataDir, bbhPrompts, '.txt')) {
    const file = `${bbhPrompts}/${name}`;
    out.push({ file, texts: [readOrThrow(dataDir, file)] });
  }
  // every harness's own wording, also of those whose evaluation set is not in the corpora (MMLU, MGSM)
  out.push({ file: 'harness prompt formats (public-text-build.ts)', texts: Object.values(HARNESSES).map((h: Harness) => h.render('')) });
  return out;
}

/** Builds the filter from the evaluation sets in `dataDir`. */
export function buildPublicText(dataDir: string): PublicTextBuild {
  const all = publicTexts(dataDir);
  // an item sits in a prompt's head (the harness's instruction before it is short) or its tail
  const shingles = function* (): Generator<number> {
    for (const { texts: list } of all) for (const t of list) for (const salt of [FRAME_SALTS.head, FRAME_SALTS.tail]) yield* allShingles(t, salt);
  };
  const set = PublicTextSet.of(shingles());
  return { set, sources: all.map(({ file, texts: list }) => ({ file, texts: list.length })), shingles: set.entries };
}
