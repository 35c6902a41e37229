/** The label sets of the prompt classifiers: capability areas and languages. */

/** What a prompt exercises; a small fixed set (the detection engine tracks coverage per account). */
export const CAPABILITY_AREAS = [
  'math', 'coding', 'reasoning', 'writing', 'knowledge_qa', 'agentic', 'translation', 'chat', 'safety_sensitive', 'other',
] as const;
export type CapabilityArea = (typeof CAPABILITY_AREAS)[number];

/** Languages the language model names (ISO 639-1), and `other`. */
export const LANGUAGES = ['en', 'zh', 'es', 'de', 'fr', 'ru', 'ja', 'ko', 'pt', 'ar', 'hi', 'vi', 'it', 'other'] as const;
export type LanguageCode = (typeof LANGUAGES)[number];

/** Languages written in Latin script, told apart by the trained model (the rest by script). */
export const LATIN_LANGUAGES = ['en', 'es', 'de', 'fr', 'pt', 'vi', 'it', 'other'] as const;
export type LatinLanguage = (typeof LATIN_LANGUAGES)[number];

/** The binary heads. */
export const BINARY_HEADS = ['jailbreak', 'cot_extraction', 'grader'] as const;
export type BinaryHead = (typeof BINARY_HEADS)[number];
