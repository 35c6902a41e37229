import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FEATURE_CONFIG, FeatureExtractor, SCRIPTS, capText, normaliseText, scriptOf } from './features.js';
import { FNV_OFFSET, combineHashes, fmix32, fnvStep } from './hash.js';

// The extractor as it was before the fused word-and-character pass (commit 534d4b0): the oracle of
// FeatureExtractor, which must give the same hashes in the same order (the classifier's sums, and
// so its scores, depend on the order).

const SEED_WORD = 0x3c6ef372;
const SEED_BIGRAM = 0x5bd1e995;
const SEED_CHAR = FNV_OFFSET;
const SEED_LANG_CHAR = 0x27d4eb2f;
const SEED_LANG_WORD = 0x165667b1;
/** Salts that keep a 3-gram, a 4-gram and a 5-gram with the same prefix in different buckets. */
const NGRAM_SALT = [0, 0x1b873593, 0x2f9d1b27, 0x68e31da4, 0x4ed8aa4a, 0x71d67fff];

const SPACE = 0x20;
const ZERO = 0x30;

const enum CharKind { Space, Word, Punct, Single, Drop }

/** Letter class of an ASCII code unit. */
function classifyAscii(c: number): CharKind {
  if (c <= SPACE) return CharKind.Space;
  if ((c >= 0x61 && c <= 0x7a) || (c >= ZERO && c <= 0x39) || c === 0x5f) return CharKind.Word;
  if (c >= 0x41 && c <= 0x5a) return CharKind.Word; // upper case left by an odd lower-casing
  return CharKind.Punct;
}

/** `classifyAscii` as a table: most prompts are ASCII, and this is read for every code unit. */
const ASCII_KIND = Uint8Array.from({ length: 0x80 }, (_, c) => classifyAscii(c));

/** What an ASCII code unit folds to: lower case, digits to `0`, white space and controls to a space. */
const ASCII_FOLD = Uint16Array.from({ length: 0x80 }, (_, c) => {
  if (classifyAscii(c) === CharKind.Space) return SPACE;
  if (c >= ZERO && c <= 0x39) return ZERO;
  return c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
});

/** Letter class of a code unit after lower-casing. */
function classify(c: number): CharKind {
  if (c < 0x80) return ASCII_KIND[c]! as CharKind;
  if (c === 0xa0 || c === 0x85 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000) {
    return CharKind.Space;
  }
  if ((c >= 0x200b && c <= 0x200f) || (c >= 0x2060 && c <= 0x2064) || c === 0xfeff || (c >= 0xfe00 && c <= 0xfe0f) || c === 0xad) return CharKind.Drop;
  if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff)) return CharKind.Single;
  if ((c >= 0x2010 && c <= 0x205e) || (c >= 0x3001 && c <= 0x303f) || (c >= 0xd800 && c <= 0xdfff) || (c >= 0x2190 && c <= 0x2bff) || (c >= 0xff01 && c <= 0xff0f) || (c >= 0xff1a && c <= 0xff20) || (c >= 0xff3b && c <= 0xff40) || (c >= 0xff5b && c <= 0xff65) || (c >= 0xa1 && c <= 0xbf && c !== 0xaa && c !== 0xb5 && c !== 0xba) || c === 0xd7 || c === 0xf7) {
    return CharKind.Punct;
  }
  return CharKind.Word;
}

/** Unicode decimal digits outside ASCII that fold to `0` too (Arabic-Indic, Devanagari, full width). */
function isOtherDigit(c: number): boolean {
  return (c >= 0x660 && c <= 0x669) || (c >= 0x6f0 && c <= 0x6f9) || (c >= 0x966 && c <= 0x96f) || (c >= 0xff10 && c <= 0xff19);
}

/**
 * Reusable feature extractor (not thread safe; one per classifier). Buffers grow on demand and
 * are reused between calls, so extraction allocates nothing in the steady state beyond the
 * normalised string.
 */
class ReferenceFeatureExtractor {
  private chars = new Uint16Array(4096);
  private charLength = 0;
  private wordHashes = new Uint32Array(4096);
  private charHashes = new Uint32Array(16384);
  private languageHashes = new Uint32Array(2048);
  private readonly scriptCounts = new Int32Array(SCRIPTS.length);
  private wordCount = 0;
  private charCount = 0;
  private languageCount = 0;
  private languageHeadCount = 0;
  // one result object, refreshed per call: a classifier call allocates nothing for it
  private readonly result = {
    words: this.wordHashes, wordCount: 0, chars: this.charHashes, charCount: 0,
    languageHashes: this.languageHashes, languageCount: 0, languageHeadCount: 0, scriptCounts: this.scriptCounts,
  };

