import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LANGUAGES } from '../labels.js';
import { FOLLOW_UPS, generateFollowUps, OPINIONS } from './followup-gen.js';
import { createRng } from './rng.js';

describe('follow-up generator', () => {
  it('covers every named language and gives chain-of-thought negatives kept out of calibration, each with its language and capability', () => {
    assert.deepEqual(Object.keys(FOLLOW_UPS).sort(), LANGUAGES.filter((l) => l !== 'other').sort());
    const rows = generateFollowUps(createRng('test'), 10);
    assert.deepEqual(Object.keys(OPINIONS).sort(), Object.keys(FOLLOW_UPS).sort());
    const written = Object.values(FOLLOW_UPS).reduce((n, items) => n + items.length, 0);
    const opinions = Object.values(OPINIONS).reduce((n, { frames, topics }) => n + frames.length * topics.length, 0);
    assert.equal(rows.length, written + 10 * Object.keys(FOLLOW_UPS).length + opinions);
    for (const row of rows) {
      // labelled for the CoT head only: the jailbreak and grader heads train exactly as without them
      assert.deepEqual([row.jailbreak, row.cot_extraction, row.grader, row.calibrate], [undefined, 0, undefined, false], row.text);
      assert.ok(row.source === 'gen/benign/followup' || (row.source === 'gen/benign/opinion' && !row.text.includes('{t}')), row.text);
      assert.ok(row.language && row.capability, row.text);
    }
    // each composed row opens with that language's opener before a follow-up of the same language
    const vietnamese = rows.filter((r) => r.language === 'vi' && r.source === 'gen/benign/followup' && !FOLLOW_UPS.vi.some(([text]) => text === r.text));
    assert.equal(vietnamese.length, 10);
    for (const row of vietnamese) assert.ok(FOLLOW_UPS.vi.some(([text]) => row.text.includes(text)), row.text);
  });

  it('is deterministic in its seed', () => {
    assert.deepEqual(generateFollowUps(createRng('a'), 5), generateFollowUps(createRng('a'), 5));
    assert.notDeepEqual(generateFollowUps(createRng('a'), 5).map((r) => r.text), generateFollowUps(createRng('b'), 5).map((r) => r.text));
  });
});
