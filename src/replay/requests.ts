/**
 * Rebuilds the request an SDK client would have sent from a spec v1 exchange record, one pure
 * function per endpoint. The aim is that the gateway, describing the rebuilt request, records the
 * same facts as the input record (system, messages, tools, reasoning, max_tokens, temperature,
 * stream); where the target API cannot express the record, the rebuild stays valid for the API and
 * the difference is documented here:
 *
 * - Tool calls. Records keep an assistant's tool calls as trailing `[tool_call NAME]` (OpenAI) or
 *   `[tool_use NAME]` (Anthropic) lines, and a tool result as a `tool` message. When the `tool`
 *   messages right after such an assistant message are at least as many as its calls, the calls are
 *   rebuilt as real tool calls (arguments `{}`) and the results answer them in order. Any other
 *   `tool` message has no call to answer, which the APIs refuse, so it is sent as a user message
 *   `Tool result: <content>`.
 * - Anthropic: consecutive messages of the same role are merged (the API needs alternating roles);
 *   `max_tokens` defaults to 1024; with reasoning, thinking is enabled with a budget of at least
 *   1024 tokens below `max_tokens` (raised when needed), and `temperature` is left out (the API
 *   only allows it unset with thinking).
 * - OpenAI chat: reasoning is `reasoning_effort: 'medium'`, with `max_completion_tokens` (reasoning
 *   models refuse `max_tokens`); without reasoning, `max_tokens`.
 * - OpenAI responses: one user message is sent as a plain string `input`, like most clients do.
 */
import type { MessageCreateParams, MessageParam, TextBlockParam, ToolResultBlockParam, ToolUseBlockParam } from '@anthropic-ai/sdk/resources/messages';
import type { ChatCompletionCreateParams, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { ResponseCreateParams, ResponseInputItem } from 'openai/resources/responses/responses';
import type { ExchangeClient, ExchangeMessage, ExchangeRecord, ExchangeRequest } from '../records/types.js';

/** The endpoints replay can rebuild. */
export const REPLAY_ENDPOINTS = ['openai.chat', 'openai.responses', 'anthropic.messages'] as const;
export type ReplayEndpoint = (typeof REPLAY_ENDPOINTS)[number];

/** A request ready for the matching SDK call. */
export type BuiltRequest =
  | { endpoint: 'openai.chat'; body: ChatCompletionCreateParams }
  | { endpoint: 'openai.responses'; body: ResponseCreateParams }
  | { endpoint: 'anthropic.messages'; body: AnthropicMessagesBody };

/**
 * Anthropic Messages body. `temperature` is a documented API field that this SDK version no longer
 * declares; records carry it, so it is sent as recorded (the SDK passes body fields through).
 */
export type AnthropicMessagesBody = MessageCreateParams & { temperature?: number };

/** The outcome of rebuilding one record: a request, or why it cannot be replayed. */
export type BuildResult = { ok: true; request: BuiltRequest } | { ok: false; reason: string };

export interface BuildOptions {
  /** Stream when the record streamed (default true); false sends every request without streaming. */
  streamAsRecorded?: boolean;
}

/** `max_tokens` of an Anthropic request whose record has none (the API requires one). */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 1024;
/** The smallest thinking budget the Anthropic API accepts. */
export const ANTHROPIC_MIN_THINKING_BUDGET = 1024;
/** Prefix of a tool result sent as a user message because no tool call precedes it. */
export const TOOL_RESULT_PREFIX = 'Tool result: ';

/** A conversation turn after tool calls and their results have been paired. */
export type Turn =
  | { kind: 'user'; text: string }
  | { kind: 'assistant'; text: string; calls: ToolCall[] }
  | { kind: 'tool_result'; callId: string; text: string }
  | { kind: 'orphan_tool'; text: string };

export interface ToolCall {
  id: string;
  name: string;
}

const CALL_MARKER = /^\[(?:tool_call|tool_use) ([^\]\n]*)\]$/;

/** Splits trailing `[tool_call NAME]` lines off an assistant text (the form the gateway records them in). */
export function splitToolMarkers(content: string): { text: string; names: string[] } {
  const lines = content.split('\n');
  const names: string[] = [];
  while (lines.length > 0) {
    const match = CALL_MARKER.exec(lines[lines.length - 1]!);
    if (!match) break;
    names.unshift(match[1]!);
    lines.pop();
  }
  return { text: lines.join('\n'), names };
}

/**
 * Pairs assistant tool calls with the `tool` messages right after them. Calls are rebuilt only when
 * every one of them gets a result (the APIs refuse unanswered calls); otherwise the markers stay
 * text and the results become orphans.
 */