  /** Features of a prompt (user text, and the system prompt when there is one); valid until the next call. */
  extract(text: string, system?: string) {
    this.wordCount = 0;
    this.charCount = 0;
    this.scriptCounts.fill(0);
    this.foldCapped(text, FEATURE_CONFIG.headChars, FEATURE_CONFIG.tailChars);
    this.languageFeatures();
    this.wordFeatures();
    this.charFeatures();
    if (system) {
      this.foldCapped(system, FEATURE_CONFIG.systemHeadChars, FEATURE_CONFIG.systemTailChars);
      this.wordFeatures();
      this.charFeatures();
    }
    const r = this.result;
    r.words = this.wordHashes;
    r.wordCount = this.wordCount;
    r.chars = this.charHashes;
    r.charCount = this.charCount;
    r.languageHashes = this.languageHashes;
    r.languageCount = this.languageCount;
    r.languageHeadCount = this.languageHeadCount;
    return r;
  }

  /**
   * Folds `normaliseText(capText(text, head, tail))`. ASCII text (the common case) is read in
   * place, lower-cased per code unit, without building the capped and lower-cased copies; the
   * result is the same, since the cap's ` \n ` separator folds to one space and ASCII lower-casing
   * is what `toLowerCase` does to ASCII.
   */
  private foldCapped(text: string, head: number, tail: number): void {
    const capped = text.length > head + tail;
    const firstEnd = capped ? head : text.length;
    this.charLength = 0;
    // optimistic: fold as ASCII, and start again on the generic path at the first non-ASCII unit
    if (this.foldAsciiRange(text, 0, firstEnd, true) && (!capped || this.foldAsciiRange(text, text.length - tail, text.length, false))) {
      this.finishFold();
      return;
    }
    this.fold(normaliseText(capText(text, head, tail)));
  }

  /** Writes the folded code units of `text` into `chars`, with a space at each end. */
  private fold(text: string): void {
    this.charLength = 0;
    this.foldRange(text, 0, text.length);
    this.finishFold();
  }

  /** Room for `extra` more folded code units. */
  private reserve(extra: number): Uint16Array {
    const need = this.charLength + extra + 2;
    if (this.chars.length < need) {
      const grown = new Uint16Array(need * 2);
      grown.set(this.chars.subarray(0, this.charLength));
      this.chars = grown;
    }
    return this.chars;
  }

