/**
 * Precompiled text templates: `"Solve {problem}, then {format}"` is parsed once into literal
 * parts and slot references, so rendering is a few string concatenations (no regex, no parsing in
 * the hot path).
 *
 * A slot is `{name}` with name in [a-z0-9_]. Text such as JSON (`{"score": 3}`) or LaTeX
 * (`\boxed{}`) is left alone because it does not match that pattern.
 */

import type { Capability, Language, Rng } from './types.js';

/**
 * Mutable per-call facts a slot filler may set: the capability of the item it drew, and indexes
 * drawn by one slot for a later slot of the same call to read (`{city}` for `{city2}`, a product
 * for its features). `render` clears the indexes, so a call never sees a value drawn by an earlier
 * call: every render is a function of its Rng alone, and a family shared by many accounts gives
 * the same text whatever order the accounts call it in (the simulator's output then does not
 * depend on how accounts are split across threads).
 */
export interface CallState {
  capability: Capability;
  language: Language;
  city?: number;
  person?: number;
  product?: number;
  ingredient?: number;
}

/** Produces a slot's text for one call. */
export type Filler = (rng: Rng, state: CallState) => string;

/** A template with its slots resolved to fillers. */
export interface Compiled {
  /** Literal text; there is always one more literal than there are slots. */
  readonly lits: readonly string[];
  readonly fills: readonly Filler[];
  /** Slot names in order, for tests and error messages. */
  readonly names: readonly string[];
  /**
   * For templates naming a slot more than once: for each slot, the index of its first
   * occurrence (its value is reused, so "{city} ... {city}" is one city). Undefined otherwise.
   */
  readonly firsts?: readonly number[];
}

const isSlotChar = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95; // a-z 0-9 _

/** Splits a template into literals and slot names. */
export function parseTemplate(text: string): { lits: string[]; names: string[] } {
  const lits: string[] = [];
  const names: string[] = [];
  let start = 0;
  let i = text.indexOf('{');
  while (i >= 0) {
    let j = i + 1;
    while (j < text.length && isSlotChar(text.charCodeAt(j))) j++;
    if (j > i + 1 && text.charCodeAt(j) === 125 /* } */) {
      lits.push(text.slice(start, i));
      names.push(text.slice(i + 1, j));
      start = j + 1;
      i = text.indexOf('{', start);
    } else {
      i = text.indexOf('{', i + 1);
    }
  }
  lits.push(text.slice(start));
  return { lits, names };
}

/**
 * Compiles a template. Slots named in `fixed` are substituted now (family-level choices such as
 * a rubric or a company name); every other slot must have a filler, or compilation throws, so a
 * typo in a template fails at load time rather than leaking `{typo}` into traffic.
 */
export function compile(
  text: string,
  fillers: Readonly<Record<string, Filler>>,
  fixed: Readonly<Record<string, string>> = {},
): Compiled {
  const { lits, names } = parseTemplate(text);
  const outLits: string[] = [lits[0] ?? ''];
  const fills: Filler[] = [];
  const outNames: string[] = [];
  for (let k = 0; k < names.length; k++) {
    const name = names[k] as string;
    const next = lits[k + 1] ?? '';
    const value = Object.hasOwn(fixed, name) ? fixed[name] : undefined;
    if (value !== undefined) {
      outLits[outLits.length - 1] += value + next;
      continue;
    }
    const fill = Object.hasOwn(fillers, name) ? fillers[name] : undefined;
    if (!fill) throw new Error(`template slot {${name}} has no filler: ${JSON.stringify(text.slice(0, 80))}`);
    fills.push(fill);
    outNames.push(name);
    outLits.push(next);
  }
  const firsts = outNames.map((n) => outNames.indexOf(n));
  const repeats = firsts.some((f, k) => f !== k);
  return repeats ? { lits: outLits, fills, names: outNames, firsts } : { lits: outLits, fills, names: outNames };
}

/** Renders a compiled template for one call. */
export function render(t: Compiled, rng: Rng, state: CallState): string {
  const { lits, fills, firsts } = t;
  state.city = state.person = state.product = state.ingredient = 0;
  let out = lits[0] as string;
  if (firsts === undefined) {
    for (let k = 0; k < fills.length; k++) out += (fills[k] as Filler)(rng, state) + (lits[k + 1] as string);
    return out;
  }
  const values: string[] = [];
  for (let k = 0; k < fills.length; k++) {
    const f = firsts[k] as number;
    const v = f === k ? (fills[k] as Filler)(rng, state) : (values[f] as string);
    values.push(v);
    out += v + (lits[k + 1] as string);
  }
  return out;
}

/** Substitutes `{name}` slots once, outside the hot path (building banks at load time). */
export function fillOnce(text: string, values: Readonly<Record<string, string>>): string {
  const { lits, names } = parseTemplate(text);
  let out = lits[0] ?? '';
  for (let k = 0; k < names.length; k++) {
    const name = names[k] as string;
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    out += (value ?? `{${name}}`) + (lits[k + 1] ?? '');
  }
  return out;
}

/** A filler drawing uniformly from a list. */
export function pickFrom(items: readonly string[]): Filler {
  if (items.length === 0) throw new Error('pickFrom: empty list');
  return (rng) => items[rng.int(items.length)] as string;
}

/** A filler drawing an integer in [min, max] (inclusive) with an optional step. */
export function intBetween(min: number, max: number, step = 1): Filler {
  const n = Math.floor((max - min) / step) + 1;
  const values = Array.from({ length: n }, (_, k) => String(min + k * step));
  return (rng) => values[rng.int(n)] as string;
}

/** `k` distinct items chosen with `rng` (partial Fisher–Yates); order is the draw order. */
export function sample<T>(rng: Rng, items: readonly T[], k: number): T[] {
  const copy = items.slice();
  const n = Math.min(Math.max(0, k), copy.length);
  for (let i = 0; i < n; i++) {
    const j = i + rng.int(copy.length - i);
    const tmp = copy[i] as T;
    copy[i] = copy[j] as T;
    copy[j] = tmp;
  }
  return copy.slice(0, n);
}
