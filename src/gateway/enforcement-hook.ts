/**
 * The gateway's seam for countermeasures (implemented by `src/enforce/`). The gateway stays
 * ignorant of policies: it asks the hook once per validated request, lets it refuse (by throwing a
 * DistillguardError, answered in the API's own format and recorded), replace the upstream body, or
 * rewrite the answer; and it reports every record, so that token budgets are charged.
 */
import type { ExchangeRecord } from '../records/types.js';
import type { ExchangeContext } from './exchange.js';

/** One server-sent event, as parsed from the upstream stream. */
export interface SseEvent {
  event?: string | undefined;
  data: string;
  id?: string | undefined;
}

/** Rewrites one event stream; it sees the upstream's events in order. */
export interface StreamRewriter {
  /** The events to send in place of `event`: none drops it, several insert some before it. */
  onEvent(event: SseEvent): SseEvent[];
  /** Events to send when the upstream stream has ended (anything held back). */
  end(): SseEvent[];
}

/**
 * Changes an answer before the client sees it (the record then shows what the client got). Either
 * method may decide, when called, that nothing needs changing (a decision that waited for the
 * upstream's answer): the answer then passes exactly as it came.
 */
export interface ResponseRewriter {
  /** Rewrites a parsed non-streaming body (it may mutate it); undefined: send the original bytes. */
  rewriteBody(body: unknown): { body: unknown } | undefined;
  /** Undefined: relay the stream byte for byte. */
  createStreamRewriter(): StreamRewriter | undefined;
}

/** What the hook lets through, and how. */
export interface Admission {
  /** Bytes to send upstream instead of the client's (e.g. with a capped output budget). */
  body?: Buffer;
  rewriter?: ResponseRewriter;
}

export interface EnforcementHook {
  /**
   * Decides on a validated request (ctx.caller and ctx.facts are set). Throws a DistillguardError
   * to refuse it; returns undefined to forward it untouched. Synchronous when no shared state is
   * involved, so that the common path costs no extra turn of the event loop.
   */
  admit(ctx: ExchangeContext, body: Record<string, unknown>, raw: Buffer): Admission | undefined | Promise<Admission | undefined>;
  /** Called once per model request with its final record (after the response closed). */
  settle(ctx: ExchangeContext, record: ExchangeRecord): void;
}

/** The SSE text of one event; multi-line data is split into several `data:` lines as the format requires. */
export function serializeSseEvent(event: SseEvent): string {
  let out = event.event ? `event: ${event.event}\n` : '';
  if (event.id) out += `id: ${event.id}\n`;
  for (const line of event.data.split('\n')) out += `data: ${line}\n`;
  return `${out}\n`;
}
