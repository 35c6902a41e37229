/**
 * The engine's prompt scorer: the shipped prompt classifiers (src/classify), loaded once.
 */

import { loadPromptClassifier } from '../classify/index.js';
import type { PromptScorer } from './types.js';

/** Loads the prompt classifiers from `modelsDir` (default: the shipped `models/`). */
export function loadDefaultScorer(modelsDir?: string): PromptScorer {
  const classifier = loadPromptClassifier(modelsDir);
  return {
    thresholds: classifier.thresholds,
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
