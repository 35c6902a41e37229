/**
 * Builds the known-public-text filter (public-text.ts) from the public evaluation sets in the
 * shared corpora folder: every item's text (questions, reference answers and solutions, test
 * lists, few-shot prompts), as the shingles it yields in a prompt's head or tail. `distillguard
 * train` writes it beside the classifier files.
 *
 * Only evaluation sets, and the published instructions of the harnesses that run them
 * (HARNESS_INSTRUCTIONS): they are what benchmark runners send verbatim and what campaigns paste into
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

/**
 * The fixed instructions that public evaluation harnesses wrap around an item, as published in
 * their code (the item's place marked by a line break). A campaign that copies a harness's format
 * shares this wording with every researcher who runs that harness.
 */
export const HARNESS_INSTRUCTIONS: ReadonlyArray<{ source: string; text: string }> = [
  { source: 'openai/simple-evals math_eval.py (MATH)', text: 'Solve the following math problem step by step. The last line of your response should be of the form Answer: $ANSWER (without quotes) where $ANSWER is the answer to the problem.\n\nRemember to put your answer on its own line after "Answer:", and you do not need to use a \\boxed command.' },
  { source: 'openai/simple-evals common.py (MMLU, GPQA multiple choice)', text: "Answer the following multiple choice question. The last line of your response should be of the following format: 'Answer: $LETTER' (without quotes) where LETTER is one of ABCD. Think step by step before answering." },
  { source: 'openai/simple-evals mgsm_eval.py (MGSM, English)', text: 'Solve this math problem. Give the reasoning steps before giving the final answer on the last line by itself in the format of "Answer:". Do not add anything other than the integer answer after "Answer:".' },
  { source: 'openai/simple-evals humaneval_eval.py', text: 'Read the following function signature and docstring, and fully implement the function described. Your response should only contain the code for this function.' },
  { source: 'MBPP (Austin et al. 2021) as run by EleutherAI lm-evaluation-harness and bigcode-evaluation-harness', text: 'You are an expert Python programmer, and here is your task:\nYour code should pass these tests:\n[BEGIN]\n[DONE]' },
  { source: 'evalplus (HumanEval+, MBPP+) instruction prompt', text: 'Please provide a self-contained Python script that solves the following problem in a markdown code block:' },
  { source: 'HumanEval chat runs (OpenCompass and others)', text: 'Complete the following python code:\nComplete the following Python function:' },
  { source: 'Minerva MATH prompt (Lewkowycz et al. 2022; lm-evaluation-harness minerva_math)', text: 'Problem:\nSolution:\nFinal Answer: The final answer is. I hope it is correct.' },
  { source: 'lm-evaluation-harness gsm8k and gsm8k-cot', text: "Question:\nAnswer:\nQ:\nA: Let's think step by step. The answer is" },
];

/**
 * Each item as the harnesses above send it: the wording where the instruction meets the item
 * ("…these tests: assert …") is public too, and only the rendered prompt has it.
 */
const RENDER = {
  simpleEvalsMath: (problem: string): string => `Solve the following math problem step by step. The last line of your response should be of the form Answer: $ANSWER (without quotes) where $ANSWER is the answer to the problem.\n\n${problem}\n\nRemember to put your answer on its own line after "Answer:", and you do not need to use a \\boxed command.`,
  minerva: (problem: string): string => `Problem:\n${problem}\n\nSolution:`,
  lmEvalQa: (question: string): string => `Question: ${question}\nAnswer:\nQ: ${question}\nA:`,
  mbpp: (task: string, tests: string): string => `You are an expert Python programmer, and here is your task: ${task} Your code should pass these tests:\n\n${tests}\n[BEGIN]\n`,
  humaneval: (prompt: string): string[] => [
    `Read the following function signature and docstring, and fully implement the function described. Your response should only contain the code for this function.\n${prompt}`,
    `Please provide a self-contained Python script that solves the following problem in a markdown code block:\n\`\`\`\n${prompt}\`\`\``,
    `Complete the following python code:\n${prompt}`,
    `Complete the following Python function:\n\`\`\`python\n${prompt}\`\`\``,
  ],
};

/** The evaluation sets: file (relative to the data folder) and the texts of one row (the item, its reference answer, and the item as harnesses send it). */
const JSONL_SOURCES: Array<{ file: string; texts: (row: Row) => string[] }> = [
  { file: 'benign/gsm8k/train.jsonl', texts: (r) => [text(r.question), text(r.answer), RENDER.lmEvalQa(text(r.question)), RENDER.simpleEvalsMath(text(r.question))] },
  { file: 'benign/math_hendrycks/math_test_5000.jsonl', texts: (r) => [text(r.problem), text(r.solution), RENDER.simpleEvalsMath(text(r.problem)), RENDER.minerva(text(r.problem))] },
  { file: 'benign/math_hendrycks/math500_test.jsonl', texts: (r) => [text(r.problem), text(r.solution), RENDER.simpleEvalsMath(text(r.problem)), RENDER.minerva(text(r.problem))] },
  { file: 'benign/humaneval/HumanEval.jsonl', texts: (r) => [text(r.prompt), text(r.canonical_solution), ...RENDER.humaneval(text(r.prompt))] },
  { file: 'benign/mbpp/mbpp.jsonl', texts: (r) => [text(r.text), text(r.code), texts(r.test_list).join('\n'), RENDER.mbpp(text(r.text), texts(r.test_list).join('\n'))] },
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
  out.push({ file: 'harness instructions (public-text-build.ts)', texts: HARNESS_INSTRUCTIONS.map((h) => h.text) });
  return out;
}

/** Builds the filter from the evaluation sets in `dataDir`. */
export function buildPublicText(dataDir: string): PublicTextBuild {
  const distinct = new Set<number>();
  const sources: PublicTextBuild['sources'] = [];
  for (const { file, texts: list } of publicTexts(dataDir)) {
    for (const t of list) {
      // an item sits in a prompt's head (the harness's instruction before it is short) or its tail
      for (const s of allShingles(t, FRAME_SALTS.head)) distinct.add(s);
      for (const s of allShingles(t, FRAME_SALTS.tail)) distinct.add(s);
    }
    sources.push({ file, texts: list.length });
  }
  return { set: PublicTextSet.of(distinct), sources, shingles: distinct.size };
}
