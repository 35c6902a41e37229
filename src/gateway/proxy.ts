import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { createParser } from 'eventsource-parser';
import { DistillguardError, type ErrorCode } from '../errors.js';
import { serializeSseEvent, type StreamRewriter } from './enforcement-hook.js';
import type { ExchangeContext } from './exchange.js';
import { UpstreamCall } from './upstream-call.js';
import type { UpstreamTarget } from './upstreams.js';

/** Client headers that are forwarded to the upstream; everything else stays at the gateway. */
const FORWARDED_ANTHROPIC_HEADERS = ['anthropic-version', 'anthropic-beta'];
const FORWARDED_OPENAI_HEADERS = ['openai-beta'];
const SAFE_HEADER_VALUE = /^[\x20-\x7e]{1,256}$/;
/** Largest upstream error body read into memory. */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;

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

/**
 * Sends the request upstream and waits for the answer's status and headers; network failures
 * become coded errors. The call is kept on `ctx.upstream`, so that a client that leaves cancels it.
 */
export async function sendUpstream(
  ctx: ExchangeContext, target: UpstreamTarget, body: Buffer, incoming: IncomingHttpHeaders,
): Promise<UpstreamCall> {
  const call = new UpstreamCall();
  ctx.upstream = call;
  try {
    await call.start(target.pool, {
      method: 'POST',
      path: target.pathPrefix + ctx.adapter.path,
      headers: upstreamHeaders(ctx, target, incoming),
      body,
    });
  } catch (cause) {
    throw mapNetworkError(cause, target, 'before the response');
  }
  return call;
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

const UTF8_BOM = 0xfeff;

/**
 * An upstream body as text: all of a success, at most MAX_ERROR_BODY_BYTES of an error (the rest
 * is read and dropped). A leading byte-order mark is dropped, as undici's `body.text()` did.
 */
export async function readBody(call: UpstreamCall, whole: boolean): Promise<string> {
  const text = (await call.body(whole ? Number.POSITIVE_INFINITY : MAX_ERROR_BODY_BYTES)).toString('utf8');
  return whole && text.charCodeAt(0) === UTF8_BOM ? text.slice(1) : text;
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
export function mapUpstreamStatus(status: number, bodyText: string, headers: Readonly<Record<string, string | string[] | undefined>>, target: UpstreamTarget): DistillguardError {
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

/** Raw SSE bytes gathered before they are parsed for the record (see relayStream). */
const PARSE_BATCH_BYTES = 32 * 1024;

/**
 * Relays an upstream event stream to the client byte for byte, while the protocol's accumulator
 * reads the same events to build the record. If the upstream breaks off, the client receives an
 * error event in its API's format (so the official SDKs throw rather than hang) and the stream ends.
 *
 * Without a rewriter each chunk is written to the client first and parsed for the record later,
 * in batches of PARSE_BATCH_BYTES and at the end: one decode and one parser call per batch instead
 * of per chunk, and nothing between the upstream's bytes and the client's socket. With a rewriter
 * (enforcement changing the answer) each chunk must be parsed before anything is sent.
 */
export function relayStream(
  ctx: ExchangeContext, call: UpstreamCall, res: ServerResponse, target: UpstreamTarget, rewriter?: StreamRewriter,
): Promise<void> {
  const accumulator = ctx.adapter.createStreamAccumulator();
  // With a rewriter, the client gets the rewritten events and the accumulator reads those, so that
  // the record holds what the client got.
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
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const parsePending = (): void => {
    if (pending.length === 0) return;
    const bytes = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    parser.feed(decoder.decode(bytes, { stream: true }));
  };
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-request-id': ctx.id,
  });
  ctx.streamed = true;

  const finish = (error: Error | undefined): void => {
    let failure = error ? mapNetworkError(error, target, 'during the stream') : undefined;
    try {
      if (rewriter) {
        for (const out of rewriter.end()) {
          accumulator.onEvent(out.event, out.data);
          rewritten += serializeSseEvent(out);
        }
      } else {
        parsePending();
      }
    } finally {
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
  };

  // undici hands over every chunk of one socket read in the same turn (one per upstream HTTP chunk,
  // often one per event): corked until the turn ends, they leave in one write instead of one each
  let corked = false;
  const uncork = (): void => {
    corked = false;
    res.uncork();
  };
  const cork = (): void => {
    if (corked) return;
    corked = true;
    res.cork();
    process.nextTick(uncork);
  };

  return new Promise<void>((resolve, reject) => {
    // a paused upstream (the client reads slowly) flows again once the client's socket drains
    const onDrain = (): void => call.resume();
    res.on('drain', onDrain);
    call.pipe({
      // a throw here makes undici abort the request with that error, which then arrives in onEnd
      onChunk: (chunk) => {
        // the client is gone: the gateway's close handler cancels the call; nothing more to write
        if (res.destroyed) return true;
        cork();
        if (rewriter) {
          parser.feed(decoder.decode(chunk, { stream: true }));
          if (rewritten.length === 0) return true;
          const out = rewritten;
          rewritten = '';
          return res.write(out);
        }
        const flowing = res.write(chunk);
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes >= PARSE_BATCH_BYTES) parsePending();
        return flowing;
      },
      onEnd: (error) => {
        res.off('drain', onDrain);
        try {
          finish(error);
          resolve();
        } catch (failure) {
          reject(failure as Error);
        }
      },
    });
  });
}
