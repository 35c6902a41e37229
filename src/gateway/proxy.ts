import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { createParser } from 'eventsource-parser';
import type { Dispatcher } from 'undici';
import { DistillguardError, type ErrorCode } from '../errors.js';
import { serializeSseEvent, type StreamRewriter } from './enforcement-hook.js';
import type { ExchangeContext } from './exchange.js';
import type { UpstreamTarget } from './upstreams.js';

/** Client headers that are forwarded to the upstream; everything else stays at the gateway. */
const FORWARDED_ANTHROPIC_HEADERS = ['anthropic-version', 'anthropic-beta'];
const FORWARDED_OPENAI_HEADERS = ['openai-beta'];
const SAFE_HEADER_VALUE = /^[\x20-\x7e]{1,256}$/;
/** Largest upstream error body read into memory. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** Headers for the upstream: its own credentials, the client's protocol headers, and our request id. */
export function upstreamHeaders(ctx: ExchangeContext, target: UpstreamTarget, incoming: IncomingHttpHeaders): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: ctx.facts?.stream ? 'text/event-stream' : 'application/json',
    'user-agent': 'distillguard-gateway',
    'x-request-id': ctx.id,
  };
  const forwarded = ctx.adapter.flavor === 'anthropic' ? FORWARDED_ANTHROPIC_HEADERS : FORWARDED_OPENAI_HEADERS;
  for (const name of forwarded) {
    const value = incoming[name];
    if (typeof value === 'string' && SAFE_HEADER_VALUE.test(value)) headers[name] = value;
  }
  if (ctx.adapter.flavor === 'anthropic') {
    headers['anthropic-version'] ??= '2023-06-01';
    if (target.apiKey) headers['x-api-key'] = target.apiKey;
  } else if (target.apiKey) {
    headers.authorization = `Bearer ${target.apiKey}`;
  }
  return headers;
}

/** Sends the request upstream; network failures become coded errors. */
export async function sendUpstream(
  ctx: ExchangeContext, target: UpstreamTarget, body: Buffer, incoming: IncomingHttpHeaders, signal: AbortSignal,
): Promise<Dispatcher.ResponseData> {
  try {
    return await target.pool.request({
      method: 'POST',
      path: target.pathPrefix + ctx.adapter.path,
      headers: upstreamHeaders(ctx, target, incoming),
      body,
      signal,
    });
  } catch (cause) {
    throw mapNetworkError(cause, target, 'before the response');
  }
}

/** Maps an undici/network failure to the error the client is answered with. */
export function mapNetworkError(cause: unknown, target: UpstreamTarget, phase: string): DistillguardError {
  const code = (cause as { code?: string }).code ?? '';
  const name = (cause as { name?: string }).name ?? '';
  const upstream = target.config.name;
  if (name === 'AbortError' || code === 'UND_ERR_ABORTED') {
    return new DistillguardError('UPSTREAM_UNAVAILABLE', 'the client closed the request', { cause, details: { aborted: true } });
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new DistillguardError('UPSTREAM_TIMEOUT', `upstream '${upstream}' did not answer in time (${phase})`, {
      cause, hint: 'retry later; operators can raise headersTimeoutMs/bodyTimeoutMs',
    });
  }
  return new DistillguardError('UPSTREAM_UNAVAILABLE', `upstream '${upstream}' could not be reached (${phase}): ${code || (cause as Error).message}`, {
    cause, hint: 'retry later',
  });
}

/** Reads a bounded amount of an upstream body as text, discarding the rest. */
export async function readBounded(body: Dispatcher.ResponseData['body'], limit = MAX_ERROR_BODY_BYTES): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    if (size < limit) chunks.push(chunk.subarray(0, limit - size));
    size += chunk.length;
  }
  return Buffer.concat(chunks).toString('utf8');
}

function upstreamMessage(text: string): string | undefined {
  try {
    const parsed = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown };
    const message = typeof parsed.error === 'object' ? parsed.error?.message : parsed.error ?? parsed.message;
    return typeof message === 'string' ? message.slice(0, 500) : undefined;
  } catch {
    return undefined;
  }
}

/** Response headers worth passing back from an upstream error. */
const RETRY_HEADERS = ['retry-after', 'retry-after-ms'];

/**
 * Maps an upstream error response to what the client sees. Client mistakes (400, 404, 422) pass
 * through with the upstream's message; the gateway's own credential problems (401, 403) are not the
 * client's and become 502; 429 keeps its retry hints; 5xx become 502, or 503 when overloaded.
 */
