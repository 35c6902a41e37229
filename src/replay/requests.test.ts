import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { anthropicMessagesAdapter } from '../gateway/protocols/anthropic-messages.js';
import { openaiChatAdapter } from '../gateway/protocols/openai-chat.js';
import { openaiResponsesAdapter } from '../gateway/protocols/openai-responses.js';
import type { ExchangeRecord, ExchangeRequest } from '../records/types.js';
import { makeExchange } from '../testing/fixtures.js';
import {
  buildAnthropicMessages,
  buildOpenAIChat,
  buildOpenAIResponses,
  buildRequest,
  clientHeaders,
  pairToolTurns,
  splitToolMarkers,
} from './requests.js';

const record = (endpoint: string, request: ExchangeRequest, model = 'sim-gpt'): ExchangeRecord => makeExchange({ endpoint, model, request });
// the SDK bodies are plain JSON objects; the adapters read them as the gateway would
const asBody = (body: object): Record<string, unknown> => JSON.parse(JSON.stringify(body)) as Record<string, unknown>;

describe('replay: OpenAI chat requests', () => {
  it('puts the system prompt first and keeps roles, model, sampling and stream as recorded', () => {
    const body = buildOpenAIChat(record('openai.chat', {
      system: 'Be terse.',
      messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }, { role: 'user', content: 'more' }],
      max_tokens: 200, temperature: 0.2, stream: true,
    }));
    assert.equal(body.model, 'sim-gpt');
    assert.deepEqual(body.messages, [
      { role: 'system', content: 'Be terse.' },
      { role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }, { role: 'user', content: 'more' },
    ]);
    assert.equal(body.max_tokens, 200);
    assert.equal(body.temperature, 0.2);
    assert.equal(body.stream, true);
    assert.equal(body.reasoning_effort, undefined);
  });

  it('asks for medium reasoning with max_completion_tokens, and declares tools as functions', () => {
    const body = buildOpenAIChat(record('openai.chat', { messages: [{ role: 'user', content: 'x' }], reasoning: true, max_tokens: 500, tools: ['search', 'calc'] }));
    assert.equal(body.reasoning_effort, 'medium');
    assert.equal(body.max_completion_tokens, 500);
    assert.equal(body.max_tokens, undefined);
    assert.deepEqual(body.tools?.map((t) => (t.type === 'function' ? t.function.name : '')), ['search', 'calc']);
    assert.equal(body.stream, false);
  });

  it('answers recorded tool calls with tool messages, and sends a tool message without a call as a user message', () => {
    const body = buildOpenAIChat(record('openai.chat', {
      messages: [
        { role: 'user', content: 'weather?' },
        { role: 'assistant', content: 'Looking.\n[tool_call get_weather]' },
        { role: 'tool', content: '{"t":21}' },
        { role: 'tool', content: 'stray' },
        { role: 'user', content: 'thanks' },
      ],
    }));
    assert.deepEqual(body.messages, [
      { role: 'user', content: 'weather?' },
      { role: 'assistant', content: 'Looking.', tool_calls: [{ id: 'call_1_0', type: 'function', function: { name: 'get_weather', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'call_1_0', content: '{"t":21}' },
      { role: 'user', content: 'Tool result: stray' },
      { role: 'user', content: 'thanks' },
    ]);
  });

  it('streams nothing with streamAsRecorded false', () => {
    assert.equal(buildOpenAIChat(record('openai.chat', { messages: [{ role: 'user', content: 'x' }], stream: true }), { streamAsRecorded: false }).stream, false);
  });

  it('is recorded by the gateway with the same request facts', () => {
    const request: ExchangeRequest = {
      system: 'S',
      messages: [
        { role: 'user', content: 'q' },
        { role: 'assistant', content: '[tool_call a]\n[tool_call b]' },
        { role: 'tool', content: 'ra' }, { role: 'tool', content: 'rb' },
        { role: 'user', content: 'next' },
      ],
      tools: ['a', 'b'], reasoning: true, max_tokens: 64, temperature: 0.5, stream: true,
    };
    assert.deepEqual(openaiChatAdapter.describeRequest(asBody(buildOpenAIChat(record('openai.chat', request)))).request, request);
  });
});

describe('replay: OpenAI responses requests', () => {
  it('sends one user message as a string input, with instructions, reasoning and max_output_tokens', () => {
    const body = buildOpenAIResponses(record('openai.responses', {
      system: 'Be exact.', messages: [{ role: 'user', content: 'Prove it.' }], reasoning: true, max_tokens: 300, stream: true,
    }));
    assert.equal(body.instructions, 'Be exact.');
    assert.equal(body.input, 'Prove it.');
    assert.deepEqual(body.reasoning, { effort: 'medium' });
    assert.equal(body.max_output_tokens, 300);
    assert.equal(body.stream, true);
  });

  it('sends conversations as input items, tool calls as function_call items, stray tool messages as user messages', () => {
    const body = buildOpenAIResponses(record('openai.responses', {
      messages: [
        { role: 'tool', content: 'early' },
        { role: 'user', content: 'u' },
        { role: 'assistant', content: '[tool_call lookup]' },
        { role: 'tool', content: 'found' },
      ],
      tools: ['lookup'],
    }));
    assert.deepEqual(body.input, [
      { role: 'user', content: 'Tool result: early' },
      { role: 'user', content: 'u' },
      { type: 'function_call', call_id: 'call_2_0', name: 'lookup', arguments: '{}' },
      { type: 'function_call_output', call_id: 'call_2_0', output: 'found' },
    ]);
    assert.deepEqual(body.tools, [{ type: 'function', name: 'lookup', parameters: { type: 'object', properties: {} }, strict: false }]);
    assert.equal(body.stream, false);
  });

  it('is recorded by the gateway with the same request facts', () => {
    const request: ExchangeRequest = {
      system: 'I',
      messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }, { role: 'user', content: 'c' }],
      reasoning: true, max_tokens: 100, temperature: 1, stream: false,
    };
    assert.deepEqual(openaiResponsesAdapter.describeRequest(asBody(buildOpenAIResponses(record('openai.responses', request)))).request, request);
  });
});

