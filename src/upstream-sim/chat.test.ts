import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import type { ChatCompletionChunk, ChatCompletionCreateParamsNonStreaming, ChatCompletionTool } from 'openai/resources/chat/completions';
import { estimateTokens, SIM_NAME, startUpstreamSimulator, type UpstreamSim } from './index.js';

const weatherTool: ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather for a place',
    parameters: {
      type: 'object',
      properties: { location: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] }, days: { type: 'integer', minimum: 1, maximum: 7 } },
      required: ['location', 'unit', 'days'],
    },
  },
};

function field(obj: object, key: string): unknown {
  return (obj as Record<string, unknown>)[key];
}

describe('upstream simulator: OpenAI chat completions', () => {
  let sim: UpstreamSim;
  let client: OpenAI;

  before(async () => {
    sim = await startUpstreamSimulator();
    client = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'x', maxRetries: 0 });
  });
  after(() => sim.close());

  it('answers non-streaming requests in the Chat Completions shape', async () => {
    const res = await client.chat.completions.create({
      model: 'sim-gpt',
      messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Explain how photosynthesis works in plants.' }],
    });
    assert.match(res.id, /^chatcmpl-[A-Za-z0-9]{29}$/);
    assert.equal(res.object, 'chat.completion');
    assert.equal(res.model, 'sim-gpt');
    assert.equal(res.system_fingerprint, SIM_NAME);
    const choice = res.choices[0];
    assert.ok(choice);
    assert.equal(choice.finish_reason, 'stop');
    assert.equal(choice.message.role, 'assistant');
    const text = choice.message.content ?? '';
    assert.ok(text.length > 40, 'a realistic answer length');
    assert.match(text, /photosynthesis|plants/i, 'the answer reuses words of the prompt');
    assert.equal(field(choice.message, 'reasoning_content'), undefined);
    const usage = res.usage;
    assert.ok(usage);
    assert.equal(usage.completion_tokens, estimateTokens(text));
    assert.equal(usage.total_tokens, usage.prompt_tokens + usage.completion_tokens);
    assert.ok(usage.prompt_tokens > estimateTokens('Explain how photosynthesis works in plants.'));
    assert.equal(usage.completion_tokens_details?.reasoning_tokens, 0);
  });

  it('is deterministic: the same request gives the same text and id', async () => {
    const params = { model: 'sim-gpt', messages: [{ role: 'user' as const, content: 'Why is the sky blue?' }] };
    const a = await client.chat.completions.create(params);
    const b = await client.chat.completions.create(params);
    assert.equal(a.choices[0]?.message.content, b.choices[0]?.message.content);
    assert.equal(a.id, b.id);
    const c = await client.chat.completions.create({ ...params, messages: [{ role: 'user', content: 'Why is the sea blue?' }] });
    assert.notEqual(c.choices[0]?.message.content, a.choices[0]?.message.content);
  });

  it('streams the same text as SSE chunks, with a usage chunk only when asked', async () => {
    const messages = [{ role: 'user' as const, content: 'Describe the water cycle in simple terms.' }];
    const whole = await client.chat.completions.create({ model: 'sim-gpt', messages });

    const stream = await client.chat.completions.create({ model: 'sim-gpt', messages, stream: true, stream_options: { include_usage: true } });
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    assert.equal(text, whole.choices[0]?.message.content);
    assert.ok(chunks.length > 5, 'streamed in many pieces');
    assert.equal(chunks[0]?.choices[0]?.delta.role, 'assistant');
    const last = chunks[chunks.length - 1];
    assert.deepEqual(last?.choices, []);
    assert.deepEqual(last?.usage, whole.usage);
    assert.equal(chunks[chunks.length - 2]?.choices[0]?.finish_reason, 'stop');

    const plain = await client.chat.completions.create({ model: 'sim-gpt', messages, stream: true });
    const plainChunks: ChatCompletionChunk[] = [];
    for await (const chunk of plain) plainChunks.push(chunk);
    assert.ok(plainChunks.every((c) => c.usage == null && c.choices.length === 1), 'no usage without include_usage');
  });

  it('works with the SDK stream helper', async () => {
    const runner = client.chat.completions.stream({ model: 'sim-gpt', messages: [{ role: 'user', content: 'What makes a good API design?' }] });
    const final = await runner.finalChatCompletion();
    assert.ok((final.choices[0]?.message.content ?? '').length > 20);
    assert.equal(final.choices[0]?.finish_reason, 'stop');
  });

  it('calls a tool mentioned in the last user message, with arguments that fit the schema', async () => {
    const res = await client.chat.completions.create({
      model: 'sim-gpt',
      messages: [{ role: 'user', content: 'What is the weather in Lisbon? Use get_weather.' }],
      tools: [weatherTool],
    });
    const choice = res.choices[0];
    assert.equal(choice?.finish_reason, 'tool_calls');
    assert.equal(choice?.message.content, null);
    const call = choice?.message.tool_calls?.[0];
    assert.ok(call && call.type === 'function');
    assert.match(call.id, /^call_/);
    assert.equal(call.function.name, 'get_weather');
    const args = JSON.parse(call.function.arguments) as { location: string; unit: string; days: number };
    assert.equal(args.location, 'Lisbon');
    assert.ok(['celsius', 'fahrenheit'].includes(args.unit));
    assert.ok(Number.isInteger(args.days) && args.days >= 1 && args.days <= 7);
    assert.equal(res.usage?.completion_tokens, estimateTokens('get_weather') + estimateTokens(call.function.arguments));
  });

  it('honours tool_choice required / named / none, and answers in text after a tool result', async () => {
    const messages = [{ role: 'user' as const, content: 'Tell me something about Lisbon.' }];
    const auto = await client.chat.completions.create({ model: 'sim-gpt', messages, tools: [weatherTool] });
    assert.equal(auto.choices[0]?.finish_reason, 'stop', 'no mention, no forced choice: text');
    const required = await client.chat.completions.create({ model: 'sim-gpt', messages, tools: [weatherTool], tool_choice: 'required' });
    assert.equal(required.choices[0]?.finish_reason, 'tool_calls');
    const named = await client.chat.completions.create({
      model: 'sim-gpt', messages, tools: [weatherTool], tool_choice: { type: 'function', function: { name: 'get_weather' } },
    });
    assert.equal(named.choices[0]?.message.tool_calls?.[0]?.type, 'function');
    const none = await client.chat.completions.create({
      model: 'sim-gpt', messages: [{ role: 'user', content: 'use get_weather for Lisbon' }], tools: [weatherTool], tool_choice: 'none',
    });
    assert.equal(none.choices[0]?.finish_reason, 'stop');

    const call = named.choices[0]?.message.tool_calls?.[0];
    assert.ok(call && call.type === 'function');
    const followUp = await client.chat.completions.create({
      model: 'sim-gpt',
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'What is the weather in Lisbon? Use get_weather.' },
        { role: 'assistant', content: null, tool_calls: [call] },
        { role: 'tool', tool_call_id: call.id, content: '{"temp": 21}' },
      ],
    });
    assert.equal(followUp.choices[0]?.finish_reason, 'stop');
    assert.ok((followUp.choices[0]?.message.content ?? '').length > 0);
  });

  it('streams tool calls as deltas (id and name first, then argument fragments)', async () => {
    const stream = await client.chat.completions.create({
      model: 'sim-gpt', messages: [{ role: 'user', content: 'get_weather for Oslo please' }], tools: [weatherTool], stream: true,
    });
    const deltas = [];
    for await (const chunk of stream) for (const d of chunk.choices[0]?.delta.tool_calls ?? []) deltas.push(d);
    assert.ok(deltas.length > 2);
    assert.match(deltas[0]?.id ?? '', /^call_/);
    assert.equal(deltas[0]?.function?.name, 'get_weather');
    assert.ok(deltas.slice(1).every((d) => d.id === undefined && d.index === 0));
    const args = JSON.parse(deltas.map((d) => d.function?.arguments ?? '').join('')) as { location: string };
    assert.equal(args.location, 'Oslo');

    const helper = await client.chat.completions
      .stream({ model: 'sim-gpt', messages: [{ role: 'user', content: 'get_weather for Oslo please' }], tools: [weatherTool] })
      .finalChatCompletion();
    assert.equal(helper.choices[0]?.finish_reason, 'tool_calls');
    assert.equal(helper.choices[0]?.message.tool_calls?.[0]?.type, 'function');
  });

  it('adds reasoning_content when reasoning is requested, and counts it in usage', async () => {
    const messages = [{ role: 'user' as const, content: 'Should a startup use microservices?' }];
    const plain = await client.chat.completions.create({ model: 'sim-gpt', messages });
    const res = await client.chat.completions.create({ model: 'sim-gpt', messages, reasoning_effort: 'high' });
    const msg = res.choices[0]?.message;
    assert.ok(msg);
    const reasoning = field(msg, 'reasoning_content');
    assert.equal(typeof reasoning, 'string');
    const r = reasoning as string;
    const content = msg.content ?? '';
    assert.equal(content, plain.choices[0]?.message.content, 'reasoning does not change the answer');
    assert.ok(r.length > content.length * 1.3, 'reasoning is longer than the answer');
    assert.equal(res.usage?.completion_tokens_details?.reasoning_tokens, estimateTokens(r));
    assert.equal(res.usage?.completion_tokens, estimateTokens(r) + estimateTokens(content));

    // A reasoning model reasons without being asked.
    const model = await client.chat.completions.create({ model: 'sim-reasoner', messages });
    assert.equal(typeof field(model.choices[0]?.message ?? {}, 'reasoning_content'), 'string');
    const o3 = await client.chat.completions.create({ model: 'o3-mini', messages });
    assert.equal(typeof field(o3.choices[0]?.message ?? {}, 'reasoning_content'), 'string');
  });

  it('uses the OpenRouter field name `reasoning` via the body flag or the header', async () => {
    const params: ChatCompletionCreateParamsNonStreaming & { x_sim_reasoning_field: string } = {
      model: 'sim-gpt',
      messages: [{ role: 'user', content: 'Compare tabs and spaces.' }],
      reasoning_effort: 'low',
      x_sim_reasoning_field: 'reasoning',
    };
    const viaBody = await client.chat.completions.create(params);
    assert.equal(typeof field(viaBody.choices[0]?.message ?? {}, 'reasoning'), 'string');
    assert.equal(field(viaBody.choices[0]?.message ?? {}, 'reasoning_content'), undefined);

    const viaHeader = await client.chat.completions.create(
      { model: 'sim-reasoner', messages: [{ role: 'user', content: 'Compare tabs and spaces.' }] },
      { headers: { 'x-sim-reasoning-field': 'reasoning' } },
    );
    assert.equal(typeof field(viaHeader.choices[0]?.message ?? {}, 'reasoning'), 'string');
  });

  it('streams reasoning deltas before the content, under either field name', async () => {
    for (const name of ['reasoning_content', 'reasoning'] as const) {
      const stream = await client.chat.completions.create(
        { model: 'sim-reasoner', messages: [{ role: 'user', content: 'Is coffee healthy?' }], stream: true },
        { headers: name === 'reasoning' ? { 'x-sim-reasoning-field': 'reasoning' } : {} },
      );
      const kinds: string[] = [];
      let reasoning = '';
      for await (const chunk of stream) {
        const delta = chunk.choices[0]?.delta;
        if (!delta) continue;
        const r = field(delta, name);
        if (typeof r === 'string' && r) { kinds.push('r'); reasoning += r; }
        if (delta.content) kinds.push('c');
      }
      assert.ok(reasoning.length > 50, `${name} streamed`);
      assert.ok(kinds.indexOf('c') > kinds.lastIndexOf('r'), 'all reasoning before any content');
    }
  });

  it('stops with finish_reason length at max_tokens / max_completion_tokens', async () => {
    const messages = [{ role: 'user' as const, content: 'Write a long essay about the history of Rome.' }];
    const res = await client.chat.completions.create({ model: 'sim-gpt', messages, max_tokens: 10 });
    assert.equal(res.choices[0]?.finish_reason, 'length');
    assert.equal(res.usage?.completion_tokens, 10);
    const res2 = await client.chat.completions.create({ model: 'sim-reasoner', messages, max_completion_tokens: 12 });
    assert.equal(res2.choices[0]?.finish_reason, 'length');
    assert.equal(res2.usage?.completion_tokens, 12, 'the budget includes reasoning');
    const roomy = await client.chat.completions.create({ model: 'sim-gpt', messages, max_tokens: 5000 });
    assert.equal(roomy.choices[0]?.finish_reason, 'stop');
  });

  it('follows [[sim:tokens=N]] and answers math and code prompts in kind', async () => {
    const long = await client.chat.completions.create({ model: 'sim-gpt', messages: [{ role: 'user', content: 'Tell me about volcanoes [[sim:tokens=400]]' }] });
    const n = long.usage?.completion_tokens ?? 0;
    assert.ok(n > 360 && n <= 400, `about 400 tokens, got ${n}`);

    const math = await client.chat.completions.create({ model: 'sim-gpt', messages: [{ role: 'user', content: 'What is (12 + 8) * 3?' }] });
    assert.match(math.choices[0]?.message.content ?? '', /The answer is 60\.$/);

    const code = await client.chat.completions.create({ model: 'sim-gpt', messages: [{ role: 'user', content: 'Write a TypeScript function that deduplicates an array [[sim:tokens=150]]' }] });
    assert.match(code.choices[0]?.message.content ?? '', /```typescript\n[\s\S]+\n```/);
  });
});
