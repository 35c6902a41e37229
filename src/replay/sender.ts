/**
 * Sends rebuilt requests with the official SDK clients, so that the gateway sees the headers,
 * bodies and stream handling of real clients. One client per SDK serves every account: the
 * account's key and client facts travel as per-request headers, which keeps memory flat however
 * many accounts a scenario has.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { BuiltRequest } from './requests.js';

/** Why a request failed: the HTTP status as text (`'429'`), or a failure without one. */
export type FailureKind = `${number}` | 'stream' | 'timeout' | 'connection' | 'aborted' | 'other';

/** How one request ended. Streams count as ok only once consumed to the end. */
export type SendOutcome =
  | { ok: true; latencyMs: number }
  | { ok: false; latencyMs: number; kind: FailureKind; message: string };

export interface SendContext {
  /** The account's API key. */
  secret: string;
  /** Client-fact headers (X-Forwarded-For, x-client-*, User-Agent). */
  headers: Record<string, string>;
  signal?: AbortSignal;
}

/** Sends one request to the gateway; never rejects for a failed request (that is an outcome). */
export interface ExchangeSender {
  send(request: BuiltRequest, context: SendContext): Promise<SendOutcome>;
}

export interface SdkSenderOptions {
  /** Gateway base URL, e.g. `http://127.0.0.1:8080`. */
  gateway: string;
  /** Per-request timeout (default 120 s). */
  timeoutMs?: number;
}

// The SDKs refuse to start without a key; the real one is set per request.
const PLACEHOLDER_KEY = 'replay-key-set-per-request';

/** {@link ExchangeSender} with the official `openai` and `@anthropic-ai/sdk` clients, retries off. */
export class SdkSender implements ExchangeSender {
  private readonly openai: OpenAI;
  private readonly anthropic: Anthropic;

  constructor(options: SdkSenderOptions) {
    const base = options.gateway.replace(/\/+$/, '');
    const timeout = options.timeoutMs ?? 120_000;
    // maxRetries 0: a replayed exchange is sent exactly once, and errors are counted, not hidden
    this.openai = new OpenAI({ baseURL: `${base}/v1`, apiKey: PLACEHOLDER_KEY, maxRetries: 0, timeout });
    this.anthropic = new Anthropic({ baseURL: base, apiKey: PLACEHOLDER_KEY, maxRetries: 0, timeout });
  }

  async send(request: BuiltRequest, context: SendContext): Promise<SendOutcome> {
    const started = performance.now();
    // The SDKs never remove the abort listener they add to a caller's signal, so a signal that
    // lives as long as the replay would keep one closure per request: each request gets its own
    // signal, linked to the caller's only while it runs.
    const own = new AbortController();
    const forward = (): void => own.abort();
    if (context.signal?.aborted) own.abort();
    context.signal?.addEventListener('abort', forward, { once: true });
    try {
      await this.dispatch(request, { ...context, signal: own.signal });
      return { ok: true, latencyMs: performance.now() - started };
    } catch (error) {
      return { ok: false, latencyMs: performance.now() - started, ...classifyFailure(error) };
    } finally {
      context.signal?.removeEventListener('abort', forward);
    }
  }

  private async dispatch(request: BuiltRequest, context: SendContext): Promise<void> {
    const auth = { authorization: `Bearer ${context.secret}` };
    const signal = context.signal;
    switch (request.endpoint) {
      case 'openai.chat': {
        const options = { headers: { ...context.headers, ...auth }, ...(signal ? { signal } : {}) };
        const body = request.body;
        if (body.stream === true) {
          for await (const _chunk of await this.openai.chat.completions.create(body, options)) { /* read to the end */ }
        } else {
          await this.openai.chat.completions.create(body, options);
        }
        return;
      }
      case 'openai.responses': {
        const options = { headers: { ...context.headers, ...auth }, ...(signal ? { signal } : {}) };
        const body = request.body;
        if (body.stream === true) {
          for await (const _event of await this.openai.responses.create(body, options)) { /* read to the end */ }
        } else {
          await this.openai.responses.create(body, options);
        }
        return;
      }
      case 'anthropic.messages': {
        // Anthropic clients send x-api-key; the gateway prefers Authorization, so both carry the account's key
        const options = { headers: { ...context.headers, ...auth, 'x-api-key': context.secret }, ...(signal ? { signal } : {}) };
        const body = request.body;
        if (body.stream === true) {
          for await (const _event of await this.anthropic.messages.create(body, options)) { /* read to the end */ }
        } else {
          await this.anthropic.messages.create(body, options);
        }
        return;
      }
    }
  }
}

/** Sorts an SDK error into a {@link FailureKind}. */
export function classifyFailure(error: unknown): { kind: FailureKind; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof OpenAI.APIUserAbortError || error instanceof Anthropic.APIUserAbortError) return { kind: 'aborted', message };
  if (error instanceof OpenAI.APIConnectionTimeoutError || error instanceof Anthropic.APIConnectionTimeoutError) return { kind: 'timeout', message };
  if (error instanceof OpenAI.APIConnectionError || error instanceof Anthropic.APIConnectionError) return { kind: 'connection', message };
  if (error instanceof OpenAI.APIError || error instanceof Anthropic.APIError) {
    // no status: the error arrived inside a stream that had started with 200
    return { kind: typeof error.status === 'number' ? `${error.status}` : 'stream', message };
  }
  return { kind: 'other', message };
}
