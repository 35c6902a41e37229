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
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','blocked','dismissed')),
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
];
