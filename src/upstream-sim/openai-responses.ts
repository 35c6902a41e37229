/**
 * `POST /v1/responses`, the OpenAI Responses wire format, streamed (typed events with sequence
 * numbers) and not. Shapes follow `openai/resources/responses/responses.d.ts`, so that the SDK's
 * stream accumulator rebuilds exactly the non-streamed response.
 */
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
import { isRecord, num, str } from './wire.js';

/** Request fields the Response object echoes back. */
interface Echo {
  model: string;
  instructions: string | null;
  maxOutputTokens: number | null;
  reasoning: { effort: string | null; summary: string | null } | null;
  tools: unknown[];
  toolChoice: unknown;
  temperature: number;
  topP: number;
  parallelToolCalls: boolean;
  metadata: unknown;
  store: boolean;
}

/** The Responses endpoint. */
export const openaiResponses: ApiHandler = {
  format: 'openai',
  prepare(body: unknown): Prepared | Invalid {
    if (!isRecord(body)) return { invalid: 'The request body must be a JSON object.' };
    const model = str(body['model']);
    if (!model) return { invalid: "Missing required parameter: 'model'.", param: 'model' };
    const instructions = str(body['instructions']) ?? null;

    const t = new TranscriptBuilder(model);
    if (instructions) t.system(instructions);
    const input = body['input'];
    if (typeof input === 'string') {
      t.add('user', input, true);
    } else if (Array.isArray(input)) {
      for (let i = 0; i < input.length; i++) {
        const item: unknown = input[i];
        if (!isRecord(item)) return { invalid: `Invalid 'input[${i}]': expected an object.`, param: `input[${i}]` };
        const type = str(item['type']);
        if (type === undefined || type === 'message') {
          const role = str(item['role']) ?? 'user';
          const text = contentText(item['content']);
          if (role === 'system' || role === 'developer') t.system(text);
          else t.add(role, text, role === 'user');
        } else if (type === 'function_call') {
          t.add('assistant', `[call ${str(item['name']) ?? ''}(${str(item['arguments']) ?? ''})]`, false);
        } else if (type === 'function_call_output') {
          const output = str(item['output']) ?? contentText(item['output']);
          t.add('tool', `[result ${str(item['call_id']) ?? ''}] ${output}`, false);
        } else if (type !== 'reasoning') {
          t.add(type, contentText(item['content']), false);
        }
      }
    } else if (input !== undefined) {
      return { invalid: "Invalid type for 'input': expected a string or an array of input items.", param: 'input' };
    }

    const rawTools = Array.isArray(body['tools']) ? (body['tools'] as unknown[]) : [];
    const tools: ToolSpec[] = [];
    for (const tool of rawTools) {
      const name = isRecord(tool) && tool['type'] === 'function' ? str(tool['name']) : undefined;
      if (isRecord(tool) && name) tools.push({ name, parameters: tool['parameters'] });
    }
    t.tools(rawTools);

    const reasoningParam = isRecord(body['reasoning']) ? body['reasoning'] : undefined;
    const effort = reasoningParam ? str(reasoningParam['effort']) : undefined;
    const summary = reasoningParam ? str(reasoningParam['summary']) ?? str(reasoningParam['generate_summary']) : undefined;
    const wantReasoning = reasoningParam ? effort !== 'none' : isReasoningModel(model);
    const maxOutputTokens = num(body['max_output_tokens']);
    const stream = body['stream'] === true;
    const sim: SimRequest = {
      model,
      stream,
      ...t.finish(),
      tools,
      toolChoice: openaiToolChoice(body['tool_choice']),
      reasoning: wantReasoning ? { effort, budgetTokens: undefined, summary: summary !== undefined } : null,
      maxTokens: maxOutputTokens,
      toolPreamble: false,
    };
    const echo: Echo = {
      model,
      instructions,
      maxOutputTokens: maxOutputTokens ?? null,
      reasoning: wantReasoning || reasoningParam ? { effort: effort ?? (wantReasoning ? 'medium' : null), summary: summary ?? null } : null,
      tools: rawTools,
      toolChoice: body['tool_choice'] ?? 'auto',
      temperature: num(body['temperature']) ?? 1,
      topP: num(body['top_p']) ?? 1,
      parallelToolCalls: body['parallel_tool_calls'] !== false,
      metadata: isRecord(body['metadata']) ? body['metadata'] : {},
      store: body['store'] === true,
    };
    return {
      sim,
      render: (plan, created) =>
        stream ? { kind: 'sse', frames: responseFrames(plan, echo, created) } : { kind: 'json', body: JSON.stringify(finalResponse(plan, echo, created)) },
    };
  },
};

