/**
 * Low-level HTTP output shared by all endpoints: JSON bodies, error bodies in the OpenAI and
 * Anthropic shapes, and small helpers for reading untyped request bodies.
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { WireFormat } from './types.js';

/** Announced in `server` headers and `system_fingerprint`, so nobody mistakes the simulator for a model. */
export const SIM_NAME = 'distillguard-upstream-sim';

/** True for plain objects (what a JSON object parses into). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `v` if it is a string, else undefined. */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** `v` if it is a finite number, else undefined. */
export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Writes a complete JSON response. `body` is already serialised so callers can precompute it. */
export function sendJson(res: ServerResponse, status: number, body: string, extra?: OutgoingHttpHeaders): void {
  if (res.destroyed || res.headersSent) return;
  const headers: OutgoingHttpHeaders = {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    server: SIM_NAME,
  };
  if (extra) Object.assign(headers, extra);
  res.writeHead(status, headers);
  res.end(body);
}

const ANTHROPIC_TYPES: Readonly<Record<number, string>> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  503: 'overloaded_error',
  529: 'overloaded_error',
};

const OPENAI_TYPES: Readonly<Record<number, string>> = {
  401: 'invalid_request_error',
  403: 'permission_error',
  429: 'rate_limit_error',
};

/** Details of an error answer beyond its status. */
export interface ErrorDetails {
  /** OpenAI `code` (e.g. `invalid_api_key`); Anthropic bodies have none. */
  code?: string | null;
  /** OpenAI `param`. */
  param?: string | null;
  /** Overrides the type derived from the status. */
  type?: string;
}

/** The error type an API uses for `status`. */
export function errorType(format: WireFormat, status: number): string {
  if (format === 'anthropic') return ANTHROPIC_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
  return OPENAI_TYPES[status] ?? (status >= 500 ? 'server_error' : 'invalid_request_error');
}

/** Serialises an error body: `{error:{message,type,param,code}}` or `{type:'error',error:{type,message}}`. */
export function errorBody(format: WireFormat, status: number, message: string, details: ErrorDetails = {}): string {
  const type = details.type ?? errorType(format, status);
  if (format === 'anthropic') return JSON.stringify({ type: 'error', error: { type, message } });
  return JSON.stringify({ error: { message, type, param: details.param ?? null, code: details.code ?? null } });
}

/** Sends an error in `format`'s shape. */
export function sendError(
  res: ServerResponse,
  format: WireFormat,
  status: number,
  message: string,
  details?: ErrorDetails,
  headers?: OutgoingHttpHeaders,
): void {
  sendJson(res, status, errorBody(format, status, message, details), headers);
}

/** Default messages for injected HTTP faults, close to what the real APIs say. */
export function faultMessage(format: WireFormat, status: number): string {
  if (status === 429) {
    return format === 'anthropic'
      ? 'Number of request tokens has exceeded your per-minute rate limit (simulated).'
      : 'Rate limit reached for requests (simulated). Please try again shortly.';
  }
  if (status === 503 || status === 529) return format === 'anthropic' ? 'Overloaded (simulated)' : 'The server is overloaded (simulated). Please retry your request.';
  if (status >= 500) return format === 'anthropic' ? 'Internal server error (simulated)' : 'The server had an error while processing your request (simulated). Sorry about that!';
  return `Simulated ${status} error.`;
}
