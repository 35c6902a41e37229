/**
 * Reasoning protection for Anthropic Messages. A thinking block keeps its place and its signature
 * (content block indices stay the same, and a client can still hand the block back in a tool-use
 * turn, as it can with the summarised thinking Anthropic's own API returns); only its `thinking`
 * text becomes a summary, or empty. In a stream the `thinking_delta` events are held back, and the
 * summary goes out as one `thinking_delta` just before the block's `signature_delta` (or its stop).
 * Redacted thinking is already opaque and passes untouched.
 */
import type { ResponseRewriter, SseEvent, StreamRewriter } from '../../gateway/enforcement-hook.js';
import { asNumber, asObject, asString, parseEventObject } from '../../gateway/protocols/content.js';

function rewriteBody(body: unknown, summarise: ((text: string) => string) | undefined): unknown {
  const content = asObject(body)?.content;
  if (!Array.isArray(content)) return body;
  for (const raw of content) {
    const block = asObject(raw);
    if (block?.type !== 'thinking') continue;
    block.thinking = summarise ? summarise(asString(block.thinking) ?? '') : '';
  }
  return body;
}

class MessagesStreamRewriter implements StreamRewriter {
  /** Thinking blocks by index: text held back, and whether the summary went out. */
  private readonly thinking = new Map<number, { text: string; flushed: boolean }>();

  constructor(private readonly summarise: ((text: string) => string) | undefined) {}

  private flush(index: number): SseEvent[] {
    const block = this.thinking.get(index);
    if (!block || block.flushed) return [];
    block.flushed = true;
    const summary = this.summarise ? this.summarise(block.text) : '';
    if (!summary) return [];
    const delta = { type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: summary } };
    return [{ event: 'content_block_delta', data: JSON.stringify(delta) }];
  }

  onEvent(event: SseEvent): SseEvent[] {
    const object = parseEventObject(event.data);
    if (!object) return [event];
    const index = asNumber(object.index);
    switch (object.type) {
      case 'content_block_start':
        if (index !== undefined && asObject(object.content_block)?.type === 'thinking') {
          this.thinking.set(index, { text: '', flushed: false });
        }
        return [event];
      case 'content_block_delta': {
        const block = index === undefined ? undefined : this.thinking.get(index);
        const delta = asObject(object.delta);
        if (!block || !delta) return [event];
        if (delta.type === 'thinking_delta') {
          block.text += asString(delta.thinking) ?? '';
          return [];
        }
        return [...this.flush(index!), event];
      }
      case 'content_block_stop':
        return index === undefined ? [event] : [...this.flush(index), event];
      default:
        return [event];
    }
  }

  end(): SseEvent[] {
    return [...this.thinking.keys()].flatMap((index) => this.flush(index));
  }
}

/** The Messages rewriter; `summarise` undefined withholds the thinking text. */
export function messagesReasoningRewriter(summarise: ((text: string) => string) | undefined): ResponseRewriter {
  return {
    rewriteBody: (body) => ({ body: rewriteBody(body, summarise) }),
    createStreamRewriter: () => new MessagesStreamRewriter(summarise),
  };
}
