import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng } from './rng.js';
import { compile, fillOnce, parseTemplate, render, sample, type CallState } from './template.js';
import { worldFillers } from './world.js';

const state: CallState = { capability: 'chat', language: 'en' };

describe('templates', () => {
  it('parses {slot} names and leaves JSON, LaTeX and other braces alone', () => {
    const { lits, names } = parseTemplate('Score {question} and return {"score": 1} with \\boxed{} or {Upper} {a-b} {json}');
    assert.deepEqual(names, ['question', 'json']);
    assert.deepEqual(lits, ['Score ', ' and return {"score": 1} with \\boxed{} or {Upper} {a-b} ', '']);
  });

  it('substitutes fixed slots at compile time and fills the others per call', () => {
    let calls = 0;
    const t = compile('Grade {candidate} on {scale}.', { candidate: () => `c${++calls}` }, { scale: '1-10' });
    assert.deepEqual(t.names, ['candidate']);
    const rng = createRng(1);
    assert.equal(render(t, rng, state), 'Grade c1 on 1-10.');
    assert.equal(render(t, rng, state), 'Grade c2 on 1-10.');
  });

  it('fills a slot named twice once per call', () => {
    let calls = 0;
    const t = compile('{city} to {other}, back to {city}', { city: () => `C${++calls}`, other: () => 'X' });
    assert.equal(render(t, createRng(1), state), 'C1 to X, back to C1');
  });

  it('renders as a function of the Rng alone: no value drawn by an earlier call is carried over', () => {
    const fillers = worldFillers();
    const both = compile('from {city} to {city2}, {person} and {person2}', fillers);
    const second = compile('to {city2} with {person2}', fillers);
    const shared: CallState = { capability: 'chat', language: 'en' };
    let differentHistories = 0;
    for (let seed = 1; seed <= 200; seed++) {
      // the same call after different earlier calls gives the same text
      const firstA = render(both, createRng(`a${seed}`), shared);
      const afterA = render(second, createRng(seed), shared);
      const firstB = render(both, createRng(`b${seed}`), shared);
      const afterB = render(second, createRng(seed), shared);
      if (firstA !== firstB) differentHistories++;
      assert.equal(afterA, afterB, `seed ${seed}`);
      const [, c1, c2] = /from (.+) to (.+), /.exec(render(both, createRng(seed), shared))!;
      assert.notEqual(c1, c2, 'the second city differs from the first');
    }
    assert.ok(differentHistories > 150);
  });

  it('rejects a slot without a filler, so typos fail at load time', () => {
    assert.throws(() => compile('Hello {topc}', { topic: () => 't' }), /\{topc\} has no filler/);
  });

  it('fillOnce keeps unknown slots; sample draws distinct items', () => {
    assert.equal(fillOnce('{a} and {b}', { a: 'x' }), 'x and {b}');
    const s = sample(createRng('s'), [1, 2, 3, 4, 5, 6], 4);
    assert.equal(new Set(s).size, 4);
    assert.equal(sample(createRng('s'), [1, 2], 5).length, 2);
  });
});
