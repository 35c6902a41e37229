import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { isDistillguardError } from '../errors.js';
import { makeExchange } from '../testing/fixtures.js';
import { applyTextRetention, pruneExpiredExchanges } from './retention.js';
import { SqliteStore, serializeExchange } from './sqlite-store.js';
import { SQLITE_MIGRATIONS } from './sqlite-migrations.js';
import { describeStoreContract } from './store.contract.js';

const dir = mkdtempSync(join(tmpdir(), 'dg-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describeStoreContract('sqlite in memory', () => SqliteStore.open({ path: ':memory:' }));
describeStoreContract('sqlite file', () => SqliteStore.open({ path: join(dir, 'nested', 'contract.db') }));

describe('SqliteStore specifics', () => {
  it('persists across reopen and records applied migrations', async () => {
    const path = join(dir, 'reopen.db');
    const first = await SqliteStore.open({ path });
    await first.insertExchanges([makeExchange({ id: 'persist_1' })]);
    await first.close();
    const second = await SqliteStore.open({ path });
    assert.equal((await second.listExchanges())[0]?.id, 'persist_1');
    await second.close();
    const raw = new Database(path, { readonly: true });
    const rows = raw.prepare('SELECT version, name FROM schema_migrations').all() as Array<{ version: number }>;
    raw.close();
    assert.deepEqual(rows.map((r) => r.version), SQLITE_MIGRATIONS.map((m) => m.version));
  });

  it('refuses a database from a newer distillguard', async () => {
    const path = join(dir, 'future.db');
    const store = await SqliteStore.open({ path });
    await store.close();
    const raw = new Database(path);
    raw.prepare('INSERT INTO schema_migrations VALUES (99, ?, ?)').run('future', new Date().toISOString());
    raw.close();
    await assert.rejects(SqliteStore.open({ path }), (e: unknown) => isDistillguardError(e) && e.code === 'STORE_MIGRATION_FAILED' && /version 99/.test(e.message));
  });

  it('rolls back a failing migration and leaves the previous version', async () => {
    const store = await SqliteStore.open({ path: ':memory:' });
    const current = await store.schemaVersion();
    await assert.rejects(store.migrate([...SQLITE_MIGRATIONS, { version: current + 1, name: 'broken', sql: 'CREATE TABLE ok_table (x); SELECT * FROM missing_table;' }]),
      (e: unknown) => isDistillguardError(e) && e.code === 'STORE_MIGRATION_FAILED');
    assert.equal(await store.schemaVersion(), current);
    await store.close();
  });

  it('refuses to edit the audit log', async () => {
    const path = join(dir, 'audit.db');
    const store = await SqliteStore.open({ path });
    await store.appendAudit({ ts: '2026-01-01T00:00:00.000Z', actor: 'cli', action: 'x', targetType: 't', targetId: 'i', details: {} });
    await store.close();
    const raw = new Database(path);
    assert.throws(() => raw.prepare('DELETE FROM audit_log').run(), /append-only/);
    raw.close();
  });

  it('changes its change stamp when another connection (the recording worker) writes', async () => {
    const path = join(dir, 'stamp.db');
    const reader = await SqliteStore.open({ path });
    const writer = await SqliteStore.open({ path });
    const before = await reader.changeStamp();
    assert.equal(await reader.changeStamp(), before);
    writer.insertSerializedExchanges([serializeExchange(makeExchange({ id: 'stamp_1' }))]);
    assert.notEqual(await reader.changeStamp(), before);
    await writer.close();
    await reader.close();
  });

  it('gives a clear error for an unopenable path', async () => {
    await assert.rejects(SqliteStore.open({ path: join(dir, 'missing', 'x.db'), readonly: true }),
      (e: unknown) => isDistillguardError(e) && e.code === 'FILE_NOT_READABLE' && e.message.includes('x.db'));
  });
});

describe('retention', () => {
  it('drops prompt and response text but keeps lengths when keepText is false', () => {
    const record = makeExchange({ response: { status: 200, text: 'answer', reasoning: 'thinking…' } });
    const kept = applyTextRetention(record, { keepText: true });
    assert.equal(kept, record);
    const dropped = applyTextRetention(record, { keepText: false });
    assert.equal(dropped.request.system, '');
    assert.deepEqual(dropped.request.messages, [{ role: 'user', content: '' }]);
    assert.equal(dropped.response.text, '');
    assert.equal(dropped.response.reasoning, '');
    assert.equal(dropped.response.status, 200);
    assert.deepEqual(dropped.text_dropped, { system_chars: 14, message_chars: [12], response_chars: 6, reasoning_chars: 9 });
    assert.equal(record.response.text, 'answer', 'the input is not mutated');
  });

  it('prunes exchanges older than the window and keeps all when the window is 0', async () => {
    const store = await SqliteStore.open({ path: ':memory:' });
    const now = Date.parse('2026-05-31T00:00:00.000Z');
    await store.insertExchanges([
      makeExchange({ ts: '2026-04-01T00:00:00.000Z' }),
      makeExchange({ ts: '2026-05-30T00:00:00.000Z' }),
    ]);
    assert.equal(await pruneExpiredExchanges(store, { exchangeDays: 0 }, now), 0);
    assert.equal(await pruneExpiredExchanges(store, { exchangeDays: 30 }, now), 1);
    assert.equal(await store.countExchanges(), 1);
    await store.close();
  });
});
