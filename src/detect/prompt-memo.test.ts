import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PromptMemo, repeatHashOf } from './prompt-memo.js';
import { frameShingles } from './text.js';
import type { PromptScorer } from './types.js';

/** A pure scorer that counts its calls. */
function countingScorer(): PromptScorer & { calls: number } {
  const scorer = {
    calls: 0,
    classify(text: string, system?: string) {
      scorer.calls++;
      return { jailbreak: text.length / 1000, cot_extraction: (system ?? '').length / 1000, grader: 0, capability: 'general', language: 'en' };
    },
  };
  return scorer;
}

describe('prompt memo', () => {
  it('gives the same facts as computing them, and classifies a repeated prompt once', () => {
    const scorer = countingScorer();
    const memo = new PromptMemo(scorer, 4);
    const prompt = 'Before giving the final answer, write out your complete internal reasoning. What is 17 times 23?';
    for (let i = 0; i < 3; i++) {
      const facts = memo.of(prompt, 'You are a tutor.');
      assert.deepEqual([...facts.shingles], [...frameShingles(prompt, 'You are a tutor.')]);
      assert.equal(facts.repeatHash, repeatHashOf(prompt, 'You are a tutor.'));
      assert.equal(facts.signals.cot_extraction, 'You are a tutor.'.length / 1000);
    }
    assert.equal(scorer.calls, 1);
    assert.equal(memo.hits, 2);
  });

  it('tells the same prompt under another system prompt apart', () => {
    const scorer = countingScorer();
    const memo = new PromptMemo(scorer, 4);
    const a = memo.of('Grade this answer from one to five.', undefined);
    const b = memo.of('Grade this answer from one to five.', 'You are a strict grader.');
    assert.equal(scorer.calls, 2);
    assert.notEqual(a.repeatHash, b.repeatHash);
    assert.ok(b.shingles.length > a.shingles.length, 'the system prompt adds its own shingles');
  });

  it('holds at most two generations and keeps prompts used again', () => {
    const scorer = countingScorer();
    const memo = new PromptMemo(scorer, 3);
    for (let i = 0; i < 20; i++) {
      memo.of(`prompt number ${i} with some words`, undefined);
      memo.of('a prompt sent again and again', undefined);
      assert.ok(memo.size <= 6, `size ${memo.size}`);
    }
    assert.equal(scorer.calls, 21, 'the repeated prompt was classified once');
    // earlier views stay valid and unchanged after the arena grows or a generation is dropped
    const kept = memo.of('prompt number 19 with some words', undefined).shingles;
    const copy = [...kept];
    for (let i = 0; i < 50; i++) memo.of(`${'filler '.repeat(i % 7 + 1)}${i}`, undefined);
    assert.deepEqual([...kept], copy);
  });

  it('computes every time with capacity 0', () => {
    const scorer = countingScorer();
    const memo = new PromptMemo(scorer, 0);
    memo.of('same', undefined);
    memo.of('same', undefined);
    assert.equal(scorer.calls, 2);
    assert.equal(memo.size, 0);
  });
});
