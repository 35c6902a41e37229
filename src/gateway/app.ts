import type { Socket } from 'node:net';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyBodyParser, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { DistillguardConfig } from '../config/schema.js';
import { DistillguardError, isDistillguardError } from '../errors.js';
import type { Recorder } from '../recording/recorder.js';
import type { Store } from '../store/types.js';
import { errorBody, flavorOfPath, type ApiErrorShape, type ApiFlavor } from './api-errors.js';
import type { EnforcementHook } from './enforcement-hook.js';
import { ClientInfoReader } from './client-info.js';
import { CLIENT_CLOSED_REQUEST, ExchangeContext } from './exchange.js';
import type { KeyCheck, KeyResolver } from './key-resolver.js';
import type { GatewayMetrics } from './metrics.js';
import { modelsRoute } from './models.js';
import { anthropicMessagesAdapter } from './protocols/anthropic-messages.js';
import { openaiChatAdapter } from './protocols/openai-chat.js';
import { openaiResponsesAdapter } from './protocols/openai-responses.js';
import type { ProtocolAdapter } from './protocols/types.js';
import { mapNetworkError, mapUpstreamStatus, readBody, relayStream, sendUpstream } from './proxy.js';
import type { UpstreamRouter } from './upstreams.js';

/** Everything the gateway app needs; built by `startGateway`, or by tests directly. */
export interface GatewayDeps {
  config: DistillguardConfig;
  store: Store;
  router: UpstreamRouter;
  recorder: Recorder;
  keys: KeyResolver;
  metrics: GatewayMetrics;
  logger: Logger;
  /** Extra route plugins mounted on the same server (the admin API, later the dashboard). */
  plugins?: Array<(app: FastifyInstance) => Promise<void> | void>;
  /** Countermeasures (src/enforce): asked once per validated model request. */
  enforcement?: EnforcementHook;
}

declare module 'fastify' {
  interface FastifyRequest {
    exchange: ExchangeContext | null;
    rawBody: Buffer | null;
  }
}

type HookDone = (error?: Error) => void;

/** Sends an error in the route's own wire format. */
export function sendApiError(reply: FastifyReply, flavor: ApiFlavor, error: ApiErrorShape, requestId?: string): FastifyReply {
  for (const [name, value] of Object.entries(error.headers ?? {})) reply.header(name, value);
  return reply.code(error.status).type('application/json').send(errorBody(flavor, error, requestId));
}

/** Turns anything thrown into the client-facing error shape. Unknown errors never leak their text. */
export function toApiError(error: unknown): ApiErrorShape {
  if (isDistillguardError(error)) {
    const details = error.details ?? {};
    return {
      status: error.status,
      code: error.code,
      message: error.message,
      param: typeof details.param === 'string' ? details.param : null,
      headers: (details.headers as Record<string, string> | undefined) ?? {},
      ...(details.extra ? { extra: details.extra as Record<string, unknown> } : {}),
    };
  }
  const fastifyCode = (error as { code?: string }).code;
  const message = (error as Error).message ?? '';
  switch (fastifyCode) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 400, code: 'REQUEST_TOO_LARGE', message: 'The request body is larger than this gateway accepts', param: null };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 400, code: 'REQUEST_UNSUPPORTED_MEDIA_TYPE', message: 'The request body must be JSON, sent with Content-Type: application/json', param: null };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, code: 'REQUEST_INVALID_JSON', message: 'The request body is empty; send a JSON object', param: null };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, code: 'REQUEST_INVALID_BODY', message: 'The Content-Length header does not match the body', param: null };
    default:
      break;
  }
  const status = (error as { statusCode?: number }).statusCode;
  if (status && status >= 400 && status < 500) return { status, code: 'REQUEST_INVALID_BODY', message, param: null };
  return { status: 500, code: 'INTERNAL', message: 'The gateway failed to handle the request', param: null };
}

