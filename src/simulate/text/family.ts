/**
 * The machinery shared by every attack template family.
 *
 * A kind is described by an AttackSpec: hand-written paraphrases of its skeleton per language,
 * and a setup that makes the family's own choices (slot banks, a rubric, a system prompt, tools)
 * from the campaign's rng. A family then fixes a subset of paraphrases per language and a subset
 * of per-call modifiers, so two campaigns of the same kind read differently, while each call
 * re-draws paraphrase, slots and modifier so that a campaign almost never sends one string twice.
 */

import { LOCAL_MODIFIERS } from './attacks/local-modifiers.js';
import { compile, intBetween, render, sample, type CallState, type Compiled, type Filler } from './template.js';
import type { Corpus } from './corpus.js';
import type { AttackPromptKind, Capability, Language, Prompt, Rng, TemplateFamily, TemplateFamilyOptions } from './types.js';

/** What a family's setup decided, from the campaign's rng. */
export interface FamilySetup {
  /** Per-call slot fillers. */
  fillers: Readonly<Record<string, Filler>>;
  /**
   * Called at the start of every call, before any slot is filled: draws what several slots must
   * agree on (a question and its candidate answer), whatever order the paraphrase puts them in.
   */
  prepare?: (rng: Rng, state: CallState) => void;
  /** Family-level slot values (the same for every call of the family). */
  fixed?: Readonly<Record<string, string>>;
  /**
   * Per-call additions for prompts in English, appended after a blank line; the family keeps a
   * subset (other languages get generic ones, attacks/local-modifiers.ts). Slots allowed.
   */
  modifiers?: readonly string[];
  /** Replaces the generic additions for other languages when they do not fit the kind. */
  localModifiers?: Readonly<Record<Exclude<Language, 'en'>, readonly string[]>>;
  /** How many modifiers the family keeps (default 4). */
  modifierCount?: number;
  /** Applied last to every user message (a jailbreak wrapper around the request). */
  wrap?: (user: string, rng: Rng) => string;
  system?: string;
  tools?: readonly string[];
  wantsReasoning: boolean;
  /** Capability reported when no filler sets one. */
  capability: Capability;
}

export interface SetupContext {
  corpus: Corpus;
  rng: Rng;
  /** Capabilities the campaign asked for, already narrowed to what the kind supports. */
  capabilities: readonly Capability[];
  /** The campaign's paraphrase count (kinds with other skeleton parts scale them with it). */
  paraphrases: number;
}

/** One attack kind: its paraphrase pools and how a family of it is set up. */
export interface AttackSpec {
  readonly kind: AttackPromptKind;
  /** Hand-written paraphrases of the skeleton; English has at least 12, every language some. */
  readonly paraphrases: Readonly<Record<Language, readonly string[]>>;
  /** Capabilities used when the campaign names none (or none this kind supports). */
  readonly defaultCapabilities: readonly Capability[];
  /** Capabilities this kind can fill slots from; undefined = all. */
  readonly supportedCapabilities?: readonly Capability[];
  setup(ctx: SetupContext): FamilySetup;
}

/**
 * A slice of a pool a family draws from: campaigns harvest different parts of the corpora.
 * Pools under 8,000 items are used whole (a slice would make a campaign repeat itself).
 */
export function windowFiller(
  pool: readonly string[],
  rng: Rng,
  minShare = 0.3,
): (r: Rng) => string {
  const n = pool.length;
  const share = minShare + (1 - minShare) * rng.next();
  const span = n < 8000 ? n : Math.max(8000, Math.floor(n * share));
  const start = rng.int(n);
  return (r) => pool[(start + r.int(span)) % n] as string;
}

/** Knowledge-question capabilities, whose pools are generated from concept banks. */
const DOMAIN_CAPS: ReadonlySet<Capability> = new Set<Capability>(['science', 'law', 'medicine', 'finance', 'data_analysis', 'chat', 'writing', 'translation']);
/** How people lead into a knowledge question ('' = straight in). */
const ASKER_LEADS = ['', '', '', 'I am a student. ', 'Quick question. ', 'For a presentation: ', 'I work in this field. ', 'For an exam: ', 'Out of curiosity: '];