export function pairToolTurns(messages: readonly ExchangeMessage[], idPrefix: string): Turn[] {
  const turns: Turn[] = [];
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i]!;
    if (message.role === 'user') {
      turns.push({ kind: 'user', text: message.content });
    } else if (message.role === 'tool') {
      turns.push({ kind: 'orphan_tool', text: message.content });
    } else {
      const { text, names } = splitToolMarkers(message.content);
      let results = 0;
      while (messages[i + 1 + results]?.role === 'tool') results += 1;
      if (names.length === 0 || results < names.length) {
        turns.push({ kind: 'assistant', text: message.content, calls: [] });
        continue;
      }
      const calls = names.map((name, j) => ({ id: `${idPrefix}${i}_${j}`, name }));
      turns.push({ kind: 'assistant', text, calls });
      for (const call of calls) {
        i += 1;
        turns.push({ kind: 'tool_result', callId: call.id, text: messages[i]!.content });
      }
    }
  }
  return turns;
}

const streamOf = (request: ExchangeRequest, options: BuildOptions): boolean =>
  (options.streamAsRecorded ?? true) && request.stream === true;

const emptyObjectSchema = { type: 'object' as const, properties: {} };

/** OpenAI Chat Completions body for `client.chat.completions.create`. */
export function buildOpenAIChat(record: ExchangeRecord, options: BuildOptions = {}): ChatCompletionCreateParams {
  const request = record.request;
  const messages: ChatCompletionMessageParam[] = [];
  if (request.system !== undefined) messages.push({ role: 'system', content: request.system });
  for (const turn of pairToolTurns(request.messages, 'call_')) {
    switch (turn.kind) {
      case 'user':
        messages.push({ role: 'user', content: turn.text });
        break;
      case 'orphan_tool':
        messages.push({ role: 'user', content: `${TOOL_RESULT_PREFIX}${turn.text}` });
        break;
      case 'tool_result':
        messages.push({ role: 'tool', tool_call_id: turn.callId, content: turn.text });
        break;
      case 'assistant':
        messages.push(turn.calls.length === 0
          ? { role: 'assistant', content: turn.text }
          : {
            role: 'assistant',
            // null, not '': the gateway records no text line for an empty content
            content: turn.text === '' ? null : turn.text,
            tool_calls: turn.calls.map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.name, arguments: '{}' } })),
          });
        break;
    }
  }
  const reasoning = request.reasoning === true;
  return {
    model: record.model,
    messages,
    ...(request.tools?.length
      ? { tools: request.tools.map((name) => ({ type: 'function' as const, function: { name, parameters: emptyObjectSchema } })) }
      : {}),
    ...(reasoning ? { reasoning_effort: 'medium' as const } : {}),
    ...(request.max_tokens === undefined ? {} : reasoning ? { max_completion_tokens: request.max_tokens } : { max_tokens: request.max_tokens }),
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    stream: streamOf(request, options),
  };
}

/** OpenAI Responses body for `client.responses.create`. */
export function buildOpenAIResponses(record: ExchangeRecord, options: BuildOptions = {}): ResponseCreateParams {
  const request = record.request;
  const turns = pairToolTurns(request.messages, 'call_');
  let input: string | ResponseInputItem[];
  if (turns.length === 1 && turns[0]!.kind === 'user') {
    input = turns[0]!.text;
  } else {
    input = [];
    for (const turn of turns) {
      switch (turn.kind) {
        case 'user':
          input.push({ role: 'user', content: turn.text });
          break;
        case 'orphan_tool':
          input.push({ role: 'user', content: `${TOOL_RESULT_PREFIX}${turn.text}` });
          break;
        case 'tool_result':
          input.push({ type: 'function_call_output', call_id: turn.callId, output: turn.text });
          break;
        case 'assistant':
          if (turn.text !== '' || turn.calls.length === 0) input.push({ role: 'assistant', content: turn.text });
          for (const call of turn.calls) input.push({ type: 'function_call', call_id: call.id, name: call.name, arguments: '{}' });
          break;
      }
    }
  }
  return {
    model: record.model,
    ...(request.system === undefined ? {} : { instructions: request.system }),
    input,
    ...(request.tools?.length
      ? { tools: request.tools.map((name) => ({ type: 'function' as const, name, parameters: emptyObjectSchema, strict: false })) }
      : {}),
    ...(request.reasoning === true ? { reasoning: { effort: 'medium' as const } } : {}),
    ...(request.max_tokens === undefined ? {} : { max_output_tokens: request.max_tokens }),
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    stream: streamOf(request, options),
  };
}

type AnthropicContent = string | Array<TextBlockParam | ToolUseBlockParam | ToolResultBlockParam>;

const asBlocks = (content: AnthropicContent): Array<TextBlockParam | ToolUseBlockParam | ToolResultBlockParam> =>
  typeof content === 'string' ? [{ type: 'text', text: content }] : content;

