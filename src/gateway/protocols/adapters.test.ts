import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { anthropicMessagesAdapter } from './anthropic-messages.js';
import { openaiChatAdapter } from './openai-chat.js';
import { openaiResponsesAdapter } from './openai-responses.js';

describe('protocol adapters: request facts', () => {
  it('OpenAI chat: joins system and developer messages, marks non-text parts, names tools, reads reasoning', () => {
    const facts = openaiChatAdapter.describeRequest({
      model: 'm', stream: true, max_completion_tokens: 99, reasoning_effort: 'none',
      messages: [
        { role: 'system', content: 'A' }, { role: 'developer', content: [{ type: 'text', text: 'B' }] },
        { role: 'user', content: [{ type: 'text', text: 'look' }, { type: 'image_url', image_url: { url: 'data:' } }] },
        { role: 'assistant', content: null, tool_calls: [{ id: '1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: '1', content: 'result' },
      ],
      tools: [{ type: 'function', function: { name: 'f' } }],
    });
    assert.equal(facts.request.system, 'A\n\nB');
    assert.deepEqual(facts.request.messages, [
      { role: 'user', content: 'look\n[image]' }, { role: 'assistant', content: '[tool_call f]' }, { role: 'tool', content: 'result' },
    ]);
    assert.deepEqual(facts.request.tools, ['f']);
    assert.equal(facts.request.reasoning, false, 'effort none is no reasoning');
    assert.equal(facts.request.max_tokens, 99);
    assert.equal(facts.stream, true);
  });

  it('Anthropic: system blocks, tool results as tool messages, thinking drops out of history, documents marked', () => {
    const facts = anthropicMessagesAdapter.describeRequest({
      model: 'c', max_tokens: 10, system: [{ type: 'text', text: 'S1' }, { type: 'text', text: 'S2' }], thinking: { type: 'enabled', budget_tokens: 1 },
      messages: [
        { role: 'user', content: [{ type: 'document', source: {} }, { type: 'text', text: 'q' }] },
        { role: 'assistant', content: [{ type: 'thinking', thinking: 'secret' }, { type: 'tool_use', id: 't', name: 'calc', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'text', text: '4' }] }] },
      ],
    });
    assert.equal(facts.request.system, 'S1\nS2');
    assert.deepEqual(facts.request.messages, [
      { role: 'user', content: '[document]\nq' }, { role: 'assistant', content: '[tool_use calc]' }, { role: 'tool', content: '4' },
    ]);
    assert.equal(facts.request.reasoning, true);
  });

  it('Responses: instructions and developer items become system, function calls and outputs keep their roles', () => {
    const facts = openaiResponsesAdapter.describeRequest({
      model: 'r', instructions: 'I', reasoning: { effort: 'high' },
      input: [
        { role: 'developer', content: 'D' }, { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'u' }, { type: 'input_image', image_url: 'x' }] },
        { type: 'function_call', name: 'lookup', call_id: 'c', arguments: '{}' }, { type: 'function_call_output', call_id: 'c', output: 'out' },
        { type: 'reasoning', id: 'rs', summary: [] },
      ],
    });
    assert.equal(facts.request.system, 'I\n\nD');
    assert.deepEqual(facts.request.messages, [
      { role: 'user', content: 'u\n[image]' }, { role: 'assistant', content: '[tool_call lookup]' }, { role: 'tool', content: 'out' },
    ]);
    assert.equal(facts.request.reasoning, true);
  });
});

describe('protocol adapters: responses and streams', () => {
  it('OpenAI chat: refusals and reasoning from a whole response', () => {
    const facts = openaiChatAdapter.parseResponse({
      choices: [{ message: { content: null, refusal: 'I cannot help', reasoning: 'r' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 3, completion_tokens: 4, completion_tokens_details: { reasoning_tokens: 2 } },
    });
    assert.equal(facts.refusal, true);
    assert.equal(facts.reasoning, 'r');
    assert.deepEqual([facts.inputTokens, facts.outputTokens, facts.reasoningTokens], [3, 4, 2]);
  });

  it('Anthropic: counts cached input tokens, and takes usage from message_start and message_delta', () => {
    const acc = anthropicMessagesAdapter.createStreamAccumulator();
    acc.onEvent('message_start', JSON.stringify({ type: 'message_start', message: { usage: { input_tokens: 10, cache_read_input_tokens: 5, output_tokens: 1 } } }));
    acc.onEvent('content_block_start', JSON.stringify({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }));
    acc.onEvent('content_block_delta', JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi' } }));
    acc.onEvent('ping', JSON.stringify({ type: 'ping' }));
    acc.onEvent('message_delta', JSON.stringify({ type: 'message_delta', delta: { stop_reason: 'refusal' }, usage: { output_tokens: 7 } }));
    assert.equal(acc.complete, false);
    acc.onEvent('message_stop', JSON.stringify({ type: 'message_stop' }));
    assert.equal(acc.complete, true);
    assert.deepEqual(acc.result(), { inputTokens: 15, outputTokens: 7, finishReason: 'refusal', text: 'Hi', refusal: true });
  });

  it('tolerates junk in a stream without throwing (the client still gets the bytes)', () => {
    for (const adapter of [openaiChatAdapter, anthropicMessagesAdapter, openaiResponsesAdapter]) {
      const acc = adapter.createStreamAccumulator();
      for (const data of ['not json', 'null', '42', '[]', '{"choices":"x"}', '{"type":"content_block_delta","index":9}']) {
        assert.doesNotThrow(() => acc.onEvent(undefined, data));
      }
      assert.equal(typeof acc.result(), 'object');
    }
  });

  it('stream error events are valid SSE in each API\'s format', () => {
    assert.match(openaiChatAdapter.streamErrorEvent('c', 'm'), /^data: \{"error":\{"message":"m"/);
    assert.match(anthropicMessagesAdapter.streamErrorEvent('c', 'm'), /^event: error\ndata: \{"type":"error"/);
    assert.match(openaiResponsesAdapter.streamErrorEvent('c', 'm'), /^event: error\ndata: \{"type":"error","code":"c"/);
  });
});

describe('exchange ids', () => {
  it('are unique and sort by time', async () => {
    const { newExchangeId } = await import('../exchange.js');
    const ids = Array.from({ length: 10_000 }, (_, i) => newExchangeId(1_800_000_000_000 + Math.floor(i / 100)));
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual([...ids].sort(), ids);
    assert.match(ids[0]!, /^ex_[0-9a-z]{11}[0-9a-f]{12}[0-9a-z]{7}$/);
  });
});
