import type { ExchangeMessage, ExchangeRequest } from '../../records/types.js';
import { asNumber, asObject, asString, contentText, isObject, parseEventObject } from './content.js';
import type { BodyProblem, ProtocolAdapter, ResponseFacts, StreamAccumulator } from './types.js';

const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool', 'function']);

/** Shared checks of `model` and `stream` for the OpenAI-style bodies. */
export function checkModelAndStream(body: Record<string, unknown>): BodyProblem | undefined {
  if (typeof body.model !== 'string' || body.model.length === 0) {
    return { param: 'model', message: 'model must be a non-empty string' };
  }
  if (body.stream !== undefined && typeof body.stream !== 'boolean') {
    return { param: 'stream', message: 'stream must be a boolean' };
  }
  if (body.tools !== undefined && !Array.isArray(body.tools)) {
    return { param: 'tools', message: 'tools must be an array' };
  }
  return undefined;
}

function validate(body: Record<string, unknown>): BodyProblem | undefined {
  const basic = checkModelAndStream(body);
  if (basic) return basic;
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    return { param: 'messages', message: 'messages must be a non-empty array' };
  }
  for (const [index, message] of body.messages.entries()) {
    if (!isObject(message)) return { param: `messages[${index}]`, message: 'each message must be an object' };
    if (typeof message.role !== 'string' || !ROLES.has(message.role)) {
      return { param: `messages[${index}].role`, message: `role must be one of ${[...ROLES].join(', ')}` };
    }
    const content = message.content;
    if (content !== undefined && content !== null && typeof content !== 'string' && !Array.isArray(content)) {
      return { param: `messages[${index}].content`, message: 'content must be a string or an array of content parts' };
    }
  }
  return undefined;
}

function toolCallsText(toolCalls: unknown): string {
  if (!Array.isArray(toolCalls)) return '';
  return toolCalls
    .map((call) => `[tool_call ${String(asObject(asObject(call)?.function)?.name ?? '')}]`)
    .join('\n');
}

function describeRequest(body: Record<string, unknown>): ReturnType<ProtocolAdapter['describeRequest']> {
  const systemParts: string[] = [];
  const messages: ExchangeMessage[] = [];
  for (const raw of body.messages as Array<Record<string, unknown>>) {
    const role = raw.role as string;
    const text = contentText(raw.content);
    if (role === 'system' || role === 'developer') {
      systemParts.push(text);
    } else if (role === 'assistant') {
      messages.push({ role: 'assistant', content: [text, toolCallsText(raw.tool_calls)].filter(Boolean).join('\n') });
    } else {
      messages.push({ role: role === 'user' ? 'user' : 'tool', content: text });
    }
  }
  const tools = Array.isArray(body.tools)
    ? body.tools.map((t) => asString(asObject(asObject(t)?.function)?.name) ?? asString(asObject(t)?.type) ?? '').filter(Boolean)
    : undefined;
  const reasoningObject = asObject(body.reasoning);
  const effort = asString(body.reasoning_effort) ?? asString(reasoningObject?.effort);
  const reasoning = effort !== undefined ? effort !== 'none' : reasoningObject !== undefined ? reasoningObject.enabled !== false : undefined;
  const maxTokens = asNumber(body.max_completion_tokens) ?? asNumber(body.max_tokens);
  const request: ExchangeRequest = {
    ...(systemParts.length ? { system: systemParts.join('\n\n') } : {}),
    messages,
    ...(tools?.length ? { tools } : {}),
    ...(reasoning === undefined ? {} : { reasoning }),
    ...(maxTokens === undefined ? {} : { max_tokens: Math.max(0, Math.floor(maxTokens)) }),
    ...(asNumber(body.temperature) === undefined ? {} : { temperature: body.temperature as number }),
    stream: body.stream === true,
  };
  return { model: body.model as string, stream: body.stream === true, request };
}

