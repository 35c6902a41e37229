import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { DistillguardError } from '../errors.js';
import { DEFAULT_MODELS, SIM_NAME, startUpstreamSimulator, type UpstreamSim } from './index.js';

async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown; headers: Headers }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: res.status, json: await res.json(), headers: res.headers };
}

describe('upstream simulator: HTTP surface', () => {
  let sim: UpstreamSim;

  before(async () => {
    sim = await startUpstreamSimulator({ recordRequests: 3, models: ['sim-gpt', 'sim-claude-opus'] });
  });
  after(() => sim.close());

  it('lists models in the OpenAI format, or the Anthropic one with anthropic-version', async () => {
    const openai = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'x', maxRetries: 0 });
    const list = await openai.models.list();
    assert.deepEqual(list.data.map((m) => m.id), ['sim-gpt', 'sim-claude-opus']);
    assert.deepEqual(list.data[0], { id: 'sim-gpt', object: 'model', created: 1735689600, owned_by: 'distillguard-sim' });
    assert.equal((await openai.models.retrieve('sim-claude-opus')).id, 'sim-claude-opus');
    await assert.rejects(openai.models.retrieve('nope'), OpenAI.NotFoundError);

    const anthropic = new Anthropic({ baseURL: sim.url, apiKey: 'x', maxRetries: 0 });
    const page = await anthropic.models.list();
    assert.deepEqual(page.data[1], { type: 'model', id: 'sim-claude-opus', display_name: 'Sim Claude Opus', created_at: '2025-01-01T00:00:00Z' });
    const raw = (await (await fetch(`${sim.url}/v1/models`, { headers: { 'anthropic-version': '2023-06-01' } })).json()) as Record<string, unknown>;
    assert.equal(raw['has_more'], false);
    assert.equal(raw['first_id'], 'sim-gpt');
    assert.equal(raw['last_id'], 'sim-claude-opus');
  });

  it('answers unknown routes with a 404 in the OpenAI format, and says what it is', async () => {
    const res = await fetch(`${sim.url}/v1/nope`, { method: 'POST', body: '{}' });
    assert.equal(res.status, 404);
    assert.equal(res.headers.get('server'), SIM_NAME);
    const body = (await res.json()) as { error: Record<string, unknown> };
    assert.deepEqual(Object.keys(body.error).sort(), ['code', 'message', 'param', 'type']);
    assert.equal(body.error['type'], 'invalid_request_error');
    assert.match(String(body.error['message']), /POST \/v1\/nope/);
    assert.equal((await fetch(`${sim.url}/v1/chat/completions`)).status, 404, 'GET on a POST route');
  });

  it('answers bad JSON and invalid bodies with a 400 in the endpoint\'s own format', async () => {
    const chat = await post(`${sim.url}/v1/chat/completions`, '{"model":');
    assert.equal(chat.status, 400);
    assert.equal((chat.json as { error: { type: string } }).error.type, 'invalid_request_error');
    const responses = await post(`${sim.url}/v1/responses`, 'not json');
    assert.equal(responses.status, 400);
    assert.ok((responses.json as { error: unknown }).error);
    const messages = await post(`${sim.url}/v1/messages`, '{oops');
    assert.equal(messages.status, 400);
    assert.equal((messages.json as { type: string }).type, 'error');
    assert.equal((messages.json as { error: { type: string } }).error.type, 'invalid_request_error');

    const noMessages = await post(`${sim.url}/v1/chat/completions`, JSON.stringify({ model: 'sim-gpt' }));
    assert.equal(noMessages.status, 400);
    assert.equal((noMessages.json as { error: { param: string } }).error.param, 'messages');
    const badInput = await post(`${sim.url}/v1/responses`, JSON.stringify({ model: 'sim-gpt', input: 42 }));
    assert.equal(badInput.status, 400);
  });

  it('records the last N requests with parsed bodies', async () => {
    sim.requests.length = 0;
    for (let i = 0; i < 4; i++) {
      await post(`${sim.url}/v1/chat/completions?x=1`, JSON.stringify({ model: 'sim-gpt', messages: [{ role: 'user', content: `n${i}` }] }), { 'x-test': String(i) });
    }
    assert.equal(sim.requests.length, 3);
    const last = sim.requests[2];
    assert.ok(last);
    assert.equal(last.method, 'POST');
    assert.equal(last.path, '/v1/chat/completions');
    assert.equal(last.headers['x-test'], '3');
    assert.deepEqual(last.body, { model: 'sim-gpt', messages: [{ role: 'user', content: 'n3' }] });
    assert.equal(sim.requests[0]?.headers['x-test'], '1');
  });

  it('rejects bad options with a coded error', async () => {
    await assert.rejects(startUpstreamSimulator({ faults: { rate5xx: 2 } }), (err: unknown) => err instanceof DistillguardError && err.code === 'CONFIG_INVALID');
    await assert.rejects(startUpstreamSimulator({ latencyMs: -1 }), DistillguardError);
  });
});

