/**
 * The contract between the traffic simulator's engine (src/simulate/) and its prompt library
 * (src/simulate/text/). The engine decides who sends what kind of request when; the library
 * decides the words.
 */

import type { Rng } from '../../util/rng.js';

export type { Rng };

/** What a request is about; detection tracks the capability coverage of accounts. */
export type Capability =
  | 'math' | 'code' | 'reasoning' | 'science' | 'writing' | 'chat' | 'agentic' | 'data_analysis'
  | 'translation' | 'safety_sensitive' | 'law' | 'medicine' | 'finance';

export type Language = 'en' | 'zh' | 'es' | 'de' | 'fr' | 'ru' | 'ja' | 'ko' | 'ar' | 'pt' | 'hi' | 'vi';

/** One prompt as the engine turns it into a request. */
export interface Prompt {
  system?: string;
  user: string;
  capability: Capability;
  language: Language;
  /** Tool names declared with the request (agents, agentic sweeps). */
  tools?: string[];
  /** The prompt asks for extended reasoning (the request sets reasoning on). */
  wantsReasoning?: boolean;
}

/** Prompts ordinary customers send. */
export type BenignPromptKind =
  | 'chat'               // everyday assistant use (arena-hard, mt-bench, self-instruct, hh-rlhf)
  | 'coding'             // developer questions (mbpp, humaneval-style, arena coding)
  | 'writing'            // drafting, editing, summarising
  | 'homework_math'      // students: gsm8k / MATH problems, sometimes "show your work"
  | 'benchmark_gsm8k' | 'benchmark_math' | 'benchmark_humaneval' | 'benchmark_mbpp' | 'benchmark_bbh' | 'benchmark_ifeval'
  | 'document_qa'        // a document plus a question (bipia contexts)
  | 'agent_step'         // a step of a tool-use loop
  | 'multilingual_chat'; // chat in another language

/** Prompt families of distillation campaigns, as the public reports describe them. */
export type AttackPromptKind =
  | 'cot_extraction'            // coerce the model to write out its full internal reasoning
  | 'grader_rubric'             // use the model as a grader / reward model with a rubric
  | 'censorship_rewrite'        // censorship-safe rewrites of sensitive questions
  | 'capability_sweep_code'     // coding capability sweeps
  | 'agentic_sweep'             // agentic / tool-use sweeps
  | 'expert_persona'            // templated expert-persona Q&A harvesting
  | 'jailbreak_extraction';     // extraction wrapped in a jailbreak

/** A family of templates shared by the accounts of one campaign (or the one app of a production customer). */
export interface TemplateFamily {
  /** Stable id of the family, for tests and docs only: never written into records. */
  readonly id: string;
  /** A new prompt from the family: paraphrased variant, slots filled, language per the family. */
  instantiate(rng: Rng): Prompt;
}

export interface TemplateFamilyOptions {
  languages: Language[];
  /** How many paraphrased variants of the skeleton the family uses (1 = one fixed skeleton). */
  paraphrases: number;
  /** Capabilities the slots are filled from. */
  capabilities?: Capability[];
}

/** The prompt library: benign prompts from public corpora, attack families from generators. */
export interface PromptLibrary {
  benign(kind: BenignPromptKind, rng: Rng, options?: { language?: Language }): Prompt;
  /** A campaign's template family, created once per campaign from its own rng. */
  campaignFamily(kind: AttackPromptKind, rng: Rng, options: TemplateFamilyOptions): TemplateFamily;
  /** A production app's fixed system prompt with templated user messages (benign look-alike). */
  appFamily(rng: Rng, options?: { language?: Language }): TemplateFamily;
}
