/** Calls to the dashboard API: JSON in, JSON out, errors as ApiError with the server's code and hint. */
import type { ApiErrorBody } from '../../src/dashboard/api-types.ts';

export const API_BASE = '/dashboard/api';

/** An API refusal or failure, with what the server said. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly hint?: string, readonly param?: string) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Called when any call answers 401 with a session error: the app shows the login again. */
let onSessionLost: () => void = () => {};
export function setSessionLostHandler(handler: () => void): void {
  onSessionLost = handler;
}

async function toApiError(response: Response): Promise<ApiError> {
  let body: Partial<ApiErrorBody> & { error?: { param?: string } } = {};
  try {
    body = await response.json() as typeof body;
  } catch {
    // not JSON (a proxy's page, a dropped connection): fall through to a generic message
  }
  const error = body.error;
  return new ApiError(response.status, error?.code ?? 'HTTP_' + response.status,
    error?.message ?? `the server answered ${response.status} ${response.statusText}`, error?.hint, error?.param);
}

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(API_BASE + path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(signal ? { signal } : {}),
    });
  } catch (cause) {
    if ((cause as Error).name === 'AbortError') throw cause;
    throw new ApiError(0, 'NETWORK', 'the gateway cannot be reached', 'check that distillguard serve is running');
  }
  if (!response.ok) {
    const error = await toApiError(response);
    if (error.code === 'DASHBOARD_SESSION_REQUIRED') onSessionLost();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  return await response.json() as T;
}

export const getJson = <T>(path: string, signal?: AbortSignal): Promise<T> => call<T>('GET', path, undefined, signal);
export const postJson = <T>(path: string, body: unknown): Promise<T> => call<T>('POST', path, body);
