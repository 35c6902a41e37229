/**
 * Reading the prompt: `[[sim:...]]` directives, salient words, the kind of question, and a small
 * arithmetic evaluator so that math-like prompts get a correct final answer.
 */
import type { Directives, FaultSpec } from './types.js';

const NO_DIRECTIVES: Directives = Object.freeze({ present: false });
const DIRECTIVE_RE = /\[\[sim:([^\]]*)\]\]/g;

/**
 * Parses `[[sim:key=value,key=value]]` directives out of a message.
 *
 * Keys: `fault` (a 4xx/5xx status, `timeout` or `disconnect`), `retry` (seconds for a 429),
 * `tokens` (answer length), `latency` (ms). Unknown keys and bad values are ignored: a typo in a test
 * prompt must not turn into a simulator error. Returns the text with the directives removed.
 */
export function parseDirectives(text: string): { directives: Directives; clean: string } {
  // Fast path: almost no prompt carries a directive, and this runs on every request.
  if (!text.includes('[[sim:')) return { directives: NO_DIRECTIVES, clean: text };
  const d: Directives = { present: true };
  let fault: string | undefined;
  let retry = 1;
  for (const match of text.matchAll(DIRECTIVE_RE)) {
    for (const pair of (match[1] ?? '').split(/[,;\s]+/)) {
      const eq = pair.indexOf('=');
      if (eq < 0) continue;
      const key = pair.slice(0, eq).trim().toLowerCase();
      const value = pair.slice(eq + 1).trim().toLowerCase();
      const n = Number(value);
      if (key === 'fault') fault = value;
      else if (key === 'retry' && Number.isFinite(n) && n >= 0) retry = Math.min(n, 3600);
      else if (key === 'tokens' && Number.isFinite(n) && n >= 1) d.tokens = Math.min(Math.round(n), 200_000);
      else if (key === 'latency' && Number.isFinite(n) && n >= 0) d.latencyMs = Math.min(n, 600_000);
    }
  }
  if (fault !== undefined) {
    const spec = faultFrom(fault, retry);
    if (spec) d.fault = spec;
  }
  return { directives: d, clean: text.replace(DIRECTIVE_RE, '').trim() };
}

function faultFrom(value: string, retryAfterSec: number): FaultSpec | undefined {
  if (value === 'timeout') return { kind: 'timeout' };
  if (value === 'disconnect') return { kind: 'disconnect' };
  const status = Number(value);
  if (Number.isInteger(status) && status >= 400 && status <= 599) return { kind: 'status', status, retryAfterSec };
  return undefined;
}

// Words that say nothing about the topic: function words plus the verbs people use to ask.
const STOPWORDS = new Set(
  ('the and for are but not you your with this that have from they will would there their what about which when ' +
    'make like time just know take into year them some could than then look only come over think also back after ' +
    'use two how our work first well way even new want because any these give day most can was were been being ' +
    'has had does did doing its it\'s i\'m don\'t should shall may might must very much many more such each other ' +
    'please explain tell describe write show give help answer question questions need know thanks thank ' +
    'hello hey could would can\'t won\'t here where who whom whose why while also using used uses between ' +
    'within without under again further once both few own same too all one get got let lets let\'s say said ' +
    'something anything everything thing things really quite some kind sort briefly detail details simple simply ' +
    'short long example examples word words sentence paragraph answer respond reply okay yes ' +
    'works matters happens means makes seems looks goes gets helps wants needs takes gives comes becomes ' +
    'affect affects cause causes change changes differ compare improve mean happen matter seem today tomorrow ' +
    'summarise summarize outline discuss analyse analyze provide create generate find suggest recommend').split(' '),
);

