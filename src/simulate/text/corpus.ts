/**
 * The pack turned into ready-to-draw pools, once at load time: prompts per capability, benchmark
 * prefixes, jailbreak wrappers split at their slot, sensitive topics expanded from the banks.
 * Everything the hot path touches is a plain array indexed by an integer draw.
 */

import {
  ALGORITHM_TASKS, CONCEPTS, DOMAIN_SHAPES, QUESTION_SHAPES, SENSITIVE, WRITING_AUDIENCES, WRITING_FORMS, WRITING_SUBJECTS, WRITING_TONES,
} from './banks.js';
import { JAILBREAK_SLOT, type DocItem, type HumanEvalItem, type InstructItem, type MathItem, type MbppItem, type PromptPack, type SolvedItem, type TaggedText } from './pack.js';
import { createRng } from './rng.js';
import { compile, fillOnce, render, type CallState, type Compiled } from './template.js';
import type { Capability } from './types.js';
import { AGENT_TASKS, worldFillers } from './world.js';
import { LANGUAGE_NAMES } from './i18n.js';
import { EVERYDAY, type OtherLanguage } from './multilingual.js';

/** Every capability of the contract. */
export const CAPABILITIES: readonly Capability[] = [
  'math', 'code', 'reasoning', 'science', 'writing', 'chat', 'agentic', 'data_analysis', 'translation',
  'safety_sensitive', 'law', 'medicine', 'finance',
];

/** One BBH task ready to render: `prefix + question + suffix`. */
export interface BbhPrompt {
  name: string;
  /** The task's one-line description (first line of its few-shot prompt). */
  description: string;
  /** Few-shot CoT prompt followed by "\n\nQ: ". */
  cotPrefix: string;
  /** The task description line followed by "\n\nQ: ", for answer-only runs. */
  directPrefix: string;
  questions: readonly string[];
  /** The target answer of each question. */
  targets: readonly string[];
}

/** A jailbreak wrapper split around its slot; `parts.length === 1` means "append the request". */
export interface Wrapper {
  source: string;
  parts: readonly string[];
}

/** The pack's contents as drawable pools. */
export interface Corpus {
  /** Chat prompts by source, with the capability each exercises. */
  chat: Readonly<Record<string, readonly TaggedText[]>>;
  gsm8k: readonly SolvedItem[];
  math: readonly MathItem[];
  /** MATH problems whose worked solution was kept (grader candidates, few-shot exemplars). */
  mathSolved: readonly MathItem[];
  mbpp: readonly MbppItem[];
  humaneval: readonly HumanEvalItem[];
  bbh: readonly BbhPrompt[];
  ifeval: readonly string[];
  docs: { email: readonly DocItem[]; table: readonly DocItem[]; code: readonly DocItem[] };
  instruct: readonly InstructItem[];
  /** Harmful payloads (jailbreak and censorship slot fillers only). */
  harmful: readonly string[];
  /** Politically sensitive questions for censorship-rewrite campaigns. */
  sensitive: readonly string[];
  wrappers: readonly Wrapper[];
  /** Questions and tasks per capability, for attack slots ({problem}, {question}). */
  problems: Readonly<Record<Capability, readonly string[]>>;
}

/** Builds the drawable corpus from a loaded pack (a few tens of milliseconds). */
export function buildCorpus(pack: PromptPack): Corpus {
  const chatItems = Object.entries(pack.chat);
  const byCap = new Map<Capability, string[]>(CAPABILITIES.map((c) => [c, []]));
  for (const [source, items] of chatItems) {
    // hh-rlhf first turns are red-team flavoured; they stay benign chat and never become attack slots.
    if (source === 'hh_rlhf') continue;
    for (const [text, cap] of items) byCap.get(cap)?.push(text);
  }
  const domainQuestions = expandDomainQuestions();
  const agentTasks = expandAgentTasks();
  const sensitive = expandSensitive();
  const humanevalTasks = pack.coding.humaneval.map(([stub]) => `Complete this Python function:\n\`\`\`python\n${stub}\`\`\``);
  const bbh = pack.bbh.bbh.map((t): BbhPrompt => {
    const description = t.fewshot.split('\n', 1)[0] ?? '';
    return { name: t.name, description, cotPrefix: `${t.fewshot}\n\nQ: `, directPrefix: `${description}\n\nQ: `, questions: t.items.map(([q]) => q), targets: t.items.map(([, a]) => a) };
  });
  const bbhQuestions = bbh.flatMap((t) => t.questions.map((q) => `${t.description}\n\n${q}`));

  // Pack items are deduplicated at build time; only the generated parts are deduplicated here
  // (hashing megabytes of corpus text again would double the load time).
  const pool = (cap: Capability, ...extra: (readonly string[])[]): readonly string[] =>
    [...(byCap.get(cap) ?? []), ...(domainQuestions.get(cap) ?? []), ...extra.flat()];
  const codeTasks = [...pack.coding.mbpp.map(([t]) => t), ...humanevalTasks, ...ALGORITHM_TASKS];
  const problems: Record<Capability, readonly string[]> = {
    math: pool('math', pack.gsm8k.gsm8k.map(([q]) => q), pack.math.math.map(([p]) => p)),
    // A sweep asks for the same task in several languages.
    code: pool('code', codeTasks.flatMap((t) => CODE_HINTS.map((h) => t + h))),
    reasoning: pool('reasoning', bbhQuestions),
    science: pool('science'),
    writing: pool('writing', pack.ifeval.ifeval, writingTasks()),
    chat: pool('chat'),
    agentic: agentTasks,
    data_analysis: pool('data_analysis', pack.bipia.table.map(([table, q]) => `${table}\n\n${capitalise(q)}`)),
    translation: pool('translation', translationTasks(pack)),
    safety_sensitive: sensitive,
    law: pool('law'),
    medicine: pool('medicine'),
    finance: pool('finance'),
  };
  for (const cap of CAPABILITIES) {
    if (problems[cap].length === 0) throw new Error(`prompt library: no questions for capability ${cap}`);
  }

  return {
    chat: pack.chat,
    gsm8k: pack.gsm8k.gsm8k,
    math: pack.math.math,
    mathSolved: pack.math.math.filter(([, , s]) => s !== ''),
    mbpp: pack.coding.mbpp,
    humaneval: pack.coding.humaneval,
    bbh,
    ifeval: pack.ifeval.ifeval,
    docs: pack.bipia,
    instruct: pack.instruct.self_instruct,
    harmful: dedupe(Object.values(pack.harmful).flat()),
    sensitive,
    wrappers: Object.entries(pack.jailbreak).flatMap(([source, texts]) =>
      texts.map((text): Wrapper => ({ source, parts: text.split(JAILBREAK_SLOT) }))),
    problems,
  };
}

