/**
 * Hashed sparse features of a prompt, computed in one pass over a capped, normalised copy of the
 * text: word unigrams and bigrams, character 4-grams, concepts (words that mean the same in many
 * languages, concept-lexicon.ts, and close pairs of them), and (from the first few hundred
 * characters) the character 3-grams and words the language model reads, plus letter counts
 * per script.
 *
 * Normalisation: NFKC (only when the text has non-ASCII characters), lower case, every digit
 * folded to `0`, runs of white space collapsed to one space, zero-width characters dropped (they
 * are a common evasion trick). Han and kana characters are one word each, since those scripts do
 * not separate words with spaces. Long prompts are capped to their head and tail (the technique
 * of a long jailbreak is in its first paragraphs; the payload is often at the end), which keeps
 * the cost per prompt bounded.
 *
 * The output is a list of 32-bit hashes with repetitions (a feature that occurs twice is listed
 * twice), so a linear score is a plain sum of the weights of `hash >>> (32 - bits)`.
 */

import { CONCEPT_LEXICON_VERSION } from './concept-lexicon.js';
import { buildConceptTable, conceptPairHash, conceptSlot, type EntryCharKind } from './concepts.js';

// The hash steps are repeated here rather than imported: in the hot loops a call through a module
// binding (as some loaders compile imports) costs more than the hashing itself. They must stay
// identical to hash.ts (features.test.ts checks it), and so are the constants.

const FNV_OFFSET = 0x811c9dc5;

function fnvStep(hash: number, codeUnit: number): number {
  return Math.imul(hash ^ codeUnit, 0x01000193);
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function combineHashes(a: number, b: number, seed: number): number {
  return fmix32(Math.imul(a ^ seed, 0x9e3779b1) ^ (b + 0x7f4a7c15));
}

/** The feature configuration; stored in each model manifest and checked when a model loads. */
export const FEATURE_CONFIG = {
  // v2: one character n-gram length (4) instead of 3–5 and a tighter cap, for ~1 feature per
  // character instead of ~3: inference cost is dominated by one table lookup per feature.
  // v3: concept features (concept-lexicon.ts) beside words and n-grams
  version: 3,
  headChars: 1200,
  tailChars: 400,
  systemHeadChars: 600,
  systemTailChars: 200,
  // only 4-grams: textFeatures is written for this length (a literal type, so a change fails to compile there)
  charNgrams: [4, 4] as const,
  languageChars: 200,
  languageHeadChars: 80,
  languageCharNgrams: [3, 3] as [number, number],
  hash: 'fnv1a32+fmix32',
  conceptLexicon: CONCEPT_LEXICON_VERSION,
  // two concepts at most this many words (or Han/kana characters) apart also give a pair feature
  conceptPairWindow: 4,
} as const;

export type FeatureConfig = typeof FEATURE_CONFIG;

/** Scripts counted for language identification. */
export const SCRIPTS = ['latin', 'cyrillic', 'arabic', 'devanagari', 'hangul', 'kana', 'han', 'greek', 'hebrew', 'thai', 'other'] as const;
export type Script = (typeof SCRIPTS)[number];

const SEED_WORD = 0x3c6ef372;
const SEED_BIGRAM = 0x5bd1e995;
const SEED_CHAR = FNV_OFFSET;
const SEED_LANG_CHAR = 0x27d4eb2f;
const SEED_LANG_WORD = 0x165667b1;
/** Salts that keep a 3-gram, a 4-gram and a 5-gram with the same prefix in different buckets. */
const NGRAM_SALT = [0, 0x1b873593, 0x2f9d1b27, 0x68e31da4, 0x4ed8aa4a, 0x71d67fff];

const SPACE = 0x20;
const ZERO = 0x30;

/** What the extractor produced for one prompt; views into the extractor's buffers (copy to keep). */
export interface Features {
  /** Word unigram and bigram hashes: `words[0 .. wordCount)`. */
  readonly words: Uint32Array;
  readonly wordCount: number;
  /** Character n-gram hashes: `chars[0 .. charCount)`. */
  readonly chars: Uint32Array;
  readonly charCount: number;
  /** Concept hashes (concept-lexicon.ts), single and in pairs: `concepts[0 .. conceptCount)`. */
  readonly concepts: Uint32Array;
  readonly conceptCount: number;
  /** Language features of the text's beginning: `languageHashes[0 .. languageCount)`. */
  readonly languageHashes: Uint32Array;
  readonly languageCount: number;
  /** How many of the first language features are character n-grams of the first `languageHeadChars` characters. */
  readonly languageHeadCount: number;
  /** Letters per script (index as in SCRIPTS) in the language window (the user text's beginning). */
  readonly scriptCounts: Int32Array;
}

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

/** Script of a letter (index into SCRIPTS), or -1 for a non-letter. */
export function scriptOf(c: number): number {
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) ? 0 : -1;
  if ((c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) || (c >= 0x1e00 && c <= 0x1eff)) return 0;
  if (c >= 0x400 && c <= 0x52f) return 1;
  if ((c >= 0x600 && c <= 0x6ff) || (c >= 0x750 && c <= 0x77f) || (c >= 0xfb50 && c <= 0xfdff) || (c >= 0xfe70 && c <= 0xfeff)) return 2;
  if (c >= 0x900 && c <= 0x97f) return 3;
  if ((c >= 0xac00 && c <= 0xd7af) || (c >= 0x1100 && c <= 0x11ff) || (c >= 0x3130 && c <= 0x318f)) return 4;
  if (c >= 0x3040 && c <= 0x30ff && c !== 0x30fb && c !== 0x30fc) return 5;
  if ((c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff)) return 6;
  if (c >= 0x370 && c <= 0x3ff) return 7;
  if (c >= 0x590 && c <= 0x5ff) return 8;
  if (c >= 0xe00 && c <= 0xe7f) return 9;
  if (c >= 0x2000 && c <= 0x2bff) return -1;
  if (c >= 0x3000 && c <= 0x303f) return -1;
  if (c >= 0xd800 && c <= 0xdfff) return -1;
  return 10;
}

