/**
 * `POST /v1/chat/completions`, the OpenAI Chat Completions wire format, streamed and not.
 */
import type { IncomingHttpHeaders } from 'node:http';
import {
  type ApiHandler,
  type Invalid,
  type Prepared,
  argumentFragments,
  contentText,
  isReasoningModel,
  openaiToolChoice,
  TranscriptBuilder,
} from './api.js';
import { makeId } from './hash.js';
import type { AnswerPlan } from './plan.js';
import { frame, type SseFrame } from './sse.js';
import { splitForStream } from './text.js';
import type { SimRequest, ToolSpec } from './types.js';
import { isRecord, num, SIM_NAME, str } from './wire.js';

type ReasoningField = 'reasoning_content' | 'reasoning';

/** Chat-specific settings that only affect formatting. */
interface ChatFormat {
  model: string;
  includeUsage: boolean;
  reasoningField: ReasoningField;
}

/** The Chat Completions endpoint. */
export const chatCompletions: ApiHandler = {
  format: 'openai',
  prepare(body: unknown, headers: IncomingHttpHeaders): Prepared | Invalid {
    if (!isRecord(body)) return { invalid: 'The request body must be a JSON object.' };
    const model = str(body['model']);
    if (!model) return { invalid: 'you must provide a model parameter', param: 'model' };
    const messages = body['messages'];
    if (!Array.isArray(messages) || messages.length === 0) {
      return { invalid: "Invalid 'messages': expected a non-empty array of messages.", param: 'messages' };
    }

    const t = new TranscriptBuilder(model);
    for (let i = 0; i < messages.length; i++) {
      const m: unknown = messages[i];
      if (!isRecord(m) || typeof m['role'] !== 'string') {
        return { invalid: `Invalid 'messages[${i}]': expected an object with a 'role'.`, param: `messages[${i}]` };
      }
      const role = m['role'];
      let text = contentText(m['content']);
      if (role === 'system' || role === 'developer') {
        t.system(text);
        continue;
      }
      if (Array.isArray(m['tool_calls'])) {
        for (const call of m['tool_calls']) {
          const fn = isRecord(call) && isRecord(call['function']) ? call['function'] : undefined;
          if (fn) text += `\n[call ${str(fn['name']) ?? ''}(${str(fn['arguments']) ?? ''})]`;
        }
      }
      if (role === 'tool') text = `[result ${str(m['tool_call_id']) ?? ''}] ${text}`;
      t.add(role, text, role === 'user');
    }

    const tools: ToolSpec[] = [];
    if (Array.isArray(body['tools'])) {
      for (const tool of body['tools']) {
        const fn = isRecord(tool) && isRecord(tool['function']) ? tool['function'] : undefined;
        const name = fn ? str(fn['name']) : undefined;
        if (fn && name) tools.push({ name, parameters: fn['parameters'] });
      }
      t.tools(body['tools']);
    }

    const effort = str(body['reasoning_effort']);
    const reasoningParam = body['reasoning'];
    // OpenRouter's `reasoning: {effort, max_tokens, enabled, exclude}` counts as asking for reasoning too.
    const viaParam = isRecord(reasoningParam) && reasoningParam['enabled'] !== false && reasoningParam['exclude'] !== true;
    const paramEffort = isRecord(reasoningParam) ? str(reasoningParam['effort']) : undefined;
    const wantReasoning =
      effort !== undefined ? effort !== 'none' : viaParam ? paramEffort !== 'none' : isReasoningModel(model);
    const budget = isRecord(reasoningParam) ? num(reasoningParam['max_tokens']) : undefined;

    const stream = body['stream'] === true;
    const sim: SimRequest = {
      model,
      stream,
      ...t.finish(),
      tools,
      toolChoice: openaiToolChoice(body['tool_choice']),
      reasoning: wantReasoning ? { effort: effort ?? paramEffort, budgetTokens: budget, summary: false } : null,
      maxTokens: num(body['max_completion_tokens']) ?? num(body['max_tokens']),
      toolPreamble: false,
    };
    const fieldHeader = headers['x-sim-reasoning-field'];
    const fmt: ChatFormat = {
      model,
      includeUsage: isRecord(body['stream_options']) && body['stream_options']['include_usage'] === true,
      reasoningField: body['x_sim_reasoning_field'] === 'reasoning' || fieldHeader === 'reasoning' ? 'reasoning' : 'reasoning_content',
    };
    return {
      sim,
      render: (plan, created) =>
        stream ? { kind: 'sse', frames: chatFrames(plan, fmt, created) } : { kind: 'json', body: chatJson(plan, fmt, created) },
    };
  },
};

