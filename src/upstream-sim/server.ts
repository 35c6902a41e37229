/**
 * The simulator's HTTP server: routing, authentication, body reading, request recording, fault
 * injection and latency. Raw `node:http` on purpose: the simulator is the zero-overhead baseline of
 * the gateway benchmark, so the hot path attaches no extra listeners, logs nothing and allocates little.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DistillguardError } from '../errors.js';
import { anthropicMessages } from './anthropic-messages.js';
import { type ApiHandler, isInvalid, type Prepared } from './api.js';
import { createRng } from './hash.js';
import { buildCatalogue, DEFAULT_MODELS, type ModelCatalogue } from './models.js';
import { chatCompletions } from './openai-chat.js';
import { openaiResponses } from './openai-responses.js';
import { planAnswer } from './plan.js';
import { sendSse, TimerSet } from './sse.js';
import type { FaultSpec, RecordedRequest, UpstreamSim, UpstreamSimOptions, WireFormat } from './types.js';
import { faultMessage, sendError, sendJson } from './wire.js';

const ROUTES: ReadonlyMap<string, ApiHandler> = new Map([
  ['/v1/chat/completions', chatCompletions],
  ['/v1/messages', anthropicMessages],
  ['/v1/responses', openaiResponses],
]);

/** Larger bodies get a 413: the simulator is not the place to test huge uploads. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;
const FIVE_XX = [500, 502, 503] as const;

interface Config {
  latencyMs: number;
  tokensPerSecond: number;
  defaultOutputTokens: number;
  faults: { rate5xx: number; rate429: number; rateTimeout: number; rateDisconnect: number; seed: number } | null;
  requiredApiKey: string | undefined;
  record: number;
  catalogue: ModelCatalogue;
}

function invalidOption(name: string, expected: string): DistillguardError {
  return new DistillguardError('CONFIG_INVALID', `upstream simulator option ${name} must be ${expected}`, {
    hint: `fix ${name} in the options passed to startUpstreamSimulator()`,
  });
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) throw invalidOption(name, 'a number >= 0');
  return value;
}

function rate(name: string, value: number | undefined): number {
  const r = nonNegative(`faults.${name}`, value, 0);
  if (r > 1) throw invalidOption(`faults.${name}`, 'between 0 and 1');
  return r;
}

function resolveConfig(o: UpstreamSimOptions): Config {
  const f = o.faults;
  const faults = f
    ? {
        rate5xx: rate('rate5xx', f.rate5xx),
        rate429: rate('rate429', f.rate429),
        rateTimeout: rate('rateTimeout', f.rateTimeout),
        rateDisconnect: rate('rateDisconnect', f.rateDisconnect),
        seed: nonNegative('faults.seed', f.seed, 1),
      }
    : null;
  const models = o.models ?? DEFAULT_MODELS;
  if (!Array.isArray(models) || models.some((m) => typeof m !== 'string' || m.length === 0)) {
    throw invalidOption('models', 'a list of non-empty model ids');
  }
  return {
    latencyMs: nonNegative('latencyMs', o.latencyMs, 0),
    tokensPerSecond: nonNegative('tokensPerSecond', o.tokensPerSecond, 0),
    defaultOutputTokens: Math.max(1, Math.round(nonNegative('defaultOutputTokens', o.defaultOutputTokens, 120))),
    faults: faults && faults.rate5xx + faults.rate429 + faults.rateTimeout + faults.rateDisconnect > 0 ? faults : null,
    requiredApiKey: o.requiredApiKey || undefined,
    record: Math.floor(nonNegative('recordRequests', o.recordRequests, 0)),
    catalogue: buildCatalogue(models),
  };
}

function apiKeysOf(headers: IncomingHttpHeaders): string[] {
  const keys: string[] = [];
  const auth = headers.authorization;
  if (typeof auth === 'string' && /^bearer /i.test(auth)) keys.push(auth.slice(7).trim());
  const x = headers['x-api-key'];
  if (typeof x === 'string') keys.push(x);
  return keys;
}

/**
 * Starts an OpenAI- and Anthropic-compatible model simulator.
 *
 * Endpoints: `POST /v1/chat/completions`, `POST /v1/messages`, `POST /v1/responses`, `GET /v1/models`
 * (and `/v1/models/{id}`). Answers are deterministic for a given request; `[[sim:...]]` directives in
 * the last user message inject faults, set the answer length or the latency.
 */
