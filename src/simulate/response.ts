/**
 * Answers and reasoning for simulated exchanges: the upstream simulator's word banks and prompt
 * analysis (topic words, math solving, code detection), composed for throughput.
 *
 * Why not call `generateAnswer` directly: at ~35 µs per answer (and ~55 µs per reasoning) it alone
 * would take most of the 15-minute budget of a 16-million-exchange run. Here every template is filled
 * once at start-up with its non-topic slots (adjectives, nouns, verbs…) in many variants, and split
 * around its topic slots; composing an answer is then picking variants and inserting the prompt's
 * topic words, a few string concatenations per sentence. Same vocabulary, same shapes, ~10× cheaper.
 *
 * Every composition also builds its JSON-escaped form alongside (`Composed.json`) from parts escaped
 * once at start-up: escaping a freshly concatenated answer with JSON.stringify cost more than
 * composing it (it flattens the string, then scans it), and the serialiser would otherwise do it
 * twice, for the answer and again when the answer is resent as conversation history.
 */
import { createRng as createWordRng, type Rng as WordRng } from '../upstream-sim/hash.js';
import { classifyPrompt, salientWords, solveMath, type MathSolution } from '../upstream-sim/prompt.js';
import { estimateTokens, generateSummary, type TopicContext } from '../upstream-sim/text.js';
import * as B from '../upstream-sim/wordbanks.js';

/** A template with its non-topic slots filled: literal parts around the slots filled per answer. */
interface Shape {
  /** parts[0] slot parts[1] slot … parts[n]; slots[i] sits between parts[i] and parts[i+1]. */
  parts: string[];
  /** `parts`, JSON-escaped (without quotes). */
  jparts: string[];
  /** 0 = topic, 1 = Topic (capitalised), 2 = topic2, 3 = function name, 4 = argument name, 5 = language name. */
  slots: number[];
  /** The sentence starts with a slot (its word is capitalised). */
  leading: boolean;
  /** Which template it came from (to avoid repeating a sentence back to back). */
  template: number;
}

const VARIANTS = 24;
const SHAPE_SEED = 0x51a7e;
const SLOT_CODES: Record<string, number> = { topic: 0, Topic: 1, topic2: 2, fn: 3, arg: 4, lang: 5 };

function compileShapes(templates: readonly string[], salt: number, sentence = true): Shape[] {
  const rng = createWordRng(SHAPE_SEED, salt);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
  const out: Shape[] = [];
  templates.forEach((template, index) => {
    for (let v = 0; v < VARIANTS; v++) {
      const pieces = template.split(/\{(\w+)\}/);
      const parts: string[] = [''];
      const slots: number[] = [];
      for (let i = 0; i < pieces.length; i++) {
        const piece = pieces[i]!;
        if (i % 2 === 0) {
          parts[parts.length - 1] += piece;
          continue;
        }
        const code = SLOT_CODES[piece];
        if (code !== undefined) {
          slots.push(code);
          parts.push('');
          continue;
        }
        let word: string;
        switch (piece) {
          case 'adj': word = pick(B.ADJECTIVES); break;
          case 'noun': word = pick(B.NOUNS); break;
          case 'verb3': word = pick(B.VERBS3); break;
          case 'verb': word = pick(B.VERBS); break;
          case 'adv': word = pick(B.ADVERBS); break;
          case 'conn': word = pick(B.CONNECTORS); break;
          case 'tool': word = 'the tool'; break;
          default: word = piece;
        }
        parts[parts.length - 1] += word;
      }
      if (sentence) {
        // "a important" -> "an important" inside literals; slot boundaries are fixed at fill time
        for (let i = 0; i < parts.length; i++) parts[i] = parts[i]!.replace(/\b([Aa]) (?=[aeioAEIO]|un)/g, '$1n ');
      }
      const leading = sentence && parts[0] === '' && slots.length > 0;
      if (sentence && !leading) parts[0] = capitalise(parts[0]!);
      out.push({ parts, jparts: parts.map(escapeJson), slots, leading, template: salt * 1000 + index });
      // templates without variable words need only one variant
      if (!/\{(adj|noun|verb3|verb|adv|conn)\}/.test(template)) break;
    }
  });
  return out;
}

/** `s` as it appears between the quotes of its JSON string (exactly JSON.stringify's escaping). */
export function escapeJson(s: string): string {
  const json = JSON.stringify(s);
  return json.slice(1, json.length - 1);
}

