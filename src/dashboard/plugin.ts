/**
 * The dashboard on the gateway's server: the built app at `/dashboard/`, and its JSON API at
 * `/dashboard/api/` (login, the pages' read models, analyst actions, a server-sent event stream
 * of changes). Mounted by `startGateway` like the admin API.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { AdminAuth } from '../admin/routes.js';
import type { AnalystActions } from '../enforce/decisions/analyst.js';
import { DistillguardError, isDistillguardError } from '../errors.js';
import type { Store } from '../store/types.js';
import { registerActionRoutes } from './action-routes.js';
import type { ApiErrorBody, SessionInfo } from './api-types.js';
import { DashboardAuth, sessionCookie } from './auth.js';
import { ChangeFeed } from './live.js';
import { DashboardQueries } from './queries.js';
import type { DashboardReadModels } from './read-protocol.js';
import { ReadWorkerClient } from './read-worker-client.js';
import { ResultCache } from './result-cache.js';
import { LoginThrottle, MemorySessionStore, type SessionStore } from './sessions.js';
import { StaticAssets } from './static-assets.js';
import { isOverviewRange } from './time-buckets.js';

/** Where `npm run build` puts the app (`dist/dashboard/app`), from `src/` and from `dist/` alike. */
export const DEFAULT_ASSETS_DIR = fileURLToPath(new URL('../../dist/dashboard/app/', import.meta.url));

export interface DashboardOptions {
  store: Store;
  /** Analysts' actions (the enforcement runtime's, shared with the admin API and the CLI). */
  analyst: AnalystActions;
  /** The admin API's credentials: the dashboard logs in with the same token. */
  auth: AdminAuth;
  /** Whether exchanges keep their text (retention), shown so that empty samples are explained. */
  keepText: boolean;
  /**
   * The SQLite file the store reads from: the dashboard then computes its pages on a worker thread
   * of its own, never on the request thread. Unset (in-memory stores): they are computed here.
   */
  readFrom?: string;
  /** How long a computed overview or campaign is shared among viewers (default 2000 ms). */
  cacheTtlMs?: number;
  assetsDir?: string;
  sessions?: SessionStore;
  throttle?: LoginThrottle;
  /** How often the change feed reads the store while someone listens (default 1000 ms). */
  feedIntervalMs?: number;
  logger?: Logger;
  now?: () => Date;
}

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

/** Errors as `{error:{code,message,hint,param}}` with the catalogue's status; unknown ones never leak text. */
export function sendDashboardError(reply: FastifyReply, error: unknown, logger?: Logger): FastifyReply {
  reply.header('cache-control', 'no-store');
  if (isDistillguardError(error)) {
    for (const [name, value] of Object.entries((error.details?.headers as Record<string, string> | undefined) ?? {})) reply.header(name, value);
    const param = typeof error.details?.param === 'string' ? { param: error.details.param } : {};
    const body: ApiErrorBody = { error: { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}), ...param } };
    return reply.code(error.status).send(body);
  }
  const status = (error as { statusCode?: number }).statusCode;
  if (status && status >= 400 && status < 500) {
    return reply.code(status).send({ error: { code: 'REQUEST_INVALID_BODY', message: (error as Error).message } });
  }
  logger?.error({ err: error }, 'dashboard API failure');
  return reply.code(500).send({ error: { code: 'INTERNAL', message: 'the dashboard failed to answer; see the gateway log' } });
}