function usageFacts(usage: unknown): Pick<ResponseFacts, 'inputTokens' | 'outputTokens' | 'reasoningTokens'> {
  const u = asObject(usage);
  if (!u) return {};
  const reasoningTokens = asNumber(asObject(u.completion_tokens_details)?.reasoning_tokens);
  return {
    ...(asNumber(u.prompt_tokens) === undefined ? {} : { inputTokens: u.prompt_tokens as number }),
    ...(asNumber(u.completion_tokens) === undefined ? {} : { outputTokens: u.completion_tokens as number }),
    ...(reasoningTokens === undefined ? {} : { reasoningTokens }),
  };
}

function parseResponse(body: unknown): ResponseFacts {
  const choice = asObject(Array.isArray(asObject(body)?.choices) ? (asObject(body)!.choices as unknown[])[0] : undefined);
  const message = asObject(choice?.message);
  const text = [asString(message?.content) ?? '', toolCallsText(message?.tool_calls)].filter(Boolean).join('\n');
  const reasoning = asString(message?.reasoning_content) ?? asString(message?.reasoning);
  const refusal = asString(message?.refusal);
  return {
    text,
    ...(reasoning === undefined ? {} : { reasoning }),
    ...(asString(choice?.finish_reason) === undefined ? {} : { finishReason: choice!.finish_reason as string }),
    ...(refusal ? { refusal: true } : {}),
    ...usageFacts(asObject(body)?.usage),
  };
}

class ChatStreamAccumulator implements StreamAccumulator {
  private text = '';
  private reasoning = '';
  private sawReasoning = false;
  private readonly toolNames: string[] = [];
  private facts: ResponseFacts = {};
  private refusal = false;
  complete = false;

  onEvent(_event: string | undefined, data: string): void {
    if (data === '[DONE]') {
      this.complete = true;
      return;
    }
    // the client gets the bytes as they are; a junk event just teaches the record nothing
    const object = parseEventObject(data);
    if (!object) return;
    if (object.error !== undefined) {
      this.facts.streamError = asString(asObject(object.error)?.message) ?? 'upstream error';
      return;
    }
    if (object.usage) Object.assign(this.facts, usageFacts(object.usage));
    const choices = Array.isArray(object.choices) ? object.choices : [];
    const choice = asObject(choices[0]);
    if (!choice) return;
    const delta = asObject(choice.delta);
    if (delta) {
      const content = asString(delta.content);
      if (content) this.text += content;
      const reasoning = asString(delta.reasoning_content) ?? asString(delta.reasoning);
      if (reasoning !== undefined) {
        this.reasoning += reasoning;
        this.sawReasoning = true;
      }
      if (asString(delta.refusal)) this.refusal = true;
      if (Array.isArray(delta.tool_calls)) {
        for (const call of delta.tool_calls) {
          const name = asString(asObject(asObject(call)?.function)?.name);
          if (name) this.toolNames.push(name);
        }
      }
    }
    const finish = asString(choice.finish_reason);
    if (finish) this.facts.finishReason = finish;
  }

  result(): ResponseFacts {
    const tools = this.toolNames.map((name) => `[tool_call ${name}]`).join('\n');
    return {
      ...this.facts,
      text: [this.text, tools].filter(Boolean).join('\n'),
      ...(this.sawReasoning ? { reasoning: this.reasoning } : {}),
      ...(this.refusal ? { refusal: true } : {}),
    };
  }
}

/** OpenAI Chat Completions (`POST /v1/chat/completions`). */
export const openaiChatAdapter: ProtocolAdapter = {
  protocol: 'openai.chat',
  flavor: 'openai',
  path: '/v1/chat/completions',
  validate,
  describeRequest,
  parseResponse,
  createStreamAccumulator: () => new ChatStreamAccumulator(),
  streamErrorEvent: (code, message) =>
    `data: ${JSON.stringify({ error: { message, type: 'server_error', param: null, code } })}\n\n`,
};
