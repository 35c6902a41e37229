/**
 * Dashboard sessions and login throttling. A session is a random 256-bit token held by the browser
 * in an HttpOnly cookie; the server keeps only its SHA-256, so a memory dump or a log line cannot be
 * replayed as a cookie.
 */
import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../util/crypto.js';

export interface DashboardSession {
  /** `admin:<name>`: who acts, for the audit log. */
  actor: string;
  createdAt: number;
  expiresAt: number;
}

/**
 * Where sessions live. The default keeps them in this process: a restart logs analysts out, and
 * replicas behind a load balancer need sticky sessions (or another implementation of this).
 */
export interface SessionStore {
  /** Starts a session; returns the token for the cookie (shown nowhere else). */
  create(actor: string): { token: string; session: DashboardSession };
  /** The live session of a token, or undefined (unknown, ended or expired). */
  get(token: string): DashboardSession | undefined;
  /** Ends a session; ending an unknown one is not an error. */
  end(token: string): void;
}

export interface MemorySessionOptions {
  /** How long a session lasts from login (default 12 h). */
  ttlMs?: number;
  /** Sessions kept at most; the oldest is ended first (default 1000). */
  maxSessions?: number;
  now?: () => number;
}

/** Sessions in this process's memory. */
export class MemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, DashboardSession>();
  private readonly ttlMs: number;
  private readonly maxSessions: number;
  private readonly now: () => number;

  constructor(options: MemorySessionOptions = {}) {
    this.ttlMs = options.ttlMs ?? 12 * 60 * 60 * 1000;
    this.maxSessions = options.maxSessions ?? 1000;
    this.now = options.now ?? Date.now;
  }

  create(actor: string): { token: string; session: DashboardSession } {
    const token = randomBytes(32).toString('base64url');
    const createdAt = this.now();
    const session = { actor, createdAt, expiresAt: createdAt + this.ttlMs };
    // Map keeps insertion order: the first key is the oldest session
    while (this.sessions.size >= this.maxSessions) this.sessions.delete(this.sessions.keys().next().value!);
    this.sessions.set(sha256Hex(token), session);
    return { token, session };
  }

  get(token: string): DashboardSession | undefined {
    const key = sha256Hex(token);
    const session = this.sessions.get(key);
    if (!session) return undefined;
    if (session.expiresAt <= this.now()) {
      this.sessions.delete(key);
      return undefined;
    }
    return session;
  }

  end(token: string): void {
    this.sessions.delete(sha256Hex(token));
  }
}

/**
 * Slows down token guessing: after `maxFailures` failed logins from one address within `windowMs`,
 * further attempts from it are refused until the window has passed. A success clears the address.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly maxFailures = 10, private readonly windowMs = 5 * 60 * 1000, private readonly now: () => number = Date.now) {}

  /** Milliseconds to wait before `address` may try again; 0 when it may try now. */
  retryAfterMs(address: string): number {
    const recent = this.recent(address);
    if (recent.length < this.maxFailures) return 0;
    return Math.max(1, recent[0]! + this.windowMs - this.now());
  }

  fail(address: string): void {
    const recent = this.recent(address);
    recent.push(this.now());
    this.failures.set(address, recent);
    // bound memory under a spray of addresses: forget the oldest address
    if (this.failures.size > 10_000) this.failures.delete(this.failures.keys().next().value!);
  }

  succeed(address: string): void {
    this.failures.delete(address);
  }

  private recent(address: string): number[] {
    const cutoff = this.now() - this.windowMs;
    const recent = (this.failures.get(address) ?? []).filter((t) => t > cutoff);
    if (recent.length === 0) this.failures.delete(address);
    return recent;
  }
}