/** A composed text and its JSON-escaped form: `JSON.stringify(text) === '"' + json + '"'`. */
export interface Composed {
  text: string;
  json: string;
}

function capitalise(s: string): string {
  const c = s.charCodeAt(0);
  return c >= 97 && c <= 122 ? String.fromCharCode(c - 32) + s.slice(1) : s;
}

const S = {
  openings: compileShapes(B.ANSWER_OPENINGS, 1),
  bodies: compileShapes(B.ANSWER_BODIES, 2),
  closings: compileShapes(B.ANSWER_CLOSINGS, 3),
  rOpenings: compileShapes(B.REASONING_OPENINGS, 4),
  rBodies: compileShapes(B.REASONING_BODIES, 5),
  rClosings: compileShapes(B.REASONING_CLOSINGS, 6),
  codeIntros: compileShapes(B.CODE_INTROS, 7),
  codeBodies: compileShapes(B.CODE_BODIES, 8),
  mathIntros: compileShapes(B.MATH_INTROS, 9),
  mathReasoning: compileShapes(B.MATH_REASONING, 10),
};

/** Code skeletons per language (the upstream simulator's), with the function and argument names as slots. */
const CODE: Record<string, Shape[]> = Object.fromEntries(
  Object.entries(B.CODE_TEMPLATES).map(([lang, templates], i) => [lang, compileShapes(templates, 20 + i, false)]),
);
const LANG_LABELS: Record<string, string> = { python: 'Python', typescript: 'TypeScript', javascript: 'JavaScript', go: 'Go', rust: 'Rust', sql: 'SQL', bash: 'Bash' };
const SNAKE = new Set(['python', 'rust', 'bash', 'sql']);
const NOT_NAMES = /^(python|typescript|javascript|golang|rust|sql|bash|code|function|implement|program|script|write)$/i;
const ARGS = ['items', 'values', 'records', 'data'];

const LANG_RE: ReadonlyArray<[RegExp, string]> = [
  [/\btypescript\b/i, 'typescript'], [/\bjavascript\b|\bnode\.?js\b/i, 'javascript'], [/\bgolang\b|\bin go\b/i, 'go'],
  [/\brust\b/i, 'rust'], [/\bsql\b|\bpostgres|\bmysql\b/i, 'sql'], [/\bbash\b|\bshell\b/i, 'bash'],
];

/** What the composer needs to know about a prompt (computed once per request). */
export interface PromptTopic {
  words: readonly string[];
  /** `words`, JSON-escaped. */
  wordsJson: readonly string[];
  kind: 'math' | 'code' | 'general';
  math: MathSolution | undefined;
  codeLang: string;
}

// Prompts can be long documents; a few hundred characters say what they are about, and scanning
// less is cheaper.
const TOPIC_SCAN = 280;

/**
 * Topic words and kind of a prompt (the upstream simulator's analysis). It reads the opening, except
 * that a short first paragraph (an instruction wrapped around the real question, as in templated
 * prompts) is skipped in favour of what follows.
 */
export function analysePrompt(text: string): PromptTopic {
  // corpus prompts recur (benchmarks, homework sets, app templates): analyse each text once
  const cached = text.length <= TOPIC_CACHE_CHARS ? topicCache.get(text) : undefined;
  if (cached) return cached;
  const topic = analyse(text);
  if (text.length <= TOPIC_CACHE_CHARS) {
    if (topicCache.size >= TOPIC_CACHE_ENTRIES) topicCache.clear();
    topicCache.set(text, topic);
  }
  return topic;
}

// bounded: the cache is live heap that every major GC marks again
const TOPIC_CACHE_CHARS = 1500;
const TOPIC_CACHE_ENTRIES = 20_000;
const topicCache = new Map<string, PromptTopic>();

