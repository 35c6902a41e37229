/**
 * The part of a gateway's admin API (`/admin/v1`, docs/ADMIN_API.md) that replay uses, behind an
 * interface so that tests can count calls or stand in for the gateway.
 */
import { DistillguardError, ERROR_CATALOGUE, type ErrorCode } from '../errors.js';
import type { AccountRecord } from '../records/types.js';

/** A key as issued: the secret exists only in the caller's memory from here on. */
export interface IssuedKey {
  keyId: string;
  accountId: string;
  secret: string;
}

/** Account and key administration over a running gateway. */
export interface AdminApi {
  /** Fails with REPLAY_GATEWAY_UNREACHABLE, ADMIN_DISABLED or ADMIN_UNAUTHORIZED before anything is sent. */
  check(): Promise<void>;
  /** Imports spec v1 account records (one call; the gateway imports all or nothing). */
  importAccounts(records: AccountRecord[]): Promise<{ imported: number; created: number }>;
  /** Creates an account; false when it already existed. */
  createAccount(record: AccountRecord): Promise<boolean>;
  /** Issues a key for an existing account (STORE_NOT_FOUND when it does not exist). */
  issueKey(accountId: string, label: string): Promise<IssuedKey>;
}

/** Errors that end a replay: the gateway or its admin API cannot be used at all. */
export function isFatalAdminError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'REPLAY_GATEWAY_UNREACHABLE' || code === 'ADMIN_UNAUTHORIZED' || code === 'ADMIN_DISABLED';
}

const isErrorCode = (code: unknown): code is ErrorCode => typeof code === 'string' && Object.hasOwn(ERROR_CATALOGUE, code);

export interface HttpAdminApiOptions {
  /** Gateway base URL, e.g. `http://127.0.0.1:8080`. */
  gateway: string;
  token: string;
  /** Names the replay in the gateway's audit log (`admin:<actor>`). */
  actor?: string;
  /** Per-call timeout (default 30 s). */
  timeoutMs?: number;
}

/** {@link AdminApi} over HTTP (global fetch). */
export class HttpAdminApi implements AdminApi {
  private readonly base: string;

  constructor(private readonly options: HttpAdminApiOptions) {
    this.base = options.gateway.replace(/\/+$/, '');
  }

  private async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.options.token}`,
          'x-distillguard-actor': this.options.actor ?? 'replay',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
    } catch (error) {
      throw unreachable(this.base, error);
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, json };
  }

  /** Throws the admin API's error as a DistillguardError, keeping its code when it is one of ours. */
  private fail(what: string, status: number, json: unknown): never {
    const error = (json as { error?: { code?: unknown; message?: unknown; hint?: unknown } } | undefined)?.error;
    const message = typeof error?.message === 'string' ? error.message : `HTTP ${status}`;
    if (status === 401) {
      throw new DistillguardError('ADMIN_UNAUTHORIZED', `the gateway at ${this.base} refused the admin token (${what}): ${message}`, {
        hint: 'pass the gateway\'s admin token with --admin-token or DISTILLGUARD_ADMIN_TOKEN',
      });
    }
    if (error?.code === 'ADMIN_DISABLED') {
      throw new DistillguardError('ADMIN_DISABLED', `the gateway at ${this.base} has its admin API off (${what})`, {
        hint: 'start the gateway with DISTILLGUARD_ADMIN_TOKEN set (or admin.tokenSha256 in its config)',
      });
    }
    const code: ErrorCode = isErrorCode(error?.code) ? error.code : 'UPSTREAM_ERROR';
    throw new DistillguardError(code, `${what}: ${message}`, {
      status,
      ...(typeof error?.hint === 'string' ? { hint: error.hint } : {}),
    });
  }

  async check(): Promise<void> {
    const health = await this.call('GET', '/healthz');
    if (health.status !== 200) {
      throw new DistillguardError('REPLAY_GATEWAY_UNREACHABLE', `the gateway at ${this.base} is not ready: /healthz answered ${health.status}`, {
        hint: 'check that the URL points at a running distillguard serve that is not shutting down',
      });
    }
    const probe = await this.call('GET', '/admin/v1/accounts?limit=1');
    if (probe.status !== 200) this.fail('checking the admin API', probe.status, probe.json);
  }

  async importAccounts(records: AccountRecord[]): Promise<{ imported: number; created: number }> {
    const { status, json } = await this.call('POST', '/admin/v1/accounts/import', { records });
    if (status !== 200) this.fail(`importing ${records.length} accounts`, status, json);
    const answer = json as { imported?: unknown; created?: unknown };
    return { imported: Number(answer.imported ?? records.length), created: Number(answer.created ?? 0) };
  }

  async createAccount(record: AccountRecord): Promise<boolean> {
    const { status, json } = await this.call('POST', '/admin/v1/accounts', record);
    if (status === 200) return true;
    if (status === 409) return false;
    return this.fail(`creating account ${JSON.stringify(record.account_id)}`, status, json);
  }

  async issueKey(accountId: string, label: string): Promise<IssuedKey> {
    const { status, json } = await this.call('POST', `/admin/v1/accounts/${encodeURIComponent(accountId)}/keys`, { label });
    if (status !== 200) this.fail(`issuing a key for account ${JSON.stringify(accountId)}`, status, json);
    const key = json as { keyId?: unknown; secret?: unknown };
    if (typeof key.keyId !== 'string' || typeof key.secret !== 'string') {
      throw new DistillguardError('UPSTREAM_BAD_RESPONSE', `issuing a key for account ${JSON.stringify(accountId)}: the answer has no keyId/secret`);
    }
    return { keyId: key.keyId, accountId, secret: key.secret };
  }
}

/** The error for a gateway that cannot be reached at all. */
export function unreachable(base: string, cause: unknown): DistillguardError {
  const reason = (cause as { cause?: { code?: unknown; message?: unknown } }).cause;
  const detail = typeof reason?.code === 'string' ? reason.code : typeof reason?.message === 'string' ? reason.message : (cause as Error).message;
  return new DistillguardError('REPLAY_GATEWAY_UNREACHABLE', `the gateway at ${base} cannot be reached: ${detail}`, {
    hint: 'check --gateway (scheme, host and port) and that distillguard serve is running',
    cause,
  });
}
