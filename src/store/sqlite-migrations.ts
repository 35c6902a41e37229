/**
 * Versioned schema migrations for the embedded SQLite store. Append only: never edit a migration
 * that has shipped; add a new one. Each runs in its own transaction and is recorded in
 * `schema_migrations`.
 */
export interface SqliteMigration {
  version: number;
  name: string;
  sql: string;
}

export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = [
  {
    version: 1,
    name: 'initial schema: accounts, api keys, exchanges, verdicts, actions, audit log',
    sql: `
      CREATE TABLE accounts (
        account_id TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','disabled')),
        updated_at TEXT NOT NULL,
        record TEXT NOT NULL
      );
      CREATE TABLE api_keys (
        key_id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES accounts(account_id),
        hash TEXT NOT NULL UNIQUE,
        prefix TEXT NOT NULL,
        label TEXT,
        created_at TEXT NOT NULL,
        revoked_at TEXT
      );
      CREATE INDEX api_keys_account ON api_keys(account_id);
      CREATE TABLE exchanges (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        ts_ms INTEGER NOT NULL,
        account_id TEXT NOT NULL,
        key_id TEXT,
        model TEXT NOT NULL,
        endpoint TEXT NOT NULL,
        status INTEGER NOT NULL,
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        record TEXT NOT NULL
      );
      CREATE INDEX exchanges_ts ON exchanges(ts_ms, seq);
      CREATE INDEX exchanges_account_ts ON exchanges(account_id, ts_ms, seq);
      CREATE TABLE verdicts (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        account_id TEXT NOT NULL,
        ts_ms INTEGER NOT NULL,
        score REAL NOT NULL,
        flagged INTEGER NOT NULL,
        campaign_id TEXT,
        reasons TEXT NOT NULL
      );
      CREATE INDEX verdicts_account_ts ON verdicts(account_id, ts_ms);
      CREATE TABLE actions (
        action_id TEXT PRIMARY KEY,
        ts_ms INTEGER NOT NULL,
        target_type TEXT NOT NULL,
        target_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        actor TEXT NOT NULL,
        reason TEXT NOT NULL,
        evidence TEXT NOT NULL,
        expires_ms INTEGER,
        revoked_ms INTEGER,
        revoked_by TEXT,
        dry_run INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX actions_target ON actions(target_type, target_id, ts_ms);
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        ts_ms INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target_type TEXT NOT NULL,
        target_id TEXT NOT NULL,
        details TEXT NOT NULL
      );
      CREATE INDEX audit_target ON audit_log(target_id, seq);
      -- the audit log is append-only: refuse edits at the database level too
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    `,
  },
  {
    version: 2,
    name: 'campaigns and their members',
    sql: `
      CREATE TABLE campaigns (
        campaign_id TEXT PRIMARY KEY,
        first_seen_ms INTEGER NOT NULL,
        detected_ms INTEGER NOT NULL,
        score REAL NOT NULL,
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','blocked','dismissed','merged')),
        updated_at TEXT NOT NULL,
        record TEXT NOT NULL
      );
      CREATE TABLE campaign_members (
        campaign_id TEXT NOT NULL REFERENCES campaigns(campaign_id) ON DELETE CASCADE,
        account_id TEXT NOT NULL,
        PRIMARY KEY (account_id, campaign_id)
      );
      CREATE INDEX campaign_members_campaign ON campaign_members(campaign_id);
    `,
  },
  {
    version: 4,
    name: 'threat intelligence: imported indicators, import history, TAXII collections, status and poll cursors',
    sql: `
      CREATE TABLE intel_indicators (
        source_id TEXT NOT NULL,
        indicator_id TEXT NOT NULL,
        source TEXT NOT NULL,
        modified_ms INTEGER NOT NULL,
        kind TEXT NOT NULL,
        valid_from_ms INTEGER NOT NULL,
        valid_until_ms INTEGER,
        imported_ms INTEGER NOT NULL,
        confidence REAL NOT NULL,
        trust REAL NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (source_id, indicator_id)
      ) WITHOUT ROWID;
      CREATE INDEX intel_indicators_until ON intel_indicators(valid_until_ms);
      CREATE INDEX intel_indicators_imported ON intel_indicators(imported_ms);
      CREATE TABLE intel_imports (
        import_id INTEGER PRIMARY KEY AUTOINCREMENT,
        ts_ms INTEGER NOT NULL,
        source_id TEXT NOT NULL,
        source TEXT NOT NULL,
        bundle_id TEXT NOT NULL,
        origin TEXT NOT NULL,
        added INTEGER NOT NULL,
        updated INTEGER NOT NULL,
        unchanged INTEGER NOT NULL,
        summary TEXT NOT NULL
      );
      -- bumped by every change to intel_indicators, so the live matcher can poll one row
      CREATE TABLE intel_revision (id INTEGER PRIMARY KEY CHECK (id = 1), revision INTEGER NOT NULL);
      INSERT INTO intel_revision (id, revision) VALUES (1, 0);
      CREATE TRIGGER intel_indicators_rev_insert AFTER INSERT ON intel_indicators
        BEGIN UPDATE intel_revision SET revision = revision + 1 WHERE id = 1; END;
      CREATE TRIGGER intel_indicators_rev_update AFTER UPDATE ON intel_indicators
        BEGIN UPDATE intel_revision SET revision = revision + 1 WHERE id = 1; END;
      CREATE TRIGGER intel_indicators_rev_delete AFTER DELETE ON intel_indicators
        BEGIN UPDATE intel_revision SET revision = revision + 1 WHERE id = 1; END;
      CREATE TABLE taxii_objects (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        collection_id TEXT NOT NULL,
        object_id TEXT NOT NULL,
        version TEXT NOT NULL,
        version_us INTEGER NOT NULL,
        added_us INTEGER NOT NULL,
        type TEXT NOT NULL,
        spec_version TEXT NOT NULL,
        object TEXT NOT NULL,
        UNIQUE (collection_id, object_id, version_us)
      );
      CREATE INDEX taxii_objects_added ON taxii_objects(collection_id, added_us);
      CREATE TABLE taxii_status (
        status_id TEXT PRIMARY KEY,
        created_ms INTEGER NOT NULL,
        owner TEXT NOT NULL,
        resource TEXT NOT NULL
      );
      CREATE TABLE intel_cursors (
        partner TEXT PRIMARY KEY,
        cursor TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 5,
    name: 'dashboard: traffic per minute, first answered exchange of each model (model releases)',
    // Kept up by SqliteStore.insertSerializedExchanges, once per batch (a trigger per row cost a
    // third of the recording throughput): the overview must not scan a day of exchanges at every
    // refresh, and a model's first appearance must survive retention pruning.
    sql: `
      CREATE TABLE traffic_minutes (
        minute_ms INTEGER PRIMARY KEY,
        total INTEGER NOT NULL,
        answered INTEGER NOT NULL,
        refused INTEGER NOT NULL,
        throttled INTEGER NOT NULL
      );
      INSERT INTO traffic_minutes (minute_ms, total, answered, refused, throttled)
        SELECT ts_ms - ts_ms % 60000, COUNT(*), SUM(status BETWEEN 200 AND 299),
          SUM(status IN (401, 403) AND account_id != ''), SUM(status = 429)
        FROM exchanges GROUP BY ts_ms - ts_ms % 60000;
      CREATE TABLE model_first_seen (
        model TEXT PRIMARY KEY,
        first_ts_ms INTEGER NOT NULL
      ) WITHOUT ROWID;
      INSERT INTO model_first_seen (model, first_ts_ms)
        SELECT model, MIN(ts_ms) FROM exchanges
        WHERE model != '' AND status BETWEEN 200 AND 299 GROUP BY model;
    `,
  },
];