export async function startUpstreamSimulator(options: UpstreamSimOptions = {}): Promise<UpstreamSim> {
  const cfg = resolveConfig(options);
  const timers = new TimerSet();
  const requests: RecordedRequest[] = [];
  const faultRng = cfg.faults ? createRng(cfg.faults.seed, 4242) : undefined;
  let requestCounter = 0;

  function record(req: IncomingMessage, path: string, body: unknown): void {
    if (cfg.record === 0) return;
    requests.push({ method: req.method ?? 'GET', path, headers: { ...req.headers }, body, receivedAt: Date.now() });
    if (requests.length > cfg.record) requests.splice(0, requests.length - cfg.record);
  }

  function requestIdHeader(format: WireFormat): OutgoingHttpHeaders {
    const id = `req_sim_${(++requestCounter).toString(36).padStart(8, '0')}`;
    return format === 'anthropic' ? { 'request-id': id } : { 'x-request-id': id };
  }

  /** Answers 401 when an API key is required and missing or wrong; returns whether the request may go on. */
  function authorize(req: IncomingMessage, res: ServerResponse, format: WireFormat): boolean {
    if (cfg.requiredApiKey === undefined) return true;
    const keys = apiKeysOf(req.headers);
    if (keys.includes(cfg.requiredApiKey)) return true;
    const message =
      format === 'anthropic'
        ? keys.length === 0 ? 'x-api-key header is required' : 'invalid x-api-key'
        : keys.length === 0
          ? "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
          : 'Incorrect API key provided. You can find your API key in the simulator options (requiredApiKey).';
    sendError(res, format, 401, message, { code: 'invalid_api_key' }, requestIdHeader(format));
    return false;
  }

  function rollFault(): FaultSpec | undefined {
    const f = cfg.faults;
    if (!f || !faultRng) return undefined;
    const r = faultRng();
    let edge = f.rate5xx;
    if (r < edge) return { kind: 'status', status: FIVE_XX[Math.floor(faultRng() * FIVE_XX.length)] ?? 500, retryAfterSec: 1 };
    if (r < (edge += f.rate429)) return { kind: 'status', status: 429, retryAfterSec: 1 };
    if (r < (edge += f.rateTimeout)) return { kind: 'timeout' };
    if (r < (edge += f.rateDisconnect)) return { kind: 'disconnect' };
    return undefined;
  }

  function answer(api: ApiHandler, prepared: Prepared, fault: FaultSpec | undefined, res: ServerResponse): void {
    if (res.destroyed) return;
    const idHeader = requestIdHeader(api.format);
    if (fault?.kind === 'status') {
      const headers: OutgoingHttpHeaders = { ...idHeader };
      if (fault.status === 429) {
        headers['retry-after'] = String(fault.retryAfterSec);
        headers['retry-after-ms'] = String(Math.round(fault.retryAfterSec * 1000));
      }
      const code = fault.status === 429 ? 'rate_limit_exceeded' : null;
      sendError(res, api.format, fault.status, faultMessage(api.format, fault.status), { code }, headers);
      return;
    }
    const disconnect = fault?.kind === 'disconnect';
    if (disconnect && !prepared.sim.stream) {
      res.destroy();
      return;
    }
    const plan = planAnswer(prepared.sim, cfg.defaultOutputTokens);
    const out = prepared.render(plan, Math.floor(Date.now() / 1000));
    if (out.kind === 'json') sendJson(res, 200, out.body, idHeader);
    else sendSse(res, out.frames, { tokensPerSecond: cfg.tokensPerSecond, disconnect, timers, headers: idHeader });
  }

  function onModelRequest(api: ApiHandler, req: IncomingMessage, res: ServerResponse, path: string, raw: string): void {
    let body: unknown;
    let parsed = false;
    try {
      body = JSON.parse(raw);
      parsed = true;
    } catch {
      body = raw.length > 0 ? raw : undefined;
    }
    record(req, path, body);
    if (!authorize(req, res, api.format)) return;
    if (!parsed) {
      const message =
        api.format === 'anthropic'
          ? 'There was an error parsing the body of your request: it is not valid JSON.'
          : 'We could not parse the JSON body of your request. (HINT: This likely means you aren\'t using your HTTP library correctly. The OpenAI API expects a JSON payload.)';
      sendError(res, api.format, 400, message, {}, requestIdHeader(api.format));
      return;
    }
    const prepared = api.prepare(body, req.headers);
    if (isInvalid(prepared)) {
      sendError(res, api.format, 400, prepared.invalid, { param: prepared.param ?? null }, requestIdHeader(api.format));
      return;
    }
    const d = prepared.sim.directives;
    const fault = d.fault ?? (d.present ? undefined : rollFault());
    // A timeout accepts the request and never answers; close() or the client going away ends it.
    if (fault?.kind === 'timeout') return;
    const latency = d.latencyMs ?? cfg.latencyMs;
    if (latency <= 0) return answer(api, prepared, fault, res);
    const timer = timers.set(() => guarded(res, () => answer(api, prepared, fault, res)), latency);
    res.once('close', () => timers.clear(timer));
  }

  function onModels(req: IncomingMessage, res: ServerResponse, path: string): void {
    record(req, path, undefined);
    const format: WireFormat = req.headers['anthropic-version'] !== undefined ? 'anthropic' : 'openai';
    if (!authorize(req, res, format)) return;
    const c = cfg.catalogue;
    if (path === '/v1/models') {
      sendJson(res, 200, format === 'anthropic' ? c.anthropicList : c.openaiList, requestIdHeader(format));
      return;
    }
    const id = decodeURIComponent(path.slice('/v1/models/'.length));
    const one = (format === 'anthropic' ? c.anthropicOne : c.openaiOne).get(id);
    if (one) sendJson(res, 200, one, requestIdHeader(format));
    else sendError(res, format, 404, `The model '${id}' does not exist`, { code: 'model_not_found', param: 'model' }, requestIdHeader(format));
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const method = req.method ?? 'GET';
    const api = method === 'POST' ? ROUTES.get(path) : undefined;
    if (api) {
      readBody(req, res, api.format, (raw) => guarded(res, () => onModelRequest(api, req, res, path, raw)));
      return;
    }
    if (method === 'GET' && (path === '/v1/models' || path.startsWith('/v1/models/'))) return onModels(req, res, path);
    record(req, path, undefined);
    req.resume();
    sendError(res, 'openai', 404, `Invalid URL (${method} ${path})`, {}, requestIdHeader('openai'));
  }

  const server = createServer((req, res) => guarded(res, () => handle(req, res)));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });

  const address = server.address() as AddressInfo;
  const host = address.address === '0.0.0.0' || address.address === '::' ? '127.0.0.1' : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    port: address.port,
    requests,
    close(): Promise<void> {
      closing ??= new Promise<void>((resolve) => {
        timers.clearAll();
        server.close(() => resolve());
        // Keep-alive and hanging (timeout-fault) connections would otherwise hold close() open.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** Runs `fn`; an unexpected exception answers 500 (or drops the connection) instead of crashing the process. */
function guarded(res: ServerResponse, fn: () => void): void {
  try {
    fn();
  } catch (err) {
    if (!res.headersSent) sendError(res, 'openai', 500, `upstream simulator internal error: ${err instanceof Error ? err.message : String(err)}`);
    else res.destroy();
  }
}

function readBody(req: IncomingMessage, res: ServerResponse, format: WireFormat, done: (raw: string) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  });
  req.on('end', () => {
    if (size > MAX_BODY_BYTES) {
      sendError(res, format, 413, `Request body exceeds ${MAX_BODY_BYTES} bytes.`);
      return;
    }
    done(chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8'));
  });
  // An aborted upload is the client's business; there is nobody left to answer.
  req.on('error', () => undefined);
}
