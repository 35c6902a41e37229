/**
 * Prompt classifiers: calibrated probabilities that a prompt is a jailbreak, a chain-of-thought
 * extraction attempt, or uses the model as a grader / reward model, plus its capability area and
 * language. Linear models over hashed word and character n-gram features, trained in TypeScript
 * (`distillguard train`), shipped as files under `models/`; inference takes microseconds.
 *
 * ```ts
 * const classifier = loadPromptClassifier();        // once (tens of milliseconds)
 * const scores = classifier.classify(userText, systemPrompt);   // per exchange, synchronous
 * if (scores.cot_extraction > classifier.thresholds.cot_extraction) { … }
 * ```
 */

import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPromptClassifier, type PromptClassifier } from './classifier.js';
import { readModelFiles } from './model-file.js';

export type { HeadScores, PromptClassifier, PromptScores } from './classifier.js';
export { CAPABILITY_AREAS, LANGUAGES, type CapabilityArea, type LanguageCode } from './labels.js';

/** The shipped models folder (`models/` at the package root, from src/ or dist/). */
export function defaultModelDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const candidate = join(dir, 'models');
    if (existsSync(join(candidate, 'manifest.json'))) return candidate;
    dir = resolve(dir, '..');
  }
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'models');
}

/**
 * Loads the prompt classifier from `dir` (default: the shipped `models/`). Synchronous; load it
 * once and reuse it. Throws DistillguardError MODEL_NOT_FOUND or MODEL_INVALID.
 */
export function loadPromptClassifier(dir: string = defaultModelDir()): PromptClassifier {
  const { manifest, tables } = readModelFiles(dir);
  return createPromptClassifier(manifest, tables);
}
