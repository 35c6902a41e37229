import type { ErrorCode } from '../errors.js';

/** Which family of wire formats a route speaks; errors are answered in the caller's own format. */
export type ApiFlavor = 'openai' | 'anthropic';

/** An error as the client will see it. */
export interface ApiErrorShape {
  status: number;
  code: ErrorCode | string;
  message: string;
  /** Field the error is about (OpenAI's `param`), e.g. `messages[0].role`. */
  param?: string | null;
  headers?: Record<string, string>;
  /** Extra machine-readable fields of the error object (e.g. `verification_url`). */
  extra?: Record<string, unknown>;
}

function anthropicType(status: number): string {
  if (status === 400 || status === 422) return 'invalid_request_error';
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 413) return 'request_too_large';
  if (status === 429) return 'rate_limit_error';
  if (status === 503 || status === 529) return 'overloaded_error';
  return 'api_error';
}

function openaiType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

/**
 * The error body in the flavor's wire format:
 * OpenAI `{error:{message,type,param,code}}`, Anthropic `{type:'error',error:{type,message}}`.
 * The distillguard code travels in both, so that scripts can branch on it.
 */
export function errorBody(flavor: ApiFlavor, error: ApiErrorShape, requestId?: string): Record<string, unknown> {
  const code = error.code.toLowerCase();
  if (flavor === 'anthropic') {
    return {
      type: 'error',
      error: { type: anthropicType(error.status), message: error.message, code, ...error.extra },
      ...(requestId ? { request_id: requestId } : {}),
    };
  }
  return { error: { message: error.message, type: openaiType(error.status), param: error.param ?? null, code, ...error.extra } };
}

/** Every route prefix and its flavor; `/v1/messages` is Anthropic, the rest of `/v1` is OpenAI. */
export function flavorOfPath(url: string): ApiFlavor {
  return url.startsWith('/v1/messages') ? 'anthropic' : 'openai';
}
