import { hashApiKey, looksLikeApiKey } from '../keys/api-keys.js';
import type { Store } from '../store/types.js';

/** Who is calling, once the key checked out. */
export interface Caller {
  keyId: string;
  accountId: string;
  /** The account's verification level and access programme, for enforcement tiers. */
  verification?: string;
  program?: string;
}

/** The outcome of checking a key, with the error code to answer when it failed. */
export type KeyCheck =
  | { ok: true; caller: Caller }
  | { ok: false; code: 'AUTH_MISSING_KEY' | 'AUTH_INVALID_KEY' | 'AUTH_REVOKED_KEY' | 'AUTH_ACCOUNT_DISABLED' };

const MISSING: KeyCheck = Object.freeze({ ok: false, code: 'AUTH_MISSING_KEY' });
const INVALID: KeyCheck = Object.freeze({ ok: false, code: 'AUTH_INVALID_KEY' });

interface CacheEntry {
  check: KeyCheck;
  expiresAt: number;
}

export interface KeyResolverOptions {
  /** How long a positive answer is trusted before the store is asked again. */
  ttlMs?: number;
  /** Unknown keys are remembered for less time, and in a bounded map, so guessing cannot fill memory. */
  negativeTtlMs?: number;
  maxEntries?: number;
}

/**
 * Checks API keys on the hot path. Keys are looked up by their SHA-256 (never compared as
 * secrets), and answers are cached for a short time; `invalidate*` makes revocations take effect
 * at once on this replica.
 */
export class KeyResolver {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly ttlMs: number;
  private readonly negativeTtlMs: number;
  private readonly maxEntries: number;

  constructor(private readonly store: Store, options: KeyResolverOptions = {}) {
    this.ttlMs = options.ttlMs ?? 5_000;
    this.negativeTtlMs = options.negativeTtlMs ?? 1_000;
    this.maxEntries = options.maxEntries ?? 100_000;
  }

  /**
   * The answer when it needs no store lookup (no key, a malformed one, or a cached answer), without
   * a promise: the common case on the hot path. Undefined: ask `check`.
   */
  peek(secret: string | undefined): KeyCheck | undefined {
    if (!secret) return MISSING;
    if (!looksLikeApiKey(secret)) return INVALID;
    const cached = this.cache.get(hashApiKey(secret));
    return cached && cached.expiresAt > Date.now() ? cached.check : undefined;
  }

  async check(secret: string | undefined): Promise<KeyCheck> {
    if (!secret) return MISSING;
    if (!looksLikeApiKey(secret)) return INVALID;
    const hash = hashApiKey(secret);
    const now = Date.now();
    const cached = this.cache.get(hash);
    if (cached && cached.expiresAt > now) return cached.check;
    const check = await this.lookup(hash);
    if (this.cache.size >= this.maxEntries) this.evict(now);
    this.cache.set(hash, { check, expiresAt: now + (check.ok ? this.ttlMs : this.negativeTtlMs) });
    return check;
  }

  private async lookup(hash: string): Promise<KeyCheck> {
    const key = await this.store.findApiKeyByHash(hash);
    if (!key) return { ok: false, code: 'AUTH_INVALID_KEY' };
    if (key.revokedAt !== null) return { ok: false, code: 'AUTH_REVOKED_KEY' };
    const account = await this.store.getAccount(key.accountId);
    if (!account || account.status !== 'active') return { ok: false, code: 'AUTH_ACCOUNT_DISABLED' };
    const { verification, program } = account.record;
    return { ok: true, caller: { keyId: key.keyId, accountId: key.accountId, ...(verification ? { verification } : {}), ...(program ? { program } : {}) } };
  }

  private evict(now: number): void {
    for (const [hash, entry] of this.cache) if (entry.expiresAt <= now) this.cache.delete(hash);
    if (this.cache.size >= this.maxEntries) this.cache.clear();
  }

  /** Forgets everything cached (after a key is revoked or an account disabled). */
  invalidateAll(): void {
    this.cache.clear();
  }
}
