/**
 * The engine's prompt scorer: the shipped prompt classifiers (src/classify), loaded once.
 */

import { join } from 'node:path';
import { defaultModelDir, loadPromptClassifier } from '../classify/index.js';
import { PUBLIC_TEXT_FILE, PublicTextSet } from './public-text.js';
import type { PromptScorer } from './types.js';

/** Public-text filters by file: read-only once loaded, so engines of one process share one. */
const publicTextByFile = new Map<string, PublicTextSet | null>();

/**
 * The known-public-text filter of a models folder (public-text.ts), or null when the folder has
 * none (a folder from before it was shipped: templates then work without it).
 */
export function loadPublicText(modelsDir: string = defaultModelDir()): PublicTextSet | null {
  const file = join(modelsDir, PUBLIC_TEXT_FILE);
  let set = publicTextByFile.get(file);
  if (set === undefined) {
    set = PublicTextSet.load(file);
    publicTextByFile.set(file, set);
  }
  return set;
}

/** Loads the prompt classifiers and the known public text from `modelsDir` (default: the shipped `models/`). */
export function loadDefaultScorer(modelsDir?: string): PromptScorer {
  const classifier = loadPromptClassifier(modelsDir);
  return {
    thresholds: classifier.thresholds,
    publicText: loadPublicText(modelsDir),
    classify(text: string, system?: string) {
      const scores = classifier.classify(text, system);
      return {
        jailbreak: scores.jailbreak,
        cot_extraction: scores.cot_extraction,
        grader: scores.grader,
        capability: scores.capability,
        language: scores.language,
      };
    },
  };
}
