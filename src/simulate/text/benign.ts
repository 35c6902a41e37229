/**
 * Benign prompts: what ordinary customers send, drawn from the public corpora in the shapes they
 * really arrive in (raw chat questions, homework with or without "show your work", benchmark
 * harness formats, documents with a question, steps of agent loops, other languages).
 */

import { AGENT_PRODUCTS, MODULES } from './agent-products.js';
import type { Corpus } from './corpus.js';
import { CODING_INTROS, HOMEWORK_INTROS, LANGUAGES, NO_SPACE, SHOW_WORK } from './i18n.js';
import { CLOSERS, EVERYDAY, INTENT_CAPABILITIES, OPENERS, type OtherLanguage } from './multilingual.js';
import { compile, intBetween, pickFrom, render, type CallState, type Compiled, type Filler } from './template.js';
import type { BenignPromptKind, Capability, Language, Prompt, Rng } from './types.js';
import { worldFillers } from './world.js';
import { ALGORITHM_TASKS, PROGRAMMING_LANGUAGES, WRITING_AUDIENCES, WRITING_FORMS, WRITING_SHAPES, WRITING_SUBJECTS, WRITING_TONES } from './banks.js';

/** Produces one benign prompt of a kind. */
export type BenignGenerator = (rng: Rng, language: Language | undefined) => Prompt;

const OTHER_LANGUAGES = LANGUAGES.filter((l): l is OtherLanguage => l !== 'en');

function prompt(user: string, capability: Capability, language: Language, system?: string, tools?: readonly string[], wantsReasoning = false): Prompt {
  return { system, user, capability, language, tools: tools as string[] | undefined, wantsReasoning };
}

/** Picks an index by weight; weights are precomputed as a cumulative array ending in 1. */
function cumulative(weights: readonly number[]): Float64Array {
  const total = weights.reduce((a, b) => a + b, 0);
  const out = new Float64Array(weights.length);
  let acc = 0;
  weights.forEach((w, i) => (out[i] = acc += w / total));
  out[out.length - 1] = 1;
  return out;
}

function pickWeighted(cum: Float64Array, rng: Rng): number {
  const x = rng.next();
  let i = 0;
  while (x >= (cum[i] as number)) i++;
  return i;
}

const EDIT_SHAPES = [
  'Summarise this email in {n} bullet points:\n\n{email}', 'Proofread this and fix any mistakes:\n\n{email}',
  'Write a short, polite reply to this email:\n\n{email}', 'What is this email asking me to do?\n\n{email}',
];

const GSM8K_ZERO_SHOT = [
  ["", "\nLet's think step by step."],
  ['Solve the following math problem step by step. The last line of your response should be of the form "Answer: $ANSWER" (without quotes) where $ANSWER is the answer to the problem.\n\n', '\n\nRemember to put your answer on its own line after "Answer:".'],
  ['Question: ', '\nAnswer:'],
] as const;

const MATH_SIMPLE_EVALS = [
  'Solve the following math problem step by step. The last line of your response should be of the form Answer: $ANSWER (without quotes) where $ANSWER is the answer to the problem.\n\n',
  '\n\nRemember to put your answer on its own line after "Answer:", and you do not need to use a \\boxed command.',
] as const;

