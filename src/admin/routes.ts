import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DistillguardError, isDistillguardError } from '../errors.js';
import type { AccountRecord } from '../records/types.js';
import { validateRecord } from '../records/validate.js';
import { constantTimeEqual, matchesSha256 } from '../util/crypto.js';
import type { AdminService } from './service.js';

/** How the admin token is checked: the token itself (from the environment) or its SHA-256. */
export interface AdminAuth {
  token?: string | undefined;
  tokenSha256?: string | undefined;
}

const ACTOR = /^[A-Za-z0-9._@-]{1,64}$/;

/** Admin errors: `{error:{code,message,hint}}` with the catalogue's status (every admin route plugin). */
export function sendError(reply: FastifyReply, error: unknown): FastifyReply {
  if (isDistillguardError(error)) {
    return reply.code(error.status).send({ error: { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) } });
  }
  const status = (error as { statusCode?: number }).statusCode;
  if (status && status < 500) {
    return reply.code(status).send({ error: { code: 'REQUEST_INVALID_BODY', message: (error as Error).message } });
  }
  reply.log.error({ err: error }, 'admin API failure');
  return reply.code(500).send({ error: { code: 'INTERNAL', message: 'internal error' } });
}

function body(request: FastifyRequest): Record<string, unknown> {
  const value = request.body;
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new DistillguardError('REQUEST_INVALID_BODY', 'the body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

const optionalString = (value: unknown, name: string): string | undefined => {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new DistillguardError('REQUEST_INVALID_BODY', `${name} must be a string`);
  return value;
};

/**
 * The admin API's credential check, shared by every admin route plugin: returns the actor for the
 * audit log (`admin` or `admin:<x-distillguard-actor>`), throws ADMIN_DISABLED / ADMIN_UNAUTHORIZED.
 */
export function adminAuthorizer(auth: AdminAuth): (request: FastifyRequest) => string {
  const enabled = Boolean(auth.token || auth.tokenSha256);
  return (request: FastifyRequest): string => {
    if (!enabled) throw new DistillguardError('ADMIN_DISABLED', 'the admin API is disabled', { hint: 'set DISTILLGUARD_ADMIN_TOKEN (or admin.tokenSha256) and restart' });
    const header = request.headers.authorization;
    const presented = typeof header === 'string' ? /^Bearer\s+(.+)$/i.exec(header.trim())?.[1] : undefined;
    const ok = presented !== undefined &&
      (auth.token ? constantTimeEqual(presented, auth.token) : matchesSha256(presented, auth.tokenSha256!));
    if (!ok) throw new DistillguardError('ADMIN_UNAUTHORIZED', 'admin credentials are missing or wrong', { hint: 'send Authorization: Bearer <admin token>' });
    const actor = request.headers['x-distillguard-actor'];
    return typeof actor === 'string' && ACTOR.test(actor) ? `admin:${actor}` : 'admin';
  };
}

/** A route handler of an admin plugin: authorised, given the actor, its result sent as JSON, its errors in the admin format. */
export type AdminRoute = <T>(handler: (request: FastifyRequest, actor: string) => Promise<T> | T) =>
  (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;

/** Wraps admin route handlers with the credential check (`adminAuthorizer`) and the admin error format. */
export function adminRoute(auth: AdminAuth): AdminRoute {
  const authorize = adminAuthorizer(auth);
  return (handler) => async (request, reply) => {
    try {
      const actor = authorize(request);
      return reply.send(await handler(request, actor));
    } catch (error) {
      return sendError(reply, error);
    }
  };
}

/**
 * The admin API under `/admin/v1`, for accounts, keys and the audit log. Every call needs
 * `Authorization: Bearer <admin token>`; with no admin token configured the API is off. An
 * optional `x-distillguard-actor` header names the person, for the audit log.
 */
export function adminRoutes(service: AdminService, auth: AdminAuth) {
  const route = adminRoute(auth);

  return async (app: FastifyInstance): Promise<void> => {
    await app.register(async (admin) => {
      admin.setErrorHandler((error, _request, reply) => sendError(reply, error));
      admin.setNotFoundHandler((request, reply) => sendError(reply, new DistillguardError('NOT_FOUND', `unknown admin route ${request.method} ${request.url}`)));

      admin.get('/accounts', route(async (request) => {
        const q = request.query as Record<string, string | undefined>;
        const limit = q.limit === undefined ? 100 : Number(q.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new DistillguardError('REQUEST_INVALID_BODY', 'limit must be a whole number from 1 to 1000');
        if (q.status !== undefined && q.status !== 'active' && q.status !== 'disabled') throw new DistillguardError('REQUEST_INVALID_BODY', 'status must be active or disabled');
        const accounts = await service.listAccounts({ limit, ...(q.status ? { status: q.status } : {}), ...(q.after ? { afterAccountId: q.after } : {}) });
        return { data: accounts, next: accounts.length === limit ? accounts[accounts.length - 1]!.record.account_id : null };
      }));
      admin.post('/accounts', route(async (request, actor) => {
        const fields = body(request);
        const record = { created_at: new Date().toISOString(), ...fields };
        const check = validateRecord('account', record);
        if (!check.ok) throw new DistillguardError('REQUEST_INVALID_BODY', `not a valid account: ${check.reason}`);
        return service.createAccount(record as AccountRecord, actor);
      }));
      admin.post('/accounts/import', route(async (request, actor) => {
        const records = body(request).records;
        if (!Array.isArray(records)) throw new DistillguardError('REQUEST_INVALID_BODY', 'records must be an array of spec v1 account records');
        records.forEach((record, index) => {
          const check = validateRecord('account', record);
          if (!check.ok) throw new DistillguardError('RECORD_MALFORMED', `records[${index}]: ${check.reason}`, { hint: 'nothing was imported; fix the record and send again' });
        });
        return service.importAccounts(records as AccountRecord[], actor, 'admin-api');
      }));
      admin.get('/accounts/:id', route(async (request) => service.getAccount((request.params as { id: string }).id)));
      admin.post('/accounts/:id/disable', route(async (request, actor) => service.setAccountStatus((request.params as { id: string }).id, 'disabled', actor)));
      admin.post('/accounts/:id/enable', route(async (request, actor) => service.setAccountStatus((request.params as { id: string }).id, 'active', actor)));
      admin.post('/accounts/:id/keys', route(async (request, actor) => {
        const label = optionalString(body(request).label, 'label');
        return service.createKey((request.params as { id: string }).id, actor, label ? { label } : {});
      }));
      admin.get('/keys', route(async (request) => ({ data: await service.listKeys((request.query as { account?: string }).account) })));
      admin.post('/keys/:keyId/revoke', route(async (request, actor) => service.revokeKey((request.params as { keyId: string }).keyId, actor)));
      admin.get('/audit', route(async (request) => {
        const q = request.query as Record<string, string | undefined>;
        return { data: await service.listAudit({ ...(q.target ? { targetId: q.target } : {}), ...(q.action ? { action: q.action } : {}), limit: Math.min(Number(q.limit ?? 100) || 100, 1000) }) };
      }));
    }, { prefix: '/admin/v1' });
  };
}