/** Anthropic Messages body for `client.messages.create`. */
export function buildAnthropicMessages(record: ExchangeRecord, options: BuildOptions = {}): AnthropicMessagesBody {
  const request = record.request;
  const messages: Array<{ role: 'user' | 'assistant'; content: AnthropicContent }> = [];
  const add = (role: 'user' | 'assistant', content: AnthropicContent): void => {
    const last = messages[messages.length - 1];
    if (last?.role !== role) {
      messages.push({ role, content });
    } else if (typeof last.content === 'string' && typeof content === 'string') {
      // The API wants alternating roles: same-role neighbours become one message.
      last.content = `${last.content}\n\n${content}`;
    } else {
      last.content = [...asBlocks(last.content), ...asBlocks(content)];
    }
  };
  for (const turn of pairToolTurns(request.messages, 'toolu_')) {
    switch (turn.kind) {
      case 'user':
        add('user', turn.text);
        break;
      case 'orphan_tool':
        add('user', `${TOOL_RESULT_PREFIX}${turn.text}`);
        break;
      case 'tool_result':
        add('user', [{ type: 'tool_result', tool_use_id: turn.callId, content: turn.text }]);
        break;
      case 'assistant':
        add('assistant', turn.calls.length === 0
          ? turn.text
          : [
            ...(turn.text === '' ? [] : [{ type: 'text' as const, text: turn.text }]),
            ...turn.calls.map((c) => ({ type: 'tool_use' as const, id: c.id, name: c.name, input: {} })),
          ]);
        break;
    }
  }
  const reasoning = request.reasoning === true;
  let maxTokens = request.max_tokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS;
  let budget = 0;
  if (reasoning) {
    budget = Math.max(ANTHROPIC_MIN_THINKING_BUDGET, Math.floor(maxTokens / 2));
    // the budget must stay below max_tokens; keep the record's room for the answer on top of it
    if (maxTokens <= budget) maxTokens = budget + maxTokens;
  }
  return {
    model: record.model,
    max_tokens: maxTokens,
    ...(request.system === undefined ? {} : { system: request.system }),
    messages: messages as MessageParam[],
    ...(request.tools?.length ? { tools: request.tools.map((name) => ({ name, input_schema: emptyObjectSchema })) } : {}),
    ...(reasoning ? { thinking: { type: 'enabled' as const, budget_tokens: budget } } : {}),
    ...(request.temperature === undefined || reasoning ? {} : { temperature: request.temperature }),
    stream: streamOf(request, options),
  };
}

/** True when replay can rebuild requests of this endpoint. */
export function isReplayEndpoint(endpoint: string): endpoint is ReplayEndpoint {
  return (REPLAY_ENDPOINTS as readonly string[]).includes(endpoint);
}

/** Rebuilds the request of one record for its endpoint; unknown endpoints are refused with a reason. */
export function buildRequest(record: ExchangeRecord, options: BuildOptions = {}): BuildResult {
  switch (record.endpoint) {
    case 'openai.chat':
      return { ok: true, request: { endpoint: 'openai.chat', body: buildOpenAIChat(record, options) } };
    case 'openai.responses':
      return { ok: true, request: { endpoint: 'openai.responses', body: buildOpenAIResponses(record, options) } };
    case 'anthropic.messages':
      return { ok: true, request: { endpoint: 'anthropic.messages', body: buildAnthropicMessages(record, options) } };
    default:
      return { ok: false, reason: `unsupported endpoint ${JSON.stringify(record.endpoint)} (replay sends ${REPLAY_ENDPOINTS.join(', ')})` };
  }
}

/** The trusted-proxy header names the gateway reads client facts from (its `server.clientHeaders` defaults). */
export const CLIENT_HEADERS = {
  forwardedFor: 'x-forwarded-for',
  asn: 'x-client-asn',
  tlsFingerprint: 'x-client-tls-fingerprint',
  deviceId: 'x-client-device-id',
  country: 'x-client-country',
  userAgent: 'user-agent',
} as const;

// The gateway keeps only printable ASCII header values, and fetch refuses anything beyond Latin-1.
const PRINTABLE = /^[\x20-\x7e]+$/;

/**
 * The headers that carry a record's client facts through a trusted proxy hop: the address in
 * X-Forwarded-For, the facts a TLS-terminating edge would add, and the recorded User-Agent.
 * Values that cannot travel in a header (not printable ASCII) are left out and named in `dropped`.
 */
export function clientHeaders(client: ExchangeClient): { headers: Record<string, string>; dropped: string[] } {
  const headers: Record<string, string> = {};
  const dropped: string[] = [];
  const set = (name: string, value: string | number | undefined): void => {
    if (value === undefined) return;
    const text = String(value);
    if (PRINTABLE.test(text)) headers[name] = text;
    else dropped.push(name);
  };
  set(CLIENT_HEADERS.forwardedFor, client.ip);
  set(CLIENT_HEADERS.asn, client.asn);
  set(CLIENT_HEADERS.tlsFingerprint, client.tls_fp);
  set(CLIENT_HEADERS.deviceId, client.device_id);
  set(CLIENT_HEADERS.country, client.country);
  set(CLIENT_HEADERS.userAgent, client.user_agent);
  return { headers, dropped };
}
