import type { ExchangeMessage, ExchangeRequest } from '../../records/types.js';
import { asNumber, asObject, asString, contentText, isObject, parseEventObject } from './content.js';
import { checkModelAndStream } from './openai-chat.js';
import type { BodyProblem, ProtocolAdapter, RequestFacts, ResponseFacts, StreamAccumulator } from './types.js';

function validate(body: Record<string, unknown>): BodyProblem | undefined {
  const basic = checkModelAndStream(body);
  if (basic) return basic;
  const input = body.input;
  if (typeof input !== 'string' && !Array.isArray(input)) {
    return { param: 'input', message: 'input must be a string or an array of input items' };
  }
  if (Array.isArray(input)) {
    for (const [index, item] of input.entries()) {
      if (!isObject(item)) return { param: `input[${index}]`, message: 'each input item must be an object' };
    }
  }
  if (body.instructions !== undefined && body.instructions !== null && typeof body.instructions !== 'string') {
    return { param: 'instructions', message: 'instructions must be a string' };
  }
  return undefined;
}

function describeRequest(body: Record<string, unknown>): RequestFacts {
  const systemParts: string[] = [];
  if (typeof body.instructions === 'string') systemParts.push(body.instructions);
  const messages: ExchangeMessage[] = [];
  if (typeof body.input === 'string') {
    messages.push({ role: 'user', content: body.input });
  } else {
    for (const raw of body.input as Array<Record<string, unknown>>) {
      const type = asString(raw.type) ?? 'message';
      if (type === 'message') {
        const role = asString(raw.role) ?? 'user';
        const text = contentText(raw.content);
        if (role === 'system' || role === 'developer') systemParts.push(text);
        else messages.push({ role: role === 'assistant' ? 'assistant' : 'user', content: text });
      } else if (type === 'function_call' || type === 'custom_tool_call') {
        messages.push({ role: 'assistant', content: `[tool_call ${String(raw.name ?? '')}]` });
      } else if (type === 'function_call_output' || type === 'custom_tool_call_output') {
        messages.push({ role: 'tool', content: typeof raw.output === 'string' ? raw.output : contentText(raw.output) });
      }
      // reasoning items and item references carry no client-authored text
    }
  }
  const tools = Array.isArray(body.tools)
    ? body.tools.map((t) => asString(asObject(t)?.name) ?? asString(asObject(t)?.type) ?? '').filter(Boolean)
    : undefined;
  const reasoningObject = asObject(body.reasoning);
  const effort = asString(reasoningObject?.effort);
  const maxTokens = asNumber(body.max_output_tokens);
  const request: ExchangeRequest = {
    ...(systemParts.length ? { system: systemParts.join('\n\n') } : {}),
    messages,
    ...(tools?.length ? { tools } : {}),
    ...(reasoningObject ? { reasoning: effort !== 'none' } : {}),
    ...(maxTokens === undefined ? {} : { max_tokens: Math.max(0, Math.floor(maxTokens)) }),
    ...(asNumber(body.temperature) === undefined ? {} : { temperature: body.temperature as number }),
    stream: body.stream === true,
  };
  return { model: body.model as string, stream: body.stream === true, request };
}

function parseResponse(body: unknown): ResponseFacts {
  const response = asObject(body) ?? {};
  const text: string[] = [];
  const reasoning: string[] = [];
  let sawReasoning = false;
  let refusal = false;
  for (const item of Array.isArray(response.output) ? response.output : []) {
    const o = asObject(item);
    if (!o) continue;
    if (o.type === 'reasoning') {
      sawReasoning = true;
      const summary = Array.isArray(o.summary) ? o.summary : [];
      const raw = Array.isArray(o.content) ? o.content : [];
      reasoning.push(contentText(summary.length ? summary : raw));
    } else if (o.type === 'message') {
      for (const part of Array.isArray(o.content) ? o.content : []) {
        if (asObject(part)?.type === 'refusal') refusal = true;
      }
      text.push(contentText(o.content));
    } else if (o.type === 'function_call' || o.type === 'custom_tool_call') {
      text.push(`[tool_call ${String(o.name ?? '')}]`);
    }
  }
  const usage = asObject(response.usage) ?? {};
  const reasoningTokens = asNumber(asObject(usage.output_tokens_details)?.reasoning_tokens);
  const status = asString(response.status);
  const incomplete = asString(asObject(response.incomplete_details)?.reason);
  const finishReason = status === 'incomplete' && incomplete ? incomplete : status;
  return {
    text: text.filter(Boolean).join('\n'),
    ...(sawReasoning ? { reasoning: reasoning.filter(Boolean).join('\n') } : {}),
    ...(finishReason ? { finishReason } : {}),
    ...(refusal ? { refusal: true } : {}),
    ...(asNumber(usage.input_tokens) === undefined ? {} : { inputTokens: usage.input_tokens as number }),
    ...(asNumber(usage.output_tokens) === undefined ? {} : { outputTokens: usage.output_tokens as number }),
    ...(reasoningTokens === undefined ? {} : { reasoningTokens }),
  };
}

/**
 * The terminal `response.completed` (or `.incomplete` / `.failed`) event carries the whole
 * response, so the accumulator keeps deltas only as a fallback for streams that end early.
 */
class ResponsesStreamAccumulator implements StreamAccumulator {
  private text = '';
  private reasoning = '';
  private sawReasoning = false;
  private final: ResponseFacts | undefined;
  private streamError: string | undefined;
  complete = false;

  onEvent(_event: string | undefined, data: string): void {
    const event = parseEventObject(data);
    if (!event) return;
    switch (event.type) {
      case 'response.output_text.delta':
        this.text += asString(event.delta) ?? '';
        break;
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta':
        this.sawReasoning = true;
        this.reasoning += asString(event.delta) ?? '';
        break;
      case 'response.completed':
      case 'response.incomplete':
      case 'response.failed':
        this.final = parseResponse(event.response);
        this.complete = true;
        if (event.type === 'response.failed') {
          this.streamError = asString(asObject(asObject(event.response)?.error)?.message) ?? 'response failed';
        }
        break;
      case 'error':
        this.streamError = asString(event.message) ?? 'upstream error';
        break;
      default:
        break;
    }
  }

  result(): ResponseFacts {
    const base: ResponseFacts = this.final ?? {
      text: this.text,
      ...(this.sawReasoning ? { reasoning: this.reasoning } : {}),
    };
    return { ...base, ...(this.streamError ? { streamError: this.streamError } : {}) };
  }
}

/** OpenAI Responses (`POST /v1/responses`). */
export const openaiResponsesAdapter: ProtocolAdapter = {
  protocol: 'openai.responses',
  flavor: 'openai',
  path: '/v1/responses',
  validate,
  describeRequest,
  parseResponse,
  createStreamAccumulator: () => new ResponsesStreamAccumulator(),
  streamErrorEvent: (code, message) =>
    `event: error\ndata: ${JSON.stringify({ type: 'error', code, message, param: null, sequence_number: 0 })}\n\n`,
};
