/**
 * Dashboard login: the admin token of the admin API, compared in constant time, exchanged for a
 * session cookie (HttpOnly, SameSite=Strict, scoped to /dashboard). Every API call but the login
 * itself needs the cookie.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AdminAuth } from '../admin/routes.js';
import { DistillguardError } from '../errors.js';
import { constantTimeEqual, matchesSha256 } from '../util/crypto.js';
import type { DashboardSession, LoginThrottle, SessionStore } from './sessions.js';

export const SESSION_COOKIE = 'dg_dashboard_session';
const ACTOR_NAME = /^[A-Za-z0-9._@-]{1,64}$/;

/** The value of one cookie in a `Cookie` header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** `Set-Cookie` for a session (or, with `maxAgeSeconds` 0, for ending it). */
export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return [`${SESSION_COOKIE}=${token}`, 'Path=/dashboard', 'HttpOnly', 'SameSite=Strict', `Max-Age=${maxAgeSeconds}`, ...(secure ? ['Secure'] : [])].join('; ');
}

/** Checks logins and sessions against the admin credentials. */
export class DashboardAuth {
  constructor(private readonly admin: AdminAuth, private readonly sessions: SessionStore, private readonly throttle: LoginThrottle) {}

  get enabled(): boolean {
    return Boolean(this.admin.token || this.admin.tokenSha256);
  }

  private requireEnabled(): void {
    if (!this.enabled) {
      throw new DistillguardError('ADMIN_DISABLED', 'the dashboard is off because no admin token is configured', {
        hint: 'set DISTILLGUARD_ADMIN_TOKEN (or admin.tokenSha256) and restart the gateway',
      });
    }
  }

  /**
   * Logs in `name` with `token` from `address`; returns the session and its cookie token.
   * Refusals are coded errors: wrong token, bad name, throttled address, dashboard off.
   */
  login(body: unknown, address: string): { token: string; session: DashboardSession } {
    this.requireEnabled();
    const wait = this.throttle.retryAfterMs(address);
    if (wait > 0) {
      throw new DistillguardError('DASHBOARD_LOGIN_THROTTLED', 'too many failed logins from this address', {
        hint: `wait ${Math.ceil(wait / 1000)} s and try again`, details: { headers: { 'retry-after': String(Math.ceil(wait / 1000)) } },
      });
    }
    const fields = typeof body === 'object' && body !== null && !Array.isArray(body) ? body as Record<string, unknown> : {};
    const name = typeof fields.name === 'string' ? fields.name.trim() : '';
    if (!ACTOR_NAME.test(name)) {
      throw new DistillguardError('REQUEST_INVALID_BODY', 'enter your name for the audit log: 1 to 64 letters, digits or . _ @ -', {
        details: { param: 'name' },
      });
    }
    const token = typeof fields.token === 'string' ? fields.token : '';
    const ok = token !== '' && (this.admin.token ? constantTimeEqual(token, this.admin.token) : matchesSha256(token, this.admin.tokenSha256!));
    if (!ok) {
      this.throttle.fail(address);
      throw new DistillguardError('DASHBOARD_LOGIN_FAILED', 'the admin token is wrong', {
        hint: 'use the admin token this gateway was started with (DISTILLGUARD_ADMIN_TOKEN)', details: { param: 'token' },
      });
    }
    this.throttle.succeed(address);
    return this.sessions.create(`admin:${name}`);
  }

  /** The session of a request, or a DASHBOARD_SESSION_REQUIRED error. */
  require(request: FastifyRequest): DashboardSession {
    this.requireEnabled();
    const token = readCookie(request.headers.cookie, SESSION_COOKIE);
    const session = token ? this.sessions.get(token) : undefined;
    if (!session) {
      throw new DistillguardError('DASHBOARD_SESSION_REQUIRED', token ? 'your session has ended' : 'log in first', {
        hint: 'log in at /dashboard/ with the admin token',
      });
    }
    return session;
  }

  /** Ends the request's session, if any, and clears the cookie. */
  logout(request: FastifyRequest, reply: FastifyReply): void {
    const token = readCookie(request.headers.cookie, SESSION_COOKIE);
    if (token) this.sessions.end(token);
    reply.header('set-cookie', sessionCookie('', 0, request.protocol === 'https'));
  }
}
