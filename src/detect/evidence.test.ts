import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  classifierRateWeight, evidenceFloorOf, FULL_HIT_RATE, graderMarginWeight, jailbreakRun, LINKED_EVIDENCE_FLOOR, logit, logitMargin, sigmoid, templateSpanWeight,
} from './evidence.js';

describe('evidence weights', () => {
  it('counts a classifier hit in full only while hits are a real share of the account\'s prompts', () => {
    assert.equal(classifierRateWeight(1, 1), 1);
    assert.equal(classifierRateWeight(3, 10), 1);
    assert.ok(Math.abs(classifierRateWeight(1, 17) - 0.05 / FULL_HIT_RATE) < 1e-12); // 1 of 17 + 3 prior prompts
    assert.ok(classifierRateWeight(2, 200) < 0.1);
  });

  it('weighs a grader hit by how far its score is over the threshold, in logits', () => {
    assert.ok(Math.abs(logitMargin(0.5, 0.5)) < 1e-12);
    assert.ok(Math.abs(logitMargin(0.9, 0.5) - Math.log(9)) < 1e-12);
    assert.ok(Number.isFinite(logitMargin(1, 0.4)), 'a score of exactly 1 stays finite');
    assert.equal(graderMarginWeight(0), 0.6);
    assert.equal(graderMarginWeight(0.99), 0.6);
    assert.equal(graderMarginWeight(1), 0.8);
    assert.equal(graderMarginWeight(2.99), 0.8);
    assert.equal(graderMarginWeight(3), 1);
    assert.equal(graderMarginWeight(12), 1);
  });

  it('lets an account linked to a campaign bank less credit from ordinary prompts', () => {
    assert.equal(evidenceFloorOf(-6, false), -6);
    assert.equal(evidenceFloorOf(-6, true), LINKED_EVIDENCE_FLOOR);
    assert.equal(evidenceFloorOf(-1, true), -1, 'a stricter configured floor stays');
  });

  it('counts a template hit in full only when it spans four or more tainted shingles', () => {
    assert.equal(templateSpanWeight(2), 1 / 3);
    assert.equal(templateSpanWeight(3), 2 / 3, 'five words in a row: a named topic as often as a wrapper');
    assert.equal(templateSpanWeight(4), 1);
    assert.equal(templateSpanWeight(40), 1);
  });

  it('counts jailbreaks only as a run: four or more, and at least 30 % of the prompts', () => {
    assert.equal(jailbreakRun(3, 3), false);
    assert.equal(jailbreakRun(4, 4), true);
    assert.equal(jailbreakRun(4, 13), true);
    assert.equal(jailbreakRun(4, 14), false, 'four jailbreaks among fourteen prompts are under 30 %');
    assert.equal(jailbreakRun(30, 100), true);
  });

  it('turns log-odds into probabilities and back, finite at 0 and 1', () => {
    for (const x of [-5, -0.3, 0, 2, 7]) assert.ok(Math.abs(logit(sigmoid(x)) - x) < 1e-9);
    assert.ok(Number.isFinite(logit(0)) && Number.isFinite(logit(1)));
    assert.ok(logit(1) > 13 && logit(0) < -13);
  });
});
