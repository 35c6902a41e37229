/** The attack kinds of the contract and their specs. */

import type { AttackSpec } from '../family.js';
import type { AttackPromptKind } from '../types.js';
import { agenticSweep } from './agentic-sweep.js';
import { censorshipRewrite } from './censorship.js';
import { capabilitySweepCode } from './code-sweep.js';
import { cotExtraction } from './cot-extraction.js';
import { expertPersona } from './expert-persona.js';
import { graderRubric } from './grader.js';
import { jailbreakExtraction } from './jailbreak-extraction.js';

/** Every AttackPromptKind with its spec; a missing kind is a compile error. */
export const ATTACK_SPECS: Readonly<Record<AttackPromptKind, AttackSpec>> = {
  cot_extraction: cotExtraction,
  grader_rubric: graderRubric,
  censorship_rewrite: censorshipRewrite,
  capability_sweep_code: capabilitySweepCode,
  agentic_sweep: agenticSweep,
  expert_persona: expertPersona,
  jailbreak_extraction: jailbreakExtraction,
};