  /**
   * Appends the folded code units of ASCII `text[from, to)` after a space (the padding, or the
   * cap's separator), through ASCII_FOLD; returns false at the first non-ASCII code unit. A
   * separate function from `foldRange` so each stays specialised to its kind of string.
   */
  private foldAsciiRange(text: string, from: number, to: number, first: boolean): boolean {
    const chars = this.reserve(to - from);
    let n = this.charLength;
    let previous = first ? SPACE + 1 : chars[n - 1]!;
    if (previous !== SPACE) chars[n++] = previous = SPACE;
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x80) return false;
      const folded = ASCII_FOLD[c]!;
      if (folded !== SPACE || previous !== SPACE) chars[n++] = previous = folded;
    }
    this.charLength = n;
    return true;
  }

  /** Appends the folded code units of normalised `text[from, to)` after a space (the padding). */
  private foldRange(text: string, from: number, to: number): void {
    const chars = this.reserve(to - from);
    let n = this.charLength;
    chars[n++] = SPACE;
    for (let i = from; i < to; i++) {
      let c = text.charCodeAt(i);
      const kind = classify(c);
      if (kind === CharKind.Space) {
        if (chars[n - 1] !== SPACE) chars[n++] = SPACE;
        continue;
      }
      if (kind === CharKind.Drop) continue;
      if (c >= ZERO && c <= 0x39) c = ZERO;
      else if (c >= 0x80 && isOtherDigit(c)) c = ZERO;
      chars[n++] = c;
    }
    this.charLength = n;
  }

  private finishFold(): void {
    if (this.chars[this.charLength - 1] !== SPACE) this.chars[this.charLength++] = SPACE;
  }

  /** Word unigrams and bigrams of the folded text, appended to `hashes`. */
  private wordFeatures(): void {
    const chars = this.chars;
    if (this.wordHashes.length < this.wordCount + 2 * this.charLength) {
      const grown = new Uint32Array(Math.max(this.wordHashes.length * 2, this.wordCount + 2 * this.charLength));
      grown.set(this.wordHashes.subarray(0, this.wordCount));
      this.wordHashes = grown;
    }
    const out = this.wordHashes;
    let w = this.wordCount;
    let previous = 0;
    let hash = SEED_WORD;
    let inWord = false;
    // emitting is written out inline: a closure here was allocated on every call
    for (let i = 0; i <= this.charLength; i++) {
      const c = i < this.charLength ? chars[i]! : SPACE; // one past the end: closes the last word
      const kind = c === SPACE ? CharKind.Space : classify(c);
      if (kind === CharKind.Word) {
        hash = fnvStep(hash, c);
        inWord = true;
        continue;
      }
      if (inWord) {
        const word = fmix32(hash);
        out[w++] = word;
        if (previous !== 0) out[w++] = combineHashes(previous, word, SEED_BIGRAM);
        previous = word;
        hash = SEED_WORD;
        inWord = false;
      }
      if (kind === CharKind.Single) {
        const word = fmix32(fnvStep(SEED_WORD, c));
        out[w++] = word;
        if (previous !== 0) out[w++] = combineHashes(previous, word, SEED_BIGRAM);
        previous = word;
      }
    }
    this.wordCount = w;
  }

  /** Character n-grams (lengths FEATURE_CONFIG.charNgrams) of the folded text, appended to `charHashes`. */
  private charFeatures(): void {
    const [min, max] = FEATURE_CONFIG.charNgrams;
    const n = this.charLength;
    const needed = this.charCount + (max - min + 1) * n;
    if (this.charHashes.length < needed) {
      const grown = new Uint32Array(Math.max(this.charHashes.length * 2, needed));
      grown.set(this.charHashes.subarray(0, this.charCount));
      this.charHashes = grown;
    }
    const out = this.charHashes;
    const chars = this.chars;
    let k = this.charCount;
    if (min === 4 && max === 4) {
      // the shipped configuration, unrolled: the last four code units slide through locals
      const salt = NGRAM_SALT[4]!;
      let c0 = chars[0]!, c1 = chars[1]!, c2 = chars[2]!;
      for (let i = 3; i < n; i++) {
        const c3 = chars[i]!;
        out[k++] = fmix32(fnvStep(fnvStep(fnvStep(fnvStep(SEED_CHAR, c0), c1), c2), c3) ^ salt);
        c0 = c1; c1 = c2; c2 = c3;
      }
      this.charCount = k;
      return;
    }
    for (let i = 0; i + min <= n; i++) {
      let h = SEED_CHAR;
      const end = Math.min(n, i + max);
      for (let j = i; j < end; j++) {
        h = fnvStep(h, chars[j]!);
        const len = j - i + 1;
        if (len >= min) out[k++] = fmix32(h ^ NGRAM_SALT[len]!);
      }
    }
    this.charCount = k;
  }

  /** Character n-grams (FEATURE_CONFIG.languageCharNgrams) and words of the text's beginning, for the language model. */
  private languageFeatures(): void {
    const limit = Math.min(this.charLength, FEATURE_CONFIG.languageChars + 2);
    const [min, max] = FEATURE_CONFIG.languageCharNgrams;
    if (this.languageHashes.length < limit * 4 + 8) this.languageHashes = new Uint32Array(limit * 4 + 8);
    const out = this.languageHashes;
    const chars = this.chars;
    let k = 0;
    this.languageHeadCount = 0;
    if (min === 3 && max === 3) {
      // the shipped configuration, unrolled: the last three code units (digits read as spaces) slide through locals
      const salt = NGRAM_SALT[3]!;
      let c0 = chars[0] === ZERO ? SPACE : chars[0]!;
      let c1 = chars[1] === ZERO ? SPACE : chars[1]!;
      for (let i = 0; i + 3 <= limit; i++) {
        if (i === FEATURE_CONFIG.languageHeadChars) this.languageHeadCount = k;
        const c2 = chars[i + 2] === ZERO ? SPACE : chars[i + 2]!;
        out[k++] = fmix32(fnvStep(fnvStep(fnvStep(SEED_LANG_CHAR, c0), c1), c2) ^ salt);
        c0 = c1; c1 = c2;
      }
    } else {
      for (let i = 0; i + min <= limit; i++) {
        if (i === FEATURE_CONFIG.languageHeadChars) this.languageHeadCount = k;
        let h = SEED_LANG_CHAR;
        const end = Math.min(limit, i + max);
        for (let j = i; j < end; j++) {
          const c = chars[j]!;
          h = fnvStep(h, c === ZERO ? SPACE : c);
          const len = j - i + 1;
          // a lone space or digit says nothing about the language
          if (len >= min && !(len === 1 && (c === SPACE || c === ZERO))) out[k++] = fmix32(h ^ NGRAM_SALT[len]!);
        }
      }
    }
    if (limit < FEATURE_CONFIG.languageHeadChars + min) this.languageHeadCount = k;
    let hash = SEED_LANG_WORD;
    let inWord = false;
    const scripts = this.scriptCounts;
    for (let i = 0; i < limit; i++) {
      const c = chars[i]!;
      if (c > 0x40) {
        const s = scriptOf(c);
        if (s >= 0) scripts[s]!++;
      }
      if (c !== SPACE && c !== ZERO && classify(c) === CharKind.Word) {
        hash = fnvStep(hash, c);
        inWord = true;
      } else if (inWord) {
        out[k++] = fmix32(hash);
        hash = SEED_LANG_WORD;
        inWord = false;
      }
    }
    if (inWord) out[k++] = fmix32(hash);
    this.languageCount = k;
  }
}


