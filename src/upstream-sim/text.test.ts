import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createRng } from './hash.js';
import { planAnswer } from './plan.js';
import { classifyPrompt, parseDirectives, salientWords, solveMath } from './prompt.js';
import { estimateTokens, generateAnswer, splitForStream, topicContext, truncateToTokens } from './text.js';
import { buildArguments } from './tools.js';
import type { SimRequest } from './types.js';

function request(text: string, extra: Partial<SimRequest> = {}): SimRequest {
  const { directives, clean } = parseDirectives(text);
  return {
    model: 'sim-gpt', stream: false, transcript: `sim-gpt\u0001user\u0001${text}`, promptTokens: 10, lastUserText: clean,
    endsWithUserText: true, directives, tools: [], toolChoice: { mode: 'auto' }, reasoning: null, maxTokens: undefined,
    toolPreamble: false, ...extra,
  };
}

describe('upstream simulator: text generation', () => {
  it('estimates tokens as ceil(chars / 4), at least 1 for non-empty text', () => {
    assert.equal(estimateTokens(''), 0);
    assert.equal(estimateTokens('a'), 1);
    assert.equal(estimateTokens('abcd'), 1);
    assert.equal(estimateTokens('abcde'), 2);
  });

  it('splits for streaming without losing a character, and truncates within budget', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme-ascii' }), (s) => splitForStream(s).join('') === s));
    fc.assert(fc.property(fc.string(), fc.integer({ min: 0, max: 50 }), (s, n) => estimateTokens(truncateToTokens(s, n)) <= n));
    assert.deepEqual(splitForStream('Hello big  world\n'), ['Hello', ' big', '  world', '\n']);
  });

  it('parses directives, ignoring junk, and strips them from the text', () => {
    const { directives, clean } = parseDirectives('Hi [[sim:fault=429,retry=3]] there [[sim:tokens=50 latency=20]]');
    assert.deepEqual(directives, { present: true, fault: { kind: 'status', status: 429, retryAfterSec: 3 }, tokens: 50, latencyMs: 20 });
    assert.equal(clean, 'Hi  there');
    assert.deepEqual(parseDirectives('[[sim:fault=timeout]]').directives.fault, { kind: 'timeout' });
    assert.deepEqual(parseDirectives('[[sim:fault=disconnect]]').directives.fault, { kind: 'disconnect' });
    assert.equal(parseDirectives('[[sim:fault=banana,tokens=-3]]').directives.fault, undefined);
    assert.equal(parseDirectives('plain text').directives.present, false);
    fc.assert(fc.property(fc.string(), (s) => typeof parseDirectives(`[[sim:${s}]]`).clean === 'string'));
  });

  it('finds salient words, keeping proper nouns and acronyms', () => {
    assert.deepEqual(salientWords('Please explain how the HTTP cache works in Berlin and why it matters.'), ['HTTP', 'cache', 'Berlin']);
    assert.deepEqual(salientWords('What is the the'), []);
  });

  it('classifies prompts and solves arithmetic with precedence', () => {
    assert.equal(classifyPrompt('Write a Python script to parse CSV'), 'code');
    assert.equal(classifyPrompt('What is 17 plus 25?'), 'math');
    assert.equal(classifyPrompt('Tell me about owls'), 'general');
    assert.equal(solveMath('What is 2 + 3 * 4?')?.answer, '14');
    assert.equal(solveMath('What is (2 + 3) * 4?')?.answer, '20');
    assert.equal(solveMath('What is 17 plus 25?')?.answer, '42');
    assert.equal(solveMath('Compute 2^10')?.answer, '1024');
    assert.equal(solveMath('What is 7 divided by 2?')?.answer, '3.5');
    assert.equal(solveMath('I have 3 apples and buy 4 more, how many?')?.answer, '7');
    assert.equal(solveMath('no numbers'), undefined);
  });

  it('answers deterministically, at about the requested length, reusing prompt words', () => {
    for (const target of [5, 40, 120, 600]) {
      const a = generateAnswer(createRng(42), topicContext('How do solar panels convert sunlight?'), target);
      const b = generateAnswer(createRng(42), topicContext('How do solar panels convert sunlight?'), target);
      assert.equal(a, b);
      const tokens = estimateTokens(a);
      assert.ok(tokens <= target && tokens >= target * 0.8 - 3, `target ${target}, got ${tokens}: ${a}`);
      if (target >= 40) assert.match(a, /solar|panels|sunlight/);
    }
  });

  it('varies the default length per prompt, 0.5x to 1.5x', () => {
    const lengths = new Set<number>();
    for (let i = 0; i < 30; i++) {
      const n = planAnswer(request(`Tell me about topic number ${i}`), 100).outputTokens;
      assert.ok(n >= 40 && n <= 150, `got ${n}`);
      lengths.add(n);
    }
    assert.ok(lengths.size > 10);
  });

  it('builds tool arguments that follow the schema', () => {
    const schema = {
      type: 'object',
      properties: {
        city: { type: 'string' },
        when: { type: 'string', format: 'date' },
        count: { type: 'integer', minimum: 2, maximum: 4 },
        tags: { type: 'array', items: { type: 'string' }, minItems: 2 },
        mode: { enum: ['fast', 'slow'] },
        nested: { type: 'object', properties: { flag: { type: 'boolean' }, score: { type: 'number', maximum: 1, minimum: 0 } } },
        maybe: { anyOf: [{ type: 'null' }, { type: 'integer' }] },
      },
      required: ['city', 'when', 'count', 'tags', 'mode', 'nested', 'maybe'],
    };
    const args = buildArguments(schema, topicContext('Find hotels in Kyoto for the festival'), createRng(1)) as Record<string, unknown>;
    assert.equal(args['city'], 'Kyoto');
    assert.equal(args['when'], '2025-01-15');
    assert.ok(typeof args['count'] === 'number' && args['count'] >= 2 && args['count'] <= 4 && Number.isInteger(args['count']));
    assert.ok(Array.isArray(args['tags']) && args['tags'].length === 2);
    assert.ok(args['mode'] === 'fast' || args['mode'] === 'slow');
    const nested = args['nested'] as Record<string, unknown>;
    assert.equal(typeof nested['flag'], 'boolean');
    assert.ok(typeof nested['score'] === 'number' && nested['score'] >= 0 && nested['score'] <= 1);
    assert.equal(typeof args['maybe'], 'number');
    assert.deepEqual(buildArguments(undefined, topicContext('x'), createRng(1)), {});
  });

  it('is cheap: planning a ~120-token answer takes well under a millisecond', () => {
    const req = request('Explain the difference between TCP and UDP for game networking.', { reasoning: { effort: undefined, budgetTokens: undefined, summary: true } });
    for (let i = 0; i < 200; i++) planAnswer(req, 120);
    const n = 2000;
    const started = performance.now();
    for (let i = 0; i < n; i++) planAnswer(req, 120);
    const perPlanUs = ((performance.now() - started) * 1000) / n;
    // Typically ~20-40 µs with reasoning; the bound is loose for slow CI machines.
    assert.ok(perPlanUs < 500, `${perPlanUs.toFixed(1)} µs per plan`);
  });
});