/** Ids of one response's parts, stable for the same request. */
interface Ids {
  response: string;
  reasoning: string;
  message: string;
  call: string;
  callId: string;
}

function ids(plan: AnswerPlan): Ids {
  return {
    response: `resp_${makeId(plan.seed, 5, 40)}`,
    reasoning: `rs_${makeId(plan.seed, 6, 40)}`,
    message: `msg_${makeId(plan.seed, 7, 40)}`,
    call: `fc_${makeId(plan.seed, 8, 40)}`,
    callId: `call_${makeId(plan.seed, 9)}`,
  };
}

type Status = 'in_progress' | 'completed' | 'incomplete';

function responseObject(plan: AnswerPlan, echo: Echo, created: number, id: string, status: Status, output: unknown[]): Record<string, unknown> {
  const done = status !== 'in_progress';
  return {
    id,
    object: 'response',
    created_at: created,
    status,
    background: false,
    completed_at: status === 'completed' ? created : null,
    error: null,
    incomplete_details: status === 'incomplete' ? { reason: 'max_output_tokens' } : null,
    instructions: echo.instructions,
    max_output_tokens: echo.maxOutputTokens,
    max_tool_calls: null,
    model: echo.model,
    output,
    parallel_tool_calls: echo.parallelToolCalls,
    previous_response_id: null,
    prompt_cache_key: null,
    reasoning: echo.reasoning ?? { effort: null, summary: null },
    safety_identifier: null,
    service_tier: 'default',
    store: echo.store,
    temperature: echo.temperature,
    text: { format: { type: 'text' }, verbosity: 'medium' },
    tool_choice: echo.toolChoice,
    tools: echo.tools,
    top_logprobs: 0,
    top_p: echo.topP,
    truncation: 'disabled',
    usage: done
      ? {
          input_tokens: plan.promptTokens,
          input_tokens_details: { cached_tokens: 0 },
          output_tokens: plan.outputTokens,
          output_tokens_details: { reasoning_tokens: plan.reasoningTokens },
          total_tokens: plan.promptTokens + plan.outputTokens,
        }
      : null,
    user: null,
    metadata: echo.metadata,
  };
}

function reasoningItem(plan: AnswerPlan, id: string): Record<string, unknown> {
  return { id, type: 'reasoning', summary: plan.summaryText ? [{ type: 'summary_text', text: plan.summaryText }] : [] };
}

function textPart(text: string): Record<string, unknown> {
  return { type: 'output_text', annotations: [], logprobs: [], text };
}

function messageItem(id: string, status: Status, text: string | null): Record<string, unknown> {
  return { id, type: 'message', status, content: text === null ? [] : [textPart(text)], role: 'assistant' };
}

function callItem(plan: AnswerPlan, i: Ids, status: Status, args: string): Record<string, unknown> {
  return { id: i.call, type: 'function_call', status, arguments: args, call_id: i.callId, name: plan.toolCall?.name ?? '' };
}

/** The output items of a finished response, in order. */
function outputItems(plan: AnswerPlan, i: Ids): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  if (plan.reasoningText) out.push(reasoningItem(plan, i.reasoning));
  if (plan.toolCall) out.push(callItem(plan, i, 'completed', plan.toolCall.arguments));
  else if (plan.text || !plan.truncated || out.length === 0) out.push(messageItem(i.message, plan.truncated ? 'incomplete' : 'completed', plan.text));
  return out;
}

