import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHarness, UPSTREAM_KEY, type Harness } from '../testing/gateway-harness.js';

describe('gateway: Anthropic messages through the official SDK', () => {
  let h: Harness;
  before(async () => { h = await startHarness(); });
  after(async () => { await h.close(); });

  it('relays a non-streaming message and records it field by field', async () => {
    const message = await h.anthropic.messages.create({
      model: 'sim-claude',
      max_tokens: 300,
      system: [{ type: 'text', text: 'You are a careful historian.' }],
      messages: [
        { role: 'user', content: 'Who built the Pantheon?' },
        { role: 'assistant', content: 'Agrippa first, then Hadrian.' },
        { role: 'user', content: [{ type: 'text', text: 'When was it rebuilt?' }] },
      ],
    });
    const text = message.content.filter((b) => b.type === 'text').map((b) => (b as { text: string }).text).join('\n');
    assert.ok(text.length > 10);
    const upstream = h.sim.requests.at(-1)!;
    assert.equal(upstream.headers['x-api-key'], UPSTREAM_KEY);
    assert.match(String(upstream.headers['anthropic-version']), /^\d{4}-\d\d-\d\d$/, 'the client\'s anthropic-version is passed through');

    const record = await h.lastRecord();
    assert.equal(record.endpoint, 'anthropic.messages');
    assert.equal(record.account_id, h.accountId);
    assert.equal(record.key_id, h.keyId);
    assert.equal(record.model, 'sim-claude');
    assert.equal(record.request.system, 'You are a careful historian.');
    assert.deepEqual(record.request.messages, [
      { role: 'user', content: 'Who built the Pantheon?' },
      { role: 'assistant', content: 'Agrippa first, then Hadrian.' },
      { role: 'user', content: 'When was it rebuilt?' },
    ]);
    assert.equal(record.request.max_tokens, 300);
    assert.equal(record.response.status, 200);
    assert.equal(record.response.text, text);
    assert.equal(record.response.finish_reason, message.stop_reason);
    assert.equal(record.usage.input_tokens, message.usage.input_tokens);
    assert.equal(record.usage.output_tokens, message.usage.output_tokens);
  });

  it('streams every event type, thinking and text, and records both', async () => {
    const stream = h.anthropic.messages.stream({
      model: 'sim-claude', max_tokens: 2000, thinking: { type: 'enabled', budget_tokens: 1024 },
      messages: [{ role: 'user', content: 'Prove that there are infinitely many primes.' }],
    });
    const eventTypes = new Set<string>();
    const deltaTypes = new Set<string>();
    for await (const event of stream) {
      eventTypes.add(event.type);
      if (event.type === 'content_block_delta') deltaTypes.add(event.delta.type);
    }
    const final = await stream.finalMessage();
    for (const type of ['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']) {
      assert.ok(eventTypes.has(type), `event ${type} reached the client`);
    }
    for (const type of ['thinking_delta', 'signature_delta', 'text_delta']) assert.ok(deltaTypes.has(type), `${type} reached the client`);
    const thinking = final.content.find((b) => b.type === 'thinking') as { thinking: string; signature: string };
    assert.ok(thinking.signature.length > 0, 'the signature survives the relay');
    const text = final.content.filter((b) => b.type === 'text').map((b) => (b as { text: string }).text).join('\n');

    const record = await h.lastRecord();
    assert.equal(record.request.reasoning, true);
    assert.equal(record.request.stream, true);
    assert.equal(record.response.reasoning, thinking.thinking);
    assert.equal(record.response.text, text);
    assert.equal(record.response.finish_reason, final.stop_reason);
    assert.equal(record.usage.input_tokens, final.usage.input_tokens);
    assert.equal(record.usage.output_tokens, final.usage.output_tokens);
  });

  it('relays tool use (streamed input_json_delta) and records tool results as tool messages', async () => {
    const tools = [{ name: 'lookup_stock', description: 'price', input_schema: { type: 'object' as const, properties: { ticker: { type: 'string' } }, required: ['ticker'] } }];
    const first = await h.anthropic.messages.create({
      model: 'sim-claude', max_tokens: 500, tools, tool_choice: { type: 'any' },
      messages: [{ role: 'user', content: 'Call lookup_stock for ACME' }],
    });
    const toolUse = first.content.find((b) => b.type === 'tool_use') as { id: string; name: string; input: unknown };
    assert.equal(toolUse.name, 'lookup_stock');
    assert.equal(first.stop_reason, 'tool_use');
    let record = await h.lastRecord();
    assert.deepEqual(record.request.tools, ['lookup_stock']);
    assert.match(record.response.text!, /\[tool_use lookup_stock\]/);

    const stream = h.anthropic.messages.stream({
      model: 'sim-claude', max_tokens: 500, tools, tool_choice: { type: 'any' },
      messages: [
        { role: 'user', content: 'Call lookup_stock for ACME' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: '42.10 USD' }] },
      ],
    });
    const sawJsonDelta = await new Promise<boolean>((resolve, reject) => {
      let seen = false;
      stream.on('inputJson', () => { seen = true; });
      stream.on('end', () => resolve(seen));
      stream.on('error', reject);
    });
    assert.ok(sawJsonDelta, 'input_json_delta events reach the client');
    record = await h.lastRecord();
    assert.equal(record.request.messages.at(-1)?.role, 'tool');
    assert.equal(record.request.messages.at(-1)?.content, '42.10 USD');
    assert.equal(record.request.messages.at(-2)?.role, 'assistant');
    assert.match(record.request.messages.at(-2)!.content, /\[tool_use lookup_stock\]/);
  });
});
