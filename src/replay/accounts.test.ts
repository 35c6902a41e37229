import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DistillguardError } from '../errors.js';
import type { AccountRecord } from '../records/types.js';
import { makeAccount } from '../testing/fixtures.js';
import { AccountKeyManager, AccountRefusedError, IMPORT_CHUNK_RECORDS } from './accounts.js';
import type { AdminApi, IssuedKey } from './admin-api.js';

const dir = mkdtempSync(join(tmpdir(), 'dg-replay-accounts-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** An in-memory admin API that logs every call, as a gateway would answer it. */
class FakeAdmin implements AdminApi {
  readonly accounts = new Map<string, AccountRecord>();
  readonly calls: string[] = [];
  importSizes: number[] = [];
  failWith: Error | undefined;
  private n = 0;

  async check(): Promise<void> {}
  async importAccounts(records: AccountRecord[]) {
    this.importSizes.push(records.length);
    let created = 0;
    for (const r of records) {
      if (!this.accounts.has(r.account_id)) created += 1;
      this.accounts.set(r.account_id, r);
    }
    return { imported: records.length, created };
  }
  async createAccount(record: AccountRecord): Promise<boolean> {
    this.calls.push(`create ${record.account_id} ${record.created_at}`);
    if (this.accounts.has(record.account_id)) return false;
    this.accounts.set(record.account_id, record);
    return true;
  }
  async issueKey(accountId: string): Promise<IssuedKey> {
    this.calls.push(`key ${accountId}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (this.failWith) throw this.failWith;
    if (!this.accounts.has(accountId)) throw new DistillguardError('STORE_NOT_FOUND', `no account "${accountId}"`);
    this.n += 1;
    return { keyId: `key_${this.n}`, accountId, secret: `dgk_secret_${accountId}_${this.n}` };
  }
}

describe('replay: account and key manager', () => {
  it('creates a missing account at its first exchange (with that time), then issues one key, shared by concurrent callers', async () => {
    const admin = new FakeAdmin();
    const keys = new AccountKeyManager(admin);
    const [a, b] = await Promise.all([keys.keyFor('acct_a', '2026-05-01T10:00:00.000Z'), keys.keyFor('acct_a', '2026-05-01T10:00:01.000Z')]);
    assert.equal(a, b);
    assert.equal(await keys.keyFor('acct_a', '2026-05-01T11:00:00.000Z'), a);
    assert.deepEqual(admin.calls, ['key acct_a', 'create acct_a 2026-05-01T10:00:00.000Z', 'key acct_a']);
    assert.deepEqual(keys.figures, { imported: 0, importedNew: 0, createdOnFirstUse: 1, keysIssued: 1, refused: 0 });
  });

  it('imports accounts.jsonl in chunks, after which keys are issued without creating accounts', async () => {
    const path = join(dir, 'accounts.jsonl');
    const count = IMPORT_CHUNK_RECORDS * 2 + 7;
    writeFileSync(path, Array.from({ length: count }, (_, i) => JSON.stringify(makeAccount({ account_id: `acct_${i}` }))).join('\n') + '\n');
    const admin = new FakeAdmin();
    const keys = new AccountKeyManager(admin);
    await keys.importAccounts(path);
    assert.deepEqual(admin.importSizes, [IMPORT_CHUNK_RECORDS, IMPORT_CHUNK_RECORDS, 7]);
    await keys.keyFor('acct_3', '2026-05-01T10:00:00.000Z');
    assert.deepEqual(admin.calls, ['key acct_3']);
    assert.equal(keys.figures.imported, count);
    assert.equal(keys.figures.importedNew, count);
  });

  it('refuses one account without stopping, but lets fatal admin errors through', async () => {
    const admin = new FakeAdmin();
    const keys = new AccountKeyManager(admin);
    admin.failWith = new DistillguardError('STORE_INVALID_ARGUMENT', 'invalid account id "a b"');
    await assert.rejects(keys.keyFor('a b', '2026-05-01T10:00:00.000Z'), (e: unknown) => e instanceof AccountRefusedError && /invalid account id/.test(e.message));
    assert.equal(keys.figures.refused, 1);
    admin.failWith = new DistillguardError('ADMIN_UNAUTHORIZED', 'admin credentials are missing or wrong');
    await assert.rejects(keys.keyFor('acct_x', '2026-05-01T10:00:00.000Z'), (e: unknown) => (e as DistillguardError).code === 'ADMIN_UNAUTHORIZED');
  });

  it('writes issued keys to --keys-out as JSON lines, readable only by the owner', async () => {
    const path = join(dir, 'keys.jsonl');
    writeFileSync(path, 'old content\n', { mode: 0o644 });
    const admin = new FakeAdmin();
    const keys = new AccountKeyManager(admin, { keysOut: path });
    const secrets = await Promise.all(['acct_1', 'acct_2', 'acct_3'].map((id) => keys.keyFor(id, '2026-05-01T10:00:00.000Z')));
    await keys.close();
    const lines = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { account_id: string; key_id: string; secret: string });
    assert.deepEqual(lines.map((l) => l.secret).sort(), [...secrets].sort());
    assert.deepEqual(lines.map((l) => l.account_id).sort(), ['acct_1', 'acct_2', 'acct_3']);
    assert.equal(statSync(path).mode & 0o777, 0o600);
  });
});