describe('upstream simulator: API keys', () => {
  let sim: UpstreamSim;
  before(async () => {
    sim = await startUpstreamSimulator({ requiredApiKey: 'sk-sim-123' });
  });
  after(() => sim.close());

  it('requires the key as a Bearer token or x-api-key, answering 401 in the API\'s format', async () => {
    const params = { model: 'sim-gpt', messages: [{ role: 'user' as const, content: 'hi' }] };
    const wrong = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'nope', maxRetries: 0 });
    await assert.rejects(wrong.chat.completions.create(params), (err: unknown) => {
      assert.ok(err instanceof OpenAI.AuthenticationError);
      assert.equal((err.error as { code: string }).code, 'invalid_api_key');
      return true;
    });
    await assert.rejects(wrong.models.list(), OpenAI.AuthenticationError);
    const right = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'sk-sim-123', maxRetries: 0 });
    assert.ok((await right.chat.completions.create(params)).choices[0]?.message.content);

    const claudeParams = { model: 'sim-claude', max_tokens: 100, messages: [{ role: 'user' as const, content: 'hi' }] };
    const wrongClaude = new Anthropic({ baseURL: sim.url, apiKey: 'nope', maxRetries: 0 });
    await assert.rejects(wrongClaude.messages.create(claudeParams), (err: unknown) => {
      assert.ok(err instanceof Anthropic.AuthenticationError);
      assert.equal((err.error as { error: { type: string } }).error.type, 'authentication_error');
      return true;
    });
    const rightClaude = new Anthropic({ baseURL: sim.url, apiKey: 'sk-sim-123', maxRetries: 0 });
    assert.equal((await rightClaude.messages.create(claudeParams)).type, 'message');

    const viaHeader = await post(`${sim.url}/v1/chat/completions`, JSON.stringify(params), { 'x-api-key': 'sk-sim-123' });
    assert.equal(viaHeader.status, 200);
    const missing = await post(`${sim.url}/v1/messages`, JSON.stringify(claudeParams));
    assert.equal(missing.status, 401);
  });
});

describe('upstream simulator: pacing', () => {
  it('waits latencyMs before answering', async () => {
    const sim = await startUpstreamSimulator({ latencyMs: 120 });
    try {
      const client = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'x', maxRetries: 0 });
      const started = performance.now();
      await client.chat.completions.create({ model: 'sim-gpt', messages: [{ role: 'user', content: 'hi' }] });
      const elapsed = performance.now() - started;
      assert.ok(elapsed >= 110 && elapsed < 2000, `took ${elapsed} ms`);
    } finally {
      await sim.close();
    }
  });

  it('streams at about tokensPerSecond, after latencyMs', async () => {
    const sim = await startUpstreamSimulator({ tokensPerSecond: 400, latencyMs: 50 });
    try {
      const client = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'x', maxRetries: 0 });
      const started = performance.now();
      const stream = await client.chat.completions.create({
        model: 'sim-gpt', messages: [{ role: 'user', content: 'Tell me about rivers [[sim:tokens=100]]' }], stream: true, stream_options: { include_usage: true },
      });
      let first = 0;
      let tokens = 0;
      for await (const chunk of stream) {
        if (!first && chunk.choices[0]?.delta.content) first = performance.now() - started;
        if (chunk.usage) tokens = chunk.usage.completion_tokens;
      }
      const total = performance.now() - started;
      const expected = 50 + (tokens / 400) * 1000; // ~300 ms for ~100 tokens
      assert.ok(tokens > 80);
      assert.ok(first >= 45 && first < expected / 2, `first token after ${first} ms`);
      assert.ok(total >= expected * 0.8 && total < expected * 3 + 200, `took ${total} ms, expected about ${expected}`);
    } finally {
      await sim.close();
    }
  });

  it('closes promptly in the middle of a slow stream', async () => {
    const sim = await startUpstreamSimulator({ tokensPerSecond: 5 });
    const client = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'x', maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: 'sim-gpt', messages: [{ role: 'user', content: 'hi' }], stream: true });
    const consumed = assert.rejects(async () => {
      for await (const _ of stream) { /* drain until the server goes away */ }
    });
    const started = performance.now();
    await sim.close();
    assert.ok(performance.now() - started < 1000);
    await consumed;
  });

  it('lists the default models when none are configured', async () => {
    const sim = await startUpstreamSimulator();
    try {
      const body = (await (await fetch(`${sim.url}/v1/models`)).json()) as { data: { id: string }[] };
      assert.deepEqual(body.data.map((m) => m.id), DEFAULT_MODELS);
    } finally {
      await sim.close();
    }
  });
});
