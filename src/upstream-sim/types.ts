/**
 * Public options and the API-neutral request shape shared by the simulator's modules.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** Random fault injection. Each rate is a probability in [0, 1]; the rates are tried in the order listed. */
export interface UpstreamSimFaults {
  /** Answer 500/502/503 with the API's error body. */
  rate5xx?: number;
  /** Answer 429 with `retry-after: 1`. */
  rate429?: number;
  /** Accept the request and never answer. */
  rateTimeout?: number;
  /** Drop the connection (mid-stream when streaming). */
  rateDisconnect?: number;
  /** Seeds the fault sequence; the n-th request always gets the same roll. Default 1. */
  seed?: number;
}

/** Options of {@link startUpstreamSimulator}. */
export interface UpstreamSimOptions {
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Port; 0 (default) picks an ephemeral one. */
  port?: number;
  /** Delay before the first byte (streaming) or before the whole answer (non-streaming). Default 0. */
  latencyMs?: number;
  /** Streaming pace; 0 or Infinity streams as fast as possible. Default 0. */
  tokensPerSecond?: number;
  /** Typical answer length when neither the request nor a directive says; varies 0.5x..1.5x per prompt. Default 120. */
  defaultOutputTokens?: number;
  /** Random fault injection, applied only to requests without `[[sim:...]]` directives. */
  faults?: UpstreamSimFaults;
  /** When set, requests must carry it (`Authorization: Bearer` or `x-api-key`), else 401. */
  requiredApiKey?: string;
  /** Model ids listed by `GET /v1/models`. */
  models?: string[];
  /** Keep the last N requests in {@link UpstreamSim.requests}. Default 0. */
  recordRequests?: number;
}

/** One request as received, kept for assertions in tests. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body; the raw text when it is not JSON; undefined when there is no body. */
  body: unknown;
  /** `Date.now()` when the body had been read. */
  receivedAt: number;
}

/** A running simulator. */
export interface UpstreamSim {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:40123` (append `/v1` for the OpenAI SDK). */
  url: string;
  port: number;
  /** The last `recordRequests` requests, oldest first. Mutable: tests may clear it with `length = 0`. */
  requests: RecordedRequest[];
  /** Stops listening and destroys every open connection, hanging ones included. Idempotent. */
  close(): Promise<void>;
}

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Which error body shape an endpoint speaks. */
export type WireFormat = 'openai' | 'anthropic';

/** A function tool declared by the request, in neutral form. */
export interface ToolSpec {
  name: string;
  /** JSON Schema of the arguments (may be anything the client sent). */
  parameters: unknown;
}

/** The request's tool_choice, in neutral form. */
export type ToolChoice =
  | { mode: 'auto' }
  | { mode: 'none' }
  | { mode: 'required' }
  | { mode: 'named'; name: string };

/** Behaviour switches parsed from `[[sim:...]]` directives in the last user message. */
export interface Directives {
  fault?: FaultSpec;
  /** Answer length in tokens. */
  tokens?: number;
  /** Per-request latency in ms, replacing the configured one. */
  latencyMs?: number;
  /** True when the message carried at least one directive (random faults are then off). */
  present: boolean;
}

/** A fault to inject into one request. */
export type FaultSpec =
  | { kind: 'status'; status: number; retryAfterSec: number }
  | { kind: 'timeout' }
  | { kind: 'disconnect' };

/** What a request asks of the model, independent of its wire format. */
export interface SimRequest {
  model: string;
  stream: boolean;
  /** Everything that identifies the conversation (model, system, messages); hashed for determinism. */
  transcript: string;
  promptTokens: number;
  /** Text of the last user message, directives removed. */
  lastUserText: string;
  /** False when the conversation ends with a tool result or an assistant turn. */
  endsWithUserText: boolean;
  directives: Directives;
  tools: ToolSpec[];
  toolChoice: ToolChoice;
  /** Null when no reasoning is wanted. */
  reasoning: { effort: string | undefined; budgetTokens: number | undefined; summary: boolean } | null;
  /** Output budget (reasoning included), when the request sets one. */
  maxTokens: number | undefined;
  /** Anthropic models announce a tool call with a short text block first. */
  toolPreamble: boolean;
}
