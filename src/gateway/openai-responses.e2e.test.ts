import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHarness, type Harness } from '../testing/gateway-harness.js';

describe('gateway: OpenAI Responses API through the official SDK', () => {
  let h: Harness;
  before(async () => { h = await startHarness(); });
  after(async () => { await h.close(); });

  it('relays a non-streaming response with a reasoning summary and records it', async () => {
    const response = await h.openai.responses.create({
      model: 'sim-reasoner',
      instructions: 'Answer like a physicist.',
      input: 'Why does ice float?',
      reasoning: { effort: 'medium', summary: 'auto' },
      max_output_tokens: 800,
    });
    assert.ok(response.output_text.length > 10);
    const reasoningItem = response.output.find((o) => o.type === 'reasoning');
    const summary = (reasoningItem as { summary: Array<{ text: string }> }).summary.map((s) => s.text).join('\n');
    assert.ok(summary.length > 10, 'the reasoning summary reaches the client');

    const record = await h.lastRecord();
    assert.equal(record.endpoint, 'openai.responses');
    assert.equal(record.model, 'sim-reasoner');
    assert.equal(record.request.system, 'Answer like a physicist.');
    assert.deepEqual(record.request.messages, [{ role: 'user', content: 'Why does ice float?' }]);
    assert.equal(record.request.reasoning, true);
    assert.equal(record.request.max_tokens, 800);
    assert.equal(record.response.text, response.output_text);
    assert.equal(record.response.reasoning, summary);
    assert.equal(record.response.finish_reason, 'completed');
    assert.equal(record.usage.input_tokens, response.usage!.input_tokens);
    assert.equal(record.usage.output_tokens, response.usage!.output_tokens);
    assert.equal(record.usage.reasoning_tokens, response.usage!.output_tokens_details.reasoning_tokens);
  });

  it('relays a stream (summary deltas, text deltas, completed) and records it', async () => {
    const stream = h.openai.responses.stream({
      model: 'sim-reasoner',
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'Summarise the causes of inflation.' }] }],
      reasoning: { effort: 'low', summary: 'detailed' },
    });
    const types = new Set<string>();
    for await (const event of stream) types.add(event.type);
    const final = await stream.finalResponse();
    for (const type of ['response.created', 'response.reasoning_summary_text.delta', 'response.output_text.delta', 'response.completed']) {
      assert.ok(types.has(type), `${type} reached the client`);
    }
    const record = await h.lastRecord();
    assert.equal(record.request.stream, true);
    assert.deepEqual(record.request.messages, [{ role: 'user', content: 'Summarise the causes of inflation.' }]);
    assert.equal(record.response.text, final.output_text);
    assert.ok(record.response.reasoning && record.response.reasoning.length > 10);
    assert.equal(record.usage.output_tokens, final.usage!.output_tokens);
  });

  it('relays function calls and records them', async () => {
    const response = await h.openai.responses.create({
      model: 'sim-gpt', input: 'Use search_docs to find the refund policy',
      tools: [{ type: 'function', name: 'search_docs', strict: false, parameters: { type: 'object', properties: { query: { type: 'string' } } } }],
      tool_choice: 'required',
    });
    const call = response.output.find((o) => o.type === 'function_call') as { name: string };
    assert.equal(call.name, 'search_docs');
    const record = await h.lastRecord();
    assert.deepEqual(record.request.tools, ['search_docs']);
    assert.match(record.response.text!, /\[tool_call search_docs\]/);
  });

  it('lists models in the OpenAI and the Anthropic shape', async () => {
    const models = await h.openai.models.list();
    const ids = models.data.map((m) => m.id);
    assert.ok(ids.includes('sim-gpt'));
    const anthropicModels = await h.anthropic.models.list();
    assert.ok(anthropicModels.data.some((m) => m.id === 'sim-claude' && m.type === 'model'));
  });
});
