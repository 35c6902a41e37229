/**
 * How much each piece of an account's evidence weighs, in log-odds: the weights and guards the
 * engine (engine.ts) applies to classifier, template and cohort hits, the floor of its exchange
 * evidence, and what a flag must rest on. Pure functions of counts and scores, so that each rule can
 * be read, tested and changed on its own (docs/DETECTION.md, "How a decision is made").
 */

import type { AccountState } from './account-state.js';

/** The logistic function: log-odds to a probability. */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Log-odds of a probability, clamped to [1e-6, 1 − 1e-6] so that 0 and 1 stay finite. */
export function logit(p: number): number {
  return Math.log(Math.max(1e-6, p) / Math.max(1e-6, 1 - p));
}

/**
 * Jailbreak hits from which they can count (`jailbreakRun`). Four, not five (session 15): a
 * jailbreak-wrapped extraction run is jailbreaks from its first prompt, and each one before the run
 * counts is an answered extraction; the 30 % share, not the count, is what keeps an ordinary
 * account's occasional jailbreak attempt among hundreds of prompts from counting.
 */
export const JAILBREAK_RUN_MIN = 4;

/** Jailbreak hits count once they are at least JAILBREAK_RUN_MIN and at least 30 % of the account's prompts (a jailbreak-wrapped extraction run). */
export function jailbreakRun(jailbreaks: number, prompts: number): boolean {
  return jailbreaks >= JAILBREAK_RUN_MIN && jailbreaks >= 0.3 * prompts;
}

/**
 * Least exchange evidence of an account linked to flagged accounts (LINK_SUSPECT_EVIDENCE or more):
 * ordinary-looking prompts are what a campaign's cover traffic looks like, so for such an account
 * they buy at most two units of credit, not the six (`evidenceFloor`) anyone else can bank.
 */
export const LINKED_EVIDENCE_FLOOR = -2;

/** The evidence floor of an account: `LINKED_EVIDENCE_FLOOR` once it is linked, the configured one otherwise. */
export function evidenceFloorOf(configured: number, linked: boolean): number {
  return linked ? Math.max(configured, LINKED_EVIDENCE_FLOOR) : configured;
}

/**
 * Tainted frame shingles a prompt needs for a template hit to count in full: four (six words in a
 * row). Three (five words) was the bar until session 15, and three tainted shingles are as often a
 * named topic as a wrapper: "the cosmic microwave background" is three shingles, and a campaign
 * sweeping an area asks about it before any ordinary customer has, so in a campaign's first hours
 * the topic reads as its wording (docs/DETECTION.md, "Span").
 */
export const FULL_TEMPLATE_SHINGLES = 4;

/**
 * Weight (0..1] of a template hit by how many of the prompt's shingles are tainted (at least two for
 * a hit at all): a campaign wrapper spans many shingles, while two or three tainted shingles are as
 * often a public phrase (a benchmark instruction) or a topic that a campaign's traffic happened to
 * share: 1/3 at two, 2/3 at three, in full from four.
 */
export function templateSpanWeight(taintedShingles: number): number {
  return Math.min(1, (taintedShingles - 1) / (FULL_TEMPLATE_SHINGLES - 1));
}

/** Share of an account's prompts that must be classifier hits for a hit to count in full. */
export const FULL_HIT_RATE = 0.15;

/**
 * Prompts without a hit assumed before an account's first (a small prior): two early hits in an
 * ordinary account's first prompts are not yet a rate.
 */
export const RATE_PRIOR_PROMPTS = 3;

/**
 * Weight (0..1] of a classifier hit given the account's hits so far (this one included) among its
 * `prompts` prompts (plus RATE_PRIOR_PROMPTS): 1 from FULL_HIT_RATE up, proportionally less below it. Extraction runs are
 * mostly hits; an ordinary account's classifier false positives are a few percent of its prompts.
 */
export function classifierRateWeight(hits: number, prompts: number): number {
  return Math.min(1, hits / (prompts + RATE_PRIOR_PROMPTS) / FULL_HIT_RATE);
}

/**
 * Multiplier of a grader hit's weight (`hitLogOdds.grader`) by how far the prompt's grader score is
 * over the head's threshold, in logits (`margin`, `logitMargin`): below 1, ×0.6; below 3, ×0.8;
 * from 3, ×1. Ordinary prompts that trip the grader head (maths word problems, "rate this essay")
 * crowd just over its threshold, a grading campaign's rubrics mostly score far beyond it. On `hard`
 * seed 1 (`bench/classify-margins.ts`) a hit within 1 logit of the threshold had a likelihood ratio
 * of 4.6 (ln 1.5: ×0.6 of 2.5), one 1 to 3 logits over it 7 to 10 (ln 2.0 to 2.3: ×0.8), one
 * beyond 3 logits 70 or more. The steps are those logs rounded down. The bands beyond 3 would
 * allow more than the full weight, but a handful of ordinary prompts make that estimate unsteady,
 * and giving them ×1.6 and ×2 added false positives on the matrix (EVALUATION.md, seventh pass).
 */
export function graderMarginWeight(margin: number): number {
  if (margin < 1) return 0.6;
  if (margin < 3) return 0.8;
  return 1;
}

/** `logit(score) − logit(threshold)`: how far a head's score is over its threshold, in log-odds. */
export function logitMargin(score: number, threshold: number): number {
  return logit(score) - logit(threshold);
}

/**
 * Whether a flag can rest on this account: something it sent counted against it (a hit of the
 * classifiers, the template table or cohort wording, network rotation, lockstep timing, a partner
 * indicator, a network or client stack mostly used by flagged accounts), or it shares a key with
 * flagged accounts that is not merely circumstantial (`CIRCUMSTANTIAL_LINK_TYPES`: the two-hour
 * sign-up window), such as a card, device, sign-up address or organisation. Who an account is (its age,
 * verification and e-mail domain, its sign-up window) and a switch to a new model can tip an
 * account over the line, but not alone: an ordinary customer who signed up in the same hours as a
 * campaign's batch shares all of them with it (EVALUATION.md, seventh pass).
 */
export function hasOwnEvidence(state: AccountState): boolean {
  const hits = state.hits;
  return hits.cot_extraction + hits.grader + hits.template + hits.cohort > 0
    || jailbreakRun(hits.jailbreak, state.exchanges)
    || state.rotation > 0 || state.lockstep !== null || state.intel !== null
    || (state.linkEvidence > 0 && !state.linksCircumstantialOnly);
}

/** Distinct cohort-wording hits from which an account counts as a member of the cohort (`COHORT_MEMBER_LOG_ODDS`). */
export const COHORT_MEMBER_HITS = 3;

/**
 * Log-odds an account carries once it has `COHORT_MEMBER_HITS` cohort-wording hits, besides each
 * hit's own step. A hit is a sequential step that ordinary prompts wear down (−0.4 each), which is
 * right for one hit but wrong for many: a campaign member whose cover traffic is nine prompts in
 * ten sends wording new to it, that only young accounts share, again and again, and no ordinary
 * account does. On the matrix's older rows, 2 of about 15,000 ordinary accounts had two such hits
 * in their whole history and none had three, against about 70 % of attackers. The weight is that of
 * a shared card or device (`LINK_WEIGHT`): a count that no ordinary account reaches, not a rate.
 */
export const COHORT_MEMBER_LOG_ODDS = 4;
