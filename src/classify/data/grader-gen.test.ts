import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { QaPair } from './corpora.js';
import { generateGrader } from './grader-gen.js';
import { generateGraderShapedV2 } from './grader-gen-v2.js';
import { JUDGE_LANGUAGES } from './grader-lang.js';
import { createRng } from './rng.js';

const problems = [
  { text: 'A train travels 60 km in 1.5 hours. What is its average speed?', capability: 'math' as const },
  { text: 'Write a function that reverses a linked list.', capability: 'coding' as const },
];
const pairs: QaPair[] = [
  { question: 'Tom has 3 boxes of 12 pencils and gives away 7. How many are left?', answer: 'He had 3 * 12 = 36 pencils.\n36 - 7 = 29.\n#### 29', capability: 'math' },
  { question: 'Write a function to add two numbers.\n\nTests:\nassert add(1, 2) == 3', answer: '```python\ndef add(a, b):\n    return a + b\n```', capability: 'coding' },
  { question: 'Is "Great, another Monday." sarcastic?', answer: 'Yes', capability: 'reasoning' },
  { question: 'Suggest a name for a bakery.', answer: 'Crumb & Co.', capability: 'writing' },
  { question: 'how do I fix a flat bike tire', answer: 'First remove the wheel, then take out the inner tube and find the hole.', capability: 'chat' },
];

describe('grader generator (version 3)', () => {
  const rows = generateGrader(problems, createRng('grader-test'), 0.2, pairs);

  it('labels its rows for the grader head only', () => {
    for (const e of rows) {
      assert.ok(e.grader === 0 || e.grader === 1, e.source);
      assert.equal(e.jailbreak, undefined, e.source);
      assert.equal(e.cot_extraction, undefined, e.source);
      assert.equal(e.language, undefined, e.source);
    }
  });

  it('pastes real question/answer pairs into grading frames in all twelve other languages', () => {
    const positives = rows.filter((e) => e.grader === 1);
    assert.ok(positives.some((e) => e.text.includes('#### 29') || e.text.includes('def add(a, b)')), 'no corpus answer pasted');
    const multilingual = positives.filter((e) => e.source === 'gen/grader/multilingual');
    for (const [lang, parts] of Object.entries(JUDGE_LANGUAGES)) {
      const labels = [...parts.question, ...parts.answer].map((l) => l.replace(/[:：#[\]【】]/g, '').trim()).filter((l) => l.length > 1);
      assert.ok(multilingual.some((e) => labels.some((l) => e.text.includes(l))), `no ${lang} frame`);
    }
  });

  it('gives every composed positive one benign twin pointing at its source', () => {
    const twins = rows.filter((e) => e.twinOf !== undefined);
    assert.ok(twins.length > 0);
    for (const t of twins) {
      assert.equal(t.grader, 0);
      assert.equal(t.source, 'gen/grader_negative/twins');
      assert.match(t.twinOf!, /^gen\/grader\/(score|pairwise|verify|reward|label|multilingual)$/);
    }
    for (const task of ['score', 'pairwise', 'verify', 'reward', 'label']) {
      const source = `gen/grader/${task}`;
      assert.equal(twins.filter((t) => t.twinOf === source).length, rows.filter((e) => e.source === source).length, source);
    }
  });

  it('is deterministic in its seed', () => {
    const again = generateGrader(problems, createRng('grader-test'), 0.2, pairs);
    assert.deepEqual(again, rows);
  });

  it('still works without pairs (toy answers)', () => {
    const toy = generateGrader(problems, createRng('grader-test'), 0.05);
    assert.ok(toy.some((e) => e.grader === 1) && toy.some((e) => e.grader === 0));
  });
});

describe('grader-shaped rows of version 2 (for the other heads)', () => {
  it('carry jailbreak and CoT labels and no grader label', () => {
    const rows = generateGraderShapedV2(problems, createRng('v2'), 0.05);
    assert.ok(rows.length > 0);
    for (const e of rows) {
      assert.equal(e.grader, undefined);
      assert.equal(e.jailbreak, 0);
      assert.equal(e.cot_extraction, 0);
    }
  });
});
