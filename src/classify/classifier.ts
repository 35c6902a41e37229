/**
 * The prompt classifier at inference: one feature pass per prompt, then sums of weights. Binary
 * heads share one bucket-major table of int8 codes decoded through lookup tables (one cache line
 * per feature for all three); capability (word features) and language (the text's beginning) sum
 * float32 weights decoded once at load.
 * Non-Latin scripts decide the language directly; the Latin-script model tells en/es/de/fr/pt/
 * vi/it apart (language.ts).
 */

import { applyPlatt, type Platt } from './calibrate.js';
import { FeatureExtractor, type Features } from './features.js';
import { languageByScript } from './language.js';
import { BINARY_HEADS, CAPABILITY_AREAS, LATIN_LANGUAGES, type CapabilityArea, type LanguageCode } from './labels.js';
import { softmaxInPlace } from './linear.js';
import type { Manifest, Table } from './model-file.js';

/** The binary heads' probabilities of one prompt (calibrated on held-out rows, balanced prior). */
export interface HeadScores {
  jailbreak: number;
  cot_extraction: number;
  grader: number;
}

/** Scores of one prompt. Probabilities are calibrated on held-out rows (binary: balanced prior). */
export interface PromptScores extends HeadScores {
  capability: CapabilityArea;
  capability_p: number;
  language: LanguageCode;
  language_p: number;
}

/** A loaded classifier; `classify` is synchronous and reuses its buffers (one instance per thread). */
export interface PromptClassifier {
  classify(text: string, system?: string): PromptScores;
  /**
   * The three binary heads' scores alone, the same as `classify` gives, without the capability
   * and language models: what the gateway's prompt rules read on a request's path.
   */
  scoreHeads(text: string, system?: string): HeadScores;
  /** Per head, the probability above which at most 1% of held-out benign prompts score. */
  readonly thresholds: Readonly<Record<'jailbreak' | 'cot_extraction' | 'grader', number>>;
  readonly manifest: Manifest;
}


/** How sure the Latin model must be of a prompt's first characters to name a framing language. */
const HEAD_LANGUAGE_P = 0.7;

/**
 * Sum of the binary table's columns over `hashes[from, to)` (with repetitions), added into `out`
 * (biases not added). One small function per table width rather than one with a branch per width:
 * V8 optimises those loops better (the weight sums took about 12 µs per prompt of `hard` with one
 * function, about 10 split; bench/classify-parts.ts).
 */
function accumulate(table: Table, hashes: Uint32Array, from: number, to: number, out: Float64Array): void {
  if (table.columns === 3) accumulate3(table, hashes, from, to, out);
  else accumulateAny(table, hashes, from, to, out);
}

/** The sum function of a softmax table: decoded weights for the shipped widths, the generic loop otherwise. */
function softmaxAccumulator(table: Table): (hashes: Uint32Array, from: number, to: number, out: Float64Array) => void {
  const shift = 32 - table.bits;
  if (table.columns === 8) {
    const weights = decodeTable(table);
    return (hashes, from, to, out) => accumulate8(weights, shift, hashes, from, to, out);
  }
  if (table.columns === 10) {
    const weights = decodeTable(table);
    return (hashes, from, to, out) => accumulate10(weights, shift, hashes, from, to, out);
  }
  return (hashes, from, to, out) => accumulateAny(table, hashes, from, to, out);
}

/** `accumulate` for the binary table (three heads): the hot loop of the classifier. */
function accumulate3(table: Table, hashes: Uint32Array, from: number, to: number, out: Float64Array): void {
  const shift = 32 - table.bits;
  const codes = table.codes;
  const l0 = table.luts[0]!, l1 = table.luts[1]!, l2 = table.luts[2]!;
  let s0 = 0, s1 = 0, s2 = 0;
  for (let i = from; i < to; i++) {
    const base = (hashes[i]! >>> shift) * 3;
    s0 += l0[codes[base]! + 128]!;
    s1 += l1[codes[base + 1]! + 128]!;
    s2 += l2[codes[base + 2]! + 128]!;
  }
  out[0] = out[0]! + s0; out[1] = out[1]! + s1; out[2] = out[2]! + s2;
}

