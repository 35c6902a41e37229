import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { startUpstreamSimulator, type UpstreamSim } from './index.js';

function chatWith(content: string) {
  return { model: 'sim-gpt', messages: [{ role: 'user' as const, content }] };
}

function claudeWith(content: string) {
  return { model: 'sim-claude', max_tokens: 1024, messages: [{ role: 'user' as const, content }] };
}

describe('upstream simulator: fault directives', () => {
  let sim: UpstreamSim;
  let openai: OpenAI;
  let anthropic: Anthropic;

  before(async () => {
    sim = await startUpstreamSimulator();
    openai = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'x', maxRetries: 0 });
    anthropic = new Anthropic({ baseURL: sim.url, apiKey: 'x', maxRetries: 0 });
  });
  after(() => sim.close());

  it('[[sim:fault=500|502|503]] answers 5xx with each API\'s error body', async () => {
    await assert.rejects(openai.chat.completions.create(chatWith('hello [[sim:fault=500]]')), (err: unknown) => {
      assert.ok(err instanceof OpenAI.InternalServerError);
      assert.equal(err.status, 500);
      const body = err.error as { type: string; message: string; param: unknown; code: unknown };
      assert.equal(body.type, 'server_error');
      assert.equal(body.param, null);
      assert.equal(typeof body.message, 'string');
      return true;
    });
    await assert.rejects(openai.responses.create({ model: 'sim-gpt', input: '[[sim:fault=502]] hi' }), (err: unknown) => {
      assert.ok(err instanceof OpenAI.InternalServerError);
      assert.equal(err.status, 502);
      return true;
    });
    await assert.rejects(anthropic.messages.create(claudeWith('hi [[sim:fault=500]]')), (err: unknown) => {
      assert.ok(err instanceof Anthropic.InternalServerError);
      assert.equal(err.status, 500);
      assert.equal((err.error as { type: string; error: { type: string } }).error.type, 'api_error');
      return true;
    });
    await assert.rejects(anthropic.messages.create({ ...claudeWith('hi [[sim:fault=503]]'), stream: true }), (err: unknown) => {
      assert.ok(err instanceof Anthropic.InternalServerError);
      assert.equal(err.status, 503);
      assert.equal((err.error as { error: { type: string } }).error.type, 'overloaded_error');
      return true;
    });
  });

  it('[[sim:fault=429]] answers 429 with retry-after, retry-after-ms and a rate limit body', async () => {
    await assert.rejects(openai.chat.completions.create(chatWith('hello [[sim:fault=429]]')), (err: unknown) => {
      assert.ok(err instanceof OpenAI.RateLimitError);
      assert.equal(err.headers?.get('retry-after'), '1');
      assert.equal(err.headers?.get('retry-after-ms'), '1000');
      assert.equal((err.error as { code: string }).code, 'rate_limit_exceeded');
      return true;
    });
    await assert.rejects(anthropic.messages.create(claudeWith('[[sim:fault=429,retry=3]] hello')), (err: unknown) => {
      assert.ok(err instanceof Anthropic.RateLimitError);
      assert.equal(err.headers?.get('retry-after'), '3');
      assert.equal(err.headers?.get('retry-after-ms'), '3000');
      assert.equal((err.error as { error: { type: string } }).error.type, 'rate_limit_error');
      return true;
    });
  });

  it('[[sim:fault=timeout]] never answers: the SDK times out', async () => {
    const quick = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'x', maxRetries: 0, timeout: 300 });
    const started = Date.now();
    await assert.rejects(quick.chat.completions.create(chatWith('hello [[sim:fault=timeout]]')), OpenAI.APIConnectionTimeoutError);
    assert.ok(Date.now() - started >= 250);
    const quickClaude = new Anthropic({ baseURL: sim.url, apiKey: 'x', maxRetries: 0, timeout: 300 });
    await assert.rejects(quickClaude.messages.create(claudeWith('[[sim:fault=timeout]]')), Anthropic.APIConnectionTimeoutError);
  });

  it('[[sim:fault=disconnect]] drops non-streaming requests without an answer', async () => {
    await assert.rejects(openai.chat.completions.create(chatWith('hello [[sim:fault=disconnect]]')), (err: unknown) => {
      assert.ok(err instanceof OpenAI.APIConnectionError);
      assert.ok(!(err instanceof OpenAI.APIConnectionTimeoutError));
      return true;
    });
    await assert.rejects(anthropic.messages.create(claudeWith('[[sim:fault=disconnect]]')), Anthropic.APIConnectionError);
  });

  it('[[sim:fault=disconnect]] cuts streams after a few deltas: iteration throws', async () => {
    let content = 0;
    await assert.rejects(async () => {
      const stream = await openai.chat.completions.create({ ...chatWith('Tell me about owls [[sim:fault=disconnect]]'), stream: true });
      for await (const chunk of stream) if (chunk.choices[0]?.delta.content) content++;
    });
    assert.ok(content >= 1 && content <= 3, `received ${content} content deltas before the drop`);

    let events = 0;
    await assert.rejects(async () => {
      const stream = await anthropic.messages.create({ ...claudeWith('Tell me about owls [[sim:fault=disconnect]]'), stream: true });
      for await (const ev of stream) if (ev.type === 'content_block_delta') events++;
    });
    assert.ok(events >= 1);
    await assert.rejects(anthropic.messages.stream(claudeWith('Tell me about owls [[sim:fault=disconnect]]')).finalMessage());

    let textDeltas = 0;
    await assert.rejects(async () => {
      const stream = await openai.responses.create({ model: 'sim-gpt', input: 'Tell me about owls [[sim:fault=disconnect]]', stream: true });
      for await (const ev of stream) if (ev.type === 'response.output_text.delta') textDeltas++;
    });
    assert.ok(textDeltas >= 1);
  });

  it('[[sim:latency=N]] delays the answer; [[sim:tokens=N]] sets its length', async () => {
    const started = Date.now();
    const res = await openai.chat.completions.create(chatWith('Tell me about owls [[sim:latency=150,tokens=40]]'));
    assert.ok(Date.now() - started >= 140);
    const n = res.usage?.completion_tokens ?? 0;
    assert.ok(n >= 30 && n <= 40, `about 40 tokens, got ${n}`);
    assert.doesNotMatch(res.choices[0]?.message.content ?? '', /sim:|\[\[/, 'directives never leak into answers');
  });
});

