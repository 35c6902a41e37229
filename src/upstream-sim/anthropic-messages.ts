/**
 * `POST /v1/messages`, the Anthropic Messages wire format, streamed and not.
 */
import { type ApiHandler, type Invalid, type Prepared, argumentFragments, contentText, TranscriptBuilder } from './api.js';
import { createRng, hash53, makeId } from './hash.js';
import type { AnswerPlan } from './plan.js';
import { frame, type SseFrame } from './sse.js';
import { splitForStream } from './text.js';
import type { SimRequest, ToolChoice, ToolSpec } from './types.js';
import { isRecord, num, str } from './wire.js';

/** The Messages endpoint. */
export const anthropicMessages: ApiHandler = {
  format: 'anthropic',
  prepare(body: unknown): Prepared | Invalid {
    if (!isRecord(body)) return { invalid: 'The request body must be a JSON object.' };
    const model = str(body['model']);
    if (!model) return { invalid: 'model: Field required' };
    const maxTokens = body['max_tokens'];
    if (maxTokens === undefined) return { invalid: 'max_tokens: Field required' };
    if (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens) || maxTokens < 1) {
      return { invalid: 'max_tokens: Input should be a valid integer greater than or equal to 1' };
    }
    const messages = body['messages'];
    if (!Array.isArray(messages) || messages.length === 0) return { invalid: 'messages: at least one message is required' };

    const t = new TranscriptBuilder(model);
    t.system(contentText(body['system']));
    for (let i = 0; i < messages.length; i++) {
      const m: unknown = messages[i];
      const role = isRecord(m) ? m['role'] : undefined;
      if (!isRecord(m) || (role !== 'user' && role !== 'assistant')) {
        return { invalid: `messages.${i}.role: Input should be 'user' or 'assistant'` };
      }
      const content = m['content'];
      // A user turn that only carries tool results is the tool talking, not the person.
      const toolResult = Array.isArray(content) && content.some((b) => isRecord(b) && b['type'] === 'tool_result');
      t.add(role, contentText(content), role === 'user' && !toolResult);
    }

    const tools: ToolSpec[] = [];
    if (Array.isArray(body['tools'])) {
      for (const tool of body['tools']) {
        // Server tools (web_search_..., bash_...) have a versioned type and no schema: the simulator never calls them.
        if (!isRecord(tool) || (tool['type'] !== undefined && tool['type'] !== 'custom')) continue;
        const name = str(tool['name']);
        if (name) tools.push({ name, parameters: tool['input_schema'] });
      }
      t.tools(body['tools']);
    }

    const thinking = body['thinking'];
    const thinkingOn = isRecord(thinking) && (thinking['type'] === 'enabled' || thinking['type'] === 'adaptive');
    const stream = body['stream'] === true;
    const sim: SimRequest = {
      model,
      stream,
      ...t.finish(),
      tools,
      toolChoice: toolChoice(body['tool_choice']),
      reasoning: thinkingOn ? { effort: undefined, budgetTokens: num(thinking['budget_tokens']), summary: false } : null,
      maxTokens,
      toolPreamble: true,
    };
    return {
      sim,
      render: (plan) => (stream ? { kind: 'sse', frames: messageFrames(plan, model) } : { kind: 'json', body: JSON.stringify(message(plan, model)) }),
    };
  },
};

function toolChoice(choice: unknown): ToolChoice {
  if (!isRecord(choice)) return { mode: 'auto' };
  switch (choice['type']) {
    case 'none':
      return { mode: 'none' };
    case 'any':
      return { mode: 'required' };
    case 'tool': {
      const name = str(choice['name']);
      return name ? { mode: 'named', name } : { mode: 'required' };
    }
    default:
      return { mode: 'auto' };
  }
}

function stopReason(plan: AnswerPlan): 'max_tokens' | 'tool_use' | 'end_turn' {
  return plan.truncated ? 'max_tokens' : plan.toolCall ? 'tool_use' : 'end_turn';
}