/** The body of Node's HTTP-parser rejections (bad headers, header injection): the socket is past saving. */
function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const body = JSON.stringify(errorBody('openai', {
    status: tooLarge ? 431 : 400,
    code: tooLarge ? 'REQUEST_TOO_LARGE' : 'REQUEST_INVALID_BODY',
    message: tooLarge ? 'The request headers are too large' : `The HTTP request is malformed (${error.code ?? 'parse error'})`,
  }));
  socket.end(`HTTP/1.1 ${tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'}\r\n` +
    `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
}

/** Bearer token from Authorization, or the x-api-key header (Anthropic's convention). */
function presentedKey(request: FastifyRequest): string | undefined {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    if (match) return match[1];
  }
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey.length > 0 ? apiKey : undefined;
}

const AUTH_MESSAGES: Record<string, string> = {
  AUTH_MISSING_KEY: 'No API key provided. Send it as "Authorization: Bearer <key>" or "x-api-key: <key>".',
  AUTH_INVALID_KEY: 'Incorrect API key provided.',
  AUTH_REVOKED_KEY: 'This API key has been revoked.',
  AUTH_ACCOUNT_DISABLED: 'The account of this API key is disabled.',
};

/**
 * Builds the gateway: the three model APIs, `/v1/models`, health and metrics. Each model request
 * becomes exactly one exchange record, written when its response closes, whatever happened.
 */
export async function buildGatewayApp(deps: GatewayDeps): Promise<FastifyInstance> {
  const { config, recorder, keys, metrics, router, logger } = deps;
  const clientInfo = new ClientInfoReader(config.server);
  let closing = false;

  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // one structured line per exchange is written by `finalize`; Fastify's own request logs would repeat it
    logController: new LogController({ disableRequestLogging: true }),
    // no child logger per request (pino's child() with bindings costs a few µs and allocations on
    // every request); the few request-scoped lines name the exchange id themselves
    childLoggerFactory: (parent) => parent,
    bodyLimit: config.server.bodyLimitBytes,
    trustProxy: config.server.trustedProxies.length > 0 ? config.server.trustedProxies : false,
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    clientErrorHandler,
    requestIdHeader: false,
  });
  app.decorateRequest('exchange', null);
  app.decorateRequest('rawBody', null);
  // preClose runs before in-flight requests finish, so that new ones on kept-alive sockets are refused
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });

  // The raw bytes are kept so that the upstream receives exactly what the client sent.
  app.removeAllContentTypeParsers();
  const parseJson: FastifyBodyParser<Buffer> = (request, buffer, done) => {
    request.rawBody = buffer;
    if (buffer.length === 0) {
      done(new DistillguardError('REQUEST_INVALID_JSON', 'The request body is empty; send a JSON object'), undefined);
      return;
    }
    try {
      done(null, JSON.parse(buffer.toString('utf8')));
    } catch (cause) {
      done(new DistillguardError('REQUEST_INVALID_JSON', `The request body is not valid JSON: ${(cause as Error).message}`, {
        hint: 'send a JSON object with Content-Type: application/json',
      }), undefined);
    }
  };
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, parseJson);
  app.addContentTypeParser(/^application\/[\w.+-]*\+json$/, { parseAs: 'buffer' }, parseJson);

  app.setErrorHandler((error, request, reply) => {
    const shaped = toApiError(error);
    if (shaped.status >= 500 && !isDistillguardError(error)) request.log.error({ err: error, exchange: request.exchange?.id }, 'unhandled gateway error');
    if (request.exchange) request.exchange.error = { code: String(shaped.code).toLowerCase(), message: shaped.message };
    return sendApiError(reply, flavorOfPath(request.url), shaped, request.exchange?.id);
  });
  app.setNotFoundHandler((request, reply) => sendApiError(reply, flavorOfPath(request.url), {
    status: 404, code: 'NOT_FOUND', message: `Unknown route ${request.method} ${request.url.split('?')[0]}`,
  }));

  const finalize = (request: FastifyRequest, reply: FastifyReply): void => {
    const ctx = request.exchange;
    if (!ctx || !ctx.claimRecord()) return;
    const res = reply.raw;
    const clientGone = !res.writableFinished;
    const status = clientGone && !res.headersSent ? CLIENT_CLOSED_REQUEST : res.statusCode;
    const record = ctx.toRecord(status, clientGone);
    deps.enforcement?.settle(ctx, record);
    if (ctx.reserved) recorder.commit(record);
    else recorder.record(record);
    metrics.requests.inc({ endpoint: ctx.adapter.protocol, status: String(status) });
    metrics.duration.observe({ endpoint: ctx.adapter.protocol, stream: String(ctx.streamed) }, (record.latency_ms ?? 0) / 1000);
    const upstreamWait = ctx.upstreamWaitMs();
    if (upstreamWait !== undefined) {
      metrics.added.observe({ endpoint: ctx.adapter.protocol, stream: String(ctx.streamed) }, Math.max(0, (record.latency_ms ?? 0) - upstreamWait) / 1000);
    }
    if (logger.isLevelEnabled('debug')) {
      logger.debug({ exchange: record.id, endpoint: record.endpoint, model: record.model, account: record.account_id,
        status, latency_ms: record.latency_ms, upstream: ctx.upstreamName,
        // prompt and answer text only when an operator asked for it (logs often leave the deployment)
        ...(config.logging.includeText ? { request: record.request, response: record.response } : {}) }, 'exchange');
    }
  };

  /** After the key check: the caller on the context, or the 401 (or 503 while closing) sent. */
  const authenticated = (adapter: ProtocolAdapter, ctx: ExchangeContext, reply: FastifyReply, check: KeyCheck): void => {
    if (!check.ok) {
      ctx.error = { code: check.code.toLowerCase(), message: AUTH_MESSAGES[check.code]! };
      sendApiError(reply, adapter.flavor, { status: 401, code: check.code, message: AUTH_MESSAGES[check.code]! }, ctx.id);
      return;
    }
    ctx.caller = check.caller;
    if (closing) {
      reply.header('connection', 'close');
      ctx.error = { code: 'gateway_shutting_down', message: 'The gateway is shutting down' };
      sendApiError(reply, adapter.flavor, { status: 503, code: 'GATEWAY_SHUTTING_DOWN', message: 'The gateway is shutting down; retry on another replica' }, ctx.id);
    }
  };

  /** With a reserved slot: the exchange context, its record on close, and the key check. */
  const authenticate = (adapter: ProtocolAdapter, request: FastifyRequest, reply: FastifyReply, done: HookDone): void => {
    const ctx = new ExchangeContext(adapter, clientInfo.read(request.ip, request.socket.remoteAddress, request.headers), true);
    request.exchange = ctx;
    reply.header('x-request-id', ctx.id);
    // one listener for both: the record first (it says what the client got), then a client that
    // left before the answer was complete cancels the upstream request
    reply.raw.once('close', () => {
      finalize(request, reply);
      if (!reply.raw.writableFinished) ctx.upstream?.abort();
    });
    const secret = presentedKey(request);
    const known = keys.peek(secret);
    if (known) {
      authenticated(adapter, ctx, reply, known);
      done();
      return;
    }
    keys.check(secret).then((check) => {
      authenticated(adapter, ctx, reply, check);
      done();
    }, done);
  };

  // A callback hook rather than an async one: a request with a free slot and a cached key passes
  // without a promise. Once a hook has answered, fastify skips the rest (done() is still called).
  const admitAndAuthenticate = (adapter: ProtocolAdapter) => (request: FastifyRequest, reply: FastifyReply, done: HookDone): void => {
    if (recorder.tryReserve()) {
      authenticate(adapter, request, reply, done);
      return;
    }
    recorder.reserve(config.recording.admissionWaitMs).then((reserved) => {
      // Requests refused here, for lack of queue space, are the only ones not recorded: recording
      // them would need the very space that is missing. They are counted in the metrics instead.
      if (!reserved) {
        metrics.admissionRejected.inc();
        reply.header('retry-after', '1');
        sendApiError(reply, adapter.flavor, { status: 503, code: 'GATEWAY_OVERLOADED', message: 'The gateway is at capacity; retry shortly' });
        done();
        return;
      }
      authenticate(adapter, request, reply, done);
    }, done);
  };

  const handle = (adapter: ProtocolAdapter) => async (request: FastifyRequest, reply: FastifyReply) => {
    const ctx = request.exchange!;
    const body = request.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new DistillguardError('REQUEST_INVALID_BODY', 'The request body must be a JSON object', {
        hint: 'send a JSON object with Content-Type: application/json',
      });
    }
    const fields = body as Record<string, unknown>;
    if (typeof fields.model === 'string') ctx.rawModel = fields.model;
    const problem = adapter.validate(fields);
    if (problem) throw new DistillguardError('REQUEST_INVALID_BODY', problem.message, { details: { param: problem.param } });
    ctx.facts = adapter.describeRequest(fields);
    const admitted = deps.enforcement?.admit(ctx, fields, request.rawBody!);
    const admission = admitted instanceof Promise ? await admitted : admitted;
    const target = router.require(ctx.facts.model, adapter.protocol);
    ctx.upstreamName = target.config.name;

    let upstream;
    try {
      ctx.markUpstreamSent();
      upstream = await sendUpstream(ctx, target, admission?.body ?? request.rawBody!, request.headers);
    } catch (error) {
      if (ctx.upstream?.aborted) return reply.hijack(); // the client is gone: nobody to answer
      metrics.upstreamErrors.inc({ upstream: target.config.name, kind: (error as DistillguardError).code ?? 'unknown' });
      throw error;
    }
    const succeeded = upstream.statusCode >= 200 && upstream.statusCode < 300;
    if (succeeded && ctx.facts.stream && (upstream.headers['content-type'] ?? '').includes('text/event-stream')) {
      reply.hijack();
      await relayStream(ctx, upstream, reply.raw, target, admission?.rewriter?.createStreamRewriter());
      if (!ctx.error && !upstream.aborted) ctx.markUpstreamDone();
      if (ctx.error) metrics.upstreamErrors.inc({ upstream: target.config.name, kind: ctx.error.code });
      return reply;
    }
    let text: string;
    try {
      text = await readBody(upstream, succeeded);
      ctx.markUpstreamDone();
    } catch (error) {
      if (upstream.aborted) return reply.hijack();
      throw mapNetworkError(error, target, 'while reading the response');
    }
    if (!succeeded) {
      const mapped = mapUpstreamStatus(upstream.statusCode, text, upstream.headers, target);
      metrics.upstreamErrors.inc({ upstream: target.config.name, kind: `http_${upstream.statusCode}` });
      throw mapped;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      metrics.upstreamErrors.inc({ upstream: target.config.name, kind: 'bad_response' });
      throw new DistillguardError('UPSTREAM_BAD_RESPONSE', `upstream '${target.config.name}' answered with a body that is not JSON`);
    }
    const rewritten = admission?.rewriter?.rewriteBody(parsed);
    if (rewritten) {
      // the client gets the rewritten answer, and the record says so
      parsed = rewritten.body;
      text = JSON.stringify(parsed);
    }
    ctx.response = adapter.parseResponse(parsed);
    return reply.code(upstream.statusCode).type('application/json').send(text);
  };

  for (const adapter of [openaiChatAdapter, anthropicMessagesAdapter, openaiResponsesAdapter]) {
    app.post(adapter.path, { onRequest: admitAndAuthenticate(adapter) }, handle(adapter));
  }

  modelsRoute(app, { router, keys, presentedKey, authMessages: AUTH_MESSAGES });

  app.get('/healthz', async (_request, reply) => {
    const stats = recorder.stats();
    const healthy = !closing;
    return reply.code(healthy ? 200 : 503).send({ status: healthy ? 'ok' : 'closing', recording: stats });
  });
  app.get('/metrics', async (_request, reply) => {
    const text = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(text);
  });

  for (const plugin of deps.plugins ?? []) await plugin(app);
  return app;
}
