import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { SqliteStore } from '../store/sqlite-store.js';
import { SQLITE_MIGRATIONS } from '../store/sqlite-migrations.js';

const dir = mkdtempSync(join(tmpdir(), 'dg-intel-migrate-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('intel tables on a database migrated before they existed', () => {
  it('adds migration 4 to a database that already has 5 (migrations are applied by set, not by the highest)', async () => {
    const path = join(dir, 'old.db');
    const old = await SqliteStore.open({ path, migrate: false });
    await old.migrate(SQLITE_MIGRATIONS.filter((m) => m.version !== 4));
    assert.equal(await old.intelStamp().catch(() => 'missing'), 'missing', 'no intel tables yet');
    await old.close();
    const store = await SqliteStore.open({ path });
    assert.equal(await store.intelStamp(), '0');
    const again = await store.migrate();
    assert.deepEqual(again.applied, []);
    await store.close();
  });
});