const WORD_RE = /[A-Za-z][A-Za-z'-]{2,}/g;
const SCAN_LIMIT = 4000;

/**
 * Up to `max` topic words of a message, in order of first appearance. Proper nouns and acronyms keep
 * their case (they read wrongly lower-cased); other words are lower-cased.
 */
export function salientWords(text: string, max = 8): string[] {
  const source = text.length > SCAN_LIMIT ? text.slice(text.length - SCAN_LIMIT) : text;
  const out: string[] = [];
  const seen = new Set<string>();
  WORD_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD_RE.exec(source)) !== null && out.length < max) {
    let word = m[0].replace(/['-]+$/, '');
    const lower = word.toLowerCase();
    if (word.length < 3 || STOPWORDS.has(lower) || seen.has(lower)) continue;
    seen.add(lower);
    if (!/[A-Z]/.test(word.slice(1)) && !(isCapital(word) && !sentenceStart(source, m.index))) word = lower;
    out.push(word);
  }
  return out;
}

function isCapital(word: string): boolean {
  const c = word.charCodeAt(0);
  return c >= 65 && c <= 90;
}

/** True when position `i` starts a sentence (only whitespace since the last `.`, `!`, `?` or the start). */
function sentenceStart(text: string, i: number): boolean {
  for (let j = i - 1; j >= 0; j--) {
    const ch = text[j];
    if (ch === ' ' || ch === '\n' || ch === '\t' || ch === '"' || ch === '(') continue;
    return ch === '.' || ch === '!' || ch === '?' || ch === ':';
  }
  return true;
}

/** What kind of answer a prompt calls for. */
export type PromptKind = 'math' | 'code' | 'general';

const CODE_RE =
  /```|\b(code|function|implement|program|script|python|javascript|typescript|java|rust|golang|sql|regex|algorithm|compile|debug|snippet|refactor|class|method|api endpoint)\b/i;
const MATH_RE = /\d\s*(?:[-+*/x×÷^]|plus|minus|times|divided by|multiplied by)\s*\(?\d|\b(calculate|compute|solve|sum|product|how many|how much|equation|percent|average|total)\b/i;

/** Classifies a prompt by cheap keyword tests (code is checked first: "compute 2+2 in Python" wants code). */
export function classifyPrompt(text: string): PromptKind {
  if (CODE_RE.test(text)) return 'code';
  if (MATH_RE.test(text) && /\d/.test(text)) return 'math';
  return 'general';
}

/** A worked arithmetic problem: the steps taken and the final result as text. */
export interface MathSolution {
  expression: string;
  steps: string[];
  answer: string;
}

const WORD_OPS: ReadonlyArray<[RegExp, string]> = [
  [/\bmultiplied by\b/gi, '*'],
  [/\bdivided by\b/gi, '/'],
  [/\bto the power of\b/gi, '^'],
  [/\btimes\b/gi, '*'],
  [/\bplus\b/gi, '+'],
  [/\bminus\b/gi, '-'],
  [/×/g, '*'],
  [/÷/g, '/'],
  [/(\d)\s*x\s*(\d)/gi, '$1*$2'],
];
const EXPR_RE = /[-(]*\d+(?:\.\d+)?(?:\s*[-+*/^]\s*[(]*\s*-?\d+(?:\.\d+)?\s*[)]*)+/g;

/**
 * Solves the first arithmetic expression in `text` (+ - * / ^ and parentheses, with the usual
 * precedence). Without one, adds up the numbers it finds, which is the most common reading of a
 * word problem. Returns undefined when there are no numbers at all.
 */
export function solveMath(text: string): MathSolution | undefined {
  let normalized = text.length > SCAN_LIMIT ? text.slice(-SCAN_LIMIT) : text;
  for (const [re, op] of WORD_OPS) normalized = normalized.replace(re, op);
  let best = '';
  for (const m of normalized.matchAll(EXPR_RE)) if (m[0].length > best.length) best = m[0];
  if (best) {
    const steps: string[] = [];
    const value = new Evaluator(balance(best.trim()), steps).run();
    if (value !== undefined) return { expression: tidy(best), steps, answer: formatNumber(value) };
  }
  const numbers = (normalized.match(/-?\d+(?:\.\d+)?/g) ?? []).slice(0, 12).map(Number);
  if (numbers.length === 0) return undefined;
  if (numbers.length === 1) return { expression: formatNumber(numbers[0] ?? 0), steps: [], answer: formatNumber(numbers[0] ?? 0) };
  const steps: string[] = [];
  let acc = numbers[0] ?? 0;
  for (const n of numbers.slice(1)) {
    const next = acc + n;
    steps.push(`${formatNumber(acc)} + ${formatNumber(n)} = ${formatNumber(next)}`);
    acc = next;
  }
  return { expression: numbers.map(formatNumber).join(' + '), steps, answer: formatNumber(acc) };
}

/** Drops unmatched parentheses that the expression regex may have captured at either end. */
function balance(expr: string): string {
  let depth = 0;
  for (const ch of expr) depth += ch === '(' ? 1 : ch === ')' ? -1 : 0;
  let out = expr;
  while (depth > 0 && out.startsWith('(')) { out = out.slice(1); depth--; }
  while (depth < 0 && out.endsWith(')')) { out = out.slice(0, -1); depth++; }
  return out;
}

function tidy(expr: string): string {
  return expr.replace(/\s*([-+*/^])\s*/g, ' $1 ').replace(/\(\s+/g, '(').replace(/\s+\)/g, ')').replace(/^ - /, '-').trim();
}

/** Formats a number the way a person would write an answer: integers plain, others to 4 decimals. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return 'undefined';
  if (Number.isInteger(n)) return String(n);
  return String(Math.round(n * 10000) / 10000);
}

/** Recursive-descent evaluator that records each binary operation as a human-readable step. */
class Evaluator {
  private pos = 0;
  constructor(private readonly src: string, private readonly steps: string[]) {}

  run(): number | undefined {
    const v = this.sum();
    this.space();
    return v !== undefined && this.pos === this.src.length && this.steps.length > 0 ? v : undefined;
  }

  private space(): void {
    while (this.src[this.pos] === ' ') this.pos++;
  }

  private sum(): number | undefined {
    let left = this.product();
    for (;;) {
      this.space();
      const op = this.src[this.pos];
      if (left === undefined || (op !== '+' && op !== '-')) return left;
      this.pos++;
      const right = this.product();
      if (right === undefined) return undefined;
      left = this.record(left, op, right, op === '+' ? left + right : left - right);
    }
  }

  private product(): number | undefined {
    let left = this.power();
    for (;;) {
      this.space();
      const op = this.src[this.pos];
      if (left === undefined || (op !== '*' && op !== '/')) return left;
      this.pos++;
      const right = this.power();
      if (right === undefined) return undefined;
      left = this.record(left, op === '*' ? '×' : '÷', right, op === '*' ? left * right : left / right);
    }
  }

  private power(): number | undefined {
    const base = this.atom();
    this.space();
    if (base === undefined || this.src[this.pos] !== '^') return base;
    this.pos++;
    const exp = this.power();
    return exp === undefined ? undefined : this.record(base, '^', exp, base ** exp);
  }

  private atom(): number | undefined {
    this.space();
    if (this.src[this.pos] === '(') {
      this.pos++;
      const v = this.sum();
      this.space();
      if (this.src[this.pos] !== ')') return undefined;
      this.pos++;
      return v;
    }
    const m = /^-?\d+(?:\.\d+)?/.exec(this.src.slice(this.pos));
    if (!m) return undefined;
    this.pos += m[0].length;
    return Number(m[0]);
  }

  private record(a: number, op: string, b: number, result: number): number {
    this.steps.push(`${formatNumber(a)} ${op} ${formatNumber(b)} = ${formatNumber(result)}`);
    return result;
  }
}
