/**
 * What the engine derives from a prompt's text alone (classifier scores, frame shingles, the hash
 * that spots a repeated prompt), remembered for the most recent distinct prompts.
 *
 * Why: the same prompt text comes back often (retries, an application's fixed prompts, public
 * benchmark items sent by many accounts, a campaign's templated prompts): in the `hard` scenario
 * about 40 % of exchanges repeat a prompt seen among the last ~30,000 distinct ones. The
 * classifiers and the shingles are pure functions of (prompt, system prompt), so a remembered
 * result is exactly the one that would be computed again; nothing the engine decides changes.
 *
 * Memory is bounded: two generations of at most `capacity` prompts each (when the current one is
 * full it becomes the previous one and the old previous one is dropped), so at most 2 × capacity
 * prompts are held, and a prompt used again recently is kept (an approximation of least recently
 * used, without a linked list). Prompts are found by their repeat hash and then compared whole, so
 * a hash collision costs a recomputation, never a wrong answer. A generation's shingles sit in
 * one growing Uint32Array (an arena), each prompt's a view of it: a typed array of its own per
 * prompt would cost a separate off-heap allocation, several times the size of the shingles.
 */

import type { PromptScorer, PromptSignals } from './types.js';
import { fnv1a, frameShinglesView } from './text.js';

/** What the engine reads from a prompt. Shared between uses of the same text: do not modify. */
export interface PromptFacts {
  readonly signals: PromptSignals;
  readonly shingles: Uint32Array;
  /** `repeatHashOf(prompt, system)`: spots a prompt the account sent before. */
  readonly repeatHash: number;
}

/** Default prompts per generation (up to twice as many are held). */
export const DEFAULT_PROMPT_MEMO_CAPACITY = 8192;

/** Characters at the start of a prompt read for the repeat hash. */
export const REPEAT_HEAD_CHARS = 2000;
/** Characters at the end of a longer prompt read for the repeat hash as well. */
export const REPEAT_TAIL_CHARS = 1000;
const FNV_OFFSET = 0x811c9dc5;
/** Arena slots reserved per prompt at first (frames have ~40–70 shingles); the arena grows when needed. */
const SLOTS_PER_PROMPT = 64;

/**
 * FNV-1a of the prompt's first 2,000 characters and, for a longer prompt, of its last 1,000 and its
 * length, seeded by the system prompt's hash. Two prompts with one hash count as the same prompt sent
 * again, so the hash must read everything the classifiers read (the first 1,200 characters and the
 * last 400, classify/features.ts): a hash of the head alone took every request behind one long
 * jailbreak preamble (a DAN text runs to 5,000 characters) for a repeat of the first, and so let each
 * new request behind it go uncounted. The middle of a very long prompt is skipped for speed; the
 * classifiers do not read it either.
 */
export function repeatHashOf(prompt: string, system: string | undefined): number {
  const length = prompt.length;
  const seed = system === undefined ? FNV_OFFSET : fnv1a(system);
  if (length <= REPEAT_HEAD_CHARS) return fnv1a(prompt, 0, length, seed);
  const head = fnv1a(prompt, 0, REPEAT_HEAD_CHARS, seed);
  return fnv1a(prompt, Math.max(REPEAT_HEAD_CHARS, length - REPEAT_TAIL_CHARS), length, Math.imul(head ^ length, 0x01000193) >>> 0);
}

interface Entry {
  readonly prompt: string;
  readonly system: string | undefined;
  /** Made once per remembered prompt (its shingles a view of the arena): a hit allocates nothing. */
  readonly facts: PromptFacts;
}

/** One generation: prompts and their shingles. */
class Generation {
  /** By the repeat hash's top 30 bits (a small integer key: a Map hashes it cheaply, unboxed). */
  readonly entries = new Map<number, Entry>();
  arena: Uint32Array;
  used = 0;

  constructor(capacity: number) {
    this.arena = new Uint32Array(capacity * SLOTS_PER_PROMPT);
  }

  /** Copies shingles into the arena; returns a view of the copy. */
  store(shingles: Uint32Array): Uint32Array {
    if (this.used + shingles.length > this.arena.length) {
      // views handed out earlier keep the old buffer alive, unchanged
      const grown = new Uint32Array(Math.max(this.arena.length * 2, this.used + shingles.length));
      grown.set(this.arena.subarray(0, this.used));
      this.arena = grown;
    }
    const offset = this.used;
    this.arena.set(shingles, offset);
    this.used += shingles.length;
    // a view made before the arena grows keeps the old buffer, whose values are the same
    return this.arena.subarray(offset, this.used);
  }
}

/**
 * Per-prompt facts through a bounded memo. The scorer must be a pure function of (text, system),
 * as the shipped classifiers are; `capacity` 0 turns remembering off.
 */
export class PromptMemo {
  private current: Generation;
  private previous: Generation | null = null;
  /** Lookups answered from memory, and computed. */
  hits = 0;
  misses = 0;

  constructor(private readonly scorer: PromptScorer, private readonly capacity = DEFAULT_PROMPT_MEMO_CAPACITY) {
    this.current = new Generation(Math.max(0, capacity));
  }

  /** The facts of a prompt (with its system prompt, if any). Its shingles are valid as long as the caller keeps them. */
  of(prompt: string, system: string | undefined): PromptFacts {
    if (this.capacity <= 0) {
      return { signals: this.scorer.classify(prompt, system), shingles: frameShinglesView(prompt, system).slice(), repeatHash: repeatHashOf(prompt, system) };
    }
    // the repeat hash is needed anyway; as the key it also spares hashing the whole prompt string
    // again (V8's string hash costs more per character than this FNV-1a loop)
    const repeatHash = repeatHashOf(prompt, system);
    const key = repeatHash >>> 2;
    const current = this.current;
    let entry = current.entries.get(key);
    if (entry !== undefined && entry.prompt === prompt && entry.system === system) {
      this.hits++;
      return entry.facts;
    }
    const previous = this.previous;
    entry = previous?.entries.get(key);
    if (previous !== null && entry !== undefined && entry.prompt === prompt && entry.system === system) {
      this.hits++;
      // used again: into the current generation, so that it outlives the previous one
      return this.remember(key, prompt, system, entry.facts.signals, entry.facts.shingles, repeatHash);
    }
    this.misses++;
    const signals = this.scorer.classify(prompt, system);
    return this.remember(key, prompt, system, signals, frameShinglesView(prompt, system), repeatHash);
  }

  /** Prompts currently held. */
  get size(): number {
    return this.current.entries.size + (this.previous?.entries.size ?? 0);
  }

  private remember(key: number, prompt: string, system: string | undefined, signals: PromptSignals, shingles: Uint32Array, repeatHash: number): PromptFacts {
    if (this.current.entries.size >= this.capacity) {
      this.previous = this.current;
      this.current = new Generation(this.capacity);
    }
    const facts: PromptFacts = { signals, shingles: this.current.store(shingles), repeatHash };
    // two prompts with one key (the same head, tail and length, or a hash collision): the latest is kept
    this.current.entries.set(key, { prompt, system, facts });
    return facts;
  }
}
