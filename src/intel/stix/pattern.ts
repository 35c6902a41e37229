/**
 * A parser for the STIX 2.1 patterning language (grammar: the OASIS STIXPattern.g4 shipped with the
 * schemas). It checks the full grammar, not only the shapes distillguard matches, so that a pattern
 * a partner's tool would reject is refused here too; `patterns.ts` then decides which parsed
 * patterns distillguard can match.
 */

/** A literal value in a comparison. */
export type PatternLiteral =
  | { type: 'string'; value: string }
  | { type: 'int'; value: number }
  | { type: 'float'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'hex'; value: string }
  | { type: 'binary'; value: string }
  | { type: 'timestamp'; value: string };

/** A step of an object path: a property name or a list index (`*` for any element). */
export type PathStep = { key: string } | { index: number | '*' };

/** `type:first.second[*]…` */
export interface ObjectPath {
  objectType: string;
  steps: PathStep[];
}

export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'IN' | 'LIKE' | 'MATCHES' | 'ISSUBSET' | 'ISSUPERSET';

export type ComparisonExpression =
  | { kind: 'and' | 'or'; left: ComparisonExpression; right: ComparisonExpression }
  | { kind: 'test'; path: ObjectPath; operator: ComparisonOperator; negated: boolean; value: PatternLiteral | PatternLiteral[] }
  | { kind: 'exists'; path: ObjectPath; negated: boolean };

export type Qualifier =
  | { kind: 'within'; seconds: number }
  | { kind: 'repeats'; times: number }
  | { kind: 'start-stop'; start: string; stop: string };

export type ObservationExpression =
  | { kind: 'observation'; comparison: ComparisonExpression; qualifiers: Qualifier[] }
  | { kind: 'group'; expression: ObservationExpression; qualifiers: Qualifier[] }
  | { kind: 'and' | 'or' | 'followedby'; left: ObservationExpression; right: ObservationExpression };

/** A pattern that does not follow the grammar: what is wrong and at which character. */
export class PatternSyntaxError extends Error {
  constructor(message: string, readonly position: number) {
    super(`${message} (at character ${position + 1})`);
    this.name = 'PatternSyntaxError';
  }
}

/** Bounds that keep a hostile pattern from costing more than a legitimate one. */
export interface PatternLimits {
  maxLength: number;
  maxDepth: number;
  maxTerms: number;
}

export const DEFAULT_PATTERN_LIMITS: PatternLimits = { maxLength: 65_536, maxDepth: 32, maxTerms: 4096 };

