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

const enum CharClass { Other = 0, Word = 1, Ideograph = 2 }


/** Classes of the ASCII range, looked up rather than computed: this runs on every character. */
const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  ASCII_CLASS[c] = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) ? CharClass.Word : CharClass.Other;
}

function classify(code: number): CharClass {
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

/**
 * Hashes of the tokens of `text`, lower-cased, with every run of digits folded to one `0` (so "Exercise #1926"
 * and "Exercise #88" share a token shape). At most `limit` tokens are read from the start.
 */
export function tokenHashes(text: string, limit: number, out: number[] = []): number[] {
  out.length = 0;
  let h = 0x811c9dc5;
  let inWord = false;
  let inNumber = false;
  for (let i = 0; i < text.length && out.length < limit; i++) {
    let code = text.charCodeAt(i);
    const kind = classify(code);
    if (kind === CharClass.Word) {
      if (code >= 0x30 && code <= 0x39) {
        // a run of digits is one `0`: "#1926" and "#88" have the same shape
        if (inNumber) continue;
        inNumber = true;
        code = 0x30;
      } else {
        inNumber = false;
        if (code >= 0x41 && code <= 0x5a) code += 32;
        else if (code >= 0xc0) code = foldCase(code);
      }
      h ^= code;
      h = Math.imul(h, 0x01000193);
      inWord = true;
      continue;
    }
    inNumber = false;
    if (inWord) {
      out.push(h >>> 0);
      h = 0x811c9dc5;
      inWord = false;
      if (out.length >= limit) break;
    }
    if (kind === CharClass.Ideograph) out.push(Math.imul(code ^ 0x9e3779b9, 0x01000193) >>> 0);
  }
  if (inWord && out.length < limit) out.push(h >>> 0);
  return out;
}

/** Hashes of the last `limit` tokens of `text` (reads only the tail). */
export function tailTokenHashes(text: string, limit: number, out: number[] = []): number[] {
  // About 12 characters a token is plenty for Latin scripts; ideographs are one character each.
  const start = Math.max(0, text.length - limit * 12);
  tokenHashes(start === 0 ? text : text.slice(start), 1 << 30, out);
  if (start > 0 && out.length > 0) out.shift(); // the first token may be cut in half
  if (out.length > limit) out.splice(0, out.length - limit);
  return out;
}

function foldCase(code: number): number {
  // Latin-1 / Latin Extended-A, Greek and Cyrillic upper case to lower case; enough for shingles.
  if (code >= 0xc0 && code <= 0xde && code !== 0xd7) return code + 32;
  if (code >= 0x391 && code <= 0x3a9) return code + 32;
  if (code >= 0x410 && code <= 0x42f) return code + 32;
  if (code >= 0x400 && code <= 0x40f) return code + 80;
  if (code >= 0x100 && code <= 0x17f && (code & 1) === 0) return code + 1;
  return code;
}

/** Appends hashed `width`-token shingles of `tokens` to `out`, each mixed with `salt`. */
export function shingles(tokens: readonly number[], width: number, salt: number, out: number[]): void {
  if (tokens.length === 0) return;
  if (tokens.length < width) {
    let h = salt;
    for (const token of tokens) h = mix32(h, token);
    out.push(h);
    return;
  }
  for (let i = 0; i + width <= tokens.length; i++) {
    let h = salt;
    for (let j = 0; j < width; j++) h = mix32(h, tokens[i + j]!);
    out.push(h);
  }
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

const SHINGLE_SCRATCH: number[] = [];
const TOKEN_SCRATCH: number[] = [];
const HEAD_SALT = 0x68656164;
const TAIL_SALT = 0x7461696c;
const SYSTEM_SALT = 0x73797374;

/**
 * The frame shingles of a prompt: shingles of its head, its tail and its system prompt, each salted
 * by where it comes from. A template's fixed wording shows up here whatever fills its slot. A
 * shingle can occur twice (a repeated phrase); consumers count distinct use per account anyway.
 */
export function frameShingles(prompt: string, system: string | undefined, options: FrameOptions = DEFAULT_FRAME): Uint32Array {
  // scratch arrays reused across calls (single-threaded): only the result is allocated
  const out = SHINGLE_SCRATCH;
  const tokens = TOKEN_SCRATCH;
  out.length = 0;
  tokenHashes(prompt, options.headTokens + options.tailTokens, tokens);
  if (tokens.length <= options.headTokens + options.tailTokens - 1) {
    shingles(tokens, options.width, HEAD_SALT, out);
  } else {
    tokens.length = options.headTokens;
    shingles(tokens, options.width, HEAD_SALT, out);
    tailTokenHashes(prompt, options.tailTokens, tokens);
    shingles(tokens, options.width, TAIL_SALT, out);
  }
  if (system !== undefined && system.length > 0) {
    tokenHashes(system, options.systemTokens, tokens);
    shingles(tokens, options.width, SYSTEM_SALT, out);
  }
  return Uint32Array.from(out);
}