/** The Fastify plugin; `close()` of the server ends the live streams first. */
export function dashboardRoutes(options: DashboardOptions) {
  const sessions = options.sessions ?? new MemorySessionStore();
  const auth = new DashboardAuth(options.auth, sessions, options.throttle ?? new LoginThrottle());
  const readWorker = options.readFrom ? new ReadWorkerClient(options.readFrom) : undefined;
  const queries: DashboardReadModels = readWorker?.models(options.now) ?? new DashboardQueries(options.store, options.now);
  const cache = new ResultCache(options.cacheTtlMs ?? 2000);
  // Viewers told of a change must get data from after it: a shared result older than the change
  // goes, so the refetch all of them make now is computed once, fresh.
  const feed = new ChangeFeed(options.store, options.feedIntervalMs ?? 1000, options.logger);
  feed.beforeNotify = () => cache.clear();
  const assetsDir = options.assetsDir ?? DEFAULT_ASSETS_DIR;
  // read at the first visit, not at every gateway start (tests start hundreds of gateways)
  let loaded: StaticAssets | undefined;
  const assets = (): StaticAssets => (loaded?.built ? loaded : (loaded = StaticAssets.load(assetsDir)));
  if (!existsSync(join(assetsDir, 'index.html'))) options.logger?.warn({ dir: assetsDir }, 'the dashboard is not built: /dashboard/ will say so (run npm run build)');

  return async (app: FastifyInstance): Promise<void> => {
    await app.register(async (dash) => {
      dash.setErrorHandler((error, _request, reply) => sendDashboardError(reply, error, options.logger));
      const route = <T>(handler: (request: FastifyRequest, actor: string) => Promise<T>) =>
        async (request: FastifyRequest, reply: FastifyReply) => {
          try {
            const session = auth.require(request);
            const result = await handler(request, session.actor);
            return reply.header('cache-control', 'no-store').send(result);
          } catch (error) {
            return sendDashboardError(reply, error, options.logger);
          }
        };

      // ---- the app
      dash.get('/dashboard', async (_request, reply) => reply.redirect('/dashboard/', 302));
      const serveAsset = async (request: FastifyRequest, reply: FastifyReply) => {
        const files = assets();
        if (!files.built) {
          return reply.code(503).header('cache-control', 'no-store').type('text/html; charset=utf-8')
            .send('<!doctype html><title>distillguard dashboard</title><h1>The dashboard is not built</h1>' +
              '<p>Run <code>npm run build</code> (or <code>npm install</code>) in the distillguard folder, then restart the gateway.</p>');
        }
        const name = (request.params as { '*'?: string })['*'] ?? '';
        const answer = files.answer(name, { 'if-none-match': request.headers['if-none-match'], 'accept-encoding': request.headers['accept-encoding'] });
        reply.code(answer.status).headers(answer.headers);
        if (name === '' || name === 'index.html') reply.headers(SECURITY_HEADERS);
        return reply.send(answer.body);
      };
      dash.get('/dashboard/', serveAsset);
      dash.get('/dashboard/*', serveAsset);

      // ---- session
      dash.post('/dashboard/api/login', async (request, reply) => {
        try {
          const { token, session } = auth.login(request.body, request.ip);
          await options.store.appendAudit({ ts: new Date().toISOString(), actor: session.actor, action: 'dashboard.login', targetType: 'dashboard', targetId: 'dashboard', details: {} });
          reply.header('set-cookie', sessionCookie(token, Math.floor((session.expiresAt - session.createdAt) / 1000), request.protocol === 'https'));
          const info: SessionInfo = { actor: session.actor, expiresAt: new Date(session.expiresAt).toISOString(), keepText: options.keepText };
          return reply.header('cache-control', 'no-store').send(info);
        } catch (error) {
          if (isDistillguardError(error) && error.code === 'DASHBOARD_LOGIN_FAILED') options.logger?.warn({ ip: request.ip }, 'dashboard login refused');
          return sendDashboardError(reply, error, options.logger);
        }
      });
      dash.post('/dashboard/api/logout', async (request, reply) => {
        auth.logout(request, reply);
        return reply.code(204).header('cache-control', 'no-store').send();
      });
      dash.get('/dashboard/api/session', route(async (request) => {
        const session = auth.require(request);
        const info: SessionInfo = { actor: session.actor, expiresAt: new Date(session.expiresAt).toISOString(), keepText: options.keepText };
        return info;
      }));

      // ---- read models
      dash.get('/dashboard/api/overview', route(async (request) => {
        const range = (request.query as { range?: string }).range ?? '24h';
        if (!isOverviewRange(range)) throw new DistillguardError('REQUEST_INVALID_BODY', `unknown range ${JSON.stringify(range)}`, { hint: 'use 1h, 6h, 24h, 7d or 30d' });
        return cache.get(`overview:${range}`, () => queries.overview(range));
      }));
      dash.get('/dashboard/api/campaigns', route(async (request) => {
        const status = (request.query as { status?: string }).status;
        if (status !== undefined && status !== 'active' && status !== 'blocked' && status !== 'dismissed') {
          throw new DistillguardError('REQUEST_INVALID_BODY', 'status must be active, blocked or dismissed');
        }
        return { campaigns: await queries.campaigns(status) };
      }));
      dash.get('/dashboard/api/campaigns/:id', route(async (request) => {
        const id = (request.params as { id: string }).id;
        return cache.get(`campaign:${id}`, () => queries.campaign(id));
      }));
      dash.get('/dashboard/api/campaigns/:id/graph', route(async (request) => {
        const raw = (request.query as { expand?: string | string[] }).expand;
        const expand = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
        return queries.campaignGraph((request.params as { id: string }).id, expand);
      }));
      dash.get('/dashboard/api/accounts/:id', route(async (request) => queries.account((request.params as { id: string }).id)));
      // an analyst who acts must see the result at once, not a cached page from before
      registerActionRoutes(dash, options.analyst, route, () => cache.clear());

      // ---- live updates
      const streams = new Set<FastifyReply>();
      dash.get('/dashboard/api/events', async (request, reply) => {
        try {
          auth.require(request);
        } catch (error) {
          return sendDashboardError(reply, error, options.logger);
        }
        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no', connection: 'keep-alive' });
        res.write('retry: 3000\n\n');
        streams.add(reply);
        const unsubscribe = feed.subscribe((stamp) => {
          // a logged-out or expired session stops receiving, and is told so
          try {
            auth.require(request);
            res.write(`event: change\ndata: ${JSON.stringify({ stamp })}\n\n`);
          } catch {
            res.end('event: session\ndata: {"ended":true}\n\n');
          }
        });
        const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
        heartbeat.unref();
        res.once('close', () => {
          clearInterval(heartbeat);
          unsubscribe();
          streams.delete(reply);
        });
        return reply;
      });
      dash.all('/dashboard/api/*', route(async (request) => {
        throw new DistillguardError('NOT_FOUND', `unknown dashboard API route ${request.method} ${request.url.split('?')[0]}`);
      }));
      dash.addHook('preClose', async () => {
        feed.stop();
        for (const reply of streams) reply.raw.end();
      });
      dash.addHook('onClose', async () => {
        await readWorker?.close();
      });
    });
  };
}