function analyse(text: string): PromptTopic {
  let from = 0;
  const gap = text.indexOf('\n\n');
  if (gap > 0 && gap < 200 && text.length - gap > 80) from = gap + 2;
  const head = text.length - from > TOPIC_SCAN ? text.slice(from, from + TOPIC_SCAN) : from > 0 ? text.slice(from) : text;
  const found = salientWords(head, 6);
  const kind = classifyPrompt(head);
  let codeLang = 'python';
  if (kind === 'code') for (const [re, lang] of LANG_RE) if (re.test(head)) { codeLang = lang; break; }
  const words = found.length > 0 ? found : B.FALLBACK_TOPICS;
  return {
    words,
    // topic words are letters, apostrophes and hyphens (salientWords), the fallbacks plain phrases:
    // none needs escaping, so the JSON forms are the words themselves (a test checks this)
    wordsJson: words,
    kind,
    math: kind === 'math' ? solveMath(head) : undefined,
    codeLang,
  };
}

/**
 * Fills shapes with topic words, rotating through them so that most get mentioned. Each fill leaves
 * the text in `s` and its JSON-escaped form in `j` (the random draws are the same as for text alone).
 */
class Composer {
  private next: number;
  private last1 = -1;
  private last2 = -1;
  fn = 'process_items';
  arg = 'items';
  lang = 'Python';
  /** The last fill's text and JSON-escaped text. */
  s = '';
  j = '';

  constructor(private readonly rng: WordRng, private readonly words: readonly string[], private readonly wordsJson: readonly string[]) {
    this.next = Math.floor(rng() * words.length);
  }

  /** A shape from `list`, avoiding (within a few tries) the templates of the last two sentences. */
  pick(list: readonly Shape[]): Shape {
    let shape = list[Math.floor(this.rng() * list.length)]!;
    for (let i = 0; i < 3 && (shape.template === this.last1 || shape.template === this.last2); i++) shape = list[Math.floor(this.rng() * list.length)]!;
    this.last2 = this.last1;
    this.last1 = shape.template;
    return shape;
  }

  /** Fills `shape` into `s` and `j`. */
  fill(shape: Shape): void {
    const { parts, jparts, slots } = shape;
    let out = parts[0]!;
    let json = jparts[0]!;
    for (let i = 0; i < slots.length; i++) {
      const code = slots[i]!;
      let word: string;
      let wordJson: string;
      if (code <= 2) {
        const k = this.next++ % this.words.length;
        word = this.words[k]!;
        wordJson = this.wordsJson[k]!;
        if (code === 1 || (i === 0 && shape.leading)) {
          word = capitalise(word);
          wordJson = capitalise(wordJson);
        }
        // "a" before a topic word starting with a vowel (' a ' escapes to itself)
        if (out.endsWith(' a ') && /^[aeioAEIO]/.test(word)) {
          out = out.slice(0, -2) + 'an ';
          json = json.slice(0, -2) + 'an ';
        }
      } else {
        // function and argument names are [a-z0-9_] and language labels plain words: no escapes
        word = code === 3 ? this.fn : code === 4 ? this.arg : this.lang;
        wordJson = word;
      }
      out += word + parts[i + 1]!;
      json += wordJson + jparts[i + 1]!;
    }
    this.s = out;
    this.j = json;
  }

  /**
   * Sentences from `bodies` after `start` until about `targetChars`, in paragraphs, then a closing;
   * the result in `s` and `j`.
   */
  prose(start: string, startJson: string, targetChars: number, bodies: readonly Shape[], closings: readonly Shape[] | null): void {
    let out = start;
    let json = startJson;
    let inParagraph = 1;
    let paragraph = 3 + Math.floor(this.rng() * 3);
    let closing = '';
    let closingJson = '';
    if (closings) {
      this.fill(this.pick(closings));
      closing = this.s;
      closingJson = this.j;
    }
    const budget = targetChars - (closing.length > 0 ? closing.length + 2 : 0);
    while (out.length < budget) {
      this.fill(this.pick(bodies));
      if (out.length === 0) {
        out = this.s;
        json = this.j;
      } else if (inParagraph >= paragraph) {
        out += '\n\n' + this.s;
        json += '\\n\\n' + this.j;
        inParagraph = 1;
        paragraph = 3 + Math.floor(this.rng() * 3);
      } else {
        out += ' ' + this.s;
        json += ' ' + this.j;
        inParagraph++;
      }
    }
    if (closing.length > 0) {
      out += '\n\n' + closing;
      json += '\\n\\n' + closingJson;
    }
    this.s = out;
    this.j = json;
  }

