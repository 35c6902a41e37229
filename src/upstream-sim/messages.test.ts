import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import type { MessageCreateParamsNonStreaming, Tool } from '@anthropic-ai/sdk/resources/messages';
import { estimateTokens, startUpstreamSimulator, type UpstreamSim } from './index.js';

const weatherTool: Tool = {
  name: 'get_weather',
  description: 'Current weather for a place',
  input_schema: { type: 'object', properties: { location: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } }, required: ['location'] },
};

/** Raw SSE event names of a streamed Messages response, in order. */
async function eventNames(url: string, body: object): Promise<string[]> {
  const res = await fetch(`${url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'x', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify({ ...body, stream: true }),
  });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
  const text = await res.text();
  const names = [...text.matchAll(/^event: (\S+)\ndata: (.*)$/gm)].map((m) => {
    const data = JSON.parse(m[2] ?? '{}') as { type: string };
    assert.equal(data.type, m[1], 'the data type matches the event line');
    return m[1] ?? '';
  });
  assert.ok(text.endsWith('\n\n'));
  return names;
}

describe('upstream simulator: Anthropic messages', () => {
  let sim: UpstreamSim;
  let client: Anthropic;

  before(async () => {
    sim = await startUpstreamSimulator();
    client = new Anthropic({ baseURL: sim.url, apiKey: 'x', maxRetries: 0 });
  });
  after(() => sim.close());

  it('answers non-streaming requests in the Messages shape', async () => {
    const msg = await client.messages.create({
      model: 'sim-claude',
      max_tokens: 1024,
      system: 'You are terse.',
      messages: [{ role: 'user', content: 'Explain how glaciers carve valleys.' }],
    });
    assert.match(msg.id, /^msg_[A-Za-z0-9]{24}$/);
    assert.equal(msg.type, 'message');
    assert.equal(msg.role, 'assistant');
    assert.equal(msg.model, 'sim-claude');
    assert.equal(msg.stop_reason, 'end_turn');
    assert.equal(msg.stop_sequence, null);
    assert.equal(msg.content.length, 1);
    const block = msg.content[0];
    assert.ok(block?.type === 'text');
    assert.match(block.text, /glaciers|valleys/i);
    assert.equal(msg.usage.output_tokens, estimateTokens(block.text));
    assert.ok(msg.usage.input_tokens > 5);
  });

  it('accepts system as text blocks and block content, deterministically', async () => {
    const params: MessageCreateParamsNonStreaming = {
      model: 'sim-claude',
      max_tokens: 512,
      system: [{ type: 'text', text: 'You are terse.' }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Explain how glaciers carve valleys.' }] }],
    };
    const a = await client.messages.create(params);
    const b = await client.messages.create(params);
    assert.deepEqual(a.content, b.content);
    assert.equal(a.id, b.id);
  });

  it('puts a signed thinking block first when thinking is enabled', async () => {
    const msg = await client.messages.create({
      model: 'sim-claude',
      max_tokens: 4000,
      thinking: { type: 'enabled', budget_tokens: 2000 },
      messages: [{ role: 'user', content: 'Is it better to rent or buy a house?' }],
    });
    const [thinking, text] = msg.content;
    assert.ok(thinking?.type === 'thinking');
    assert.ok(thinking.thinking.length > 100);
    assert.match(thinking.signature, /^[A-Za-z0-9+/]{40,}={0,2}$/);
    assert.ok(text?.type === 'text');
    assert.equal(msg.usage.output_tokens, estimateTokens(thinking.thinking) + estimateTokens(text.text));

    const tight = await client.messages.create({
      model: 'sim-claude', max_tokens: 4000, thinking: { type: 'enabled', budget_tokens: 20 },
      messages: [{ role: 'user', content: 'Is it better to rent or buy a house?' }],
    });
    assert.ok(tight.content[0]?.type === 'thinking' && estimateTokens(tight.content[0].thinking) <= 20, 'budget_tokens caps thinking');
  });

  it('streams every event type in order, and the SDK rebuilds the same message', async () => {
    const params: MessageCreateParamsNonStreaming = {
      model: 'sim-claude',
      max_tokens: 4000,
      thinking: { type: 'enabled', budget_tokens: 1500 },
      messages: [{ role: 'user', content: 'How do vaccines train the immune system?' }],
    };
    const whole = await client.messages.create(params);
    const final = await client.messages.stream(params).finalMessage();
    assert.deepEqual(final.content, whole.content);
    assert.equal(final.stop_reason, 'end_turn');
    assert.equal(final.usage.output_tokens, whole.usage.output_tokens);
    assert.equal(final.usage.input_tokens, whole.usage.input_tokens);

    const names = await eventNames(sim.url, params);
    assert.deepEqual(names.slice(0, 3), ['message_start', 'content_block_start', 'ping']);
    assert.deepEqual(names.slice(-2), ['message_delta', 'message_stop']);
    const kinds = new Set(names);
    for (const k of ['content_block_delta', 'content_block_stop']) assert.ok(kinds.has(k));
    assert.equal(names.filter((n) => n === 'content_block_start').length, 2);
    assert.equal(names.filter((n) => n === 'content_block_stop').length, 2);

    // Raw iteration shows thinking_delta, then signature_delta, then text_delta.
    const deltas: string[] = [];
    const stream = await client.messages.create({ ...params, stream: true });
    for await (const ev of stream) if (ev.type === 'content_block_delta') deltas.push(ev.delta.type);
    const firstText = deltas.indexOf('text_delta');
    assert.equal(deltas[0], 'thinking_delta');
    assert.equal(deltas[firstText - 1], 'signature_delta');
    assert.equal(deltas.filter((d) => d === 'signature_delta').length, 1);
  });

  it('uses a tool mentioned by the user: tool_use block, stop_reason tool_use, streamed as input_json_delta', async () => {
    const params: MessageCreateParamsNonStreaming = {
      model: 'sim-claude',
      max_tokens: 1024,
      tools: [weatherTool],
      messages: [{ role: 'user', content: 'Can you check get_weather for Madrid?' }],
    };
    const msg = await client.messages.create(params);
    assert.equal(msg.stop_reason, 'tool_use');
    const use = msg.content.find((b) => b.type === 'tool_use');
    assert.ok(use?.type === 'tool_use');
    assert.match(use.id, /^toolu_/);
    assert.equal(use.name, 'get_weather');
    assert.equal((use.input as { location: string }).location, 'Madrid');
    assert.equal(msg.content[0]?.type, 'text', 'a short preamble first, as Claude does');

    const streamed = await client.messages.stream(params).finalMessage();
    assert.deepEqual(streamed.content, msg.content);
    const names = await eventNames(sim.url, params);
    assert.ok(names.includes('content_block_delta'));

    const deltas: string[] = [];
    for await (const ev of await client.messages.create({ ...params, stream: true })) {
      if (ev.type === 'content_block_delta') deltas.push(ev.delta.type);
    }
    assert.ok(deltas.includes('input_json_delta'));

    // After the tool result the model answers in text.
    const followUp = await client.messages.create({
      ...params,
      messages: [
        ...params.messages,
        { role: 'assistant', content: msg.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: '21 degrees, sunny' }] },
      ],
    });
    assert.equal(followUp.stop_reason, 'end_turn');

    const forced = await client.messages.create({
      model: 'sim-claude', max_tokens: 512, tools: [weatherTool], tool_choice: { type: 'any' },
      messages: [{ role: 'user', content: 'Hello there' }],
    });
    assert.equal(forced.stop_reason, 'tool_use');
  });

  it('stops with stop_reason max_tokens when the budget runs out', async () => {
    const msg = await client.messages.create({
      model: 'sim-claude', max_tokens: 8, messages: [{ role: 'user', content: 'Write an essay on the Roman empire.' }],
    });
    assert.equal(msg.stop_reason, 'max_tokens');
    assert.equal(msg.usage.output_tokens, 8);

    const final = await client.messages
      .stream({ model: 'sim-claude', max_tokens: 8, messages: [{ role: 'user', content: 'Write an essay on the Roman empire.' }] })
      .finalMessage();
    assert.equal(final.stop_reason, 'max_tokens');
    assert.deepEqual(final.content, msg.content);
  });

  it('rejects a request without max_tokens with a 400 invalid_request_error', async () => {
    const params = { model: 'sim-claude', messages: [{ role: 'user', content: 'hi' }] } as unknown as MessageCreateParamsNonStreaming;
    await assert.rejects(client.messages.create(params), (err: unknown) => {
      assert.ok(err instanceof Anthropic.BadRequestError);
      assert.equal(err.status, 400);
      assert.deepEqual(err.error, { type: 'error', error: { type: 'invalid_request_error', message: 'max_tokens: Field required' } });
      return true;
    });
  });
});
