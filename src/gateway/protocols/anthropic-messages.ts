import type { ExchangeMessage, ExchangeRequest } from '../../records/types.js';
import { asNumber, asObject, asString, contentText, isObject, parseEventObject } from './content.js';
import type { BodyProblem, ProtocolAdapter, RequestFacts, ResponseFacts, StreamAccumulator } from './types.js';

function validate(body: Record<string, unknown>): BodyProblem | undefined {
  if (typeof body.model !== 'string' || body.model.length === 0) {
    return { param: 'model', message: 'model: Field required (a non-empty string)' };
  }
  if (typeof body.max_tokens !== 'number' || !Number.isInteger(body.max_tokens) || body.max_tokens < 1) {
    return { param: 'max_tokens', message: 'max_tokens: Field required (a positive integer)' };
  }
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    return { param: 'messages', message: 'messages: must be a non-empty array' };
  }
  if (body.stream !== undefined && typeof body.stream !== 'boolean') {
    return { param: 'stream', message: 'stream: must be a boolean' };
  }
  if (body.system !== undefined && typeof body.system !== 'string' && !Array.isArray(body.system)) {
    return { param: 'system', message: 'system: must be a string or an array of text blocks' };
  }
  for (const [index, message] of body.messages.entries()) {
    if (!isObject(message)) return { param: `messages.${index}`, message: `messages.${index}: must be an object` };
    if (message.role !== 'user' && message.role !== 'assistant') {
      return { param: `messages.${index}.role`, message: `messages.${index}.role: must be "user" or "assistant"` };
    }
    if (typeof message.content !== 'string' && !Array.isArray(message.content)) {
      return { param: `messages.${index}.content`, message: `messages.${index}.content: must be a string or an array of content blocks` };
    }
  }
  if (body.tools !== undefined && !Array.isArray(body.tools)) return { param: 'tools', message: 'tools: must be an array' };
  return undefined;
}

/** A user turn made only of tool results is, in spec terms, a `tool` message. */
function roleOf(message: Record<string, unknown>): ExchangeMessage['role'] {
  if (message.role === 'assistant') return 'assistant';
  const blocks = message.content;
  if (Array.isArray(blocks) && blocks.length > 0 && blocks.every((b) => asObject(b)?.type === 'tool_result')) return 'tool';
  return 'user';
}

function describeRequest(body: Record<string, unknown>): RequestFacts {
  const messages = (body.messages as Array<Record<string, unknown>>).map((m) => ({ role: roleOf(m), content: contentText(m.content) }));
  const system = body.system === undefined ? undefined : contentText(body.system);
  const tools = Array.isArray(body.tools) ? body.tools.map((t) => asString(asObject(t)?.name) ?? '').filter(Boolean) : undefined;
  const thinkingType = asString(asObject(body.thinking)?.type);
  const request: ExchangeRequest = {
    ...(system === undefined ? {} : { system }),
    messages,
    ...(tools?.length ? { tools } : {}),
    ...(thinkingType === undefined ? {} : { reasoning: thinkingType !== 'disabled' }),
    max_tokens: body.max_tokens as number,
    ...(asNumber(body.temperature) === undefined ? {} : { temperature: body.temperature as number }),
    stream: body.stream === true,
  };
  return { model: body.model as string, stream: body.stream === true, request };
}

function inputTokens(usage: Record<string, unknown>): number | undefined {
  const base = asNumber(usage.input_tokens);
  if (base === undefined) return undefined;
  // Cached prompt tokens are still prompt tokens the client sent.
  return base + (asNumber(usage.cache_creation_input_tokens) ?? 0) + (asNumber(usage.cache_read_input_tokens) ?? 0);
}

function blocksFacts(blocks: unknown[]): Pick<ResponseFacts, 'text' | 'reasoning'> {
  const text: string[] = [];
  const reasoning: string[] = [];
  for (const block of blocks) {
    const b = asObject(block);
    if (!b) continue;
    if (b.type === 'thinking') reasoning.push(asString(b.thinking) ?? '');
    else if (b.type === 'redacted_thinking') reasoning.push('[redacted_thinking]');
    else text.push(contentText([b]));
  }
  return { text: text.filter(Boolean).join('\n'), ...(reasoning.length ? { reasoning: reasoning.join('\n') } : {}) };
}

function parseResponse(body: unknown): ResponseFacts {
  const object = asObject(body) ?? {};
  const usage = asObject(object.usage) ?? {};
  const stop = asString(object.stop_reason);
  const input = inputTokens(usage);
  return {
    ...blocksFacts(Array.isArray(object.content) ? object.content : []),
    ...(stop ? { finishReason: stop } : {}),
    ...(stop === 'refusal' ? { refusal: true } : {}),
    ...(input === undefined ? {} : { inputTokens: input }),
    ...(asNumber(usage.output_tokens) === undefined ? {} : { outputTokens: usage.output_tokens as number }),
  };
}

class MessagesStreamAccumulator implements StreamAccumulator {
  private readonly blocks: Array<Record<string, unknown>> = [];
  private facts: ResponseFacts = {};
  complete = false;

  onEvent(_event: string | undefined, data: string): void {
    const event = parseEventObject(data);
    if (!event) return;
    switch (event.type) {
      case 'message_start': {
        const usage = asObject(asObject(event.message)?.usage) ?? {};
        const input = inputTokens(usage);
        if (input !== undefined) this.facts.inputTokens = input;
        const output = asNumber(usage.output_tokens);
        if (output !== undefined) this.facts.outputTokens = output;
        break;
      }
      case 'content_block_start': {
        const index = asNumber(event.index) ?? this.blocks.length;
        this.blocks[index] = { ...(asObject(event.content_block) ?? {}) };
        break;
      }
      case 'content_block_delta': {
        const block = this.blocks[asNumber(event.index) ?? -1];
        const delta = asObject(event.delta);
        if (!block || !delta) break;
        if (delta.type === 'text_delta') block.text = (asString(block.text) ?? '') + (asString(delta.text) ?? '');
        if (delta.type === 'thinking_delta') block.thinking = (asString(block.thinking) ?? '') + (asString(delta.thinking) ?? '');
        break;
      }
      case 'message_delta': {
        const stop = asString(asObject(event.delta)?.stop_reason);
        if (stop) this.facts.finishReason = stop;
        const usage = asObject(event.usage) ?? {};
        const output = asNumber(usage.output_tokens);
        if (output !== undefined) this.facts.outputTokens = output;
        const input = inputTokens(usage);
        if (input !== undefined && input > 0) this.facts.inputTokens = input;
        break;
      }
      case 'message_stop':
        this.complete = true;
        break;
      case 'error':
        this.facts.streamError = asString(asObject(event.error)?.message) ?? 'upstream error';
        break;
      default:
        break; // ping and future event types pass through untouched
    }
  }

  result(): ResponseFacts {
    return {
      ...this.facts,
      ...blocksFacts(this.blocks.filter(Boolean)),
      ...(this.facts.finishReason === 'refusal' ? { refusal: true } : {}),
    };
  }
}

/** Anthropic Messages (`POST /v1/messages`). */
export const anthropicMessagesAdapter: ProtocolAdapter = {
  protocol: 'anthropic.messages',
  flavor: 'anthropic',
  path: '/v1/messages',
  validate,
  describeRequest,
  parseResponse,
  createStreamAccumulator: () => new MessagesStreamAccumulator(),
  streamErrorEvent: (code, message) =>
    `event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: 'api_error', message, code } })}\n\n`,
};