type TokenKind = 'keyword' | 'ident' | 'string' | 'int' | 'float' | 'hex' | 'binary' | 'timestamp' | 'bool' | 'op' | 'punct' | 'end';
interface Token { kind: TokenKind; text: string; value?: string | number | boolean; pos: number }

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'FOLLOWEDBY', 'LIKE', 'MATCHES', 'ISSUPERSET', 'ISSUBSET', 'EXISTS', 'LAST', 'IN', 'START', 'STOP', 'SECONDS', 'WITHIN', 'REPEATS', 'TIMES']);
const TIMESTAMP = /^\d{4}-(0[1-9]|1[012])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?Z$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{4}|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2}==)$/;
const WHITESPACE = /[\s\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

function readQuoted(text: string, start: number): { value: string; end: number } {
  // start points at the opening quote; only \' and \\ are escapes in STIX string literals
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\') {
      const next = text[i + 1];
      if (next !== "'" && next !== '\\') throw new PatternSyntaxError("only \\' and \\\\ are escapes in a string literal", i);
      value += next;
      i++;
      continue;
    }
    if (c === "'") return { value, end: i + 1 };
    value += c;
  }
  throw new PatternSyntaxError('unterminated string literal', start);
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (WHITESPACE.test(c)) { i++; continue; }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end === -1) throw new PatternSyntaxError('unterminated comment', i);
      i = end + 2;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
      continue;
    }
    const pos = i;
    if ((c === 't' || c === 'h' || c === 'b') && text[i + 1] === "'") {
      const { value, end } = readQuoted(text, i + 1);
      if (c === 't' && !TIMESTAMP.test(value)) throw new PatternSyntaxError(`not a STIX timestamp: t'${value}'`, pos);
      if (c === 't' && Number.isNaN(Date.parse(value.replace(':60', ':59')))) throw new PatternSyntaxError(`not a real instant: t'${value}'`, pos);
      if (c === 'h' && !/^([0-9A-Fa-f]{2})*$/.test(value)) throw new PatternSyntaxError('a hex literal needs pairs of hex digits', pos);
      if (c === 'b' && !BASE64.test(value)) throw new PatternSyntaxError('not valid base64 in a binary literal', pos);
      tokens.push({ kind: c === 't' ? 'timestamp' : c === 'h' ? 'hex' : 'binary', text: text.slice(pos, end), value, pos });
      i = end;
      continue;
    }
    if (c === "'") {
      const { value, end } = readQuoted(text, i);
      tokens.push({ kind: 'string', text: text.slice(pos, end), value, pos });
      i = end;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      let end = i + 1;
      while (end < text.length && /[A-Za-z0-9_-]/.test(text[end]!)) end++;
      const word = text.slice(i, end);
      if (KEYWORDS.has(word)) tokens.push({ kind: 'keyword', text: word, pos });
      else if (word === 'true' || word === 'false') tokens.push({ kind: 'bool', text: word, value: word === 'true', pos });
      else tokens.push({ kind: 'ident', text: word, pos });
      i = end;
      continue;
    }
    const number = /^[+-]?(\d*\.\d+|0|[1-9]\d*)/.exec(text.slice(i, i + 400));
    if (number && (c !== '+' && c !== '-' ? true : /[\d.]/.test(text[i + 1] ?? ''))) {
      const raw = number[0];
      const isFloat = raw.includes('.');
      tokens.push({ kind: isFloat ? 'float' : 'int', text: raw, value: Number(raw), pos });
      i += raw.length;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (['==', '!=', '<>', '<=', '>='].includes(two)) {
      tokens.push({ kind: 'op', text: two === '==' ? '=' : two === '<>' ? '!=' : two, pos });
      i += 2;
      continue;
    }
    if ('=<>'.includes(c)) { tokens.push({ kind: 'op', text: c, pos }); i++; continue; }
    if ('[]():.,*'.includes(c)) { tokens.push({ kind: 'punct', text: c, pos }); i++; continue; }
    throw new PatternSyntaxError(`unexpected character ${JSON.stringify(c)}`, i);
  }
  tokens.push({ kind: 'end', text: '', pos: text.length });
  return tokens;
}

class Parser {
  private index = 0;
  private depth = 0;
  private terms = 0;

  constructor(private readonly tokens: Token[], private readonly limits: PatternLimits) {}

  parse(): ObservationExpression {
    const expression = this.observations();
    const rest = this.peek();
    if (rest.kind !== 'end') throw new PatternSyntaxError(`unexpected ${JSON.stringify(rest.text)} after the pattern`, rest.pos);
    return expression;
  }

  private peek(): Token {
    return this.tokens[this.index]!;
  }

  private next(): Token {
    return this.tokens[this.index++]!;
  }

  private accept(kind: TokenKind, text?: string): Token | null {
    const token = this.peek();
    if (token.kind === kind && (text === undefined || token.text === text)) {
      this.index++;
      return token;
    }
    return null;
  }

  private expect(kind: TokenKind, text: string, what: string): Token {
    const token = this.accept(kind, text);
    if (!token) {
      const got = this.peek();
      throw new PatternSyntaxError(`expected ${what}, found ${got.kind === 'end' ? 'the end of the pattern' : JSON.stringify(got.text)}`, got.pos);
    }
    return token;
  }

  private enter(pos: number): void {
    if (++this.depth > this.limits.maxDepth) throw new PatternSyntaxError(`nested more than ${this.limits.maxDepth} levels deep`, pos);
  }

  private term(pos: number): void {
    if (++this.terms > this.limits.maxTerms) throw new PatternSyntaxError(`more than ${this.limits.maxTerms} comparisons or values`, pos);
  }

  private observations(): ObservationExpression {
    let left = this.observationOr();
    while (this.accept('keyword', 'FOLLOWEDBY')) left = { kind: 'followedby', left, right: this.observationOr() };
    return left;
  }

  private observationOr(): ObservationExpression {
    let left = this.observationAnd();
    while (this.accept('keyword', 'OR')) left = { kind: 'or', left, right: this.observationAnd() };
    return left;
  }

  private observationAnd(): ObservationExpression {
    let left = this.observation();
    while (this.accept('keyword', 'AND')) left = { kind: 'and', left, right: this.observation() };
    return left;
  }