/** Builds the generator of every benign kind. */
export function createBenignGenerators(corpus: Corpus): Record<BenignPromptKind, BenignGenerator> {
  const state: CallState = { capability: 'chat', language: 'en' };

  // chat: public corpora weighted towards what providers see most (everyday instructions and
  // questions), plus domain questions from the banks.
  const chatSources = ['arena_hard', 'mt_bench', 'vicuna_bench', 'self_instruct', 'hh_rlhf'];
  const chatLists = chatSources.map((s) => corpus.chat[s] ?? []);
  const domainCaps: Capability[] = ['science', 'law', 'medicine', 'finance', 'data_analysis'];
  const chatCum = cumulative([0.24, 0.05, 0.05, 0.28, 0.06, 0.32]);

  const multilingual = (rng: Rng, lang: OtherLanguage, filter?: Capability): Prompt => {
    const list = EVERYDAY[lang];
    let i = rng.int(list.length);
    if (filter) for (let k = 0; k < list.length && INTENT_CAPABILITIES[i] !== filter; k++) i = (i + 1) % list.length;
    const openers = OPENERS[lang];
    const closers = CLOSERS[lang];
    const opener = openers[rng.int(openers.length)] as string;
    const closer = closers[rng.int(closers.length)] as string;
    // Openers and closers carry their own spacing (none in Chinese and Japanese).
    return prompt(opener + (list[i] as string) + closer, INTENT_CAPABILITIES[i] as Capability, lang);
  };
  const otherLanguage = (lang: Language | undefined): OtherLanguage | undefined => (lang && lang !== 'en' ? lang : undefined);

  const chat: BenignGenerator = (rng, lang) => {
    const other = otherLanguage(lang);
    if (other) return multilingual(rng, other);
    const s = pickWeighted(chatCum, rng);
    if (s < chatLists.length) {
      const list = chatLists[s] as readonly [string, Capability][];
      const [text, cap] = list[rng.int(list.length)] as [string, Capability];
      return prompt(text, cap, 'en');
    }
    const cap = domainCaps[rng.int(domainCaps.length)] as Capability;
    const pool = corpus.problems[cap];
    return prompt(pool[rng.int(pool.length)] as string, cap, 'en');
  };

  const writingFillers: Record<string, Filler> = {
    form: pickFrom(WRITING_FORMS), subject: pickFrom(WRITING_SUBJECTS), audience: pickFrom(WRITING_AUDIENCES),
    tone: pickFrom(WRITING_TONES), words: intBetween(100, 600, 50), n: intBetween(3, 5),
    email: (r) => (corpus.docs.email[r.int(corpus.docs.email.length)] as [string, string])[0],
  };
  const writingShapes = WRITING_SHAPES.map((t) => compile(t, writingFillers));
  const editShapes = EDIT_SHAPES.map((t) => compile(t, writingFillers));
  const writingCorpus = corpus.problems.writing;
  const writing: BenignGenerator = (rng, lang) => {
    const other = otherLanguage(lang);
    if (other) return multilingual(rng, other, 'writing');
    const x = rng.next();
    if (x < 0.4) return prompt(writingCorpus[rng.int(writingCorpus.length)] as string, 'writing', 'en');
    const shapes = x < 0.85 ? writingShapes : editShapes;
    return prompt(render(shapes[rng.int(shapes.length)] as Compiled, rng, state), 'writing', 'en');
  };

  const homework: BenignGenerator = (rng, lang) => {
    const language = lang ?? 'en';
    const useMath = rng.chance(0.4);
    const problem = useMath
      ? (corpus.math[rng.int(corpus.math.length)] as [string, string, string])[0]
      : (corpus.gsm8k[rng.int(corpus.gsm8k.length)] as [string, string, string])[0];
    const intros = HOMEWORK_INTROS[language];
    let user = (intros[rng.int(intros.length)] as string) + problem;
    if (rng.chance(0.35)) {
      const phrases = SHOW_WORK[language];
      user += (language === 'en' || !NO_SPACE.has(language) ? '\n\n' : '\n') + (phrases[rng.int(phrases.length)] as string);
    }
    // Students on reasoning models switch reasoning on for the hard (MATH) problems now and then.
    return prompt(user, 'math', language, undefined, undefined, useMath && rng.chance(0.25));
  };

  const codingTasks = [...(corpus.mbpp.map(([t]) => t)), ...corpus.problems.code];
  const coding: BenignGenerator = (rng, lang) => {
    const language = lang ?? 'en';
    const intros = CODING_INTROS[language];
    const intro = intros[rng.int(intros.length)] as string;
    const x = rng.next();
    let task: string;
    if (x < 0.15) {
      const [stub] = corpus.humaneval[rng.int(corpus.humaneval.length)] as [string, string];
      task = `Can you finish this function?\n\`\`\`python\n${stub}\`\`\``;
    } else if (x < 0.3) {
      task = `${ALGORITHM_TASKS[rng.int(ALGORITHM_TASKS.length)] as string} In ${PROGRAMMING_LANGUAGES[rng.int(8)] as string}.`;
    } else {
      task = codingTasks[rng.int(codingTasks.length)] as string;
    }
    return prompt(intro + task, 'code', language);
  };

  // Benchmarks: each harness sends the same few-shot prefix on every item, as real eval runs do.
  const gsmShots = fixedSample(corpus.gsm8k, 8, 7);
  const gsm8kFewShot = gsmShots.map(([q, s, a]) => `Q: ${q}\nA: ${s.replaceAll('\n', ' ')} The answer is ${a}.\n\n`).join('');
  const gsmLmEval = gsmShots.slice(0, 5).map(([q, s, a]) => `Question: ${q}\nAnswer: ${s}\n#### ${a}\n\n`).join('');
  const benchmarkGsm8k: BenignGenerator = (rng) => {
    const [q] = corpus.gsm8k[rng.int(corpus.gsm8k.length)] as [string, string, string];
    const x = rng.next();
    if (x < 0.4) return prompt(`${gsm8kFewShot}Q: ${q}\nA:`, 'math', 'en');
    if (x < 0.6) return prompt(`${gsmLmEval}Question: ${q}\nAnswer:`, 'math', 'en');
    const [pre, post] = GSM8K_ZERO_SHOT[rng.int(GSM8K_ZERO_SHOT.length)] as readonly [string, string];
    return prompt(pre + q + post, 'math', 'en');
  };

  const mathShots = fixedSample(corpus.mathSolved, 4, 11);
  const minervaPrefix = mathShots.map(([p, , s]) => `Problem:\n${p}\n\nSolution:\n${s}\n\n`).join('');
  const benchmarkMath: BenignGenerator = (rng) => {
    const [p] = corpus.math[rng.int(corpus.math.length)] as [string, string, string];
    if (rng.chance(0.5)) return prompt(`${MATH_SIMPLE_EVALS[0]}${p}${MATH_SIMPLE_EVALS[1]}`, 'math', 'en');
    return prompt(`${minervaPrefix}Problem:\n${p}\n\nSolution:`, 'math', 'en', undefined, undefined, false);
  };

  const benchmarkHumaneval: BenignGenerator = (rng) => {
    const [stub] = corpus.humaneval[rng.int(corpus.humaneval.length)] as [string, string];
    const x = rng.next();
    if (x < 0.4) return prompt(stub, 'code', 'en');
    if (x < 0.7) return prompt(`Complete the following Python function:\n\`\`\`python\n${stub}\`\`\``, 'code', 'en');
    return prompt(`Please provide a self-contained Python script that solves the following problem in a markdown code block:\n\`\`\`\n${stub}\`\`\``, 'code', 'en');
  };

  const mbppShots = fixedSample(corpus.mbpp, 3, 3);
  const mbppPrefix = mbppShots.map(([t, tests, code]) => `You are an expert Python programmer, and here is your task: ${t} Your code should pass these tests:\n\n${tests}\n[BEGIN]\n${code}\n[DONE]\n`).join('');
  const benchmarkMbpp: BenignGenerator = (rng) => {
    const [text, tests] = corpus.mbpp[rng.int(corpus.mbpp.length)] as [string, string, string];
    const ask = `You are an expert Python programmer, and here is your task: ${text} Your code should pass these tests:\n\n${tests}`;
    return prompt(rng.chance(0.5) ? ask : `${mbppPrefix}${ask}\n[BEGIN]\n`, 'code', 'en');
  };

  const bbhCount = corpus.bbh.map((t) => t.questions.length);
  const bbhCum = cumulative(bbhCount);
  const benchmarkBbh: BenignGenerator = (rng) => {
    const task = corpus.bbh[pickWeighted(bbhCum, rng)] as Corpus['bbh'][number];
    const q = task.questions[rng.int(task.questions.length)] as string;
    return rng.chance(0.8)
      ? prompt(`${task.cotPrefix}${q}\nA: Let's think step by step.`, 'reasoning', 'en')
      : prompt(`${task.directPrefix}${q}\nA:`, 'reasoning', 'en');
  };

  const benchmarkIfeval: BenignGenerator = (rng) => prompt(corpus.ifeval[rng.int(corpus.ifeval.length)] as string, 'writing', 'en');

  const docSystem = "You are an assistant that answers questions about the user's documents. Use only the information in the document.";
  const documentQa: BenignGenerator = (rng) => {
    const x = rng.next();
    const system = rng.chance(0.3) ? docSystem : undefined;
    if (x < 0.3) {
      const [doc, q] = corpus.docs.email[rng.int(corpus.docs.email.length)] as [string, string];
      const user = rng.chance(0.5) ? `Here is an email I received:\n\n${doc}\n\n${q}` : `Read this email and answer the question.\n\nEmail:\n${doc}\n\nQuestion: ${q}`;
      return prompt(user, 'data_analysis', 'en', system);
    }
    if (x < 0.8) {
      const [doc, q] = corpus.docs.table[rng.int(corpus.docs.table.length)] as [string, string];
      return prompt(rng.chance(0.5) ? `${doc}\n\n${q}` : `Here is a table:\n\n${doc}\n\nQuestion: ${q}`, 'data_analysis', 'en', system);
    }
    const [doc, q] = corpus.docs.code[rng.int(corpus.docs.code.length)] as [string, string];
    return prompt(`${q}\n\nI found this answer online, does it apply?\n\n${doc}`, 'code', 'en', system);
  };

  const agentFillers: Record<string, Filler> = { ...worldFillers(), module: pickFrom(MODULES), module2: pickFrom(MODULES) };
  const products = AGENT_PRODUCTS.map((p) => ({
    system: p.system,
    tools: p.tools,
    requests: p.requests.map((t) => compile(t, agentFillers)),
    observations: p.observations.map(([tool, result]) => compile(`Result of ${tool}:\n${result}`, agentFillers)),
  }));
  const agentStep: BenignGenerator = (rng) => {
    const p = products[rng.int(products.length)] as (typeof products)[number];
    // Most steps of a loop feed a tool result back; the first step is the user's request.
    const list = rng.chance(0.4) ? p.requests : p.observations;
    const user = render(list[rng.int(list.length)] as Compiled, rng, state);
    return prompt(user, 'agentic', 'en', p.system, p.tools, false);
  };

  const multilingualChat: BenignGenerator = (rng, lang) =>
    multilingual(rng, otherLanguage(lang) ?? (OTHER_LANGUAGES[rng.int(OTHER_LANGUAGES.length)] as OtherLanguage));

  return {
    chat,
    coding,
    writing,
    homework_math: homework,
    benchmark_gsm8k: benchmarkGsm8k,
    benchmark_math: benchmarkMath,
    benchmark_humaneval: benchmarkHumaneval,
    benchmark_mbpp: benchmarkMbpp,
    benchmark_bbh: benchmarkBbh,
    benchmark_ifeval: benchmarkIfeval,
    document_qa: documentQa,
    agent_step: agentStep,
    multilingual_chat: multilingualChat,
  };
}

/** `k` items at fixed, spread positions: the few-shot exemplars of a harness never change. */
function fixedSample<T>(items: readonly T[], k: number, stride: number): T[] {
  const out: T[] = [];
  const step = Math.max(1, Math.floor(items.length / (k * stride)));
  for (let i = 0; i < k; i++) out.push(items[(i * stride * step + i) % items.length] as T);
  return out;
}
