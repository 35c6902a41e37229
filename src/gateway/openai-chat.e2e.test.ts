import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHarness, UPSTREAM_KEY, type Harness } from '../testing/gateway-harness.js';

describe('gateway: OpenAI chat completions through the official SDK', () => {
  let h: Harness;
  before(async () => { h = await startHarness(); });
  after(async () => { await h.close(); });

  it('relays a non-streaming completion and records it field by field', async () => {
    const completion = await h.openai.chat.completions.create({
      model: 'sim-gpt',
      messages: [
        { role: 'system', content: 'You are a concise tutor.' },
        { role: 'user', content: 'Explain why the sky is blue.' },
      ],
      temperature: 0.3,
      max_tokens: 200,
    }, { headers: { 'user-agent': 'e2e-openai/1.0' } });
    const answer = completion.choices[0]!.message.content!;
    assert.ok(answer.length > 20);

    const upstream = h.sim.requests.at(-1)!;
    assert.equal(upstream.path, '/v1/chat/completions');
    assert.equal(upstream.headers.authorization, `Bearer ${UPSTREAM_KEY}`, 'the upstream gets the gateway key, not the client key');
    assert.ok(!JSON.stringify(upstream.headers).includes(h.apiKey), 'the client key never reaches the upstream');

    const record = await h.lastRecord();
    assert.match(record.id, /^ex_/);
    assert.ok(Math.abs(Date.parse(record.ts) - Date.now()) < 10_000);
    assert.match(record.ts, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.equal(record.account_id, h.accountId);
    assert.equal(record.key_id, h.keyId);
    assert.equal(record.surface, 'api');
    assert.equal(record.client.ip, '127.0.0.1');
    assert.equal(record.client.user_agent, 'e2e-openai/1.0');
    assert.equal(record.model, 'sim-gpt');
    assert.equal(record.endpoint, 'openai.chat');
    assert.equal(record.request.system, 'You are a concise tutor.');
    assert.deepEqual(record.request.messages, [{ role: 'user', content: 'Explain why the sky is blue.' }]);
    assert.equal(record.request.max_tokens, 200);
    assert.equal(record.request.temperature, 0.3);
    assert.equal(record.request.stream, false);
    assert.equal(record.response.status, 200);
    assert.equal(record.response.text, answer);
    assert.equal(record.response.finish_reason, completion.choices[0]!.finish_reason);
    assert.equal(record.usage.input_tokens, completion.usage!.prompt_tokens);
    assert.equal(record.usage.output_tokens, completion.usage!.completion_tokens);
    assert.ok(typeof record.latency_ms === 'number' && record.latency_ms > 0);
  });

  it('relays a stream chunk by chunk and records the assembled answer and usage', async () => {
    const stream = await h.openai.chat.completions.create({
      model: 'sim-gpt',
      messages: [{ role: 'user', content: 'Write a haiku about routers.' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let chunks = 0;
    let usage;
    for await (const chunk of stream) {
      chunks += 1;
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    assert.ok(chunks > 3, 'arrives as many chunks');
    const record = await h.lastRecord();
    assert.equal(record.request.stream, true);
    assert.equal(record.response.status, 200);
    assert.equal(record.response.text, text);
    assert.equal(record.response.finish_reason, 'stop');
    assert.equal(record.usage.input_tokens, usage!.prompt_tokens);
    assert.equal(record.usage.output_tokens, usage!.completion_tokens);
    assert.equal(record.usage.estimated, undefined);
  });

  it('estimates usage (and says so) when a stream carries none', async () => {
    const stream = await h.openai.chat.completions.create({ model: 'sim-gpt', messages: [{ role: 'user', content: 'Hi there' }], stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    const record = await h.lastRecord();
    assert.equal(record.response.text, text);
    assert.equal(record.usage.estimated, true);
    assert.ok(record.usage.output_tokens > 0);
  });

  it('passes tools through and records tool names and calls', async () => {
    const tools = [{
      type: 'function' as const,
      function: { name: 'get_weather', description: 'weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
    }];
    const completion = await h.openai.chat.completions.create({
      model: 'sim-gpt', messages: [{ role: 'user', content: 'Use get_weather for Paris' }], tools, tool_choice: 'required',
    });
    const call = completion.choices[0]!.message.tool_calls![0]!;
    assert.equal(call.type === 'function' && call.function.name, 'get_weather');
    const record = await h.lastRecord();
    assert.deepEqual(record.request.tools, ['get_weather']);
    assert.equal(record.response.finish_reason, 'tool_calls');
    assert.match(record.response.text!, /\[tool_call get_weather\]/);

    const stream = await h.openai.chat.completions.create({
      model: 'sim-gpt', messages: [{ role: 'user', content: 'Use get_weather for Oslo' }], tools, tool_choice: 'required', stream: true,
    });
    let args = '';
    for await (const chunk of stream) args += chunk.choices[0]?.delta.tool_calls?.[0]?.function?.arguments ?? '';
    assert.doesNotThrow(() => JSON.parse(args));
    const streamed = await h.lastRecord();
    assert.match(streamed.response.text!, /\[tool_call get_weather\]/);
  });

  it('passes reasoning_content and reasoning deltas through and records the reasoning', async () => {
    const completion = await h.openai.chat.completions.create({
      model: 'sim-reasoner', messages: [{ role: 'user', content: 'Is 97 prime?' }], reasoning_effort: 'high',
    });
    const message = completion.choices[0]!.message as unknown as { reasoning_content?: string };
    assert.ok(message.reasoning_content && message.reasoning_content.length > 20, 'reasoning_content reaches the client');
    const record = await h.lastRecord();
    assert.equal(record.request.reasoning, true);
    assert.equal(record.response.reasoning, message.reasoning_content);
    assert.ok((record.usage.reasoning_tokens ?? 0) > 0);

    for (const field of ['reasoning_content', 'reasoning'] as const) {
      // the simulator's body switch picks the field name (the gateway forwards no unknown headers)
      const params = {
        model: 'sim-reasoner', messages: [{ role: 'user' as const, content: `Think about ${field}` }], reasoning_effort: 'low' as const,
        stream: true as const, x_sim_reasoning_field: field,
      };
      const stream = await h.openai.chat.completions.create(params);
      let reasoning = '';
      for await (const chunk of stream) reasoning += ((chunk.choices[0]?.delta ?? {}) as Record<string, string | undefined>)[field] ?? '';
      assert.ok(reasoning.length > 20, `${field} deltas reach the client`);
      const streamed = await h.lastRecord();
      assert.equal(streamed.response.reasoning, reasoning);
    }
  });
});
