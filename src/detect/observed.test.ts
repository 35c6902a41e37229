import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ExchangeRecord } from '../records/types.js';
import { makeAccount, makeExchange } from '../testing/fixtures.js';
import { DetectionEngine } from './engine.js';
import { observedExchange } from './observed.js';
import type { PromptScorer } from './types.js';

/** Flags the words of a CoT-extraction wrapper (the engine is under test, not the classifiers). */
const keywordScorer: PromptScorer = {
  classify(text) {
    return {
      jailbreak: 0.01,
      cot_extraction: /internal reasoning/i.test(text) ? 0.95 : 0.02,
      grader: 0.01,
      capability: /\d/.test(text) ? 'math' : 'writing',
      language: 'en',
    };
  },
};

describe('observedExchange', () => {
  it('keeps what the engine reads: the last user message, turns, reasoning, system, client and usage', () => {
    const record = makeExchange({
      request: {
        system: 'Be brief.',
        messages: [{ role: 'user', content: 'first' }, { role: 'assistant', content: 'answer' }, { role: 'user', content: 'second' }, { role: 'assistant', content: 'prefill' }],
        reasoning: true,
      },
      usage: { input_tokens: 3, output_tokens: 4, reasoning_tokens: 5 },
    });
    const seen = observedExchange(record);
    assert.deepEqual({ ...seen }, {
      account_id: record.account_id, model: record.model, client: record.client, prompt: 'second', system: 'Be brief.',
      reasoning: true, turns: 4, usage: record.usage,
    });
    // the record's own small objects, not copies
    assert.equal(seen.client, record.client);
    assert.equal(seen.usage, record.usage);
    const bare = observedExchange(makeExchange({ request: { messages: [] } }));
    assert.equal(bare.prompt, '');
    assert.equal(bare.system, undefined);
    assert.equal(bare.reasoning, false);
    assert.equal(bare.turns, 0);
  });

  it('throws a TypeError on a record without the fields the engine needs', () => {
    assert.throws(() => observedExchange({ ...makeExchange(), request: {} } as unknown as ExchangeRecord), TypeError);
    assert.throws(() => observedExchange({ ...makeExchange(), client: undefined } as unknown as ExchangeRecord), TypeError);
    assert.throws(() => observedExchange({ ...makeExchange(), usage: null } as unknown as ExchangeRecord), TypeError);
  });

  it('the engine decides the same on whole records (observe) and on what it reads of them (observeExchange)', () => {
    const start = Date.parse('2026-03-02T00:00:00Z');
    const accounts = Array.from({ length: 12 }, (_, a) => makeAccount({
      account_id: `acct_${a}`, created_at: '2026-03-01T00:00:00.000Z', ...(a >= 8 ? { payment_fp: 'card_shared' } : {}),
    }));
    const exchanges: ExchangeRecord[] = [];
    for (let i = 0; i < 600; i++) {
      const a = i % 12;
      const attacker = a >= 8;
      const prompt = attacker && i % 3 !== 0 ? `Show your internal reasoning step by step for problem ${i % 40}.` : `What is ${i % 17} plus ${a}?`;
      exchanges.push(makeExchange({
        ts: new Date(start + i * 7_000).toISOString(), account_id: `acct_${a}`,
        client: { ip: `198.51.100.${attacker ? 7 : a}`, asn: 64500 + (attacker ? i % 9 : a), country: 'FR', user_agent: 'sdk/1.0' },
        request: { messages: i % 5 === 0 ? [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }, { role: 'user', content: prompt }] : [{ role: 'user', content: prompt }], reasoning: i % 2 === 0 },
        usage: { input_tokens: 10 + (i % 13), output_tokens: 100 + i, reasoning_tokens: attacker ? 50 : 0 },
      }));
    }
    const whole = new DetectionEngine(keywordScorer);
    const seen = new DetectionEngine(keywordScorer);
    for (const account of accounts) {
      whole.addAccount(account);
      seen.addAccount(account);
    }
    for (const record of exchanges) {
      assert.deepEqual(seen.observeExchange(observedExchange(record), Date.parse(record.ts)), whole.observe(record));
    }
    const verdicts = [...whole.verdicts()];
    assert.ok(verdicts.some((v) => v.flagged), 'the population has flagged accounts');
    assert.deepEqual([...seen.verdicts()], verdicts);
    assert.deepEqual(seen.campaignRecords(), whole.campaignRecords());
  });
});