export function mapUpstreamStatus(status: number, bodyText: string, headers: Dispatcher.ResponseData['headers'], target: UpstreamTarget): DistillguardError {
  const said = upstreamMessage(bodyText);
  const upstream = target.config.name;
  const retryHeaders: Record<string, string> = {};
  for (const name of RETRY_HEADERS) {
    const value = headers[name];
    if (typeof value === 'string' && SAFE_HEADER_VALUE.test(value)) retryHeaders[name] = value;
  }
  let code: ErrorCode;
  let clientStatus: number;
  let message: string;
  if (status === 429) {
    code = 'UPSTREAM_RATE_LIMITED';
    clientStatus = 429;
    message = `the model is rate limited upstream${said ? `: ${said}` : ''}`;
  } else if (status === 401 || status === 403) {
    code = 'UPSTREAM_ERROR';
    clientStatus = 502;
    message = `the gateway's credentials for upstream '${upstream}' were refused (HTTP ${status})`;
  } else if (status >= 400 && status < 500) {
    code = 'UPSTREAM_ERROR';
    clientStatus = status;
    message = said ?? `the upstream refused the request (HTTP ${status})`;
  } else if (status === 503 || status === 529) {
    code = 'UPSTREAM_ERROR';
    clientStatus = 503;
    message = `upstream '${upstream}' is overloaded (HTTP ${status})`;
  } else if (status === 504) {
    code = 'UPSTREAM_TIMEOUT';
    clientStatus = 504;
    message = `upstream '${upstream}' timed out (HTTP 504)`;
  } else {
    code = 'UPSTREAM_ERROR';
    clientStatus = 502;
    message = `upstream '${upstream}' failed (HTTP ${status})${said ? `: ${said}` : ''}`;
  }
  return new DistillguardError(code, message, { status: clientStatus, details: { upstreamStatus: status, headers: retryHeaders } });
}

/** Resolves when the socket can take more, or when the client is gone. */
function waitForDrain(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}

/**
 * Relays an upstream event stream to the client byte for byte, while the protocol's accumulator
 * reads the same events to build the record. If the upstream breaks off, the client receives an
 * error event in its API's format (so the official SDKs throw rather than hang) and the stream ends.
 */
export async function relayStream(
  ctx: ExchangeContext, upstream: Dispatcher.ResponseData, res: ServerResponse, target: UpstreamTarget, rewriter?: StreamRewriter,
): Promise<void> {
  const accumulator = ctx.adapter.createStreamAccumulator();
  // With a rewriter (enforcement changing the answer), the client gets the rewritten events and the
  // accumulator reads those, so that the record holds what the client got; without one, the bytes pass as they are.
  let rewritten = '';
  const parser = createParser(rewriter
    ? {
      onEvent: (event) => {
        for (const out of rewriter.onEvent(event)) {
          accumulator.onEvent(out.event, out.data);
          rewritten += serializeSseEvent(out);
        }
      },
      onComment: (comment) => {
        rewritten += `: ${comment}\n\n`;
      },
    }
    : { onEvent: (event) => accumulator.onEvent(event.event, event.data) });
  const decoder = new TextDecoder();
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-request-id': ctx.id,
  });
  ctx.streamed = true;
  let failure: DistillguardError | undefined;
  try {
    for await (const chunk of upstream.body as AsyncIterable<Buffer>) {
      if (res.destroyed) break;
      parser.feed(decoder.decode(chunk, { stream: true }));
      let out: Buffer | string = chunk;
      if (rewriter) {
        if (rewritten.length === 0) continue;
        out = rewritten;
        rewritten = '';
      }
      if (!res.write(out)) await waitForDrain(res);
    }
  } catch (cause) {
    failure = mapNetworkError(cause, target, 'during the stream');
  } finally {
    if (rewriter) {
      for (const out of rewriter.end()) {
        accumulator.onEvent(out.event, out.data);
        rewritten += serializeSseEvent(out);
      }
    }
    ctx.response = accumulator.result();
  }
  if (res.destroyed) return;
  if (rewritten.length > 0) res.write(rewritten);
  if (!failure && !accumulator.complete && !ctx.response.streamError) {
    failure = new DistillguardError('UPSTREAM_STREAM_INTERRUPTED', `upstream '${target.config.name}' ended the stream before it was complete`);
  }
  if (failure) {
    ctx.error = { code: failure.code.toLowerCase(), message: failure.message };
    res.write(ctx.adapter.streamErrorEvent(failure.code.toLowerCase(), failure.message));
  }
  res.end();
}
