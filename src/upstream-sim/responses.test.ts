import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import type { FunctionTool, ResponseCreateParamsNonStreaming, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { estimateTokens, startUpstreamSimulator, type UpstreamSim } from './index.js';

const searchTool: FunctionTool = {
  type: 'function',
  name: 'search_docs',
  description: 'Search the documentation',
  strict: true,
  parameters: {
    type: 'object',
    properties: { query: { type: 'string' }, limit: { type: 'integer' } },
    required: ['query', 'limit'],
    additionalProperties: false,
  },
};

/** The SDK's stream helper adds `parsed`/`parsed_arguments` fields; the wire data is what is compared. */
function wire<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (k: string, v: unknown) => (k === 'parsed' || k === 'parsed_arguments' ? undefined : v))) as T;
}

describe('upstream simulator: OpenAI responses', () => {
  let sim: UpstreamSim;
  let client: OpenAI;

  before(async () => {
    sim = await startUpstreamSimulator();
    client = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'x', maxRetries: 0 });
  });
  after(() => sim.close());

  it('answers a string input with a completed Response', async () => {
    const res = await client.responses.create({ model: 'sim-gpt', input: 'Explain how tides work.', instructions: 'Be clear.' });
    assert.match(res.id, /^resp_/);
    assert.equal(res.object, 'response');
    assert.equal(res.status, 'completed');
    assert.equal(res.model, 'sim-gpt');
    assert.equal(res.instructions, 'Be clear.');
    assert.equal(res.error, null);
    assert.equal(res.incomplete_details, null);
    assert.equal(typeof res.created_at, 'number');
    assert.equal(res.output.length, 1);
    const item = res.output[0];
    assert.ok(item?.type === 'message');
    assert.match(item.id, /^msg_/);
    assert.equal(item.status, 'completed');
    const part = item.content[0];
    assert.ok(part?.type === 'output_text');
    assert.deepEqual(part.annotations, []);
    assert.equal(res.output_text, part.text, 'the SDK computes output_text');
    assert.match(res.output_text, /tides/i);
    const u = res.usage;
    assert.ok(u);
    assert.equal(u.output_tokens, estimateTokens(part.text));
    assert.equal(u.total_tokens, u.input_tokens + u.output_tokens);
    assert.equal(u.output_tokens_details.reasoning_tokens, 0);
    assert.equal(u.input_tokens_details.cached_tokens, 0);
  });

  it('accepts message items with input_text parts, deterministically', async () => {
    const params: ResponseCreateParamsNonStreaming = {
      model: 'sim-gpt',
      input: [
        { role: 'developer', content: 'Answer as a teacher.' },
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Why do leaves change colour in autumn?' }] },
      ],
    };
    const a = await client.responses.create(params);
    const b = await client.responses.create(params);
    assert.equal(a.output_text, b.output_text);
    assert.equal(a.id, b.id);
    assert.match(a.output_text, /leaves|colour|autumn/i);
  });

  it('puts a reasoning item first, with a summary when reasoning.summary is set', async () => {
    const withSummary = await client.responses.create({ model: 'sim-gpt', input: 'Plan a study schedule for calculus.', reasoning: { effort: 'medium', summary: 'auto' } });
    const [rs, msg] = withSummary.output;
    assert.ok(rs?.type === 'reasoning');
    assert.match(rs.id, /^rs_/);
    assert.equal(rs.summary.length, 1);
    assert.equal(rs.summary[0]?.type, 'summary_text');
    assert.match(rs.summary[0]?.text ?? '', /^\*\*.+\*\*\n\n/);
    assert.ok(msg?.type === 'message');
    const reasoningTokens = withSummary.usage?.output_tokens_details.reasoning_tokens ?? 0;
    assert.ok(reasoningTokens > estimateTokens(withSummary.output_text));
    assert.equal(withSummary.usage?.output_tokens, reasoningTokens + estimateTokens(withSummary.output_text));
    assert.equal(withSummary.reasoning?.summary, 'auto');

    const noSummary = await client.responses.create({ model: 'sim-gpt', input: 'Plan a study schedule for calculus.', reasoning: { effort: 'low' } });
    assert.ok(noSummary.output[0]?.type === 'reasoning');
    assert.deepEqual(noSummary.output[0].summary, []);
    assert.equal(noSummary.output_text, withSummary.output_text);

    const model = await client.responses.create({ model: 'o4-mini', input: 'Plan a study schedule.' });
    assert.equal(model.output[0]?.type, 'reasoning');
  });

  it('streams typed events with sequence numbers; the SDK helper rebuilds the same response', async () => {
    const params: ResponseCreateParamsNonStreaming = {
      model: 'sim-gpt', input: 'Summarise the causes of the French Revolution.', reasoning: { effort: 'high', summary: 'detailed' },
    };
    const whole = await client.responses.create(params);

    const stream = client.responses.stream({ ...params, stream: undefined });
    let deltas = '';
    stream.on('response.output_text.delta', (e) => { deltas += e.delta; });
    const final = await stream.finalResponse();
    assert.equal(final.output_text, whole.output_text);
    assert.equal(deltas, whole.output_text);
    assert.deepEqual(wire(final.output), whole.output);
    assert.deepEqual(final.usage, whole.usage);
    assert.equal(final.status, 'completed');

    const events: ResponseStreamEvent[] = [];
    for await (const ev of await client.responses.create({ ...params, stream: true })) events.push(ev);
    assert.deepEqual(events.map((e) => e.sequence_number), events.map((_, i) => i));
    const types = events.map((e) => e.type);
    const order = [
      'response.created', 'response.in_progress', 'response.output_item.added', 'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta', 'response.reasoning_summary_text.done', 'response.reasoning_summary_part.done',
      'response.output_item.done', 'response.output_item.added', 'response.content_part.added', 'response.output_text.delta',
      'response.output_text.done', 'response.content_part.done', 'response.output_item.done', 'response.completed',
    ];
    const dedup = types.filter((t, i) => t !== types[i - 1]);
    assert.deepEqual(dedup, order);
    const created = events[0];
    assert.ok(created?.type === 'response.created');
    assert.equal(created.response.status, 'in_progress');
    assert.deepEqual(created.response.output, []);
  });

  it('calls function tools: function_call item, streamed as argument deltas', async () => {
    const params: ResponseCreateParamsNonStreaming = {
      model: 'sim-gpt', input: 'Use search_docs to find the retry policy.', tools: [searchTool],
    };
    const res = await client.responses.create(params);
    const call = res.output[0];
    assert.ok(call?.type === 'function_call');
    assert.match(call.id ?? '', /^fc_/);
    assert.match(call.call_id, /^call_/);
    assert.equal(call.name, 'search_docs');
    assert.equal(call.status, 'completed');
    const args = JSON.parse(call.arguments) as { query: string; limit: number };
    assert.match(args.query, /retry|policy/);
    assert.equal(args.limit, 5);
    assert.equal(res.output_text, '');

    const events: ResponseStreamEvent[] = [];
    for await (const ev of await client.responses.create({ ...params, stream: true })) events.push(ev);
    const argDeltas = events.filter((e) => e.type === 'response.function_call_arguments.delta');
    assert.ok(argDeltas.length >= 1);
    const done = events.find((e) => e.type === 'response.function_call_arguments.done');
    assert.ok(done?.type === 'response.function_call_arguments.done');
    assert.equal(done.arguments, call.arguments);
    const final = await client.responses.stream({ ...params, stream: undefined }).finalResponse();
    assert.deepEqual(wire(final.output), res.output);

    const forced = await client.responses.create({ model: 'sim-gpt', input: 'hello', tools: [searchTool], tool_choice: 'required' });
    assert.equal(forced.output[0]?.type, 'function_call');
    const followUp = await client.responses.create({
      model: 'sim-gpt',
      tools: [searchTool],
      input: [
        { role: 'user', content: 'Use search_docs to find the retry policy.' },
        { type: 'function_call', call_id: call.call_id, name: call.name, arguments: call.arguments },
        { type: 'function_call_output', call_id: call.call_id, output: 'Retries: 3, exponential backoff.' },
      ],
    });
    assert.equal(followUp.output[0]?.type, 'message');
  });

  it('ends incomplete at max_output_tokens, streamed as response.incomplete', async () => {
    const params: ResponseCreateParamsNonStreaming = { model: 'sim-gpt', input: 'Write a long story about dragons.', max_output_tokens: 16 };
    const res = await client.responses.create(params);
    assert.equal(res.status, 'incomplete');
    assert.deepEqual(res.incomplete_details, { reason: 'max_output_tokens' });
    assert.equal(res.usage?.output_tokens, 16);
    assert.equal(res.max_output_tokens, 16);

    const events: ResponseStreamEvent[] = [];
    for await (const ev of await client.responses.create({ ...params, stream: true })) events.push(ev);
    assert.equal(events[events.length - 1]?.type, 'response.incomplete');
  });
});