describe('upstream simulator: random faults', () => {
  it('applies the configured rates, deterministically for a seed, and never to requests with directives', async () => {
    const outcomes = async (seed: number): Promise<string[]> => {
      const sim = await startUpstreamSimulator({ faults: { rate5xx: 0.3, rate429: 0.3, seed } });
      const client = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'x', maxRetries: 0 });
      const out: string[] = [];
      try {
        for (let i = 0; i < 24; i++) {
          try {
            await client.chat.completions.create(chatWith(`question ${i}`));
            out.push('ok');
          } catch (err) {
            out.push(err instanceof OpenAI.APIError ? String(err.status) : 'other');
          }
        }
        // A directive switches random faults off for that request.
        for (let i = 0; i < 6; i++) await client.chat.completions.create(chatWith(`q ${i} [[sim:tokens=5]]`));
      } finally {
        await sim.close();
      }
      return out;
    };
    const a = await outcomes(7);
    const b = await outcomes(7);
    assert.deepEqual(a, b, 'same seed, same fault sequence');
    assert.ok(a.includes('ok') && a.includes('429') && a.some((o) => /^50[023]$/.test(o)), a.join(','));
    assert.notDeepEqual(await outcomes(8), a, 'another seed, another sequence');
  });

  it('can drop every connection', async () => {
    const sim = await startUpstreamSimulator({ faults: { rateDisconnect: 1 } });
    try {
      const client = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'x', maxRetries: 0 });
      await assert.rejects(client.chat.completions.create(chatWith('hi')), OpenAI.APIConnectionError);
    } finally {
      await sim.close();
    }
  });

  it('close() ends promptly while a timed-out request hangs', async () => {
    const sim = await startUpstreamSimulator({ recordRequests: 5, faults: { rateTimeout: 1 } });
    const client = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'x', maxRetries: 0 });
    const pending = client.chat.completions.create(chatWith('hello'));
    const rejected = assert.rejects(pending, OpenAI.APIConnectionError);
    while (sim.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    const started = Date.now();
    await sim.close();
    assert.ok(Date.now() - started < 1000, 'close() did not wait for the hanging request');
    await rejected;
    await sim.close(); // idempotent
  });
});
