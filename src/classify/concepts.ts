/**
 * The concept lexicon as the feature extractor reads it: an open-addressing table from the running
 * word hash of an entry to its concept, built once at load from `CONCEPT_LEXICON`.
 *
 * Keys are the extractor's own FNV-1a states (before finalisation), so a probe costs one multiply,
 * one shift and one array read per character; no string is built:
 * - a whole word: the state after its letters and one space;
 * - a stem: the state after its letters (probed while the word is being read);
 * - two words: the state over the first word, a space, the second word and a space;
 * - a run of 2 or 3 Han or kana characters: the state over those characters.
 */

import { CONCEPT_LEXICON, type ConceptLexicon } from './concept-lexicon.js';
import { combineHashes, fmix32, fnvStep } from './hash.js';

/** Seed of a word's running hash in the extractor (features.ts `SEED_WORD`). */
export const CONCEPT_WORD_SEED = 0x3c6ef372;
const SEED_CONCEPT = 0x6a09e667;
const SEED_CONCEPT_PAIR = 0xbb67ae85;
const SPACE = 0x20;

/** How an entry's characters are classed, as the extractor classes them after folding. */
export type EntryCharKind = 'word' | 'single' | 'other';

/** The built lexicon. */
export interface ConceptTable {
  /**
   * Keys (0 = empty slot), `mask + 1` of them; signed, as `Math.imul` returns the running hashes,
   * so a probe compares without a conversion.
   */
  readonly keys: Int32Array;
  /** Concept index + 1 per slot. */
  readonly values: Uint8Array;
  readonly mask: number;
  /** Right shift that takes a key's multiplicative hash to a slot. */
  readonly shift: number;
  /** Longest stem, in code units: no stem probe past it. */
  readonly maxStemLength: number;
  /** Concept names, by index. */
  readonly names: readonly string[];
  /** Feature hash of each concept, by index + 1 (index 0 unused). */
  readonly unigramHashes: Uint32Array;
  /** Number of entries (after de-duplication). */
  readonly size: number;
}

/** A lexicon entry that cannot be matched as written. */
export class ConceptLexiconError extends Error {}

/** Slot of a key. */
export function conceptSlot(key: number, shift: number): number {
  return Math.imul(key, 0x9e3779b1) >>> shift;
}

/**
 * Feature hash of two concepts seen close together, in either order: languages order the same
 * request's words differently ("do not summarise" and "요약하지 말고" are NEGATION · SUMMARY and
 * SUMMARY · NEGATION), and the pair should carry across.
 */
export function conceptPairHash(first: number, second: number): number {
  return first < second ? combineHashes(first, second, SEED_CONCEPT_PAIR) : combineHashes(second, first, SEED_CONCEPT_PAIR);
}

function chain(hash: number, text: string): number {
  for (let i = 0; i < text.length; i++) hash = fnvStep(hash, text.charCodeAt(i));
  return hash;
}

interface ParsedEntry { key: number; stemLength: number }

/** The table key of one entry (already normalised), or an error naming what is wrong with it. */
function keyOf(entry: string, kindOf: (c: number) => EntryCharKind): ParsedEntry {
  const stem = entry.endsWith('*');
  const body = stem ? entry.slice(0, -1) : entry;
  const kinds = new Set<EntryCharKind>();
  for (let i = 0; i < body.length; i++) if (body[i] !== ' ') kinds.add(kindOf(body.charCodeAt(i)));
  if (kinds.has('other')) throw new ConceptLexiconError(`"${entry}" has a character the extractor does not read as a letter`);
  if (kinds.has('single')) {
    if (kinds.size > 1 || stem || body.includes(' ')) throw new ConceptLexiconError(`"${entry}" mixes Han or kana with other letters, a space or a stem mark`);
    if (body.length < 2 || body.length > 3) throw new ConceptLexiconError(`"${entry}": a Han or kana entry has 2 or 3 characters`);
    return { key: chain(CONCEPT_WORD_SEED, body), stemLength: 0 };
  }
  const words = body.split(' ');
  if (words.length > 2 || words.some((w) => w.length === 0)) throw new ConceptLexiconError(`"${entry}": one word, a stem, or two words`);
  if (stem) {
    if (words.length > 1) throw new ConceptLexiconError(`"${entry}": a stem is one word`);
    const last = body.charCodeAt(body.length - 1);
    // the extractor probes stems of ASCII letters from the 4th letter on (shorter ones match too much English)
    if (last < 0x80 && body.length < 4) throw new ConceptLexiconError(`"${entry}": a stem ending in an ASCII letter needs at least 4 letters`);
    return { key: chain(CONCEPT_WORD_SEED, body), stemLength: body.length };
  }
  return { key: fnvStep(chain(CONCEPT_WORD_SEED, body), SPACE), stemLength: 0 };
}

/**
 * Builds the table. `normalise` and `kindOf` are the extractor's folding and letter classes (passed
 * in, so this module does not import the extractor that imports it).
 */
export function buildConceptTable(
  normalise: (text: string) => string,
  kindOf: (c: number) => EntryCharKind,
  lexicon: ConceptLexicon = CONCEPT_LEXICON,
): ConceptTable {
  const names = Object.keys(lexicon);
  if (names.length > 254) throw new ConceptLexiconError('at most 254 concepts');
  const byKey = new Map<number, { concept: number; entry: string }>();
  let maxStemLength = 0;
  names.forEach((name, index) => {
    for (const [language, entries] of Object.entries(lexicon[name]!)) {
      for (const raw of entries.split('|')) {
        const entry = normalise(raw.trim()).replace(/\s+/g, ' ');
        if (entry.length === 0) throw new ConceptLexiconError(`${name}.${language}: an empty entry`);
        let parsed: ParsedEntry;
        try {
          parsed = keyOf(entry, kindOf);
        } catch (error) {
          throw new ConceptLexiconError(`${name}.${language}: ${(error as Error).message}`);
        }
        if (parsed.key === 0) throw new ConceptLexiconError(`${name}.${language}: "${entry}" hashes to 0, the empty slot; respell it`);
        const seen = byKey.get(parsed.key);
        if (seen && seen.concept !== index) {
          throw new ConceptLexiconError(`"${entry}" (${name}.${language}) is already "${seen.entry}" of ${names[seen.concept]}: one entry, one concept`);
        }
        byKey.set(parsed.key, { concept: index, entry });
        maxStemLength = Math.max(maxStemLength, parsed.stemLength);
      }
    }
  });
  let bits = 4;
  while (1 << bits < byKey.size * 4) bits++;
  const keys = new Int32Array(1 << bits);
  const values = new Uint8Array(1 << bits);
  const mask = (1 << bits) - 1;
  const shift = 32 - bits;
  for (const [key, { concept }] of byKey) {
    let slot = conceptSlot(key, shift);
    while (keys[slot] !== 0) slot = (slot + 1) & mask;
    keys[slot] = key;
    values[slot] = concept + 1;
  }
  const unigramHashes = new Uint32Array(names.length + 1);
  names.forEach((name, index) => { unigramHashes[index + 1] = fmix32(chain(SEED_CONCEPT, name)); });
  return { keys, values, mask, shift, maxStemLength, names, unigramHashes, size: byKey.size };
}
