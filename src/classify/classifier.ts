/**
 * The prompt classifier at inference: one feature pass per prompt, then sums of int8 weights
 * decoded through lookup tables. Binary heads share one bucket-major table (one cache line per
 * feature for all three); capability reads word features, language reads the text's beginning.
 * Non-Latin scripts decide the language directly; the Latin-script model tells en/es/de/fr/pt/
 * vi/it apart (language.ts).
 */

import { applyPlatt, type Platt } from './calibrate.js';
import { FeatureExtractor, type Features } from './features.js';
import { languageByScript } from './language.js';
import { BINARY_HEADS, CAPABILITY_AREAS, LATIN_LANGUAGES, type CapabilityArea, type LanguageCode } from './labels.js';
import { softmaxInPlace } from './linear.js';
import type { Manifest, Table } from './model-file.js';

/** Scores of one prompt. Probabilities are calibrated on held-out rows (binary: balanced prior). */
export interface PromptScores {
  jailbreak: number;
  cot_extraction: number;
  grader: number;
  capability: CapabilityArea;
  capability_p: number;
  language: LanguageCode;
  language_p: number;
}

/** A loaded classifier; `classify` is synchronous and reuses its buffers (one instance per thread). */
export interface PromptClassifier {
  classify(text: string, system?: string): PromptScores;
  /** Per head, the probability above which at most 1% of held-out benign prompts score. */
  readonly thresholds: Readonly<Record<'jailbreak' | 'cot_extraction' | 'grader', number>>;
  readonly manifest: Manifest;
}


/** How sure the Latin model must be of a prompt's first characters to name a framing language. */
const HEAD_LANGUAGE_P = 0.7;

/** Sum of one table's columns over hashes (with repetitions), into `out` (biases not added). */
function accumulate(table: Table, hashes: Uint32Array, count: number, out: Float64Array): void {
  const K = table.columns;
  const shift = 32 - table.bits;
  const codes = table.codes;
  if (K === 3) {
    // the binary table: unrolled, the hot loop of the classifier
    const l0 = table.luts[0]!, l1 = table.luts[1]!, l2 = table.luts[2]!;
    let s0 = 0, s1 = 0, s2 = 0;
    for (let i = 0; i < count; i++) {
      const base = (hashes[i]! >>> shift) * 3;
      s0 += l0[codes[base]! + 128]!;
      s1 += l1[codes[base + 1]! + 128]!;
      s2 += l2[codes[base + 2]! + 128]!;
    }
    out[0] = out[0]! + s0; out[1] = out[1]! + s1; out[2] = out[2]! + s2;
    return;
  }
  // softmax tables: weights decoded to floats once at load, K contiguous per bucket
  const weights = decodedWeights(table);
  for (let i = 0; i < count; i++) {
    const base = (hashes[i]! >>> shift) * K;
    for (let k = 0; k < K; k++) out[k] = out[k]! + weights[base + k]!;
  }
}

const decoded = new WeakMap<Table, Float32Array>();

/** The float weights of a table (the same values its lookup tables give), decoded once. */
function decodedWeights(table: Table): Float32Array {
  let weights = decoded.get(table);
  if (!weights) {
    const K = table.columns;
    weights = new Float32Array(table.codes.length);
    for (let i = 0; i < table.codes.length; i++) weights[i] = table.luts[i % K]![table.codes[i]! + 128]!;
    decoded.set(table, weights);
  }
  return weights;
}

/** Builds the classifier over loaded tables. */
export function createPromptClassifier(manifest: Manifest, tables: Record<'binary' | 'capability' | 'language', Table>): PromptClassifier {
  const extractor = new FeatureExtractor();
  decodedWeights(tables.capability);
  decodedWeights(tables.language);
  const binary = new Float64Array(3);
  const capability = new Float64Array(tables.capability.columns);
  const language = new Float64Array(tables.language.columns);
  const platt: Platt[] = BINARY_HEADS.map((h) => manifest.binary.platt[h] ?? { a: 1, b: 0 });
  const capTemperature = manifest.capability.temperature;
  const langTemperature = manifest.language.temperature;
  const thresholds = Object.fromEntries(BINARY_HEADS.map((h) => [h, manifest.binary.thresholds[h] ?? 0.5])) as PromptClassifier['thresholds'];

  const linear = (table: Table, out: Float64Array, parts: Array<[Uint32Array, number]>): void => {
    out.fill(0);
    let total = 0;
    for (const [hashes, count] of parts) {
      accumulate(table, hashes, count, out);
      total += count;
    }
    const scale = total > 0 ? 1 / Math.sqrt(total) : 0;
    for (let k = 0; k < out.length; k++) out[k] = table.biases[k]! + out[k]! * scale;
  };

  const detectLanguage = (f: Features): [LanguageCode, number] => {
    const byScript = languageByScript(f.scriptCounts);
    if (byScript.language === 'none') return ['other', 0.5];
    if (byScript.language !== 'latin') return [byScript.language, byScript.share];
    const [k, p] = latinModel(f.languageHashes, f.languageCount);
    if (LATIN_LANGUAGES[k] === 'en' && f.languageHeadCount > 0 && f.languageHeadCount < f.languageCount) {
      // a prompt framed in another language around pasted English ("¿Me escribes esta función? Write a…") is named by its framing
      const [h, hp] = latinModel(f.languageHashes, f.languageHeadCount);
      if (LATIN_LANGUAGES[h] !== 'en' && LATIN_LANGUAGES[h] !== 'other' && hp >= HEAD_LANGUAGE_P) return [LATIN_LANGUAGES[h]!, hp];
    }
    return [LATIN_LANGUAGES[k]!, p];
  };
  const latinModel = (hashes: Uint32Array, count: number): [number, number] => {
    linear(tables.language, language, [[hashes, count]]);
    softmaxInPlace(language, language.length, langTemperature);
    let k = 0;
    for (let i = 1; i < language.length; i++) if (language[i]! > language[k]!) k = i;
    return [k, language[k]!];
  };

  return {
    manifest,
    thresholds,
    classify(text: string, system?: string): PromptScores {
      const f = extractor.extract(text, system);
      linear(tables.binary, binary, [[f.words, f.wordCount], [f.chars, f.charCount]]);
      linear(tables.capability, capability, [[f.words, f.wordCount]]);
      softmaxInPlace(capability, capability.length, capTemperature);
      let c = 0;
      for (let i = 1; i < capability.length; i++) if (capability[i]! > capability[c]!) c = i;
      const [lang, langP] = detectLanguage(f);
      return {
        jailbreak: applyPlatt(platt[0]!, binary[0]!),
        cot_extraction: applyPlatt(platt[1]!, binary[1]!),
        grader: applyPlatt(platt[2]!, binary[2]!),
        capability: CAPABILITY_AREAS[c]!,
        capability_p: capability[c]!,
        language: lang,
        language_p: langP,
      };
    },
  };
}
