/**
 * Per-prompt scores for the policy's prompt rules. The real scorer is the prompt classifier of
 * `src/classify/`; `keywordPromptScorer` is a TEST FIXTURE ONLY, a keyword rule that lets tests
 * drive prompt rules deterministically. It is never used in serving.
 */
import type { Logger } from 'pino';
import { loadPromptClassifier } from '../classify/index.js';

/** Probabilities (0..1) for one prompt. */
export interface PromptScores {
  cot_extraction: number;
  jailbreak: number;
  grader?: number;
}

export interface PromptScorer {
  /** Where the scores come from, for logs and `enforce status`. */
  readonly name: string;
  score(text: string, system?: string): PromptScores;
}

/**
 * TEST FIXTURE ONLY: 1 for chain-of-thought extraction when the prompt asks, in English, for the
 * hidden/internal/raw reasoning or thinking trace verbatim; 0 otherwise. Far too naive to serve.
 */
export const keywordPromptScorer: PromptScorer = {
  name: 'keyword-test-fixture',
  score(text: string) {
    const cot = /\b(hidden|internal|raw|full|verbatim)\b[^.?!]{0,40}\b(reasoning|thinking|chain[- ]of[- ]thought|scratchpad|thought process)\b/i.test(text)
      || /\b(reasoning|thinking) (trace|tokens)\b/i.test(text);
    const jailbreak = /\bignore (all )?(previous|prior) instructions\b|\bDAN\b|developer mode/i.test(text);
    return { cot_extraction: cot ? 1 : 0, jailbreak: jailbreak ? 1 : 0, grader: 0 };
  },
};

/**
 * The shipped prompt classifier (`src/classify/`, models in `modelsDir` or the shipped `models/`),
 * or undefined when it cannot be loaded (logged: prompt rules then do nothing, and `GET
 * /admin/v1/enforcement` says so).
 */
export function loadClassifierScorer(logger: Logger, modelsDir?: string): PromptScorer | undefined {
  try {
    const classifier = loadPromptClassifier(modelsDir);
    return {
      name: 'classifier',
      // the heads alone: capability and language are not read by prompt rules, and this runs on a request's path
      score: (text, system) => classifier.scoreHeads(text, system),
    };
  } catch (error) {
    logger.warn({ err: error }, 'the prompt classifier could not be loaded; prompt rules are inactive');
    return undefined;
  }
}
