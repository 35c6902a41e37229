import { DistillguardError } from '../errors.js';
import { mintApiKey } from '../keys/api-keys.js';
import type { AccountRecord } from '../records/types.js';
import type { Store, StoredAccount, StoredApiKey } from '../store/types.js';

/** A key as listed: never the secret, only its display prefix. */
export type ApiKeyView = Omit<StoredApiKey, 'hash'>;

/** The answer to key creation: the only time the secret exists outside the client. */
export interface CreatedApiKey extends ApiKeyView {
  secret: string;
}

const ACCOUNT_ID = /^[A-Za-z0-9._:@-]{1,128}$/;

function checkAccountId(accountId: string): void {
  if (!ACCOUNT_ID.test(accountId)) {
    throw new DistillguardError('STORE_INVALID_ARGUMENT', `invalid account id ${JSON.stringify(accountId)}`, {
      hint: 'use 1 to 128 characters from A-Z a-z 0-9 . _ : @ -',
    });
  }
}

/** The longest an admin call that stores accounts waits for the live engine to assess them. */
const ASSESS_WAIT_MS = 2_000;

const view = ({ hash: _hash, ...rest }: StoredApiKey): ApiKeyView => rest;

/**
 * Account and key administration, shared by the CLI and the admin HTTP API. Every change is
 * written to the audit log with the actor that made it.
 */
export class AdminService {
  /** Called after a change that must reach the hot path's caches at once. */
  onAccessChange: () => void = () => {};
  /**
   * Called after new accounts were stored, and awaited (at most `ASSESS_WAIT_MS`) before the call
   * that stored them returns: the gateway has the live engine assess them on their sign-up facts, so
   * that a new member of a blocked campaign is held at its first request.
   */
  onAccountsAdded: () => Promise<void> = async () => {};
  /** Where a failed or slow assessment is reported (it never fails the admin call). */
  onAssessmentProblem: (problem: string) => void = () => {};

  constructor(private readonly store: Store, private readonly now: () => Date = () => new Date()) {}

  /** Runs `onAccountsAdded`, waiting at most ASSESS_WAIT_MS; problems are reported, not thrown. */
  private async assessAdded(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), ASSESS_WAIT_MS); });
    try {
      const outcome = await Promise.race([this.onAccountsAdded().then(() => 'done' as const), timedOut]);
      if (outcome === 'timeout') this.onAssessmentProblem(`new accounts not assessed within ${ASSESS_WAIT_MS} ms; the live engine will assess them when it catches up`);
    } catch (error) {
      this.onAssessmentProblem(`assessing new accounts failed: ${(error as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  }

  private async audit(actor: string, action: string, targetType: string, targetId: string, details: Record<string, unknown> = {}): Promise<void> {
    await this.store.appendAudit({ ts: this.now().toISOString(), actor, action, targetType, targetId, details });
  }

  /** Creates an account, or returns the existing one unchanged. */
  async ensureAccount(accountId: string, actor: string, fields: Partial<AccountRecord> = {}): Promise<{ account: StoredAccount; created: boolean }> {
    checkAccountId(accountId);
    const existing = await this.store.getAccount(accountId);
    if (existing) return { account: existing, created: false };
    const record: AccountRecord = { ...fields, account_id: accountId, created_at: fields.created_at ?? this.now().toISOString() };
    await this.store.upsertAccount(record);
    await this.audit(actor, 'account.create', 'account', accountId, { program: record.program, verification: record.verification });
    await this.assessAdded();
    return { account: (await this.store.getAccount(accountId))!, created: true };
  }

  /** Creates an account; fails with STORE_CONFLICT if it exists. */
  async createAccount(record: Partial<AccountRecord> & { account_id: string }, actor: string): Promise<StoredAccount> {
    checkAccountId(record.account_id);
    if (await this.store.getAccount(record.account_id)) {
      throw new DistillguardError('STORE_CONFLICT', `account ${JSON.stringify(record.account_id)} already exists`);
    }
    return (await this.ensureAccount(record.account_id, actor, record)).account;
  }

  listAccounts(query: Parameters<Store['listAccounts']>[0] = {}): Promise<StoredAccount[]> {
    return this.store.listAccounts(query);
  }

  async getAccount(accountId: string): Promise<StoredAccount> {
    const account = await this.store.getAccount(accountId);
    if (!account) throw new DistillguardError('STORE_NOT_FOUND', `no account ${JSON.stringify(accountId)}`);
    return account;
  }

  async setAccountStatus(accountId: string, status: 'active' | 'disabled', actor: string): Promise<StoredAccount> {
    await this.store.setAccountStatus(accountId, status, this.now().toISOString());
    await this.audit(actor, status === 'disabled' ? 'account.disable' : 'account.enable', 'account', accountId);
    this.onAccessChange();
    return this.getAccount(accountId);
  }

  /**
   * Imports spec v1 account records (validated by the caller). Existing accounts get their spec
   * fields replaced and keep their status. Returns how many were new.
   */
  async importAccounts(records: AsyncIterable<AccountRecord> | Iterable<AccountRecord>, actor: string, source: string): Promise<{ imported: number; created: number }> {
    let imported = 0;
    let created = 0;
    for await (const record of records) {
      checkAccountId(record.account_id);
      if (!(await this.store.getAccount(record.account_id))) created += 1;
      await this.store.upsertAccount(record);
      imported += 1;
    }
    await this.audit(actor, 'account.import', 'account', '*', { source, imported, created });
    if (created > 0) await this.assessAdded();
    return { imported, created };
  }

  /** Issues a key; with `createAccount`, a missing account is created first. */
  async createKey(accountId: string, actor: string, options: { label?: string; createAccount?: boolean } = {}): Promise<CreatedApiKey> {
    checkAccountId(accountId);
    if (options.createAccount) await this.ensureAccount(accountId, actor);
    else await this.getAccount(accountId);
    const minted = mintApiKey();
    const stored: StoredApiKey = {
      keyId: minted.keyId,
      accountId,
      hash: minted.hash,
      prefix: minted.prefix,
      ...(options.label ? { label: options.label } : {}),
      createdAt: this.now().toISOString(),
      revokedAt: null,
    };
    await this.store.insertApiKey(stored);
    await this.audit(actor, 'key.create', 'key', minted.keyId, { account_id: accountId, prefix: minted.prefix });
    return { ...view(stored), secret: minted.secret };
  }

  async listKeys(accountId?: string): Promise<ApiKeyView[]> {
    return (await this.store.listApiKeys(accountId ? { accountId } : {})).map(view);
  }

  async revokeKey(keyId: string, actor: string): Promise<ApiKeyView> {
    const key = await this.store.revokeApiKey(keyId, this.now().toISOString());
    await this.audit(actor, 'key.revoke', 'key', keyId, { account_id: key.accountId });
    this.onAccessChange();
    return view(key);
  }

  listAudit(query: Parameters<Store['listAudit']>[0] = {}) {
    return this.store.listAudit(query);
  }
}