/** Unicode decimal digits outside ASCII that fold to `0` too (Arabic-Indic, Devanagari, full width). */
function isOtherDigit(c: number): boolean {
  return (c >= 0x660 && c <= 0x669) || (c >= 0x6f0 && c <= 0x6f9) || (c >= 0x966 && c <= 0x96f) || (c >= 0xff10 && c <= 0xff19);
}

/**
 * The concept lexicon, keyed by this extractor's own running word hashes (built once, at load;
 * exported read-only for tests and diagnostics).
 */
export const CONCEPT_TABLE = buildConceptTable(normaliseText, (c): EntryCharKind => {
  const kind = classify(c);
  return kind === CharKind.Word ? 'word' : kind === CharKind.Single ? 'single' : 'other';
});
const CONCEPT_KEYS = CONCEPT_TABLE.keys;
const CONCEPT_VALUES = CONCEPT_TABLE.values;
const CONCEPT_MASK = CONCEPT_TABLE.mask;
const CONCEPT_SHIFT = CONCEPT_TABLE.shift;
const CONCEPT_MAX_STEM = CONCEPT_TABLE.maxStemLength;

/** Concept index + 1 of a running hash, or 0: a linear probe of the table (concepts.ts). */
function conceptOf(key: number): number {
  let slot = conceptSlot(key, CONCEPT_SHIFT);
  for (;;) {
    const k = CONCEPT_KEYS[slot]!;
    if (k === key) return CONCEPT_VALUES[slot]!;
    if (k === 0) return 0;
    slot = (slot + 1) & CONCEPT_MASK;
  }
}

/** Head and tail of a long text, as one string. */
export function capText(text: string, head: number, tail: number): string {
  if (text.length <= head + tail) return text;
  return `${text.slice(0, head)} \n ${text.slice(text.length - tail)}`;
}

/** Lower case, NFKC when needed: the string the features are read from (before digit folding). */
export function normaliseText(text: string): string {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) >= 0x80) return text.normalize('NFKC').toLowerCase();
  }
  return text.toLowerCase();
}

/**
 * Reusable feature extractor (not thread safe; one per classifier). Buffers grow on demand and
 * are reused between calls, so extraction allocates nothing in the steady state beyond the
 * normalised string.
 */
export class FeatureExtractor {
  private chars = new Uint16Array(4096);
  private charLength = 0;
  private wordHashes = new Uint32Array(4096);
  private charHashes = new Uint32Array(16384);
  private languageHashes = new Uint32Array(2048);
  private concepts = new Uint32Array(256);
  private conceptCount = 0;
  /** The last concept seen (index + 1) and the word position it was seen at, for pair features. */
  private lastConcept = 0;
  private lastConceptAt = 0;
  private readonly scriptCounts = new Int32Array(SCRIPTS.length);
  private wordCount = 0;
  private charCount = 0;
  private languageCount = 0;
  private languageHeadCount = 0;
  // one result object, refreshed per call: a classifier call allocates nothing for it
  private readonly result = {
    words: this.wordHashes, wordCount: 0, chars: this.charHashes, charCount: 0, concepts: this.concepts, conceptCount: 0,
    languageHashes: this.languageHashes, languageCount: 0, languageHeadCount: 0, scriptCounts: this.scriptCounts,
  };

