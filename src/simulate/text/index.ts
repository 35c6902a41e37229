/**
 * The traffic simulator's prompt library: benign prompts from public corpora, distillation
 * campaign template families, production-app families, and the seeded Rng they all draw from.
 */

export { createPromptLibrary, type PromptLibraryOptions } from './library.js';
export { createRng } from './rng.js';
export type {
  AttackPromptKind, BenignPromptKind, Capability, Language, Prompt, PromptLibrary, Rng, TemplateFamily,
  TemplateFamilyOptions,
} from './types.js';