function finalResponse(plan: AnswerPlan, echo: Echo, created: number): Record<string, unknown> {
  const i = ids(plan);
  return responseObject(plan, echo, created, i.response, plan.truncated ? 'incomplete' : 'completed', outputItems(plan, i));
}

function responseFrames(plan: AnswerPlan, echo: Echo, created: number): SseFrame[] {
  const i = ids(plan);
  const frames: SseFrame[] = [];
  let seq = 0;
  const ev = (type: string, fields: Record<string, unknown>, tokens = 0): void => {
    frames.push(frame(`event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq++, ...fields })}\n\n`, tokens));
  };
  // Deltas are most of the stream: serialise them by hand around a shared prefix.
  const delta = (type: string, rest: string, piece: string, tokens: number): void => {
    frames.push(frame(`event: ${type}\ndata: {"type":"${type}","sequence_number":${seq++},${rest}"delta":${JSON.stringify(piece)}}\n\n`, tokens));
  };

  const inProgress = responseObject(plan, echo, created, i.response, 'in_progress', []);
  ev('response.created', { response: inProgress });
  ev('response.in_progress', { response: inProgress });

  const items = outputItems(plan, i);
  for (let index = 0; index < items.length; index++) {
    const item = items[index] as Record<string, unknown>;
    if (item['type'] === 'reasoning') {
      ev('response.output_item.added', { output_index: index, item: { id: i.reasoning, type: 'reasoning', summary: [] } });
      // The hidden reasoning takes generation time too: spread its tokens over the summary, or the item.
      let hidden = plan.reasoningTokens;
      if (plan.summaryText) {
        const pieces = splitForStream(plan.summaryText);
        const where = { item_id: i.reasoning, output_index: index, summary_index: 0 };
        ev('response.reasoning_summary_part.added', { ...where, part: { type: 'summary_text', text: '' } });
        const rest = `"item_id":"${i.reasoning}","output_index":${index},"summary_index":0,`;
        for (const piece of pieces) delta('response.reasoning_summary_text.delta', rest, piece, hidden / pieces.length);
        hidden = 0;
        ev('response.reasoning_summary_text.done', { ...where, text: plan.summaryText });
        ev('response.reasoning_summary_part.done', { ...where, part: { type: 'summary_text', text: plan.summaryText } });
      }
      ev('response.output_item.done', { output_index: index, item }, hidden);
    } else if (item['type'] === 'function_call' && plan.toolCall) {
      ev('response.output_item.added', { output_index: index, item: callItem(plan, i, 'in_progress', '') }, plan.toolCall.name.length / 4);
      const rest = `"item_id":"${i.call}","output_index":${index},`;
      for (const piece of argumentFragments(plan.toolCall.arguments)) delta('response.function_call_arguments.delta', rest, piece, piece.length / 4);
      ev('response.function_call_arguments.done', { item_id: i.call, output_index: index, name: plan.toolCall.name, arguments: plan.toolCall.arguments });
      ev('response.output_item.done', { output_index: index, item });
    } else {
      const where = { item_id: i.message, output_index: index, content_index: 0 };
      ev('response.output_item.added', { output_index: index, item: messageItem(i.message, 'in_progress', null) });
      ev('response.content_part.added', { ...where, part: textPart('') });
      const rest = `"item_id":"${i.message}","output_index":${index},"content_index":0,"logprobs":[],`;
      for (const piece of splitForStream(plan.text)) delta('response.output_text.delta', rest, piece, piece.length / 4);
      ev('response.output_text.done', { ...where, text: plan.text, logprobs: [] });
      ev('response.content_part.done', { ...where, part: textPart(plan.text) });
      ev('response.output_item.done', { output_index: index, item });
    }
  }
  const status: Status = plan.truncated ? 'incomplete' : 'completed';
  ev(`response.${status}`, { response: responseObject(plan, echo, created, i.response, status, items) });
  return frames;
}