/** An opaque-looking, deterministic signature for a thinking block (real ones are encrypted state). */
function signature(thinking: string): string {
  const rng = createRng(hash53(thinking), 77);
  const bytes = Buffer.allocUnsafe(96);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rng() * 256);
  return bytes.toString('base64');
}

type Block =
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown };

function blocks(plan: AnswerPlan): Block[] {
  const out: Block[] = [];
  if (plan.reasoningText) out.push({ type: 'thinking', thinking: plan.reasoningText, signature: signature(plan.reasoningText) });
  // A budget spent entirely on thinking leaves only the thinking block; otherwise there is always some block.
  if (plan.text || (!plan.toolCall && !(plan.truncated && out.length > 0))) out.push({ type: 'text', text: plan.text });
  if (plan.toolCall) out.push({ type: 'tool_use', id: `toolu_${makeId(plan.seed, 3)}`, name: plan.toolCall.name, input: plan.toolCall.input });
  return out;
}

function usage(plan: AnswerPlan, outputTokens: number): Record<string, unknown> {
  return {
    input_tokens: plan.promptTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    output_tokens: outputTokens,
    service_tier: 'standard',
  };
}

function message(plan: AnswerPlan, model: string): Record<string, unknown> {
  return {
    id: `msg_${makeId(plan.seed, 4)}`,
    type: 'message',
    role: 'assistant',
    model,
    content: blocks(plan),
    stop_reason: stopReason(plan),
    stop_sequence: null,
    usage: usage(plan, plan.outputTokens),
  };
}

function event(type: string, json: string, tokens = 0): SseFrame {
  return frame(`event: ${type}\ndata: ${json}\n\n`, tokens);
}

function messageFrames(plan: AnswerPlan, model: string): SseFrame[] {
  const start = { ...message(plan, model), content: [], stop_reason: null, usage: usage(plan, 1) };
  const frames: SseFrame[] = [event('message_start', JSON.stringify({ type: 'message_start', message: start }))];
  const list = blocks(plan);
  for (let index = 0; index < list.length; index++) {
    const block = list[index] as Block;
    const opened =
      block.type === 'thinking' ? { type: 'thinking', thinking: '', signature: '' }
      : block.type === 'text' ? { type: 'text', text: '' }
      : { type: 'tool_use', id: block.id, name: block.name, input: {} };
    frames.push(event('content_block_start', JSON.stringify({ type: 'content_block_start', index, content_block: opened })));
    if (index === 0) frames.push(event('ping', '{"type": "ping"}'));
    const prefix = `{"type":"content_block_delta","index":${index},"delta":`;
    if (block.type === 'thinking') {
      for (const piece of splitForStream(block.thinking)) {
        frames.push(event('content_block_delta', `${prefix}{"type":"thinking_delta","thinking":${JSON.stringify(piece)}}}`, piece.length / 4));
      }
      frames.push(event('content_block_delta', `${prefix}{"type":"signature_delta","signature":"${block.signature}"}}`));
    } else if (block.type === 'text') {
      for (const piece of splitForStream(block.text)) {
        frames.push(event('content_block_delta', `${prefix}{"type":"text_delta","text":${JSON.stringify(piece)}}}`, piece.length / 4));
      }
    } else {
      for (const piece of argumentFragments(JSON.stringify(block.input))) {
        frames.push(event('content_block_delta', `${prefix}{"type":"input_json_delta","partial_json":${JSON.stringify(piece)}}}`, piece.length / 4));
      }
    }
    frames.push(event('content_block_stop', `{"type":"content_block_stop","index":${index}}`));
  }
  frames.push(
    event(
      'message_delta',
      JSON.stringify({
        type: 'message_delta',
        delta: { stop_reason: stopReason(plan), stop_sequence: null },
        usage: { output_tokens: plan.outputTokens },
      }),
    ),
  );
  frames.push(event('message_stop', '{"type":"message_stop"}'));
  return frames;
}