describe('replay: Anthropic messages requests', () => {
  it('defaults max_tokens to 1024, keeps system, temperature and stream', () => {
    const body = buildAnthropicMessages(record('anthropic.messages', { system: 'S', messages: [{ role: 'user', content: 'hi' }], temperature: 0.7, stream: true }, 'sim-claude'));
    assert.equal(body.model, 'sim-claude');
    assert.equal(body.max_tokens, 1024);
    assert.equal(body.system, 'S');
    assert.equal(body.temperature, 0.7);
    assert.equal(body.stream, true);
    assert.equal(body.thinking, undefined);
  });

  it('merges consecutive same-role messages and sends stray tool messages as user text', () => {
    const body = buildAnthropicMessages(record('anthropic.messages', {
      messages: [
        { role: 'user', content: 'one' }, { role: 'user', content: 'two' },
        { role: 'assistant', content: 'ok' },
        { role: 'tool', content: 'out' }, { role: 'user', content: 'three' },
      ],
    }));
    assert.deepEqual(body.messages, [
      { role: 'user', content: 'one\n\ntwo' },
      { role: 'assistant', content: 'ok' },
      { role: 'user', content: 'Tool result: out\n\nthree' },
    ]);
    const roles = body.messages.map((m) => m.role);
    assert.ok(roles.every((r, i) => i === 0 || r !== roles[i - 1]), 'roles alternate');
  });

  it('enables thinking with a budget below max_tokens and leaves temperature out', () => {
    const small = buildAnthropicMessages(record('anthropic.messages', { messages: [{ role: 'user', content: 'x' }], reasoning: true, temperature: 0.3 }));
    assert.deepEqual(small.thinking, { type: 'enabled', budget_tokens: 1024 });
    assert.equal(small.max_tokens, 2048, 'raised above the budget, keeping the recorded room for the answer');
    assert.equal(small.temperature, undefined);
    const large = buildAnthropicMessages(record('anthropic.messages', { messages: [{ role: 'user', content: 'x' }], reasoning: true, max_tokens: 8000 }));
    assert.deepEqual(large.thinking, { type: 'enabled', budget_tokens: 4000 });
    assert.equal(large.max_tokens, 8000);
  });

  it('answers recorded tool_use with tool_result blocks, and is recorded with the same request facts', () => {
    const request: ExchangeRequest = {
      system: 'S',
      messages: [
        { role: 'user', content: 'run it' },
        { role: 'assistant', content: 'Sure.\n[tool_use bash]' },
        { role: 'tool', content: 'exit 0' },
        { role: 'assistant', content: 'Done.' },
        { role: 'user', content: 'thanks' },
      ],
      tools: ['bash'], max_tokens: 300, temperature: 0.1, stream: false,
    };
    const body = buildAnthropicMessages(record('anthropic.messages', request));
    assert.deepEqual(body.messages[1], { role: 'assistant', content: [{ type: 'text', text: 'Sure.' }, { type: 'tool_use', id: 'toolu_1_0', name: 'bash', input: {} }] });
    assert.deepEqual(body.messages[2], { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1_0', content: 'exit 0' }] });
    assert.deepEqual(anthropicMessagesAdapter.describeRequest(asBody(body)).request, request);
  });
});

describe('replay: request dispatch and client headers', () => {
  it('builds each known endpoint and refuses unknown ones with a reason', () => {
    for (const endpoint of ['openai.chat', 'openai.responses', 'anthropic.messages']) {
      const result = buildRequest(record(endpoint, { messages: [{ role: 'user', content: 'x' }] }));
      assert.ok(result.ok && result.request.endpoint === endpoint);
    }
    const unknown = buildRequest(record('google.generate', { messages: [{ role: 'user', content: 'x' }] }));
    assert.equal(unknown.ok, false);
    assert.match(!unknown.ok ? unknown.reason : '', /unsupported endpoint "google\.generate"/);
  });

  it('splits only trailing tool markers and pairs calls only when every call is answered', () => {
    assert.deepEqual(splitToolMarkers('[tool_call a]\ntext\n[tool_call b]'), { text: '[tool_call a]\ntext', names: ['b'] });
    const unanswered = pairToolTurns([{ role: 'assistant', content: '[tool_call a]\n[tool_call b]' }, { role: 'tool', content: 'r' }], 'c_');
    assert.deepEqual(unanswered, [
      { kind: 'assistant', text: '[tool_call a]\n[tool_call b]', calls: [] },
      { kind: 'orphan_tool', text: 'r' },
    ]);
  });

  it('carries client facts in the trusted-proxy headers, only those present, and drops values a header cannot carry', () => {
    assert.deepEqual(clientHeaders({ ip: '198.51.100.4', asn: 64500, country: 'DE', user_agent: 'python-httpx/0.27', tls_fp: 't13d1516h2', device_id: 'dev-1' }).headers, {
      'x-forwarded-for': '198.51.100.4', 'x-client-asn': '64500', 'x-client-country': 'DE',
      'user-agent': 'python-httpx/0.27', 'x-client-tls-fingerprint': 't13d1516h2', 'x-client-device-id': 'dev-1',
    });
    assert.deepEqual(clientHeaders({ ip: '2001:db8::1' }), { headers: { 'x-forwarded-for': '2001:db8::1' }, dropped: [] });
    assert.deepEqual(clientHeaders({ ip: '10.0.0.1', user_agent: 'bot\u00e9/1' }).dropped, ['user-agent']);
  });
});