/**
 * A filler drawing from the problem pools of several capabilities; it records the capability it
 * drew in the call state so the prompt reports what it actually asks about.
 */
export function capabilityFiller(corpus: Corpus, rng: Rng, capabilities: readonly Capability[]): Filler {
  const caps = capabilities.slice();
  const draws = caps.map((c) => {
    const draw = windowFiller(corpus.problems[c], rng);
    return DOMAIN_CAPS.has(c) ? (r: Rng) => (ASKER_LEADS[r.int(ASKER_LEADS.length)] as string) + draw(r) : draw;
  });
  if (caps.length === 1) {
    const cap = caps[0] as Capability;
    const draw = draws[0] as (r: Rng) => string;
    return (r, state) => {
      state.capability = cap;
      return draw(r);
    };
  }
  return (r, state) => {
    const k = r.int(caps.length);
    state.capability = caps[k] as Capability;
    return (draws[k] as (r: Rng) => string)(r);
  };
}

/** Creates a family of `spec` for one campaign. */
export function createFamily(
  spec: AttackSpec,
  corpus: Corpus,
  rng: Rng,
  options: TemplateFamilyOptions,
): TemplateFamily {
  const supported = spec.supportedCapabilities;
  const asked = (options.capabilities ?? []).filter((c) => !supported || supported.includes(c));
  const capabilities = asked.length > 0 ? [...new Set(asked)] : spec.defaultCapabilities;
  const wanted = Number.isFinite(options.paraphrases) ? Math.max(1, Math.floor(options.paraphrases)) : 1;
  const setup = spec.setup({ corpus, rng, capabilities, paraphrases: wanted });
  const languages: Language[] = options.languages.length > 0 ? [...new Set(options.languages)] : ['en'];

  const templates: Compiled[][] = languages.map((lang) => {
    const pool = spec.paraphrases[lang];
    if (!pool || pool.length === 0) throw new Error(`${spec.kind}: no paraphrases in ${lang}`);
    return sample(rng, pool, wanted).map((t) => compile(t, setup.fillers, setup.fixed));
  });
  // Per-call additions: the kind's own in English, generic ones in other languages; always at
  // least two to choose from (plus "nothing"), so that a campaign rarely repeats itself.
  const localFillers: Record<string, Filler> = { ...setup.fillers, min_words: intBetween(100, 1000, 50) };
  const modifiers: Compiled[][] = languages.map((lang) => {
    const pool = lang === 'en' ? setup.modifiers ?? [] : (setup.localModifiers ?? LOCAL_MODIFIERS)[lang];
    const k = lang === 'en' ? setup.modifierCount ?? 4 : 3 + rng.int(3);
    return sample(rng, pool, Math.max(2, k)).map((m) => compile(m, localFillers, setup.fixed));
  });
  const nLangs = languages.length;
  const system = setup.system;
  const tools = setup.tools ? setup.tools.slice() : undefined;
  const wantsReasoning = setup.wantsReasoning;
  const prepare = setup.prepare;
  const wrap = setup.wrap;
  const defaultCapability = setup.capability;
  const state: CallState = { capability: defaultCapability, language: 'en' };
  const id = `${spec.kind}#${(rng.int(0x10000000) + 0x10000000).toString(16).slice(1)}`;

  return {
    id,
    instantiate(r: Rng): Prompt {
      const li = nLangs === 1 ? 0 : r.int(nLangs);
      const language = languages[li] as Language;
      const pool = templates[li] as Compiled[];
      const t = pool.length === 1 ? (pool[0] as Compiled) : (pool[r.int(pool.length)] as Compiled);
      state.capability = defaultCapability;
      state.language = language;
      if (prepare) prepare(r, state);
      let user = render(t, r, state);
      const mods = modifiers[li] as Compiled[];
      if (mods.length > 0) {
        // One draw in (n + 1) adds nothing: campaigns send the bare skeleton too.
        const m = r.int(mods.length + 1);
        if (m < mods.length) user += (language === 'zh' || language === 'ja' ? '\n' : '\n\n') + render(mods[m] as Compiled, r, state);
      }
      if (wrap) user = wrap(user, r);
      return { system, user, capability: state.capability, language, tools, wantsReasoning };
    },
  };
}
