import { randomBytes } from 'node:crypto';
import type { ExchangeClient, ExchangeRecord } from '../records/types.js';
import { estimateTokens } from './protocols/content.js';
import type { ProtocolAdapter, RequestFacts, ResponseFacts } from './protocols/types.js';
import type { Caller } from './key-resolver.js';
import type { UpstreamCall } from './upstream-call.js';

/** Status recorded when the client went away before any response header was sent (nginx's convention). */
export const CLIENT_CLOSED_REQUEST = 499;

/** Random per process, so that replicas never collide; a counter makes ids unique within it. */
const PROCESS_TAG = randomBytes(6).toString('hex');
let sequence = 0;

/**
 * Exchange ids sort by time: 11 base-36 characters of milliseconds, then a per-process tag and a
 * counter (no random draw per request). Time order keeps the store's index append-mostly.
 */
export function newExchangeId(now = Date.now()): string {
  sequence = (sequence + 1) % 0x100000000;
  return `ex_${now.toString(36).padStart(11, '0')}${PROCESS_TAG}${sequence.toString(36).padStart(7, '0')}`;
}

/**
 * What the gateway knows about one request as it goes: built up by the hooks and the handler, and
 * turned into exactly one exchange record when the response closes.
 */
export class ExchangeContext {
  readonly id: string;
  readonly startedAt: number;
  /** performance.now() at arrival: one monotonic clock for the latency and the upstream marks. */
  private readonly startedPerfMs: number;
  caller: Caller | undefined;
  facts: RequestFacts | undefined;
  /** The model named in the body even when the body failed validation. */
  rawModel: string | undefined;
  response: ResponseFacts = {};
  error: { code: string; message: string } | undefined;
  upstreamName: string | undefined;
  /** The request sent upstream, once sent: cancelled when the client leaves before the answer is complete. */
  upstream: UpstreamCall | undefined;
  /** Set when the response went out as an event stream. */
  streamed = false;
  /** What enforcement did to this exchange (tier, measures, dry-run findings); becomes `enforcement` on the record. */
  enforcement: Record<string, unknown> | undefined;
  private recorded = false;
  /** performance.now() when the request went upstream, and when the upstream's answer was complete. */
  private upstreamSentAt: number | undefined;
  private upstreamDoneAt: number | undefined;

  constructor(readonly adapter: ProtocolAdapter, readonly client: ExchangeClient, readonly reserved: boolean) {
    this.startedAt = Date.now();
    this.startedPerfMs = performance.now();
    this.id = newExchangeId(this.startedAt);
  }

  /** Marks the context recorded; returns false if it already was (a record is made once). */
  claimRecord(): boolean {
    if (this.recorded) return false;
    this.recorded = true;
    return true;
  }

  elapsedMs(): number {
    return performance.now() - this.startedPerfMs;
  }

  /** Marks the moment the request is handed to the upstream. */
  markUpstreamSent(): void {
    this.upstreamSentAt = performance.now();
  }

  /** Marks the moment the upstream's answer (whole body, or end of stream) has arrived. */
  markUpstreamDone(): void {
    if (this.upstreamSentAt !== undefined && this.upstreamDoneAt === undefined) this.upstreamDoneAt = performance.now();
  }

  /**
   * How long the exchange waited on the upstream (sent → answer complete), ms; undefined when the
   * upstream never answered completely (refused before, failed, or the client left). `elapsedMs()`
   * minus this is what the gateway itself added to the exchange.
   */
  upstreamWaitMs(): number | undefined {
    return this.upstreamSentAt !== undefined && this.upstreamDoneAt !== undefined ? this.upstreamDoneAt - this.upstreamSentAt : undefined;
  }

  /** The spec v1 record of this exchange. `status` is what the client was sent. */
  toRecord(status: number, clientGone: boolean): ExchangeRecord {
    const request = this.facts?.request ?? { messages: [] };
    const r = this.response;
    const finishReason = r.streamError || this.error ? r.finishReason ?? 'error'
      : clientGone ? 'client_disconnected' : r.finishReason;
    const succeeded = status >= 200 && status < 300;
    const needsEstimate = succeeded && (r.inputTokens === undefined || r.outputTokens === undefined);
    const inputTokens = r.inputTokens ?? (needsEstimate
      ? estimateTokens((request.system ?? '') + request.messages.map((m) => m.content).join('\n')) : 0);
    const outputTokens = r.outputTokens ?? (needsEstimate ? estimateTokens(r.text) + estimateTokens(r.reasoning) : 0);
    const error = r.streamError ? { code: 'upstream_stream_error', message: r.streamError } : this.error;
    return {
      id: this.id,
      ts: new Date(this.startedAt).toISOString(),
      account_id: this.caller?.accountId ?? '',
      ...(this.caller ? { key_id: this.caller.keyId } : {}),
      surface: 'api',
      client: this.client,
      model: this.facts?.model ?? this.rawModel ?? '',
      endpoint: this.adapter.protocol,
      request,
      response: {
        status,
        ...(r.text !== undefined && succeeded ? { text: r.text } : {}),
        ...(r.reasoning !== undefined && succeeded ? { reasoning: r.reasoning } : {}),
        ...(finishReason ? { finish_reason: finishReason } : {}),
        ...(r.refusal ? { refusal: true } : {}),
        ...(error ? { error } : {}),
      },
      usage: {
        input_tokens: inputTokens,
        output_tokens: outputTokens,
        ...(r.reasoningTokens === undefined ? {} : { reasoning_tokens: r.reasoningTokens }),
        ...(needsEstimate ? { estimated: true } : {}),
      },
      latency_ms: Math.round(this.elapsedMs() * 1000) / 1000,
      ...(this.upstreamName ? { upstream: this.upstreamName } : {}),
      ...(this.enforcement ? { enforcement: this.enforcement } : {}),
    };
  }
}
