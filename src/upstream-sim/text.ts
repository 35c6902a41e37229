/**
 * Deterministic, plausible text: answers, reasoning and reasoning summaries built from the word banks.
 *
 * Cost matters more than eloquence (the simulator is a benchmark baseline): templates are compiled
 * once, and generating ~120 tokens is a few dozen template fills.
 */
import { type Rng, pick } from './hash.js';
import { classifyPrompt, type MathSolution, type PromptKind, salientWords, solveMath } from './prompt.js';
import * as B from './wordbanks.js';

/**
 * Token estimate used for all usage figures: about four characters per token, at least 1 for
 * non-empty text. Real tokenizers differ; what matters is that every count the simulator reports
 * uses this same rule.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** The first `tokens` tokens of `text` (a hard cut, as a real model stopping at its budget would make). */
export function truncateToTokens(text: string, tokens: number): string {
  return text.length <= tokens * 4 ? text : text.slice(0, Math.max(0, tokens * 4));
}

/**
 * Splits text into streaming pieces of about one word each, leading whitespace attached, the way
 * model tokens usually look (`"Hello"`, `" world"`). Joining the pieces gives back the text exactly.
 */
export function splitForStream(text: string): string[] {
  return text.match(/\s*\S+|\s+$/g) ?? [];
}

/** What the generators know about the prompt. */
export interface TopicContext {
  /** Salient words, never empty (falls back to generic topics). */
  words: readonly string[];
  /** Capitalised words of the prompt (places, names), for tool arguments. */
  properNouns: readonly string[];
  kind: PromptKind;
  math: MathSolution | undefined;
  /** Name of the tool being called, when there is one. */
  tool: string | undefined;
  /** Fence tag and display name of the language a code prompt asks for. */
  lang: readonly [string, string];
}

/** Analyses the last user message once per request. */
export function topicContext(lastUserText: string, tool?: string): TopicContext {
  const found = salientWords(lastUserText);
  const kind = classifyPrompt(lastUserText);
  return {
    words: found.length > 0 ? found : B.FALLBACK_TOPICS,
    properNouns: found.filter((w) => /^[A-Z][a-z]/.test(w)),
    kind,
    math: kind === 'math' ? solveMath(lastUserText) : undefined,
    tool,
    lang: kind === 'code' ? detectLanguage(lastUserText) : DEFAULT_LANG,
  };
}

const DEFAULT_LANG = ['python', 'Python'] as const;
const LANGS: ReadonlyArray<readonly [RegExp, string, string]> = [
  [/\btypescript\b|\bts\b/i, 'typescript', 'TypeScript'],
  [/\bjavascript\b|\bnode\.?js\b|\bjs\b/i, 'javascript', 'JavaScript'],
  [/\bgolang\b|\bin go\b/i, 'go', 'Go'],
  [/\brust\b/i, 'rust', 'Rust'],
  [/\bsql\b|\bpostgres|\bmysql\b|\bsqlite\b/i, 'sql', 'SQL'],
  [/\bbash\b|\bshell\b/i, 'bash', 'Bash'],
];

function detectLanguage(text: string): readonly [string, string] {
  for (const [re, id, label] of LANGS) if (re.test(text)) return [id, label];
  return DEFAULT_LANG;
}

// --- template machinery -----------------------------------------------------------------------

/** A template split as [literal, slot, literal, slot, ..., literal]. */
type Compiled = readonly string[];

function compile(templates: readonly string[]): readonly Compiled[] {
  return templates.map((t) => t.split(/\{(\w+)\}/));
}

const T = {
  openings: compile(B.ANSWER_OPENINGS),
  bodies: compile(B.ANSWER_BODIES),
  closings: compile(B.ANSWER_CLOSINGS),
  rOpenings: compile(B.REASONING_OPENINGS),
  rBodies: compile(B.REASONING_BODIES),
  rClosings: compile(B.REASONING_CLOSINGS),
  sTitles: compile(B.SUMMARY_TITLES),
  sBodies: compile(B.SUMMARY_BODIES),
  toolReasoning: compile(B.TOOL_REASONING),
  toolPreambles: compile(B.TOOL_PREAMBLES),
  codeIntros: compile(B.CODE_INTROS),
  codeBodies: compile(B.CODE_BODIES),
  mathIntros: compile(B.MATH_INTROS),
  mathFillers: compile(B.MATH_FILLERS),
  mathReasoning: compile(B.MATH_REASONING),
  code: Object.fromEntries(Object.entries(B.CODE_TEMPLATES).map(([k, v]) => [k, compile(v)])) as Record<string, readonly Compiled[]>,
};

const A_AN_RE = /\b([Aa]) (?=[aeioAEIO]|un)/g;

function capitalise(s: string): string {
  const c = s.charCodeAt(0);
  return c >= 97 && c <= 122 ? String.fromCharCode(c - 32) + s.slice(1) : s;
}

