/**
 * Reasoning protection for OpenAI Chat Completions: `message.reasoning_content` / `reasoning`
 * (and OpenRouter's `reasoning_details`) are dropped or replaced by an extractive summary. In a
 * stream, reasoning deltas are held back; the summary goes out as one reasoning delta just before
 * the first delta of the visible answer, so the chunk sequence stays one the SDKs accept.
 */
import type { ResponseRewriter, SseEvent, StreamRewriter } from '../../gateway/enforcement-hook.js';
import { asObject, asString, parseEventObject } from '../../gateway/protocols/content.js';

type Json = Record<string, unknown>;
const REASONING_FIELDS = ['reasoning_content', 'reasoning'] as const;

/** Returns the reasoning text of a message or delta and its field name, removing every reasoning field. */
function takeReasoning(holder: Json): { field: string; text: string } | undefined {
  let found: { field: string; text: string } | undefined;
  for (const field of REASONING_FIELDS) {
    const value = asString(holder[field]);
    if (value !== undefined) found ??= { field, text: value };
    if (field in holder) delete holder[field];
  }
  if ('reasoning_details' in holder) delete holder.reasoning_details;
  return found;
}

function rewriteBody(body: unknown, summarise: ((text: string) => string) | undefined): unknown {
  const choices = asObject(body)?.choices;
  if (!Array.isArray(choices)) return body;
  for (const choice of choices) {
    const message = asObject(asObject(choice)?.message);
    if (!message) continue;
    const taken = takeReasoning(message);
    if (taken && summarise) message[taken.field] = summarise(taken.text);
  }
  return body;
}

/** True when a delta carries part of the visible answer (or the choice ends). */
function advancesAnswer(choice: Json, delta: Json | undefined): boolean {
  if (choice.finish_reason !== null && choice.finish_reason !== undefined) return true;
  if (!delta) return false;
  return (typeof delta.content === 'string' && delta.content.length > 0) || Array.isArray(delta.tool_calls)
    || (delta.refusal !== null && delta.refusal !== undefined);
}

function isEmptyDelta(delta: Json | undefined): boolean {
  return !delta || Object.values(delta).every((v) => v === null || v === undefined);
}

class ChatStreamRewriter implements StreamRewriter {
  private readonly held = new Map<number, { field: string; text: string; envelope: Json }>();

  constructor(private readonly summarise: ((text: string) => string) | undefined) {}

  private flush(index: number): SseEvent[] {
    const held = this.held.get(index);
    if (!held) return [];
    this.held.delete(index);
    if (!this.summarise) return [];
    const summary = this.summarise(held.text);
    if (!summary) return [];
    const chunk: Json = { ...held.envelope, choices: [{ index, delta: { [held.field]: summary }, logprobs: null, finish_reason: null }] };
    if ('usage' in chunk) chunk.usage = null;
    return [{ data: JSON.stringify(chunk) }];
  }

  private flushAll(): SseEvent[] {
    return [...this.held.keys()].flatMap((index) => this.flush(index));
  }

  onEvent(event: SseEvent): SseEvent[] {
    if (event.data === '[DONE]') return [...this.flushAll(), event];
    const chunk = parseEventObject(event.data);
    if (!chunk || !Array.isArray(chunk.choices)) return [...(chunk?.usage ? this.flushAll() : []), event];
    const before: SseEvent[] = [];
    let changed = false;
    const keep: unknown[] = [];
    for (const raw of chunk.choices) {
      const choice = asObject(raw);
      if (!choice) {
        keep.push(raw);
        continue;
      }
      const index = typeof choice.index === 'number' ? choice.index : 0;
      const delta = asObject(choice.delta);
      const taken = delta ? takeReasoning(delta) : undefined;
      if (taken) {
        changed = true;
        const held = this.held.get(index);
        if (held) held.text += taken.text;
        else {
          const { choices: _choices, ...envelope } = chunk;
          this.held.set(index, { field: taken.field, text: taken.text, envelope });
        }
      }
      if (advancesAnswer(choice, delta)) before.push(...this.flush(index));
      // a chunk that only carried reasoning is dropped rather than sent empty
      if (!(taken && isEmptyDelta(delta) && (choice.finish_reason === null || choice.finish_reason === undefined))) keep.push(choice);
    }
    if (!changed) return [...before, event];
    if (keep.length === 0 && (chunk.usage === null || chunk.usage === undefined)) return before;
    return [...before, { ...event, data: JSON.stringify({ ...chunk, choices: keep }) }];
  }

  end(): SseEvent[] {
    return this.flushAll();
  }
}

/** The Chat Completions rewriter; `summarise` undefined withholds the reasoning. */
export function chatReasoningRewriter(summarise: ((text: string) => string) | undefined): ResponseRewriter {
  return {
    rewriteBody: (body) => ({ body: rewriteBody(body, summarise) }),
    createStreamRewriter: () => new ChatStreamRewriter(summarise),
  };
}
