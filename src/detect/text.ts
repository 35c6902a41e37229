/**
 * Text features of a prompt that the engine needs on every exchange: a normalised token stream and
 * hashed word shingles of its *frame* (the head and the tail of the prompt, where templates put their
 * fixed wording around a filled slot).
 *
 * Everything here is allocation-light and deterministic: shingles are 32-bit FNV-1a hashes, so a
 * shingle value means the same on every machine and in every run (the threat-intelligence export
 * shares keyed digests of them; see templates/fingerprint.ts).
 */

import { fmix32 } from '../util/hash.js';

/** FNV-1a over the UTF-16 code units of `text[start, end)`, continuing from `hash`. */
export function fnv1a(text: string, start = 0, end = text.length, hash = 0x811c9dc5): number {
  let h = hash;
  for (let i = start; i < end; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Mixes two 32-bit values into one (murmur3's finaliser over a rotate-xor). */
export function mix32(a: number, b: number): number {
  return fmix32(a ^ Math.imul((b << 13) | (b >>> 19), 0x5bd1e995));
}

export const enum CharClass { Other = 0, Word = 1, Ideograph = 2 }


/** Classes of the ASCII range, looked up rather than computed: this runs on every character. */
const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  ASCII_CLASS[c] = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) ? CharClass.Word : CharClass.Other;
}

/** The character class of a UTF-16 code unit: 0 other, 1 word, 2 ideograph (exported for parts.test.ts's reference tokenizer). */
export function classify(code: number): CharClass {
  if (code < 0x80) return ASCII_CLASS[code]! as CharClass;
  // CJK ideographs, kana and Hangul syllables are tokens of their own: those scripts do not put
  // spaces between words, and single characters are what a template shares there.
  if ((code >= 0x3040 && code <= 0x30ff) || (code >= 0x3400 && code <= 0x9fff) || (code >= 0xac00 && code <= 0xd7af)
    || (code >= 0xf900 && code <= 0xfaff)) return CharClass.Ideograph;
  // Letters of other scripts (Latin-1 accents, Cyrillic, Greek, Arabic, Devanagari…): part of words.
  if (code >= 0xc0 && code !== 0xd7 && code !== 0xf7 && !(code >= 0x2000 && code <= 0x2bff) && !(code >= 0x3000 && code <= 0x303f)
    && !(code >= 0xff00 && code <= 0xff0f)) return CharClass.Word;
  return CharClass.Other;
}

/** Lower-cases the scripts shingles care about (exported for parts.test.ts's reference tokenizer). */
export function foldCase(code: number): number {
  // Latin-1 / Latin Extended-A, Greek and Cyrillic upper case to lower case; enough for shingles.
  if (code >= 0xc0 && code <= 0xde && code !== 0xd7) return code + 32;
  if (code >= 0x391 && code <= 0x3a9) return code + 32;
  if (code >= 0x410 && code <= 0x42f) return code + 32;
  if (code >= 0x400 && code <= 0x40f) return code + 80;
  if (code >= 0x100 && code <= 0x17f && (code & 1) === 0) return code + 1;
  return code;
}

/** How much of a prompt the frame covers. */
export interface FrameOptions {
  /** Tokens read from the start of the prompt. */
  headTokens: number;
  /** Tokens read from the end of the prompt (when it is longer than the head). */
  tailTokens: number;
  /** Tokens of the system prompt. */
  systemTokens: number;
  /** Tokens per shingle. */
  width: number;
}

export const DEFAULT_FRAME: FrameOptions = { headTokens: 40, tailTokens: 24, systemTokens: 40, width: 3 };

const HEAD_SALT = 0x68656164;
const TAIL_SALT = 0x7461696c;
const SYSTEM_SALT = 0x73797374;

/**
 * Scratch buffers of `frameShingles` (single-threaded use, reused across calls): token hashes, and
 * the shingles before they are copied into the result. Typed arrays rather than number[]: hashes
 * above 2^30 would be boxed as heap numbers in a plain array.
 */
let tokenScratch: Uint32Array = new Uint32Array(256);
let shingleScratch: Uint32Array = new Uint32Array(256);

/** A scratch buffer with room for `n` values (grown, never shrunk). */
function roomFor(buffer: Uint32Array, n: number): Uint32Array {
  return buffer.length >= n ? buffer : new Uint32Array(Math.max(n, buffer.length * 2));
}

/**
 * `tokenHashes(text.slice(from, to), limit)` (the reference tokenizer in parts.test.ts) into `out` (which has room for `min(limit, to - from)`
 * tokens), without the slice; returns the count. The same steps as `tokenHashes`, kept in step with
 * it (parts.test.ts compares the two on generated text).
 */
function tokenHashesInto(text: string, from: number, to: number, limit: number, out: Uint32Array): number {
  let n = 0;
  let h = 0x811c9dc5;
  let inWord = false;
  let inNumber = false;
  for (let i = from; i < to && n < limit; i++) {
    let code = text.charCodeAt(i);
    const kind = code < 0x80 ? ASCII_CLASS[code]! as CharClass : classify(code);
    if (kind === CharClass.Word) {
      if (code >= 0x30 && code <= 0x39) {
        if (inNumber) continue;
        inNumber = true;
        code = 0x30;
      } else {
        inNumber = false;
        if (code >= 0x41 && code <= 0x5a) code += 32;
        else if (code >= 0xc0) code = foldCase(code);
      }
      h = Math.imul(h ^ code, 0x01000193);
      inWord = true;
      continue;
    }
    inNumber = false;
    if (inWord) {
      out[n++] = h;
      h = 0x811c9dc5;
      inWord = false;
      if (n >= limit) break;
    }
    if (kind === CharClass.Ideograph) out[n++] = Math.imul(code ^ 0x9e3779b9, 0x01000193);
  }
  if (inWord && n < limit) out[n++] = h;
  return n;
}

/**
 * `shingles(tokens[from, to), width, salt)` appended to `out` at `at`; returns the new end. `out`
 * must have room for `max(1, to - from - width + 1)` more. Each token's half of `mix32` (its rotate
 * and multiply) is the same in every window it is part of, so it is done once per token, in place.
 */
function shinglesInto(tokens: Uint32Array, from: number, to: number, width: number, salt: number, out: Uint32Array, at: number): number {
  const count = to - from;
  if (count <= 0) return at;
  for (let i = from; i < to; i++) {
    const b = tokens[i]!;
    tokens[i] = Math.imul((b << 13) | (b >>> 19), 0x5bd1e995);
  }
  let k = at;
  if (count < width) {
    let h = salt;
    for (let i = from; i < to; i++) h = fmix32(h ^ tokens[i]!);
    out[k++] = h;
    return k;
  }
  for (let i = from; i + width <= to; i++) {
    let h = salt;
    for (let j = 0; j < width; j++) h = fmix32(h ^ tokens[i + j]!);
    out[k++] = h;
  }
  return k;
}

/**
 * The frame shingles of a prompt: shingles of its head, its tail and its system prompt, each salted
 * by where it comes from. A template's fixed wording shows up here whatever fills its slot. A
 * shingle can occur twice (a repeated phrase); consumers count distinct use per account anyway.
 */
export function frameShingles(prompt: string, system: string | undefined, options: FrameOptions = DEFAULT_FRAME): Uint32Array {
  return frameShinglesView(prompt, system, options).slice();
}

/** Where a frame shingle comes from: each place salts its shingles differently (see frameShingles). */
export const FRAME_SALTS = { head: HEAD_SALT, tail: TAIL_SALT, system: SYSTEM_SALT } as const;

/**
 * Every shingle of a whole text (not only its frame) under one salt: the shingles the text's
 * wording yields wherever it sits in a prompt's head, tail or system prompt. Used to list known
 * public text (public-text.ts), not on the hot path.
 */
export function allShingles(text: string, salt: number, width = DEFAULT_FRAME.width): Uint32Array {
  const tokens = new Uint32Array(text.length + 1);
  const n = tokenHashesInto(text, 0, text.length, 1 << 30, tokens);
  const out = new Uint32Array(Math.max(1, n - width + 1));
  const k = shinglesInto(tokens, 0, n, width, salt, out, 0);
  return out.subarray(0, k);
}

/**
 * `frameShingles` as a view of a scratch buffer, valid until the next call of either function in
 * this thread: for callers that copy the values at once (no allocation of its own).
 */
export function frameShinglesView(prompt: string, system: string | undefined, options: FrameOptions = DEFAULT_FRAME): Uint32Array {
  // the same result as the composition of tokenHashes, tailTokenHashes and shingles (parts.test.ts
  // checks it), in typed scratch buffers
  const { headTokens, tailTokens, systemTokens, width } = options;
  const frame = headTokens + tailTokens;
  const tailStart = Math.max(0, prompt.length - tailTokens * 12);
  tokenScratch = roomFor(tokenScratch, Math.max(frame, systemTokens, prompt.length - tailStart) + 1);
  shingleScratch = roomFor(shingleScratch, frame + systemTokens + 3);
  const tokens = tokenScratch;
  const out = shingleScratch;
  let k = 0;
  const n = tokenHashesInto(prompt, 0, prompt.length, frame, tokens);
  if (n <= frame - 1) {
    k = shinglesInto(tokens, 0, n, width, HEAD_SALT, out, k);
  } else {
    k = shinglesInto(tokens, 0, headTokens, width, HEAD_SALT, out, k);
    // the tail: its first token may be cut in half when the tail does not start the text
    const t = tokenHashesInto(prompt, tailStart, prompt.length, 1 << 30, tokens);
    const first = Math.max(tailStart > 0 && t > 0 ? 1 : 0, t - tailTokens);
    k = shinglesInto(tokens, first, t, width, TAIL_SALT, out, k);
  }
  if (system !== undefined && system.length > 0) {
    const s = tokenHashesInto(system, 0, system.length, systemTokens, tokens);
    k = shinglesInto(tokens, 0, s, width, SYSTEM_SALT, out, k);
  }
  return out.subarray(0, k);
}