  private observation(): ObservationExpression {
    const start = this.peek();
    this.enter(start.pos);
    let expression: ObservationExpression;
    if (this.accept('punct', '[')) {
      const comparison = this.comparisonOr();
      this.expect('punct', ']', "']' to close the observation");
      expression = { kind: 'observation', comparison, qualifiers: [] };
    } else if (this.accept('punct', '(')) {
      const inner = this.observations();
      this.expect('punct', ')', "')'");
      expression = { kind: 'group', expression: inner, qualifiers: [] };
    } else {
      throw new PatternSyntaxError(`expected '[' or '(' to start an observation, found ${start.kind === 'end' ? 'the end of the pattern' : JSON.stringify(start.text)}`, start.pos);
    }
    this.depth--;
    const qualifiers = (expression as { qualifiers: Qualifier[] }).qualifiers;
    for (;;) {
      const token = this.peek();
      let qualifier: Qualifier | null = null;
      if (this.accept('keyword', 'WITHIN')) {
        const amount = this.next();
        if ((amount.kind !== 'int' && amount.kind !== 'float') || (amount.value as number) <= 0) throw new PatternSyntaxError('WITHIN needs a positive number of seconds', amount.pos);
        this.expect('keyword', 'SECONDS', 'SECONDS');
        qualifier = { kind: 'within', seconds: amount.value as number };
      } else if (this.accept('keyword', 'REPEATS')) {
        const times = this.next();
        if (times.kind !== 'int' || (times.value as number) <= 0 || times.text.startsWith('-')) throw new PatternSyntaxError('REPEATS needs a positive whole number', times.pos);
        this.expect('keyword', 'TIMES', 'TIMES');
        qualifier = { kind: 'repeats', times: times.value as number };
      } else if (this.accept('keyword', 'START')) {
        const from = this.next();
        if (from.kind !== 'timestamp') throw new PatternSyntaxError("START needs a timestamp literal t'…'", from.pos);
        this.expect('keyword', 'STOP', 'STOP');
        const to = this.next();
        if (to.kind !== 'timestamp') throw new PatternSyntaxError("STOP needs a timestamp literal t'…'", to.pos);
        if (Date.parse(String(to.value)) <= Date.parse(String(from.value))) throw new PatternSyntaxError('STOP must be later than START', to.pos);
        qualifier = { kind: 'start-stop', start: String(from.value), stop: String(to.value) };
      }
      if (qualifier === null) break;
      if (qualifiers.some((q) => q.kind === qualifier!.kind)) throw new PatternSyntaxError(`an observation may have only one ${qualifier.kind.toUpperCase()} qualifier`, token.pos);
      qualifiers.push(qualifier);
    }
    return expression;
  }

  private comparisonOr(): ComparisonExpression {
    let left = this.comparisonAnd();
    while (this.accept('keyword', 'OR')) left = { kind: 'or', left, right: this.comparisonAnd() };
    return left;
  }

  private comparisonAnd(): ComparisonExpression {
    let left = this.propTest();
    while (this.accept('keyword', 'AND')) left = { kind: 'and', left, right: this.propTest() };
    return left;
  }

  private propTest(): ComparisonExpression {
    const start = this.peek();
    this.term(start.pos);
    if (this.accept('punct', '(')) {
      this.enter(start.pos);
      const inner = this.comparisonOr();
      this.expect('punct', ')', "')'");
      this.depth--;
      return inner;
    }
    const negatedExists = this.accept('keyword', 'NOT') !== null;
    if (this.accept('keyword', 'EXISTS')) return { kind: 'exists', path: this.objectPath(), negated: negatedExists };
    if (negatedExists) throw new PatternSyntaxError('NOT before a comparison goes after the object path (type:path NOT = …), or before EXISTS', start.pos);
    const path = this.objectPath();
    const negated = this.accept('keyword', 'NOT') !== null;
    const op = this.next();
    if (op.kind === 'op') {
      const value = this.literal(op.text === '=' || op.text === '!=');
      return { kind: 'test', path, operator: op.text as ComparisonOperator, negated, value };
    }
    if (op.kind === 'keyword' && op.text === 'IN') return { kind: 'test', path, operator: 'IN', negated, value: this.setLiteral() };
    if (op.kind === 'keyword' && ['LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET'].includes(op.text)) {
      const value = this.next();
      if (value.kind !== 'string') throw new PatternSyntaxError(`${op.text} needs a string literal`, value.pos);
      if (op.text === 'MATCHES') {
        try { new RegExp(String(value.value)); } catch { throw new PatternSyntaxError('MATCHES needs a valid regular expression', value.pos); }
      }
      return { kind: 'test', path, operator: op.text as ComparisonOperator, negated, value: { type: 'string', value: String(value.value) } };
    }
    throw new PatternSyntaxError(`expected a comparison operator, found ${op.kind === 'end' ? 'the end of the pattern' : JSON.stringify(op.text)}`, op.pos);
  }

