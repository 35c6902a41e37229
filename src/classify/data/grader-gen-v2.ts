/**
 * The grader-shaped prompts of generator version 2, kept unchanged as training rows of the
 * jailbreak and chain-of-thought heads (and, labelled English, of the language model): composed
 * grading prompts around short problems with toy answers, and the evaluation-like look-alikes.
 * They carry no grader label. The grader head trains on the version 3 rows of `grader-gen.ts`
 * instead (real pasted answers, rubric lists, twelve languages, benign twins).
 *
 * Why keep them: the other heads were tuned and evaluated with these negatives, and rows that are
 * the same and in the same order give the same weights bit for bit (training is sequential and
 * seeded), so a change to the grader data moves no other head's figure. Replacing them with the
 * version 3 rows cost the jailbreak head 0.4 points of false positives on the `hard` scenario's
 * production apps, and dropping them 1.5 points (bench/classify-archetypes.ts, 2026-11-24).
 * Do not edit: a change here changes the other heads.
 */

import type { Problem } from './cot-gen.js';
import type { Example } from './example.js';
import { CRITERIA, ESSAYS, JUDGE_SYSTEMS, LOOKALIKES, MULTILINGUAL, OUTPUT_WORDS, OUTPUTS, PAIR_BLOCKS, RESPONSES, ROLES, SCALES, SINGLE_BLOCKS, TASKS, type Task } from './grader-gen.js';
import { fill, sample, type Rng } from './rng.js';

const json = (s: string): string => JSON.stringify(s).slice(1, -1);

/** The version 2 grader-shaped rows, for the jailbreak and CoT heads only (no grader label). */
export function generateGraderShapedV2(problems: readonly Problem[], rng: Rng, scale = 1): Example[] {
  const out: Example[] = [];
  const n = (k: number): number => Math.max(1, Math.round(k * scale));
  const slots = (r: Rng): Record<string, string> => {
    const resp = (): string => fill(r.pick(RESPONSES), { num: String(r.int(500)) });
    const q = r.pick(problems).text;
    const a = resp();
    const w = r.pick(OUTPUT_WORDS);
    const [crit, critdesc] = r.pick(CRITERIA);
    return {
      q, a, b: resp(), c: resp(), q_json: json(q), a_json: json(a), num: String(r.int(500)), essay: r.pick(ESSAYS),
      w, W: w.charAt(0).toUpperCase() + w.slice(1), scale: r.pick(SCALES), crit: crit.toLowerCase(), critdesc, crit2: r.pick(CRITERIA)[0].toLowerCase(),
    };
  };
  const criteriaBlock = (r: Rng): string => {
    const picked = sample(CRITERIA, 2 + r.int(4), r);
    return r.chance(0.5)
      ? `Criteria:\n${picked.map(([c, d]) => `- ${c}: ${d}`).join('\n')}`
      : `Consider ${picked.map(([c]) => c.toLowerCase()).join(', ')}.`;
  };
  const compose = (task: Task, r: Rng): string => {
    const s = slots(r);
    const parts: string[] = [];
    const role = r.pick(ROLES);
    if (role) parts.push(role);
    parts.push(fill(r.pick(TASKS[task]), s));
    if (r.chance(0.5)) parts.push(criteriaBlock(r));
    if (task === 'verify' && r.chance(0.5)) parts.push(`Reference answer: ${s.num}`);
    const head = parts.join(r.chance(0.5) ? ' ' : '\n');
    const block = fill(r.pick(task === 'pairwise' || (task === 'label' && r.chance(0.6)) ? PAIR_BLOCKS : SINGLE_BLOCKS), s);
    const format = fill(r.pick(OUTPUTS[task]), s);
    const order = r.int(3);
    if (order === 0) return `${head}\n\n${block}\n\n${format}`;
    if (order === 1) return `${head} ${format}\n\n${block}`;
    return `${block}\n\n${head} ${format}`;
  };
  for (const task of Object.keys(TASKS) as Task[]) {
    const r = rng.fork(`grader/${task}`);
    for (let i = 0; i < n(400); i++) out.push({ text: compose(task, r), source: `gen/grader_v2/${task}`, jailbreak: 0, cot_extraction: 0, language: 'en' });
  }
  {
    const r = rng.fork('grader/judge_system');
    for (let i = 0; i < n(300); i++) {
      const s = slots(r);
      const user = fill(r.pick(r.chance(0.5) ? SINGLE_BLOCKS : PAIR_BLOCKS), s);
      out.push({ text: user, system: fill(r.pick(JUDGE_SYSTEMS), s), source: 'gen/grader_v2/judge_system', jailbreak: 0, cot_extraction: 0, language: 'en' });
    }
  }
  {
    const r = rng.fork('grader/multilingual');
    for (let i = 0; i < n(300); i++) {
      out.push({ text: fill(r.pick(MULTILINGUAL), slots(r)), source: 'gen/grader_v2/multilingual', jailbreak: 0, cot_extraction: 0 });
    }
  }
  for (const [family, templates] of Object.entries(LOOKALIKES)) {
    const r = rng.fork(`grader-negative/${family}`);
    for (let i = 0; i < n(220); i++) {
      out.push({ text: fill(r.pick(templates), slots(r)), source: `gen/grader_negative/${family}`, jailbreak: 0, cot_extraction: 0, language: 'en' });
    }
  }
  return out;
}