function finishReason(plan: AnswerPlan): 'length' | 'tool_calls' | 'stop' {
  return plan.truncated ? 'length' : plan.toolCall ? 'tool_calls' : 'stop';
}

function usage(plan: AnswerPlan): Record<string, unknown> {
  return {
    prompt_tokens: plan.promptTokens,
    completion_tokens: plan.outputTokens,
    total_tokens: plan.promptTokens + plan.outputTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: plan.reasoningTokens,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function chatJson(plan: AnswerPlan, fmt: ChatFormat, created: number): string {
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: plan.toolCall && !plan.text ? null : plan.text,
    refusal: null,
    annotations: [],
  };
  if (plan.reasoningText) message[fmt.reasoningField] = plan.reasoningText;
  if (plan.toolCall) {
    message['tool_calls'] = [
      { id: `call_${makeId(plan.seed, 2)}`, type: 'function', function: { name: plan.toolCall.name, arguments: plan.toolCall.arguments } },
    ];
  }
  return JSON.stringify({
    id: `chatcmpl-${makeId(plan.seed, 1, 29)}`,
    object: 'chat.completion',
    created,
    model: fmt.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason(plan) }],
    usage: usage(plan),
    service_tier: 'default',
    system_fingerprint: SIM_NAME,
  });
}

function chatFrames(plan: AnswerPlan, fmt: ChatFormat, created: number): SseFrame[] {
  // Every chunk shares its envelope; building it once keeps a delta to two concatenations.
  const head =
    `data: {"id":"chatcmpl-${makeId(plan.seed, 1, 29)}","object":"chat.completion.chunk","created":${created},` +
    `"model":${JSON.stringify(fmt.model)},"service_tier":"default","system_fingerprint":"${SIM_NAME}","choices":[{"index":0,"delta":`;
  const tail = `,"logprobs":null,"finish_reason":null}]${fmt.includeUsage ? ',"usage":null' : ''}}\n\n`;
  const frames: SseFrame[] = [frame(`${head}{"role":"assistant","content":"","refusal":null}${tail}`)];

  const reasoningKey = `{"${fmt.reasoningField}":`;
  for (const piece of splitForStream(plan.reasoningText)) {
    frames.push(frame(`${head}${reasoningKey}${JSON.stringify(piece)}}${tail}`, piece.length / 4));
  }
  for (const piece of splitForStream(plan.text)) {
    frames.push(frame(`${head}{"content":${JSON.stringify(piece)}}${tail}`, piece.length / 4));
  }
  if (plan.toolCall) {
    const start = { index: 0, id: `call_${makeId(plan.seed, 2)}`, type: 'function', function: { name: plan.toolCall.name, arguments: '' } };
    frames.push(frame(`${head}{"tool_calls":[${JSON.stringify(start)}]}${tail}`, plan.toolCall.name.length / 4));
    for (const piece of argumentFragments(plan.toolCall.arguments)) {
      frames.push(frame(`${head}{"tool_calls":[{"index":0,"function":{"arguments":${JSON.stringify(piece)}}}]}${tail}`, piece.length / 4));
    }
  }
  frames.push(
    frame(`${head}{},"logprobs":null,"finish_reason":"${finishReason(plan)}"}]${fmt.includeUsage ? ',"usage":null' : ''}}\n\n`),
  );
  if (fmt.includeUsage) {
    const envelope = head.slice(0, head.indexOf('"choices":['));
    frames.push(frame(`${envelope}"choices":[],"usage":${JSON.stringify(usage(plan))}}\n\n`));
  }
  frames.push(frame('data: [DONE]\n\n'));
  return frames;
}