/** Fills templates for one generation; rotates through the topic words so that most get mentioned. */
class Filler {
  private next: number;
  private last = '';
  private readonly recent: (Compiled | undefined)[] = [undefined, undefined];
  fn = 'process_items';
  arg = 'items';
  lang = 'Python';

  constructor(private readonly rng: Rng, private readonly ctx: TopicContext) {
    this.next = Math.floor(rng() * ctx.words.length);
  }

  private topic(): string {
    const words = this.ctx.words;
    const w = words[this.next % words.length] as string;
    this.next++;
    this.last = w;
    return w;
  }

  private topic2(): string {
    const words = this.ctx.words;
    if (words.length > 1) {
      const w = words[this.next % words.length] as string;
      if (w !== this.last) { this.next++; return w; }
    }
    return pick(this.rng, B.FALLBACK_TOPICS);
  }

  private slot(name: string): string {
    switch (name) {
      case 'topic': return this.topic();
      case 'Topic': return capitalise(this.topic());
      case 'topic2': return this.topic2();
      case 'adj': return pick(this.rng, B.ADJECTIVES);
      case 'noun': return pick(this.rng, B.NOUNS);
      case 'verb3': return pick(this.rng, B.VERBS3);
      case 'verb': return pick(this.rng, B.VERBS);
      case 'adv': return pick(this.rng, B.ADVERBS);
      case 'conn': return pick(this.rng, B.CONNECTORS);
      case 'tool': return this.ctx.tool ?? 'the tool';
      case 'fn': return this.fn;
      case 'arg': return this.arg;
      case 'lang': return this.lang;
      default: return name;
    }
  }

  /** Fills one template; `sentence` capitalises the first letter. */
  fill(tpl: Compiled, sentence = true): string {
    let out = tpl[0] as string;
    for (let i = 1; i < tpl.length; i += 2) out += this.slot(tpl[i] as string) + (tpl[i + 1] as string);
    // "a important" -> "an important" (not before "u": "a useful", but "an underlying").
    return sentence ? capitalise(out.replace(A_AN_RE, '$1n ')) : out;
  }

  /** A template from `list`, avoiding (within a few tries) the last two choices. */
  pickFrom(list: readonly Compiled[]): Compiled {
    let choice = pick(this.rng, list);
    for (let i = 0; i < 3 && list.length > 2 && (choice === this.recent[0] || choice === this.recent[1]); i++) choice = pick(this.rng, list);
    this.recent[1] = this.recent[0];
    this.recent[0] = choice;
    return choice;
  }
}

/**
 * `start`, then body sentences while they fit in `targetChars`, then the longest closing that still
 * fits; paragraphs of 3–5 sentences. Sentences that would overshoot are skipped in favour of shorter
 * ones, so the result lands close to the target without cutting a sentence.
 */
function prose(f: Filler, rng: Rng, start: string, targetChars: number, bodies: readonly Compiled[], closings: readonly Compiled[]): string {
  // All closings are filled up front so that the one that best fills the remaining room can be chosen last.
  let endings = closings.map((c) => f.fill(c));
  let shortest = endings.reduce((m, e) => Math.min(m, e.length + 2), endings.length > 0 ? Infinity : 0);
  if (start.length >= targetChars) return fitChars(start, targetChars);
  // Short answers drop the closing rather than their body.
  if (start.length + shortest > targetChars) {
    endings = [];
    shortest = 0;
  }
  const budget = targetChars - shortest;
  let out = start;
  let inParagraph = 1;
  let paragraphLength = 3 + Math.floor(rng() * 3);
  for (let misses = 0; misses < 8; ) {
    const s = f.fill(f.pickFrom(bodies));
    const breakHere = inParagraph >= paragraphLength;
    const sep = out.length === 0 ? '' : breakHere ? '\n\n' : ' ';
    if (out.length + sep.length + s.length > budget) {
      misses++;
      continue;
    }
    out += sep + s;
    if (breakHere) {
      inParagraph = 1;
      paragraphLength = 3 + Math.floor(rng() * 3);
    } else {
      inParagraph++;
    }
  }
  if (endings.length === 0) return out;
  const room = targetChars - out.length - 2;
  let closing = '';
  const offset = Math.floor(rng() * endings.length);
  for (let k = 0; k < endings.length; k++) {
    const e = endings[(offset + k) % endings.length] as string;
    if (e.length <= room && e.length > closing.length) closing = e;
  }
  return out.length > 0 ? `${out}\n\n${closing}` : closing;
}

