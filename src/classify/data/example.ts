/** One training or evaluation prompt, with where it came from and its labels. */

import type { CapabilityArea, LanguageCode } from '../labels.js';

export interface Example {
  text: string;
  system?: string;
  /** Where it came from: `benign/gsm8k`, `jailbreak/inthewild`, `gen/cot/think-tags`, … */
  source: string;
  /** Binary labels; undefined = not used for that head. */
  jailbreak?: 0 | 1;
  cot_extraction?: 0 | 1;
  grader?: 0 | 1;
  capability?: CapabilityArea;
  language?: LanguageCode;
  /**
   * For a benign twin of a positive (the same pasted question and answer under a task that is not
   * grading): the positive source it mirrors. Training weighs it like a row of that source, so
   * that the pasted body weighs the same on both sides and only the frame separates them.
   */
  twinOf?: string;
  /**
   * False for rows written to mend one known false-positive family (follow-ups, opinion
   * questions): they train and are tested on, but never set a threshold. A threshold sits at
   * FPR ≤ 1 % of the benign calibration pool, so a few hundred easy rows of one family would
   * loosen every head's threshold by their number alone (they lowered the CoT threshold from 0.51
   * to 0.45 when they calibrated). Their calibration share trains instead.
   */
  calibrate?: false;
}

/** The labels of an ordinary prompt: negative for every binary head. */
export const BENIGN = { jailbreak: 0, cot_extraction: 0, grader: 0 } as const;