  /** Names the function after the prompt's topic words, in the language's convention. */
  nameFor(lang: string): void {
    const names = this.words.filter((w) => !NOT_NAMES.test(w)).slice(0, 3).map((w) => w.toLowerCase().replace(/[^a-z0-9]/g, '')).filter((w) => w.length > 0);
    if (names.length === 0) names.push('process', 'items');
    this.fn = SNAKE.has(lang) ? names.join('_') : names[0]! + names.slice(1).map((w) => capitalise(w)).join('');
    this.arg = lang === 'sql' ? names[0]! : ARGS[Math.floor(this.rng() * ARGS.length)]!;
    this.lang = LANG_LABELS[lang] ?? 'Python';
  }
}

/** A visible answer of about `tokens` tokens to a prompt with this topic, with its JSON-escaped form. */
export function composeAnswer(rng: WordRng, topic: PromptTopic, tokens: number): Composed {
  const c = new Composer(rng, topic.words, topic.wordsJson);
  const target = Math.max(16, tokens * 4);
  if (topic.kind === 'math' && topic.math) {
    const m = topic.math;
    c.fill(c.pick(S.mathIntros));
    let out = c.s + `\n\n1. Start from the expression: ${m.expression}.`;
    let json = c.j + `\\n\\n1. Start from the expression: ${escapeJson(m.expression)}.`;
    let n = 2;
    for (const step of m.steps.slice(0, 8)) {
      out += `\n${n}. Compute ${step}.`;
      json += `\\n${n}. Compute ${escapeJson(step)}.`;
      n++;
    }
    const final = `\n\nThe answer is ${m.answer}.`;
    const finalJson = `\\n\\nThe answer is ${escapeJson(m.answer)}.`;
    const room = target - out.length - final.length;
    if (room > 60) {
      c.prose('', '', room, S.bodies, null);
      return { text: `${out}\n\n${c.s}${final}`, json: `${json}\\n\\n${c.j}${finalJson}` };
    }
    return { text: out + final, json: json + finalJson };
  }
  if (topic.kind === 'code' && tokens >= 60) {
    c.nameFor(topic.codeLang);
    const skeletons = CODE[topic.codeLang] ?? CODE['python']!;
    c.fill(skeletons[Math.floor(rng() * skeletons.length)]!);
    const code = c.s;
    const codeJson = c.j;
    c.fill(c.pick(S.codeIntros));
    // codeLang is one of a fixed set of plain language names: no escapes
    const start = `${c.s}\n\n\`\`\`${topic.codeLang}\n${code}\`\`\`\n\n`;
    const startJson = `${c.j}\\n\\n\`\`\`${topic.codeLang}\\n${codeJson}\`\`\`\\n\\n`;
    c.prose('', '', Math.max(60, target - start.length), S.codeBodies, null);
    return { text: start + c.s, json: startJson + c.j };
  }
  c.fill(c.pick(S.openings));
  c.prose(c.s, c.j, target, S.bodies, S.closings);
  return { text: c.s, json: c.j };
}

/** Step-by-step reasoning of about `tokens` tokens, on the same topic, with its JSON-escaped form. */
export function composeReasoning(rng: WordRng, topic: PromptTopic, tokens: number): Composed {
  const c = new Composer(rng, topic.words, topic.wordsJson);
  c.fill(c.pick(S.rOpenings));
  let start = c.s;
  let startJson = c.j;
  if (topic.kind === 'math' && topic.math) {
    c.fill(c.pick(S.mathReasoning));
    start += ' ' + c.s;
    startJson += ' ' + c.j;
    for (const step of topic.math.steps.slice(0, 8)) {
      start += ` ${step}.`;
      startJson += ` ${escapeJson(step)}.`;
    }
    start += ` So the result is ${topic.math.answer}.`;
    startJson += ` So the result is ${escapeJson(topic.math.answer)}.`;
  }
  c.prose(start, startJson, Math.max(32, tokens * 4), S.rBodies, S.rClosings);
  return { text: c.s, json: c.j };
}

/** A short reasoning summary (the upstream simulator's own generator; short and rarer, so cost is fine). */
export function composeSummary(rng: WordRng, topic: PromptTopic): string {
  const ctx: TopicContext = { words: topic.words, properNouns: [], kind: topic.kind, math: topic.math, tool: undefined, lang: ['python', 'Python'] };
  return generateSummary(rng, ctx);
}

/** The token estimate every usage figure uses (the upstream simulator's rule: ~4 characters a token). */
export { estimateTokens };

export { createWordRng };
export type { WordRng };