/** The features as plain arrays (both extractors reuse their buffers). */
function snapshot(f: { words: Uint32Array; wordCount: number; chars: Uint32Array; charCount: number; languageHashes: Uint32Array; languageCount: number; languageHeadCount: number; scriptCounts: Int32Array }) {
  return {
    words: Array.from(f.words.subarray(0, f.wordCount)),
    chars: Array.from(f.chars.subarray(0, f.charCount)),
    language: Array.from(f.languageHashes.subarray(0, f.languageCount)),
    languageHead: f.languageHeadCount,
    scripts: Array.from(f.scriptCounts),
  };
}

/** A small deterministic generator (xorshift32). */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x / 0x100000000;
  };
}

const PIECES = ['Ignore', 'previous', 'INSTRUCTIONS', 'the', 'a', 'x', '123', '4.5', ',', '.', '!?', '  ', '\n\t', '_under_score', 'don\'t',
  'Привет', 'мир', '你好世界', 'で書いて', 'مرحبا', 'मुझे', '오늘', 'Γεια', 'ＩＧＮＯＲＥ', 'zero\u200bwidth', '\ufeff', 'É', 'ß', '🇭🇴', '\ud800', '٣٤', '—', '«»', '\u00a0', '\u3000'];

function randomText(next: () => number, length: number, asciiOnly: boolean): string {
  let out = '';
  while (out.length < length) {
    const piece = PIECES[Math.floor(next() * (asciiOnly ? 15 : PIECES.length))]!;
    out += piece + (next() < 0.7 ? ' ' : '');
  }
  return out;
}

describe('FeatureExtractor (fused pass) against the reference extractor', () => {
  it('gives the same hashes, in the same order, on ASCII and mixed text of every length, with and without a system prompt', () => {
    const fast = new FeatureExtractor();
    const reference = new ReferenceFeatureExtractor();
    const next = rng(7);
    for (let round = 0; round < 600; round++) {
      const asciiOnly = round % 2 === 0;
      const length = Math.floor(next() * (round % 10 === 0 ? 6000 : 900));
      const text = randomText(next, length, asciiOnly);
      const system = round % 3 === 0 ? randomText(next, Math.floor(next() * 1500), round % 6 === 0) : undefined;
      assert.deepEqual(snapshot(fast.extract(text, system)), snapshot(reference.extract(text, system)), `round ${round}`);
    }
  });

  it('agrees on edge cases', () => {
    const fast = new FeatureExtractor();
    const reference = new ReferenceFeatureExtractor();
    for (const text of ['', ' ', 'a', 'ab', 'abc', 'abcd', '  a  ', '!!!', '你', '\u200b', '\ud800 broken', 'x'.repeat(5000), `${'word '.repeat(400)}tail`]) {
      for (const system of [undefined, '', 'You are a judge.', '你好']) {
        assert.deepEqual(snapshot(fast.extract(text, system)), snapshot(reference.extract(text, system)), JSON.stringify([text.slice(0, 20), system]));
      }
    }
  });
});
