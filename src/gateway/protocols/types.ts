import type { UpstreamProtocol } from '../../config/schema.js';
import type { ExchangeRequest } from '../../records/types.js';
import type { ApiFlavor } from '../api-errors.js';

/** What the gateway learns from a client's request body. */
export interface RequestFacts {
  model: string;
  stream: boolean;
  request: ExchangeRequest;
}

/** What the gateway learns from an upstream answer (whole, or accumulated from a stream). */
export interface ResponseFacts {
  text?: string;
  reasoning?: string;
  finishReason?: string;
  refusal?: boolean;
  inputTokens?: number;
  outputTokens?: number;
  reasoningTokens?: number;
  /** The upstream reported an error inside the stream (Anthropic `error` event, OpenAI `error` chunk). */
  streamError?: string;
}

/** A body problem, reported with the JSON path of the offending field. */
export interface BodyProblem {
  param: string;
  message: string;
}

/** Consumes the SSE events of one upstream stream and summarises them. */
export interface StreamAccumulator {
  onEvent(event: string | undefined, data: string): void;
  /** True once the stream's own terminal event was seen (`[DONE]`, `message_stop`, `response.completed`). */
  readonly complete: boolean;
  result(): ResponseFacts;
}

/**
 * Everything the gateway needs to know about one client-facing API. Adapters are pure: they never
 * touch the network, so they are tested on plain objects.
 */
export interface ProtocolAdapter {
  protocol: UpstreamProtocol;
  flavor: ApiFlavor;
  /** Path on the gateway and on the upstream, e.g. `/v1/chat/completions`. */
  path: string;
  /** Returns the first problem of a parsed body, or undefined when it can be forwarded. */
  validate(body: Record<string, unknown>): BodyProblem | undefined;
  describeRequest(body: Record<string, unknown>): RequestFacts;
  parseResponse(body: unknown): ResponseFacts;
  createStreamAccumulator(): StreamAccumulator;
  /** SSE text that tells the official SDK the stream failed, so that it throws instead of hanging. */
  streamErrorEvent(code: string, message: string): string;
}