  private objectPath(): ObjectPath {
    const type = this.next();
    if (type.kind !== 'ident') throw new PatternSyntaxError(`expected an object type such as ipv4-addr, found ${type.kind === 'end' ? 'the end of the pattern' : JSON.stringify(type.text)}`, type.pos);
    if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*-?$/.test(type.text) || type.text.length < 3 || type.text.length > 250) {
      throw new PatternSyntaxError(`${JSON.stringify(type.text)} is not a valid STIX object type`, type.pos);
    }
    this.expect('punct', ':', "':' after the object type");
    const steps: PathStep[] = [{ key: this.propertyName() }];
    for (;;) {
      if (this.accept('punct', '.')) { steps.push({ key: this.propertyName() }); continue; }
      const open = this.peek();
      if (open.kind === 'punct' && open.text === '[' && this.isIndexStep()) {
        this.next();
        const index = this.next();
        if (index.kind === 'punct' && index.text === '*') steps.push({ index: '*' });
        else if (index.kind === 'int') steps.push({ index: index.value as number });
        else throw new PatternSyntaxError('a list index is a whole number or *', index.pos);
        this.expect('punct', ']', "']' after the list index");
        continue;
      }
      break;
    }
    return { objectType: type.text, steps };
  }

  /** `[` after a path is an index step when it is followed by `*` or a number and `]`. */
  private isIndexStep(): boolean {
    const a = this.tokens[this.index + 1];
    const b = this.tokens[this.index + 2];
    return a !== undefined && b !== undefined && (a.text === '*' || a.kind === 'int') && b.text === ']';
  }

  private propertyName(): string {
    const token = this.next();
    if (token.kind === 'string') return String(token.value);
    if (token.kind === 'ident' && !token.text.includes('-')) return token.text;
    throw new PatternSyntaxError(`expected a property name (a hyphenated name must be quoted), found ${token.kind === 'end' ? 'the end of the pattern' : JSON.stringify(token.text)}`, token.pos);
  }

  private literal(allowBool: boolean): PatternLiteral {
    const token = this.next();
    this.term(token.pos);
    switch (token.kind) {
      case 'string': return { type: 'string', value: String(token.value) };
      case 'int': return { type: 'int', value: token.value as number };
      case 'float': return { type: 'float', value: token.value as number };
      case 'hex': return { type: 'hex', value: String(token.value) };
      case 'binary': return { type: 'binary', value: String(token.value) };
      case 'timestamp': return { type: 'timestamp', value: String(token.value) };
      case 'bool':
        if (!allowBool) throw new PatternSyntaxError('a boolean cannot be ordered', token.pos);
        return { type: 'bool', value: token.value as boolean };
      default:
        throw new PatternSyntaxError(`expected a literal value, found ${token.kind === 'end' ? 'the end of the pattern' : JSON.stringify(token.text)}`, token.pos);
    }
  }

  private setLiteral(): PatternLiteral[] {
    this.expect('punct', '(', "'(' to open the set");
    const values: PatternLiteral[] = [];
    if (this.accept('punct', ')')) return values;
    do values.push(this.literal(true)); while (this.accept('punct', ','));
    this.expect('punct', ')', "')' or ',' in the set");
    return values;
  }
}

/** Parses a STIX 2.1 pattern; throws PatternSyntaxError with the position of the first problem. */
export function parsePattern(text: string, limits: PatternLimits = DEFAULT_PATTERN_LIMITS): ObservationExpression {
  if (text.length > limits.maxLength) throw new PatternSyntaxError(`the pattern is ${text.length} characters long; at most ${limits.maxLength} are accepted`, limits.maxLength);
  return new Parser(tokenize(text), limits).parse();
}

/** Quotes a string as a STIX string literal. */
export function quoteLiteral(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