/** Shortens text to at most `maxChars`, cutting at a word boundary and ending the sentence cleanly. */
function fitChars(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  let cut = text.lastIndexOf(' ', maxChars - 1);
  if (cut < maxChars / 2) cut = maxChars - 1;
  const head = text.slice(0, cut).replace(/[\s,;:.!?`-]+$/, '');
  return head.length > 0 ? head + '.' : text.slice(0, maxChars);
}

// --- answers ---------------------------------------------------------------------------------------

/** An answer of about `targetTokens` tokens (code answers may exceed it by the code block). */
export function generateAnswer(rng: Rng, ctx: TopicContext, targetTokens: number): string {
  const f = new Filler(rng, ctx);
  const target = Math.max(4, targetTokens * 4);
  if (ctx.kind === 'math' && ctx.math) return mathAnswer(f, rng, ctx.math, target);
  if (ctx.kind === 'code' && targetTokens >= 60) return codeAnswer(f, rng, ctx, target);
  return prose(f, rng, f.fill(f.pickFrom(T.openings)), target, T.bodies, T.closings);
}

function mathAnswer(f: Filler, rng: Rng, math: MathSolution, target: number): string {
  const final = `\n\nThe answer is ${math.answer}.`;
  const steps = math.steps.length > 0 ? math.steps : [`${math.expression} = ${math.answer}`];
  let out = f.fill(f.pickFrom(T.mathIntros)) + '\n\n';
  out += `1. Start from the expression: ${math.expression}.`;
  let n = 2;
  for (const step of steps) out += `\n${n++}. Compute ${step}.`;
  // Fillers in rotation from a random offset: each at most once, then plain prose if room remains.
  const offset = Math.floor(rng() * T.mathFillers.length);
  for (let k = 0; k < T.mathFillers.length; k++) {
    const filler = `\n${n}. ${f.fill(T.mathFillers[(offset + k) % T.mathFillers.length] as Compiled)}`;
    if (out.length + filler.length + final.length > target) break;
    out += filler;
    n++;
  }
  const room = target - out.length - final.length - 2;
  if (room > 80) out += '\n\n' + prose(f, rng, '', room, T.bodies, []);
  if (out.length + final.length > target) {
    // Short budgets: keep the result, drop the walkthrough.
    const short = `${math.expression} = ${math.answer}.${final}`;
    return short.length <= target ? short : `The answer is ${math.answer}.`;
  }
  return out + final;
}

function codeAnswer(f: Filler, rng: Rng, ctx: TopicContext, target: number): string {
  const [lang, label] = ctx.lang;
  f.lang = label;
  const nameWords = ctx.words
    .filter((w) => !/^(python|typescript|javascript|golang|rust|sql|bash|code|function|implement|program|script)$/i.test(w))
    .slice(0, 3)
    .map((w) => w.toLowerCase().replace(/[^a-z0-9]/g, ''))
    .filter((w) => w.length > 0);
  if (nameWords.length === 0) nameWords.push('process', 'items');
  f.fn = lang === 'python' || lang === 'rust' || lang === 'bash' || lang === 'sql'
    ? nameWords.join('_')
    : (nameWords[0] as string) + nameWords.slice(1).map((w) => w[0]?.toUpperCase() + w.slice(1)).join('');
  f.arg = lang === 'sql' ? (nameWords[0] as string) : pick(rng, ['items', 'values', 'records', 'data'] as const);
  const templates = T.code[lang] ?? T.code['python'] ?? [];
  const code = f.fill(pick(rng, templates), false);
  const start = `${f.fill(f.pickFrom(T.codeIntros))}\n\n\`\`\`${lang}\n${code}\`\`\`\n\n`;
  return start + prose(f, rng, '', Math.max(40, target - start.length), T.codeBodies, []);
}

// --- reasoning -------------------------------------------------------------------------------------

/** Step-by-step "thinking" of about `targetTokens` tokens, consistent with the answer's topic. */
export function generateReasoning(rng: Rng, ctx: TopicContext, targetTokens: number): string {
  const f = new Filler(rng, ctx);
  const target = Math.max(8, targetTokens * 4);
  let start = f.fill(f.pickFrom(T.rOpenings));
  if (ctx.tool) start += ' ' + f.fill(f.pickFrom(T.toolReasoning));
  if (ctx.kind === 'math' && ctx.math) {
    start += ' ' + f.fill(f.pickFrom(T.mathReasoning));
    for (const step of ctx.math.steps) start += ` ${step}.`;
    start += ` So the result is ${ctx.math.answer}. ` + f.fill(f.pickFrom(T.mathReasoning));
  }
  return prose(f, rng, start, target, T.rBodies, T.rClosings);
}

/** A short reasoning summary in the Responses API style: a bold title, then two or three sentences. */
export function generateSummary(rng: Rng, ctx: TopicContext): string {
  const f = new Filler(rng, ctx);
  let out = `**${f.fill(f.pickFrom(T.sTitles))}**\n\n`;
  const n = 2 + Math.floor(rng() * 2);
  for (let i = 0; i < n; i++) out += (i > 0 ? ' ' : '') + f.fill(f.pickFrom(T.sBodies));
  return out;
}

/** The sentence an Anthropic-style model writes before a tool_use block. */
export function generateToolPreamble(rng: Rng, ctx: TopicContext): string {
  return new Filler(rng, ctx).fill(pick(rng, T.toolPreambles));
}
