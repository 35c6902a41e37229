/**
 * The prompt library: loads the prompt pack once and serves benign prompts, campaign template
 * families and production-app families, all drawn through the caller's Rng.
 */

import { createAppFamily } from './apps.js';
import { ATTACK_SPECS } from './attacks/index.js';
import { createBenignGenerators } from './benign.js';
import { buildCorpus } from './corpus.js';
import { createFamily } from './family.js';
import { DEFAULT_PACK_URL, loadPack } from './pack.js';
import type { AttackPromptKind, BenignPromptKind, Language, PromptLibrary, Rng, TemplateFamily, TemplateFamilyOptions } from './types.js';

/** Options of createPromptLibrary. */
export interface PromptLibraryOptions {
  /** The prompt pack to load; defaults to the package's data/prompt-pack.json.gz. */
  packPath?: string;
}

/**
 * Loads the prompt pack and prepares every generator (a few hundred milliseconds; do it once).
 * Throws DistillguardError PROMPT_PACK_MISSING or PROMPT_PACK_INVALID when the pack cannot be used.
 */
export function createPromptLibrary(options: PromptLibraryOptions = {}): PromptLibrary {
  const corpus = buildCorpus(loadPack(options.packPath ?? DEFAULT_PACK_URL));
  const benign = createBenignGenerators(corpus);
  return {
    benign(kind: BenignPromptKind, rng: Rng, opts?: { language?: Language }) {
      const generate = benign[kind];
      if (!generate) throw new TypeError(`unknown benign prompt kind: ${String(kind)}`);
      return generate(rng, opts?.language);
    },
    campaignFamily(kind: AttackPromptKind, rng: Rng, opts: TemplateFamilyOptions): TemplateFamily {
      const spec = ATTACK_SPECS[kind];
      if (!spec) throw new TypeError(`unknown attack prompt kind: ${String(kind)}`);
      return createFamily(spec, corpus, rng, opts);
    },
    appFamily(rng: Rng, opts?: { language?: Language }): TemplateFamily {
      return createAppFamily(corpus, rng, opts?.language);
    },
  };
}