/**
 * A softmax table's weights decoded to float32, bucket-major: the same values as its codes through
 * the lookup tables (so the sums are bit for bit the same), read with one load per weight instead
 * of two. Four times the memory of the codes (640 KB for capability, 256 KB for language), which
 * still fits the core's cache, and the capability and language sums take about half the time
 * (bench/classify-parts.ts). The binary table (3 × 2^17 weights) stays coded: decoded, it would
 * be 1.5 MB.
 */
function decodeTable(table: Table): Float32Array {
  const K = table.columns;
  const codes = table.codes;
  const out = new Float32Array(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = table.luts[i % K]![codes[i]! + 128]!;
  return out;
}

/** `accumulate` for the language table (eight columns, decoded): sums in locals (a typed-array store per weight costs more than the read). */
function accumulate8(weights: Float32Array, shift: number, hashes: Uint32Array, from: number, to: number, out: Float64Array): void {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
  for (let i = from; i < to; i++) {
    const base = (hashes[i]! >>> shift) * 8;
    s0 += weights[base]!; s1 += weights[base + 1]!; s2 += weights[base + 2]!; s3 += weights[base + 3]!;
    s4 += weights[base + 4]!; s5 += weights[base + 5]!; s6 += weights[base + 6]!; s7 += weights[base + 7]!;
  }
  out[0] = out[0]! + s0; out[1] = out[1]! + s1; out[2] = out[2]! + s2; out[3] = out[3]! + s3;
  out[4] = out[4]! + s4; out[5] = out[5]! + s5; out[6] = out[6]! + s6; out[7] = out[7]! + s7;
}

/** `accumulate` for the capability table (ten columns, decoded), likewise. */
function accumulate10(weights: Float32Array, shift: number, hashes: Uint32Array, from: number, to: number, out: Float64Array): void {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0, s8 = 0, s9 = 0;
  for (let i = from; i < to; i++) {
    const base = (hashes[i]! >>> shift) * 10;
    s0 += weights[base]!; s1 += weights[base + 1]!; s2 += weights[base + 2]!; s3 += weights[base + 3]!; s4 += weights[base + 4]!;
    s5 += weights[base + 5]!; s6 += weights[base + 6]!; s7 += weights[base + 7]!; s8 += weights[base + 8]!; s9 += weights[base + 9]!;
  }
  out[0] = out[0]! + s0; out[1] = out[1]! + s1; out[2] = out[2]! + s2; out[3] = out[3]! + s3; out[4] = out[4]! + s4;
  out[5] = out[5]! + s5; out[6] = out[6]! + s6; out[7] = out[7]! + s7; out[8] = out[8]! + s8; out[9] = out[9]! + s9;
}

/** `accumulate` for any other width. */
function accumulateAny(table: Table, hashes: Uint32Array, from: number, to: number, out: Float64Array): void {
  const K = table.columns;
  const shift = 32 - table.bits;
  const codes = table.codes;
  const luts = table.luts;
  for (let i = from; i < to; i++) {
    const base = (hashes[i]! >>> shift) * K;
    for (let k = 0; k < K; k++) out[k] = out[k]! + luts[k]![codes[base + k]! + 128]!;
  }
}

/**
 * How many weights of `tables` can be summed, in any order, with an exact result. Every weight is
 * a float32 from a lookup table, so a multiple of some power of two 2^-q (2^-36 for the shipped
 * tables) and at most `max` in size; a double holds every multiple of 2^-q up to 2^(53-q) exactly,
 * so a sum of up to 2^53 / (max · 2^q) weights has no rounding at all, whatever the order or the
 * grouping of its terms (about 46,000 weights for the shipped binary table; a prompt has at most a
 * few thousand features). Beyond that, or for weights that are not such multiples, 0.
 */
export function exactSumLength(luts: readonly Float32Array[]): number {
  let q = 0;
  let max = 0;
  for (const lut of luts) {
    for (const v of lut) {
      if (!Number.isFinite(v)) return 0;
      if (v === 0) continue;
      max = Math.max(max, Math.abs(v));
      while (!Number.isInteger(v * 2 ** q)) if (++q > 1074) return 0;
    }
  }
  if (max === 0) return Number.MAX_SAFE_INTEGER;
  return Math.floor(2 ** 53 / (max * 2 ** q));
}

/** The binary and capability sums of one system prompt's features, and their counts. */
interface SystemSums {
  readonly binary: Float64Array;
  readonly capability: Float64Array;
  readonly words: number;
  /** Character n-grams and concepts: the binary heads' features that are not words. */
  readonly otherFeatures: number;
}

/** System prompts whose sums are kept (cleared when full: applications use a handful each). */
const SYSTEM_CACHE_SIZE = 256;

/** Builds the classifier over loaded tables. */
export function createPromptClassifier(manifest: Manifest, tables: Record<'binary' | 'capability' | 'language', Table>): PromptClassifier {
  const extractor = new FeatureExtractor();
  const binary = new Float64Array(3);
  const capability = new Float64Array(tables.capability.columns);
  const language = new Float64Array(tables.language.columns);
  const platt: Platt[] = BINARY_HEADS.map((h) => manifest.binary.platt[h] ?? { a: 1, b: 0 });
  const capTemperature = manifest.capability.temperature;
  const langTemperature = manifest.language.temperature;
  const thresholds = Object.fromEntries(BINARY_HEADS.map((h) => [h, manifest.binary.thresholds[h] ?? 0.5])) as PromptClassifier['thresholds'];

  const languageHead = new Float64Array(tables.language.columns);
  const accumulateCapability = softmaxAccumulator(tables.capability);
  const accumulateLanguage = softmaxAccumulator(tables.language);

  // A system prompt comes back with many user texts (an application's fixed prompt): the sums of
  // its features are kept and added to the user text's. Only where that is exact: in general a
  // different grouping of a floating-point sum rounds differently, but these weights' sums have no
  // rounding at all up to `exactBinary` / `exactCapability` terms (exactSumLength), so the scores
  // are the same, bit for bit, as summing every feature in order.
  const exactBinary = exactSumLength(tables.binary.luts);
  const exactCapability = exactSumLength(tables.capability.luts);
  const systemSums = new Map<string, SystemSums>();
  const sumsOfSystem = (system: string): SystemSums => {
    let sums = systemSums.get(system);
    if (sums !== undefined) return sums;
    const f = extractor.extractSystem(system);
    const b = new Float64Array(3);
    accumulate(tables.binary, f.words, 0, f.wordCount, b);
    accumulate(tables.binary, f.chars, 0, f.charCount, b);
    accumulate(tables.binary, f.concepts, 0, f.conceptCount, b);
    const c = new Float64Array(tables.capability.columns);
    accumulateCapability(f.words, 0, f.wordCount, c);
    sums = { binary: b, capability: c, words: f.wordCount, otherFeatures: f.charCount + f.conceptCount };
    if (systemSums.size >= SYSTEM_CACHE_SIZE) systemSums.clear();
    systemSums.set(system, sums);
    return sums;
  };

  /** `out = biases + sums · 1/√count`: the model's logits from accumulated sums over `count` features. */
  const finish = (table: Table, out: Float64Array, count: number): void => {
    const scale = count > 0 ? 1 / Math.sqrt(count) : 0;
    for (let k = 0; k < out.length; k++) out[k] = table.biases[k]! + out[k]! * scale;
  };
  /** Index of the largest entry. */
  const argmax = (values: Float64Array): number => {
    let k = 0;
    for (let i = 1; i < values.length; i++) if (values[i]! > values[k]!) k = i;
    return k;
  };

  // results of the language step, kept in closure variables rather than returned as tuples (no allocation per call)
  let languageCode: LanguageCode = 'other';
  let languageP = 0.5;
  const detectLanguage = (f: Features): void => {
    const byScript = languageByScript(f.scriptCounts);
    if (byScript.language === 'none') { languageCode = 'other'; languageP = 0.5; return; }
    if (byScript.language !== 'latin') { languageCode = byScript.language; languageP = byScript.share; return; }
    // one pass over the features: the sums over the first `languageHeadCount` of them are the
    // head model's, kept before the rest is added
    const table = tables.language;
    const head = f.languageHeadCount;
    language.fill(0);
    accumulateLanguage(f.languageHashes, 0, head, language);
    languageHead.set(language);
    accumulateLanguage(f.languageHashes, head, f.languageCount, language);
    finish(table, language, f.languageCount);
    softmaxInPlace(language, language.length, langTemperature);
    const k = argmax(language);
    languageCode = LATIN_LANGUAGES[k]!;
    languageP = language[k]!;
    if (languageCode === 'en' && head > 0 && head < f.languageCount) {
      // a prompt framed in another language around pasted English ("¿Me escribes esta función? Write a…") is named by its framing
      finish(table, languageHead, head);
      softmaxInPlace(languageHead, languageHead.length, langTemperature);
      const h = argmax(languageHead);
      const hp = languageHead[h]!;
      if (LATIN_LANGUAGES[h] !== 'en' && LATIN_LANGUAGES[h] !== 'other' && hp >= HEAD_LANGUAGE_P) { languageCode = LATIN_LANGUAGES[h]!; languageP = hp; }
    }
  };

  // The capability model's word count of the last `binaryLogits` call (a closure variable, as the
  // language results are: no allocation per call).
  let capabilityWords = 0;
  /**
   * Extracts the features of a prompt and leaves the binary heads' logits in `binary`, the system
   * prompt's capability sums (or zeros) in `capability`, and its word count in `capabilityWords`.
   */
  const binaryLogits = (text: string, system: string | undefined): Features => {
    let f: Features;
    let words: number;
    let features: number;
    if (system && exactBinary > 0 && exactCapability > 0) {
      const sys = sumsOfSystem(system);
      f = extractor.extract(text);
      words = f.wordCount + sys.words;
      features = words + f.charCount + f.conceptCount + sys.otherFeatures;
      if (features <= exactBinary && words <= exactCapability) {
        binary.set(sys.binary);
        capability.set(sys.capability);
      } else {
        // too many terms for an exact sum in any order: every feature, in order
        f = extractor.extract(text, system);
        binary.fill(0);
        capability.fill(0);
      }
    } else {
      f = extractor.extract(text, system);
      words = f.wordCount;
      features = words + f.charCount + f.conceptCount;
      binary.fill(0);
      capability.fill(0);
    }
    accumulate(tables.binary, f.words, 0, f.wordCount, binary);
    accumulate(tables.binary, f.chars, 0, f.charCount, binary);
    accumulate(tables.binary, f.concepts, 0, f.conceptCount, binary);
    finish(tables.binary, binary, features);
    capabilityWords = words;
    return f;
  };

  return {
    manifest,
    thresholds,
    classify(text: string, system?: string): PromptScores {
      const f = binaryLogits(text, system);
      accumulateCapability(f.words, 0, f.wordCount, capability);
      finish(tables.capability, capability, capabilityWords);
      softmaxInPlace(capability, capability.length, capTemperature);
      const c = argmax(capability);
      detectLanguage(f);
      return {
        jailbreak: applyPlatt(platt[0]!, binary[0]!),
        cot_extraction: applyPlatt(platt[1]!, binary[1]!),
        grader: applyPlatt(platt[2]!, binary[2]!),
        capability: CAPABILITY_AREAS[c]!,
        capability_p: capability[c]!,
        language: languageCode,
        language_p: languageP,
      };
    },
    scoreHeads(text: string, system?: string): HeadScores {
      binaryLogits(text, system);
      return {
        jailbreak: applyPlatt(platt[0]!, binary[0]!),
        cot_extraction: applyPlatt(platt[1]!, binary[1]!),
        grader: applyPlatt(platt[2]!, binary[2]!),
      };
    },
  };
}