  /** Features of a prompt (user text, and the system prompt when there is one); valid until the next call. */
  extract(text: string, system?: string): Features {
    this.wordCount = 0;
    this.charCount = 0;
    this.conceptCount = 0;
    this.scriptCounts.fill(0);
    this.foldCapped(text, FEATURE_CONFIG.headChars, FEATURE_CONFIG.tailChars);
    this.languageFeatures();
    this.textFeatures();
    if (system) {
      this.foldCapped(system, FEATURE_CONFIG.systemHeadChars, FEATURE_CONFIG.systemTailChars);
      this.textFeatures();
    }
    const r = this.result;
    r.words = this.wordHashes;
    r.wordCount = this.wordCount;
    r.chars = this.charHashes;
    r.charCount = this.charCount;
    r.concepts = this.concepts;
    r.conceptCount = this.conceptCount;
    r.languageHashes = this.languageHashes;
    r.languageCount = this.languageCount;
    r.languageHeadCount = this.languageHeadCount;
    return r;
  }

  /**
   * The word and character features of a system prompt alone (`words`, `chars`; no language
   * features, empty script counts): what `extract` appends after the user text's. Valid until the
   * next call.
   */
  extractSystem(system: string): Features {
    this.wordCount = 0;
    this.charCount = 0;
    this.conceptCount = 0;
    this.languageCount = 0;
    this.languageHeadCount = 0;
    this.scriptCounts.fill(0);
    this.foldCapped(system, FEATURE_CONFIG.systemHeadChars, FEATURE_CONFIG.systemTailChars);
    this.textFeatures();
    const r = this.result;
    r.words = this.wordHashes;
    r.wordCount = this.wordCount;
    r.chars = this.charHashes;
    r.charCount = this.charCount;
    r.concepts = this.concepts;
    r.conceptCount = this.conceptCount;
    r.languageHashes = this.languageHashes;
    r.languageCount = 0;
    r.languageHeadCount = 0;
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

  /**
   * Word features and character 4-grams of the folded text, in one pass: word unigrams and bigrams
   * first, then the 4-grams (the classifier sums them in that order; features-exact.test.ts checks
   * both lists against the earlier two-pass extractor). One read of each code unit instead of two, and the
   * letter class of an ASCII unit (most of them) from the table without a call. Concepts are
   * matched in the same pass, from the running word hash: a stem at each letter (until one
   * matches), a whole word and a two-word entry at each word's end, a Han/kana pair and triple at
   * each such character.
   */
  private textFeatures(): void {
    const gramLength: 4 = FEATURE_CONFIG.charNgrams[0];
    const n = this.charLength;
    if (this.wordHashes.length < this.wordCount + 2 * n) {
      const grown = new Uint32Array(Math.max(this.wordHashes.length * 2, this.wordCount + 2 * n));
      grown.set(this.wordHashes.subarray(0, this.wordCount));
      this.wordHashes = grown;
    }
    if (this.charHashes.length < this.charCount + n) {
      const grown = new Uint32Array(Math.max(this.charHashes.length * 2, this.charCount + n));
      grown.set(this.charHashes.subarray(0, this.charCount));
      this.charHashes = grown;
    }
    const chars = this.chars;
    const words = this.wordHashes;
    const grams = this.charHashes;
    const salt = NGRAM_SALT[gramLength]!;
    let w = this.wordCount;
    let k = this.charCount;
    let previous = 0;
    let hash = SEED_WORD;
    let inWord = false;
    // concept lexicon state: the word's length and whether a stem already matched it; the running
    // hash of "previous word, space, this word" (0: no previous word in this run of words); the two
    // Han/kana characters before this one (0: none); the word position, for pair features
    let wordLength = 0;
    let wordMatched = false;
    let pairHash = 0;
    let nextPairHash = 0;
    let single1 = 0, single2 = 0;
    let position = 0;
    this.lastConcept = 0;
    // the last three code units slide through locals; the first 4-gram ends at index 3
    let c0 = 0, c1 = 0, c2 = 0;
    for (let i = 0; i < n; i++) {
      const c = chars[i]!;
      if (i >= 3) grams[k++] = fmix32(fnvStep(fnvStep(fnvStep(fnvStep(SEED_CHAR, c0), c1), c2), c) ^ salt);
      c0 = c1; c1 = c2; c2 = c;
      const kind = c < 0x80 ? ASCII_KIND[c]! as CharKind : classify(c);
      if (kind === CharKind.Word) {
        if (!inWord) {
          pairHash = nextPairHash;
          wordLength = 0;
          wordMatched = false;
          inWord = true;
          single1 = single2 = 0;
        }
        hash = fnvStep(hash, c);
        if (pairHash !== 0) pairHash = fnvStep(pairHash, c);
        wordLength++;
        // stems: from the 4th letter when it is ASCII, at any length when it is not
        if (!wordMatched && (c >= 0x80 || wordLength >= 4) && wordLength <= CONCEPT_MAX_STEM) {
          const concept = conceptOf(hash);
          if (concept !== 0) { this.addConcept(concept, position); wordMatched = true; }
        }
        continue;
      }
      if (inWord) {
        const word = fmix32(hash);
        words[w++] = word;
        if (previous !== 0) words[w++] = combineHashes(previous, word, SEED_BIGRAM);
        previous = word;
        const ended = fnvStep(hash, SPACE);
        if (!wordMatched) {
          const concept = conceptOf(ended);
          if (concept !== 0) this.addConcept(concept, position);
        }
        if (pairHash !== 0) {
          const concept = conceptOf(fnvStep(pairHash, SPACE));
          if (concept !== 0) this.addConcept(concept, position);
        }
        nextPairHash = ended;
        position++;
        hash = SEED_WORD;
        inWord = false;
      }
      if (kind !== CharKind.Space) nextPairHash = 0;
      if (kind === CharKind.Single) {
        const word = fmix32(fnvStep(SEED_WORD, c));
        words[w++] = word;
        if (previous !== 0) words[w++] = combineHashes(previous, word, SEED_BIGRAM);
        previous = word;
        if (single2 !== 0) {
          const two = fnvStep(fnvStep(SEED_WORD, single2), c);
          let concept = conceptOf(two);
          if (concept !== 0) this.addConcept(concept, position);
          if (single1 !== 0) {
            concept = conceptOf(fnvStep(fnvStep(fnvStep(SEED_WORD, single1), single2), c));
            if (concept !== 0) this.addConcept(concept, position);
          }
        }
        single1 = single2;
        single2 = c;
        position++;
      } else {
        single1 = single2 = 0;
      }
    }
    // one past the end reads as a space: closes the last word (the fold ends in a space, so
    // this is only a guard)
    if (inWord) {
      const word = fmix32(hash);
      words[w++] = word;
      if (previous !== 0) words[w++] = combineHashes(previous, word, SEED_BIGRAM);
    }
    this.wordCount = w;
    this.charCount = k;
  }

  /** Records a concept seen at word `position`, and its pair with the concept before it when that is close. */
  private addConcept(concept: number, position: number): void {
    if (this.concepts.length < this.conceptCount + 2) {
      const grown = new Uint32Array(this.concepts.length * 2);
      grown.set(this.concepts.subarray(0, this.conceptCount));
      this.concepts = grown;
    }
    const hashes = CONCEPT_TABLE.unigramHashes;
    this.concepts[this.conceptCount++] = hashes[concept]!;
    if (this.lastConcept !== 0 && position - this.lastConceptAt <= FEATURE_CONFIG.conceptPairWindow) {
      this.concepts[this.conceptCount++] = conceptPairHash(hashes[this.lastConcept]!, hashes[concept]!);
    }
    this.lastConcept = concept;
    this.lastConceptAt = position;
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
      let kind: CharKind;
      if (c < 0x80) {
        // ASCII, inline: a letter is Latin (what scriptOf says), the class is the table's
        const lower = c | 0x20;
        if (lower >= 0x61 && lower <= 0x7a) scripts[0]!++;
        kind = ASCII_KIND[c]! as CharKind;
      } else {
        const s = scriptOf(c);
        if (s >= 0) scripts[s]!++;
        kind = classify(c);
      }
      if (c !== SPACE && c !== ZERO && kind === CharKind.Word) {
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

/** The bucket of a hash in a table of 2^bits weights. */
export function bucketOf(hash: number, bits: number): number {
  return hash >>> (32 - bits);
}