/** AGENT_TASKS as sentences ("Find the three cheapest flights ... ."), world slots compiled. */
export function compileAgentTasks(): Compiled[] {
  const fillers = worldFillers();
  return AGENT_TASKS.map((t) => compile(`${capitalise(t)}.`, fillers));
}

/** A fixed expansion of the agent tasks (same on every load), for slots that want a plain pool. */
function expandAgentTasks(): readonly string[] {
  const rng = createRng('agent-tasks');
  const state: CallState = { capability: 'agentic', language: 'en' };
  const out: string[] = [];
  for (const task of compileAgentTasks()) {
    for (let k = 0; k < 150; k++) out.push(render(task, rng, state));
  }
  return dedupe(out);
}

/** Writing requests from the banks: every form, subject and tone or audience. */
function writingTasks(): string[] {
  const out: string[] = [];
  for (const form of WRITING_FORMS) {
    for (const subject of WRITING_SUBJECTS) {
      for (const tone of WRITING_TONES) out.push(`Write a ${tone} ${form} about ${subject}.`);
      for (const audience of WRITING_AUDIENCES) out.push(`Draft a ${form} about ${subject} for ${audience}.`);
    }
  }
  return out;
}

/** Translation requests: everyday requests of other languages into English, short English texts out of it. */
function translationTasks(pack: PromptPack): string[] {
  const out: string[] = [];
  for (const lang of Object.keys(EVERYDAY) as OtherLanguage[]) {
    for (const text of EVERYDAY[lang]) {
      out.push(`Translate into English: ${text}`, `Translate this ${LANGUAGE_NAMES[lang]} text into English:\n\n${text}`);
    }
  }
  const short = pack.instruct.self_instruct.map(([, o]) => o).filter((o) => o.length >= 20 && o.length <= 300);
  for (const lang of Object.keys(EVERYDAY) as OtherLanguage[]) {
    for (const text of short) out.push(`Translate the following into ${LANGUAGE_NAMES[lang]}:\n\n${text}`);
  }
  return out;
}

/** Language requests appended to coding tasks ('' = as written). */
const CODE_HINTS = ['', '', ' Use Python.', ' Write it in JavaScript.', ' Solve it in Java.', ' Use C++.', ' Implement it in Rust.', ' Use Go.'];

/** Angles a domain question may add; '' = the bare question. */
const ASPECTS = [
  '', ' Focus on the underlying mechanism.', ' Focus on practical applications.', ' Include the history of the idea.',
  ' Discuss common pitfalls.', ' Mention recent research.', ' Explain how it is measured or tested.',
  ' Compare it with the main alternative.', ' Give a concrete numerical example.', ' Address the most common objections.',
  ' Keep the explanation self-contained.',
];

function expandDomainQuestions(): Map<Capability, string[]> {
  const out = new Map<Capability, string[]>();
  for (const [cap, concepts] of Object.entries(CONCEPTS) as [Capability, readonly string[]][]) {
    const shapes = [...QUESTION_SHAPES, ...(DOMAIN_SHAPES[cap] ?? [])];
    const list: string[] = [];
    for (const concept of concepts) {
      for (const shape of shapes) {
        const q = capitalise(fillOnce(shape, { concept }));
        for (const aspect of ASPECTS) list.push(q + aspect);
      }
    }
    out.set(cap, list);
  }
  return out;
}

/** What users add after a sensitive question ('' = nothing). */
const FOLLOW_UPS = [
  '', '', '', ' Why is this still controversial?', ' How do official sources describe this?', ' What do critics say?',
  ' Who disagrees, and why?', ' How is this taught in schools?', ' Is this still censored online?', ' What is the most reliable evidence?',
  ' How do other countries see this?', ' Please be specific.', ' Give dates and names.',
];

function expandSensitive(): readonly string[] {
  const expand = (shapes: readonly string[], subjects: readonly string[]): string[] =>
    shapes.flatMap((shape) => subjects.map((x) => fillOnce(shape, { x })));
  const questions = dedupe([
    ...expand(SENSITIVE.eventShapes, SENSITIVE.events),
    ...expand(SENSITIVE.issueShapes, SENSITIVE.issues),
    ...expand(SENSITIVE.leaderShapes, SENSITIVE.leaders),
  ]);
  return dedupe(questions.flatMap((q) => FOLLOW_UPS.map((f) => q + f)));
}

function capitalise(text: string): string {
  return text.length === 0 ? text : text.charAt(0).toUpperCase() + text.slice(1);
}

function dedupe(items: readonly string[]): readonly string[] {
  return [...new Set(items)];
}
