/**
 * Per-prompt scores for the policy's prompt rules. The real scorer is the prompt classifier of
 * `src/classify/` (loaded when it is present); `keywordPromptScorer` is a TEST FIXTURE ONLY, a
 * keyword rule that lets tests drive prompt rules deterministically. It is never used in serving.
 */
import type { Logger } from 'pino';

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

interface ClassifierModule {
  loadPromptClassifier(dir?: string): { classify(text: string, system?: string): { cot_extraction: number; jailbreak: number; grader?: number } };
}

/**
 * The shipped prompt classifier (`src/classify/`), or undefined when this build has none or it
 * fails to load (logged: prompt rules then do nothing, and `enforce status` says so).
 */
export async function loadClassifierScorer(logger: Logger): Promise<PromptScorer | undefined> {
  // a variable specifier: the classifier is an optional part of the build, and type-checking must not need it
  const specifier = '../classify/index.js';
  try {
    const module = (await import(specifier)) as Partial<ClassifierModule>;
    if (typeof module.loadPromptClassifier !== 'function') {
      logger.warn('the prompt classifier module has no loadPromptClassifier(); prompt rules are inactive');
      return undefined;
    }
    const classifier = module.loadPromptClassifier();
    return {
      name: 'classifier',
      score: (text, system) => {
        const scores = classifier.classify(text, system);
        return { cot_extraction: scores.cot_extraction, jailbreak: scores.jailbreak, ...(scores.grader === undefined ? {} : { grader: scores.grader }) };
      },
    };
  } catch (error) {
    logger.warn({ err: error }, 'no prompt classifier could be loaded; prompt rules are inactive');
    return undefined;
  }
}
