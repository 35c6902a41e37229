/**
 * Reasoning protection for OpenAI Responses. Reasoning items stay in the output (their ids and
 * `encrypted_content`, which only the provider can read, keep multi-turn use working), but their
 * raw `content` is removed and their `summary` becomes empty or an extractive summary. In a stream,
 * every summary and reasoning-text event of a reasoning item is dropped; in summary mode the
 * summary is sent as one part (added, one delta, done) just before the item's `output_item.done`.
 * Events are renumbered so that `sequence_number` stays gapless.
 */
import type { ResponseRewriter, SseEvent, StreamRewriter } from '../../gateway/enforcement-hook.js';
import { asNumber, asObject, asString, contentText, parseEventObject } from '../../gateway/protocols/content.js';

type Json = Record<string, unknown>;

/** The text to summarise of a reasoning item: its summary if it has one, else its raw reasoning. */
function reasoningSource(item: Json): string {
  const summary = Array.isArray(item.summary) ? item.summary : [];
  return contentText(summary.length ? summary : Array.isArray(item.content) ? item.content : []);
}

/** Rewrites one reasoning item in place; returns its new summary text ('' when withheld). */
function rewriteItem(item: Json, summaryOf: (item: Json) => string): string {
  const summary = summaryOf(item);
  delete item.content;
  item.summary = summary ? [{ type: 'summary_text', text: summary }] : [];
  return summary;
}

function rewriteOutput(response: Json | undefined, summaryOf: (item: Json) => string): void {
  const output = response?.output;
  if (!Array.isArray(output)) return;
  for (const raw of output) {
    const item = asObject(raw);
    if (item?.type === 'reasoning') rewriteItem(item, summaryOf);
  }
}

const DROPPED_PREFIXES = ['response.reasoning_summary_part.', 'response.reasoning_summary_text.', 'response.reasoning_text.'];

class ResponsesStreamRewriter implements StreamRewriter {
  private sequence = 0;
  private readonly reasoningOutputs = new Set<number>();

  constructor(private readonly summaryOf: (item: Json) => string) {}

  /** Sends `object` with the next sequence number; untouched events keep their exact bytes. */
  private emit(event: SseEvent, object: Json, modified: boolean): SseEvent {
    const sequence = this.sequence++;
    if (!modified && (object.sequence_number === undefined || object.sequence_number === sequence)) return event;
    if (object.sequence_number !== undefined) object.sequence_number = sequence;
    return { ...event, data: JSON.stringify(object) };
  }

  private synthetic(type: string, fields: Json): SseEvent {
    return { event: type, data: JSON.stringify({ type, sequence_number: this.sequence++, ...fields }) };
  }

  onEvent(event: SseEvent): SseEvent[] {
    const object = parseEventObject(event.data);
    const type = asString(object?.type);
    if (!object || !type) return [event];
    const outputIndex = asNumber(object.output_index);
    if (DROPPED_PREFIXES.some((prefix) => type.startsWith(prefix))) return [];
    if ((type === 'response.content_part.added' || type === 'response.content_part.done')
      && outputIndex !== undefined && this.reasoningOutputs.has(outputIndex)) return [];
    if (type === 'response.output_item.added' && asObject(object.item)?.type === 'reasoning') {
      if (outputIndex !== undefined) this.reasoningOutputs.add(outputIndex);
      const item = asObject(object.item)!;
      const modified = 'content' in item || (Array.isArray(item.summary) && item.summary.length > 0);
      delete item.content;
      item.summary = [];
      return [this.emit(event, object, modified)];
    }
    if (type === 'response.output_item.done' && asObject(object.item)?.type === 'reasoning') {
      const item = asObject(object.item)!;
      const summary = rewriteItem(item, this.summaryOf);
      const out: SseEvent[] = [];
      if (summary) {
        const where = { item_id: item.id, output_index: outputIndex, summary_index: 0 };
        out.push(this.synthetic('response.reasoning_summary_part.added', { ...where, part: { type: 'summary_text', text: '' } }));
        out.push(this.synthetic('response.reasoning_summary_text.delta', { ...where, delta: summary }));
        out.push(this.synthetic('response.reasoning_summary_text.done', { ...where, text: summary }));
        out.push(this.synthetic('response.reasoning_summary_part.done', { ...where, part: { type: 'summary_text', text: summary } }));
      }
      out.push(this.emit(event, object, true));
      return out;
    }
    const response = asObject(object.response);
    const touchesReasoning = Array.isArray(response?.output) && response.output.some((o) => asObject(o)?.type === 'reasoning');
    if (touchesReasoning) rewriteOutput(response, this.summaryOf);
    return [this.emit(event, object, touchesReasoning)];
  }

  end(): SseEvent[] {
    return [];
  }
}

/** The Responses rewriter; `summarise` undefined withholds the reasoning. */
export function responsesReasoningRewriter(summarise: ((text: string) => string) | undefined): ResponseRewriter {
  // the same item is summarised for its output_item.done and again inside response.completed
  const memo = new Map<string, string>();
  const summaryOf = (item: Json): string => {
    if (!summarise) return '';
    const id = asString(item.id);
    const cached = id === undefined ? undefined : memo.get(id);
    if (cached !== undefined) return cached;
    const summary = summarise(reasoningSource(item));
    if (id !== undefined) memo.set(id, summary);
    return summary;
  };
  return {
    rewriteBody: (body) => {
      rewriteOutput(asObject(body), summaryOf);
      return { body };
    },
    createStreamRewriter: () => new ResponsesStreamRewriter(summaryOf),
  };
}
