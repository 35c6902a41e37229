/**
 * One API key per simulated account, issued through the admin API at the account's first exchange,
 * so that accounts appear on the gateway over time as they do in the scenario. Secrets stay in this
 * process's memory; `--keys-out` may copy them to a 0600 file for debugging.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { isDistillguardError } from '../errors.js';
import { readRecords } from '../records/reader.js';
import type { AccountRecord } from '../records/types.js';
import { isFatalAdminError, type AdminApi } from './admin-api.js';

/** Hands out the key of an account, issuing it on first use. */
export interface KeyProvider {
  /**
   * The secret to send as the account, issuing a key (and creating the account if the gateway has
   * none) on first use; `firstSeen` is the scenario time of the account's first exchange.
   * Rejects with a fatal error (gateway unreachable, admin token refused) or an
   * {@link AccountRefusedError} that concerns this account only.
   */
  keyFor(accountId: string, firstSeen: string): Promise<string>;
}

/** The gateway would not create the account or issue its key (for example an invalid account id). */
export class AccountRefusedError extends Error {
  constructor(readonly accountId: string, readonly reason: unknown) {
    super(`account ${JSON.stringify(accountId)} was refused: ${(reason as Error).message ?? String(reason)}`);
    this.name = 'AccountRefusedError';
  }
}

export interface AccountKeyManagerOptions {
  /** Label of the issued keys (default `replay`). */
  label?: string;
  /** Writes `{"account_id","key_id","secret"}` lines to this file, created with mode 0600. */
  keysOut?: string;
}

/** Accounts per import call: far below the gateway's 4 MiB body limit for ordinary account records. */
export const IMPORT_CHUNK_RECORDS = 500;
const IMPORT_CHUNK_BYTES = 1024 * 1024;

/** Figures of the account manager, for the summary. */
export interface AccountFigures {
  imported: number;
  importedNew: number;
  createdOnFirstUse: number;
  keysIssued: number;
  refused: number;
}

/** {@link KeyProvider} over an {@link AdminApi}. */
export class AccountKeyManager implements KeyProvider {
  private readonly keys = new Map<string, Promise<string>>();
  private keysFile: FileHandle | undefined;
  private keysFileReady: Promise<void> | undefined;
  private keysWrites: Promise<void> = Promise.resolve();
  readonly figures: AccountFigures = { imported: 0, importedNew: 0, createdOnFirstUse: 0, keysIssued: 0, refused: 0 };

  constructor(private readonly admin: AdminApi, private readonly options: AccountKeyManagerOptions = {}) {}

  /** Imports an accounts.jsonl[.gz] file in chunks, streaming (every line is validated by the reader first). */
  async importAccounts(path: string): Promise<void> {
    let chunk: AccountRecord[] = [];
    let bytes = 0;
    const flush = async (): Promise<void> => {
      if (chunk.length === 0) return;
      const result = await this.admin.importAccounts(chunk);
      this.figures.imported += result.imported;
      this.figures.importedNew += result.created;
      chunk = [];
      bytes = 0;
    };
    for await (const { record } of readRecords(path, { kind: 'account' })) {
      chunk.push(record);
      bytes += JSON.stringify(record).length;
      if (chunk.length >= IMPORT_CHUNK_RECORDS || bytes >= IMPORT_CHUNK_BYTES) await flush();
    }
    await flush();
  }

  keyFor(accountId: string, firstSeen: string): Promise<string> {
    let key = this.keys.get(accountId);
    if (!key) {
      // one promise per account: concurrent first exchanges share one issuance
      key = this.issue(accountId, firstSeen);
      this.keys.set(accountId, key);
      // the failure is reported to every caller through the shared promise; this only silences the unhandled-rejection warning
      key.catch(() => undefined);
    }
    return key;
  }

  private async issue(accountId: string, firstSeen: string): Promise<string> {
    const label = this.options.label ?? 'replay';
    try {
      let key;
      try {
        key = await this.admin.issueKey(accountId, label);
      } catch (error) {
        if (!(isDistillguardError(error) && error.code === 'STORE_NOT_FOUND')) throw error;
        // not imported and not on the gateway yet: the account starts to exist at its first exchange
        if (await this.admin.createAccount({ account_id: accountId, created_at: firstSeen })) this.figures.createdOnFirstUse += 1;
        key = await this.admin.issueKey(accountId, label);
      }
      this.figures.keysIssued += 1;
      await this.recordKey(accountId, key.keyId, key.secret);
      return key.secret;
    } catch (error) {
      if (isFatalAdminError(error)) throw error;
      this.figures.refused += 1;
      throw new AccountRefusedError(accountId, error);
    }
  }

  private async recordKey(accountId: string, keyId: string, secret: string): Promise<void> {
    const path = this.options.keysOut;
    if (!path) return;
    this.keysFileReady ??= (async () => {
      this.keysFile = await open(path, 'w', 0o600);
      // the mode of open() only applies to a new file; an existing one is tightened too
      await this.keysFile.chmod(0o600);
    })();
    const line = `${JSON.stringify({ account_id: accountId, key_id: keyId, secret })}\n`;
    // writes to one file handle must not overlap: chain them
    const write = this.keysWrites.then(async () => {
      await this.keysFileReady;
      await this.keysFile!.appendFile(line);
    });
    this.keysWrites = write.catch(() => undefined);
    await write;
  }

  /** Closes the keys file, if any. */
  async close(): Promise<void> {
    await this.keysWrites;
    await this.keysFileReady?.catch(() => undefined);
    await this.keysFile?.close();
    this.keysFile = undefined;
  }
}
