/**
 * A held-out evaluation source the classifiers never train on: prompts made by the traffic
 * simulator's own prompt library (src/simulate/text) through its exported API — its attack
 * template families (chain-of-thought extraction, jailbreak-wrapped extraction, grader rubrics,
 * and the other distillation kinds) and its benign generators. Only used for evaluation.
 */

import { createPromptLibrary, createRng, type AttackPromptKind, type BenignPromptKind, type Capability, type Language } from '../simulate/text/index.js';
import type { CapabilityArea, LanguageCode } from './labels.js';

/** One simulator prompt with what the simulator says about it. */
export interface HeldOutPrompt {
  text: string;
  system?: string;
  /** `attack/<kind>` or `benign/<kind>` or `benign/app`. */
  group: string;
  capability: CapabilityArea;
  language: LanguageCode;
}

const ATTACK_KINDS: AttackPromptKind[] = ['cot_extraction', 'jailbreak_extraction', 'grader_rubric', 'censorship_rewrite', 'capability_sweep_code', 'agentic_sweep', 'expert_persona'];
const BENIGN_KINDS: BenignPromptKind[] = ['chat', 'coding', 'writing', 'homework_math', 'benchmark_gsm8k', 'benchmark_math', 'benchmark_humaneval', 'benchmark_mbpp', 'benchmark_bbh', 'benchmark_ifeval', 'document_qa', 'agent_step', 'multilingual_chat'];
const LANGS: Language[] = ['en', 'zh', 'es', 'de', 'fr', 'ru', 'ja', 'ko', 'ar', 'pt', 'hi', 'vi'];

/** The simulator's capability taxonomy mapped onto the classifier's. */
export const CAPABILITY_MAP: Readonly<Record<Capability, CapabilityArea>> = {
  math: 'math', code: 'coding', reasoning: 'reasoning', science: 'knowledge_qa', writing: 'writing', chat: 'chat', agentic: 'agentic',
  data_analysis: 'knowledge_qa', translation: 'translation', safety_sensitive: 'safety_sensitive', law: 'knowledge_qa', medicine: 'knowledge_qa', finance: 'knowledge_qa',
};

/**
 * Generates `perKind` prompts of every attack kind (spread over `families` campaigns, each with
 * its own languages and paraphrase count, as campaigns differ) and of every benign kind.
 */
export function simulatorPrompts(options: { seed: string; perKind: number; families?: number }): HeldOutPrompt[] {
  const library = createPromptLibrary();
  const rng = createRng(`classify-holdout/${options.seed}`);
  const out: HeldOutPrompt[] = [];
  const families = options.families ?? 12;
  const push = (group: string, p: { user: string; system?: string; capability: Capability; language: Language }): void => {
    out.push({ text: p.user, ...(p.system ? { system: p.system } : {}), group, capability: CAPABILITY_MAP[p.capability], language: p.language });
  };
  for (const kind of ATTACK_KINDS) {
    const r = rng.fork(kind);
    for (let f = 0; f < families; f++) {
      // half the campaigns are English-only, the rest mix in one or two other languages
      const languages: Language[] = f % 2 === 0 ? ['en'] : ['en', r.pick(LANGS), r.pick(LANGS)];
      const family = library.campaignFamily(kind, r.fork(`family-${f}`), { languages, paraphrases: 1 + r.int(8) });
      const calls = r.fork(`calls-${f}`);
      const n = Math.ceil(options.perKind / families);
      for (let i = 0; i < n; i++) push(`attack/${kind}`, family.instantiate(calls));
    }
  }
  for (const kind of BENIGN_KINDS) {
    const r = rng.fork(`benign-${kind}`);
    for (let i = 0; i < options.perKind; i++) {
      const language = kind === 'multilingual_chat' || r.chance(0.15) ? r.pick(LANGS) : undefined;
      push(`benign/${kind}`, library.benign(kind, r, language ? { language } : undefined));
    }
  }
  const r = rng.fork('apps');
  for (let f = 0; f < families * 2; f++) {
    const app = library.appFamily(r.fork(`app-${f}`), r.chance(0.3) ? { language: r.pick(LANGS) } : undefined);
    for (let i = 0; i < Math.ceil(options.perKind / (families * 2)); i++) push('benign/app', app.instantiate(r));
  }
  return out;
}
