import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DistillguardError } from '../errors.js';
import type { AccountRecord, CampaignRecord, ExchangeRecord } from '../records/types.js';
import { SQLITE_MIGRATIONS, type SqliteMigration } from './sqlite-migrations.js';
import type {
  AccountStatus, ActionQuery, AuditEntry, AuditQuery, CampaignQuery, CampaignStatus, ExchangeQuery,
  ArrivedAccount, ListAccountsQuery, MigrationResult, Store, StoredAccount, StoredAction, StoredApiKey, StoredCampaign, StoredVerdict,
} from './types.js';
import type { CampaignTake, ExchangeBucket, ExchangeSeriesQuery, LatestVerdictsQuery, ModelFirstSeen } from './types.js';
import { SqliteIntelTables } from './sqlite-intel.js';
import type {
  IntelImportBatch, IntelImportEntry, IntelImportOutcome, IntelIndicatorQuery, StoredIntelIndicator, StoredTaxiiStatus, TaxiiAddOutcome,
  TaxiiObjectInput, TaxiiObjectPage, TaxiiObjectQuery,
} from './types.js';
import { BatchRollup, DASHBOARD_QUERY_SQL, checkRollupRange, checkSeriesRange } from './sqlite-dashboard-queries.js';

/** Options of the embedded store. */
export interface SqliteStoreOptions {
  /** A file path, or `:memory:` for a private in-memory database. */
  path: string;
  /** Apply pending migrations on open (default true). */
  migrate?: boolean;
  readonly?: boolean;
}

const toMs = (ts: string): number => {
  const ms = Date.parse(ts);
  if (Number.isNaN(ms)) {
    throw new DistillguardError('STORE_INVALID_ARGUMENT', `not a valid RFC 3339 time: ${JSON.stringify(ts)}`);
  }
  return ms;
};
const fromMs = (ms: number): string => new Date(ms).toISOString();

/** An exchange as the `exchanges` table stores it: indexed columns, then the whole record as JSON. */
export type SerializedExchange = [
  id: string, tsMs: number, accountId: string, keyId: string | null, model: string, endpoint: string,
  status: number, inputTokens: number, outputTokens: number, json: string,
];

/** The row of an exchange record. */
export function serializeExchange(r: ExchangeRecord): SerializedExchange {
  return [r.id, toMs(r.ts), r.account_id, r.key_id ?? null, r.model, r.endpoint, r.response.status,
    r.usage.input_tokens, r.usage.output_tokens, JSON.stringify(r)];
}

interface AccountRow { record: string; status: AccountStatus; updated_at: string }
interface KeyRow {
  key_id: string; account_id: string; hash: string; prefix: string; label: string | null;
  created_at: string; revoked_at: string | null;
}
interface VerdictRow {
  account_id: string; ts_ms: number; score: number; flagged: number; campaign_id: string | null; reasons: string;
}
interface ActionRow {
  action_id: string; ts_ms: number; target_type: StoredAction['targetType']; target_id: string; kind: string;
  actor: string; reason: string; evidence: string; expires_ms: number | null; revoked_ms: number | null;
  revoked_by: string | null; dry_run: number;
}
interface AuditRow {
  ts_ms: number; actor: string; action: string; target_type: string; target_id: string; details: string;
}

interface CampaignRow { record: string; status: CampaignStatus; updated_at: string }

const campaignFromRow = (row: CampaignRow): StoredCampaign => ({
  record: JSON.parse(row.record) as CampaignRecord,
  status: row.status,
  updatedAt: row.updated_at,
});

const verdictFromRow = (row: VerdictRow): StoredVerdict => ({
  accountId: row.account_id,
  ts: fromMs(row.ts_ms),
  score: row.score,
  flagged: row.flagged === 1,
  campaignId: row.campaign_id,
  reasons: JSON.parse(row.reasons) as StoredVerdict['reasons'],
});

const keyFromRow = (row: KeyRow): StoredApiKey => ({
  keyId: row.key_id,
  accountId: row.account_id,
  hash: row.hash,
  prefix: row.prefix,
  ...(row.label === null ? {} : { label: row.label }),
  createdAt: row.created_at,
  revokedAt: row.revoked_at,
});

const accountFromRow = (row: AccountRow): StoredAccount => ({
  record: JSON.parse(row.record) as AccountRecord,
  status: row.status,
  updatedAt: row.updated_at,
});

const actionFromRow = (row: ActionRow): StoredAction => ({
  actionId: row.action_id,
  ts: fromMs(row.ts_ms),
  targetType: row.target_type,
  targetId: row.target_id,
  kind: row.kind,
  actor: row.actor,
  reason: row.reason,
  evidence: JSON.parse(row.evidence) as unknown,
  expiresAt: row.expires_ms === null ? null : fromMs(row.expires_ms),
  revokedAt: row.revoked_ms === null ? null : fromMs(row.revoked_ms),
  revokedBy: row.revoked_by,
  dryRun: row.dry_run === 1,
});

/**
 * The embedded store: SQLite through better-sqlite3, in WAL mode so that readers (export, the
 * admin API) never block the recorder's writes.
 */
export class SqliteStore implements Store {
  readonly path: string;
  private readonly db: Database.Database;
  private closed = false;
  /** Prepared statements by SQL text: preparing costs more than running a small one. */
  private readonly statements = new Map<string, Database.Statement>();

  private constructor(path: string, db: Database.Database) {
    this.path = path;
    this.db = db;
  }

  private stmt(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** Opens (and by default migrates) a store. */
  static async open(options: SqliteStoreOptions): Promise<SqliteStore> {
    const inMemory = options.path === ':memory:';
    if (!inMemory && !options.readonly) mkdirSync(dirname(options.path), { recursive: true });
    let db: Database.Database;
    try {
      db = new Database(options.path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
    } catch (cause) {
      throw new DistillguardError('FILE_NOT_READABLE', `cannot open database ${options.path}: ${(cause as Error).message}`, {
        hint: 'check the --db path and its permissions',
        location: { file: options.path },
        cause,
      });
    }
    if (!inMemory && !options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    const store = new SqliteStore(options.path, db);
    if (options.migrate ?? true) await store.migrate();
    return store;
  }

  async schemaVersion(): Promise<number> {
    const exists = this.db
      .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`)
      .get();
    if (!exists) return 0;
    const row = this.stmt('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
    return row.v ?? 0;
  }

  async migrate(migrations: readonly SqliteMigration[] = SQLITE_MIGRATIONS): Promise<MigrationResult> {
    this.db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    const from = await this.schemaVersion();
    const latestKnown = migrations.reduce((max, m) => Math.max(max, m.version), 0);
    if (from > latestKnown) {
      throw new DistillguardError('STORE_MIGRATION_FAILED',
        `database ${this.path} is at schema version ${from}, newer than this distillguard knows (${latestKnown})`,
        { hint: 'upgrade distillguard, or point --db at another file' });
    }
    const applied: string[] = [];
    // Versions are applied by set, not by the highest one: migrations developed side by side (3, 4
    // and 5) can land in any order, and a database that already has 5 must still get 3 and 4.
    const done = new Set((this.stmt('SELECT version FROM schema_migrations').all() as Array<{ version: number }>).map((row) => row.version));
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(migration.version)) continue;
      try {
        this.db.transaction(() => {
          this.db.exec(migration.sql);
          this.stmt('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
            .run(migration.version, migration.name, new Date().toISOString());
        })();
      } catch (cause) {
        throw new DistillguardError('STORE_MIGRATION_FAILED',
          `migration ${migration.version} (${migration.name}) failed: ${(cause as Error).message}`,
          { cause, hint: 'the database was left at the previous version; fix the cause and run again' });
      }
      applied.push(`${migration.version}: ${migration.name}`);
    }
    return { from, to: await this.schemaVersion(), applied };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  // ---- accounts

  async upsertAccount(record: AccountRecord): Promise<void> {
    if (!record.account_id) {
      throw new DistillguardError('STORE_INVALID_ARGUMENT', 'account_id must be a non-empty string');
    }
    const now = new Date().toISOString();
    this.stmt(`INSERT INTO accounts (account_id, created_at, status, updated_at, record)
        VALUES (@id, @created, 'active', @now, @record)
        ON CONFLICT(account_id) DO UPDATE SET created_at = @created, updated_at = @now, record = @record`)
      .run({ id: record.account_id, created: record.created_at, now, record: JSON.stringify(record) });
  }

  async getAccount(accountId: string): Promise<StoredAccount | undefined> {
    const row = this.stmt('SELECT record, status, updated_at FROM accounts WHERE account_id = ?')
      .get(accountId) as AccountRow | undefined;
    return row ? accountFromRow(row) : undefined;
  }

  async listAccounts(query: ListAccountsQuery = {}): Promise<StoredAccount[]> {
    const rows = this.stmt(`SELECT record, status, updated_at FROM accounts
        WHERE (@status IS NULL OR status = @status) AND (@after IS NULL OR account_id > @after)
        ORDER BY account_id LIMIT @limit`)
      .all({ status: query.status ?? null, after: query.afterAccountId ?? null, limit: query.limit ?? -1 }) as AccountRow[];
    return rows.map(accountFromRow);
  }

  async listAccountsByArrival(query: { afterSeq: number; limit: number }): Promise<ArrivedAccount[]> {
    // rowid: the upsert updates in place (ON CONFLICT DO UPDATE), and accounts are never deleted,
    // so a new account always gets a rowid above every earlier one
    const rows = this.stmt('SELECT rowid AS seq, record, status, updated_at FROM accounts WHERE rowid > ? ORDER BY rowid LIMIT ?')
      .all(query.afterSeq, query.limit) as Array<AccountRow & { seq: number }>;
    return rows.map((row) => ({ ...accountFromRow(row), seq: row.seq }));
  }

  async setAccountStatus(accountId: string, status: AccountStatus, at: string): Promise<void> {
    const result = this.stmt('UPDATE accounts SET status = ?, updated_at = ? WHERE account_id = ?')
      .run(status, at, accountId);
    if (result.changes === 0) {
      throw new DistillguardError('STORE_NOT_FOUND', `no account ${JSON.stringify(accountId)}`);
    }
  }

  // ---- API keys

  async insertApiKey(key: StoredApiKey): Promise<void> {
    try {
      this.stmt(`INSERT INTO api_keys (key_id, account_id, hash, prefix, label, created_at, revoked_at)
          VALUES (?, ?, ?, ?, ?, ?, ?)`)
        .run(key.keyId, key.accountId, key.hash, key.prefix, key.label ?? null, key.createdAt, key.revokedAt);
    } catch (cause) {
      const message = (cause as Error).message;
      if (message.includes('FOREIGN KEY')) {
        throw new DistillguardError('STORE_NOT_FOUND', `no account ${JSON.stringify(key.accountId)}`, { cause });
      }
      if (message.includes('UNIQUE')) {
        throw new DistillguardError('STORE_CONFLICT', `API key ${key.keyId} already exists`, { cause });
      }
      throw cause;
    }
  }

  async findApiKeyByHash(hash: string): Promise<StoredApiKey | undefined> {
    const row = this.stmt('SELECT * FROM api_keys WHERE hash = ?').get(hash) as KeyRow | undefined;
    return row ? keyFromRow(row) : undefined;
  }

  async listApiKeys(query: { accountId?: string } = {}): Promise<StoredApiKey[]> {
    const rows = this.stmt(`SELECT * FROM api_keys WHERE (@account IS NULL OR account_id = @account)
        ORDER BY created_at, key_id`).all({ account: query.accountId ?? null }) as KeyRow[];
    return rows.map(keyFromRow);
  }

  async revokeApiKey(keyId: string, at: string): Promise<StoredApiKey> {
    this.stmt('UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE key_id = ?').run(at, keyId);
    const row = this.stmt('SELECT * FROM api_keys WHERE key_id = ?').get(keyId) as KeyRow | undefined;
    if (!row) throw new DistillguardError('STORE_NOT_FOUND', `no API key ${JSON.stringify(keyId)}`);
    return keyFromRow(row);
  }

  // ---- exchanges

  private insertRowBatch: ((rows: readonly SerializedExchange[]) => number) | undefined;
  private upsertCampaignTx: ((record: CampaignRecord, at: string) => void) | undefined;

  async insertExchanges(records: readonly ExchangeRecord[]): Promise<number> {
    return this.insertSerializedExchanges(records.map(serializeExchange));
  }

  /**
   * Inserts exchanges already serialised by `serializeExchange`: the form the recording worker
   * receives, so that the request thread pays for JSON.stringify and nothing else.
   */
  insertSerializedExchanges(rows: readonly SerializedExchange[]): number {
    this.insertRowBatch ??= this.db.transaction((batch: readonly SerializedExchange[]) => {
      const insert = this.stmt(`INSERT OR IGNORE INTO exchanges
          (id, ts_ms, account_id, key_id, model, endpoint, status, input_tokens, output_tokens, record)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      let inserted = 0;
      const rollup = new BatchRollup();
      for (const row of batch) {
        if (insert.run(...row).changes === 0) continue;
        inserted += 1;
        rollup.add(row[1], row[2], row[4], row[6]);
      }
      rollup.write((sql, ...params) => this.stmt(sql).run(...params));
      return inserted;
    });
    return this.insertRowBatch(rows);
  }

  private exchangeWhere(query: ExchangeQuery): { sql: string; params: Record<string, unknown> } {
    return {
      sql: `WHERE (@account IS NULL OR account_id = @account)
        AND (@since IS NULL OR ts_ms >= @since) AND (@until IS NULL OR ts_ms < @until)`,
      params: {
        account: query.accountId ?? null,
        since: query.since === undefined ? null : toMs(query.since),
        until: query.until === undefined ? null : toMs(query.until),
      },
    };
  }

  async listExchanges(query: ExchangeQuery = {}): Promise<ExchangeRecord[]> {
    const where = this.exchangeWhere(query);
    const rows = this.stmt(`SELECT record FROM exchanges ${where.sql} ORDER BY ts_ms, seq LIMIT @limit`)
      .all({ ...where.params, limit: query.limit ?? -1 }) as Array<{ record: string }>;
    return rows.map((row) => JSON.parse(row.record) as ExchangeRecord);
  }

  async *iterateExchanges(query: ExchangeQuery = {}): AsyncIterable<ExchangeRecord> {
    // Keyset pages rather than one long-lived statement iterator: a paused consumer must not keep
    // a read transaction open (it would stop WAL checkpoints while the gateway keeps writing).
    const where = this.exchangeWhere(query);
    const page = this.stmt(`SELECT seq, ts_ms, record FROM exchanges ${where.sql}
        AND (ts_ms > @afterTs OR (ts_ms = @afterTs AND seq > @afterSeq))
        ORDER BY ts_ms, seq LIMIT @pageSize`);
    let afterTs = -Infinity;
    let afterSeq = -1;
    let remaining = query.limit ?? Infinity;
    while (remaining > 0) {
      const pageSize = Math.min(1000, remaining);
      const rows = page.all({ ...where.params, afterTs: Number.isFinite(afterTs) ? afterTs : -8.64e15, afterSeq, pageSize }) as
        Array<{ seq: number; ts_ms: number; record: string }>;
      for (const row of rows) yield JSON.parse(row.record) as ExchangeRecord;
      if (rows.length < pageSize) return;
      const last = rows[rows.length - 1]!;
      afterTs = last.ts_ms;
      afterSeq = last.seq;
      remaining -= rows.length;
    }
  }

  async countExchanges(query: ExchangeQuery = {}): Promise<number> {
    const where = this.exchangeWhere(query);
    const row = this.stmt(`SELECT COUNT(*) AS n FROM exchanges ${where.sql}`).get(where.params) as { n: number };
    return row.n;
  }

  async deleteExchangesBefore(before: string): Promise<number> {
    return this.stmt('DELETE FROM exchanges WHERE ts_ms < ?').run(toMs(before)).changes;
  }

  // ---- verdicts

  async insertVerdict(verdict: StoredVerdict): Promise<void> {
    this.stmt(`INSERT INTO verdicts (account_id, ts_ms, score, flagged, campaign_id, reasons)
        VALUES (?, ?, ?, ?, ?, ?)`)
      .run(verdict.accountId, toMs(verdict.ts), verdict.score, verdict.flagged ? 1 : 0, verdict.campaignId,
        JSON.stringify(verdict.reasons));
  }

  async listVerdicts(query: { accountId: string; limit?: number }): Promise<StoredVerdict[]> {
    const rows = this.stmt(`SELECT * FROM verdicts WHERE account_id = ? ORDER BY ts_ms DESC, seq DESC LIMIT ?`)
      .all(query.accountId, query.limit ?? -1) as VerdictRow[];
    return rows.map(verdictFromRow);
  }

  async listLatestVerdicts(query: LatestVerdictsQuery = {}): Promise<StoredVerdict[]> {
    const rows = this.stmt(`SELECT v.* FROM verdicts v
        JOIN (SELECT account_id, MAX(seq) AS seq FROM verdicts GROUP BY account_id) newest ON newest.seq = v.seq
        WHERE (@flagged = 0 OR v.flagged = 1) AND (@campaign IS NULL OR v.campaign_id = @campaign)
        ORDER BY v.score DESC, v.account_id LIMIT @limit`)
      .all({ flagged: query.flaggedOnly ? 1 : 0, campaign: query.campaignId ?? null, limit: query.limit ?? -1 }) as VerdictRow[];
    return rows.map(verdictFromRow);
  }

  // ---- campaigns

  async upsertCampaign(record: CampaignRecord, at: string): Promise<void> {
    if (!record.campaign_id) throw new DistillguardError('STORE_INVALID_ARGUMENT', 'a campaign needs a campaign_id');
    this.upsertCampaignTx ??= this.db.transaction((campaign: CampaignRecord, updatedAt: string) => {
      this.stmt(`INSERT INTO campaigns (campaign_id, first_seen_ms, detected_ms, score, updated_at, record)
          VALUES (@id, @firstSeen, @detected, @score, @updatedAt, @record)
          ON CONFLICT(campaign_id) DO UPDATE SET first_seen_ms = excluded.first_seen_ms,
            detected_ms = excluded.detected_ms, score = excluded.score, updated_at = excluded.updated_at,
            record = excluded.record`)
        .run({ id: campaign.campaign_id, firstSeen: toMs(campaign.first_seen), detected: toMs(campaign.detected_at),
          score: campaign.score, updatedAt, record: JSON.stringify(campaign) });
      this.stmt('DELETE FROM campaign_members WHERE campaign_id = ?').run(campaign.campaign_id);
      const member = this.stmt('INSERT OR IGNORE INTO campaign_members (campaign_id, account_id) VALUES (?, ?)');
      for (const accountId of campaign.accounts) member.run(campaign.campaign_id, accountId);
    });
    this.upsertCampaignTx(record, at);
  }

  async getCampaign(campaignId: string): Promise<StoredCampaign | undefined> {
    const row = this.stmt('SELECT record, status, updated_at FROM campaigns WHERE campaign_id = ?')
      .get(campaignId) as CampaignRow | undefined;
    return row === undefined ? undefined : campaignFromRow(row);
  }

  async listCampaigns(query: CampaignQuery = {}): Promise<StoredCampaign[]> {
    const rows = this.stmt(`SELECT c.record, c.status, c.updated_at FROM campaigns c
        WHERE (@status IS NULL OR c.status = @status)
          AND (@account IS NULL OR EXISTS (SELECT 1 FROM campaign_members m
               WHERE m.campaign_id = c.campaign_id AND m.account_id = @account))
        ORDER BY c.score DESC, c.campaign_id LIMIT @limit`)
      .all({ status: query.status ?? null, account: query.accountId ?? null, limit: query.limit ?? -1 }) as CampaignRow[];
    return rows.map(campaignFromRow);
  }

  async setCampaignStatus(campaignId: string, status: CampaignStatus, at: string): Promise<void> {
    const result = this.stmt('UPDATE campaigns SET status = ?, updated_at = ? WHERE campaign_id = ?')
      .run(status, at, campaignId);
    if (result.changes === 0) throw new DistillguardError('STORE_NOT_FOUND', `no campaign ${JSON.stringify(campaignId)}`);
  }

  // ---- actions

  async insertAction(action: StoredAction): Promise<void> {
    try {
      this.stmt(`INSERT INTO actions (action_id, ts_ms, target_type, target_id, kind, actor, reason, evidence,
          expires_ms, revoked_ms, revoked_by, dry_run) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(action.actionId, toMs(action.ts), action.targetType, action.targetId, action.kind, action.actor,
          action.reason, JSON.stringify(action.evidence ?? null),
          action.expiresAt === null ? null : toMs(action.expiresAt),
          action.revokedAt === null ? null : toMs(action.revokedAt), action.revokedBy, action.dryRun ? 1 : 0);
    } catch (cause) {
      if ((cause as Error).message.includes('UNIQUE')) {
        throw new DistillguardError('STORE_CONFLICT', `action ${action.actionId} already exists`, { cause });
      }
      throw cause;
    }
  }

  async listActions(query: ActionQuery = {}): Promise<StoredAction[]> {
    const active = query.activeAt === undefined ? null : toMs(query.activeAt);
    const rows = this.stmt(`SELECT * FROM actions
        WHERE (@type IS NULL OR target_type = @type) AND (@target IS NULL OR target_id = @target)
          AND (@active IS NULL OR ((revoked_ms IS NULL OR revoked_ms > @active)
               AND (expires_ms IS NULL OR expires_ms > @active) AND ts_ms <= @active))
        ORDER BY ts_ms DESC, action_id LIMIT @limit`)
      .all({ type: query.targetType ?? null, target: query.targetId ?? null, active, limit: query.limit ?? -1 }) as ActionRow[];
    return rows.map(actionFromRow);
  }

  async revokeAction(actionId: string, by: string, at: string): Promise<void> {
    const result = this.stmt(`UPDATE actions SET revoked_ms = COALESCE(revoked_ms, ?),
        revoked_by = COALESCE(revoked_by, ?) WHERE action_id = ?`).run(toMs(at), by, actionId);
    if (result.changes === 0) throw new DistillguardError('STORE_NOT_FOUND', `no action ${JSON.stringify(actionId)}`);
  }

  // ---- audit

  async appendAudit(entry: AuditEntry): Promise<void> {
    this.stmt(`INSERT INTO audit_log (ts_ms, actor, action, target_type, target_id, details)
        VALUES (?, ?, ?, ?, ?, ?)`)
      .run(toMs(entry.ts), entry.actor, entry.action, entry.targetType, entry.targetId, JSON.stringify(entry.details));
  }

  async listAudit(query: AuditQuery = {}): Promise<AuditEntry[]> {
    const rows = this.stmt(`SELECT * FROM audit_log
        WHERE (@target IS NULL OR target_id = @target) AND (@action IS NULL OR action = @action)
        ORDER BY seq DESC LIMIT @limit`)
      .all({ target: query.targetId ?? null, action: query.action ?? null, limit: query.limit ?? -1 }) as AuditRow[];
    return rows.map((row) => ({
      ts: fromMs(row.ts_ms),
      actor: row.actor,
      action: row.action,
      targetType: row.target_type,
      targetId: row.target_id,
      details: JSON.parse(row.details) as Record<string, unknown>,
    }));
  }
  // ---- dashboard read queries (SQL in sqlite-dashboard-queries.ts)

  async exchangeSeries(query: ExchangeSeriesQuery): Promise<ExchangeBucket[]> {
    const since = toMs(query.since);
    const until = toMs(query.until);
    const buckets = checkSeriesRange(since, until, query.bucketMs);
    if (query.campaignId !== undefined && query.accountId !== undefined) {
      throw new DistillguardError('STORE_INVALID_ARGUMENT', 'a series is of one campaign or of one account, not both');
    }
    type Row = { b: number; total: number; answered: number; refused: number; throttled: number; flagged: number };
    const range = { since, until, bucket: query.bucketMs };
    let rows: Row[];
    if (query.campaignId !== undefined) rows = this.stmt(DASHBOARD_QUERY_SQL.campaignSeries).all({ ...range, campaign: query.campaignId }) as Row[];
    else if (query.accountId !== undefined) rows = this.stmt(DASHBOARD_QUERY_SQL.accountSeries).all({ ...range, account: query.accountId }) as Row[];
    else {
      checkRollupRange(since, until, query.bucketMs);
      const flagged = new Map((this.stmt(DASHBOARD_QUERY_SQL.flaggedSeries).all(range) as Array<{ b: number; flagged: number }>)
        .map((row) => [row.b, row.flagged]));
      rows = (this.stmt(DASHBOARD_QUERY_SQL.trafficRollup).all(range) as Row[]).map((row) => ({ ...row, flagged: flagged.get(row.b) ?? 0 }));
    }
    const byIndex = new Map(rows.map((row) => [row.b, row]));
    return Array.from({ length: buckets }, (_, index) => {
      const row = byIndex.get(index);
      return {
        start: fromMs(since + index * query.bucketMs),
        total: row?.total ?? 0,
        answered: row?.answered ?? 0,
        refused: row?.refused ?? 0,
        throttled: row?.throttled ?? 0,
        flagged: row?.flagged ?? 0,
      };
    });
  }

  async listModelFirstSeen(): Promise<ModelFirstSeen[]> {
    const rows = this.stmt('SELECT model, first_ts_ms FROM model_first_seen ORDER BY first_ts_ms, model')
      .all() as Array<{ model: string; first_ts_ms: number }>;
    return rows.map((row) => ({ model: row.model, firstSeen: fromMs(row.first_ts_ms) }));
  }

  async campaignTake(query: { campaignId?: string } = {}): Promise<CampaignTake> {
    const row = this.stmt(DASHBOARD_QUERY_SQL.campaignTake).get({ campaign: query.campaignId ?? null }) as
      { accounts: number; exchanges: number; answered: number; answered_before: number; tokens: number };
    return {
      accounts: row.accounts,
      exchanges: row.exchanges,
      answered: row.answered,
      answeredBeforeDetection: row.answered_before,
      answeredAfterDetection: row.answered - row.answered_before,
      outputTokens: row.tokens,
    };
  }

  async listRecentExchanges(query: { accountId?: string; limit: number }): Promise<ExchangeRecord[]> {
    // two statements, not `@account IS NULL OR …`, which would keep SQLite off the account index
    const rows = (query.accountId === undefined
      ? this.stmt('SELECT record FROM exchanges ORDER BY ts_ms DESC, seq DESC LIMIT @limit').all({ limit: query.limit })
      : this.stmt('SELECT record FROM exchanges WHERE account_id = @account ORDER BY ts_ms DESC, seq DESC LIMIT @limit')
        .all({ account: query.accountId, limit: query.limit })) as Array<{ record: string }>;
    return rows.map((row) => JSON.parse(row.record) as ExchangeRecord);
  }

  async changeStamp(): Promise<string> {
    // data_version moves when another connection (the recording worker) commits; total_changes()
    // counts this connection's own writes. Both are O(1), and together they miss no write.
    const dataVersion = this.db.pragma('data_version', { simple: true }) as number;
    const ownChanges = (this.stmt('SELECT total_changes() AS n').get() as { n: number }).n;
    return `${dataVersion}.${ownChanges}`;
  }

  // ---- threat intelligence (SQL in sqlite-intel.ts)

  private intelTables: SqliteIntelTables | undefined;
  private get intel(): SqliteIntelTables {
    this.intelTables ??= new SqliteIntelTables(this.db, (sql) => this.stmt(sql));
    return this.intelTables;
  }

  async importIntel(batch: IntelImportBatch): Promise<IntelImportOutcome> {
    return this.intel.importIntel(batch);
  }

  async listIntelIndicators(query: IntelIndicatorQuery = {}): Promise<StoredIntelIndicator[]> {
    return this.intel.listIntelIndicators(query);
  }

  async deleteIntelIndicators(query: { expiredBefore?: string; importedBefore?: string }): Promise<number> {
    return this.intel.deleteIntelIndicators(query);
  }

  async intelStamp(): Promise<string> {
    return this.intel.intelStamp();
  }

  async listIntelImports(query: { limit?: number } = {}): Promise<IntelImportEntry[]> {
    return this.intel.listIntelImports(query.limit ?? -1);
  }

  async addTaxiiObjects(collectionId: string, objects: readonly TaxiiObjectInput[], at: string): Promise<TaxiiAddOutcome> {
    return this.intel.addTaxiiObjects(collectionId, objects, at);
  }

  async listTaxiiObjects(query: TaxiiObjectQuery): Promise<TaxiiObjectPage> {
    return this.intel.listTaxiiObjects(query);
  }

  async putTaxiiStatus(status: StoredTaxiiStatus): Promise<void> {
    this.intel.putTaxiiStatus(status);
  }

  async getTaxiiStatus(statusId: string): Promise<StoredTaxiiStatus | undefined> {
    return this.intel.getTaxiiStatus(statusId);
  }

  async getIntelCursor(partner: string): Promise<string | undefined> {
    return this.intel.getIntelCursor(partner);
  }

  async setIntelCursor(partner: string, cursor: string, at: string): Promise<void> {
    this.intel.setIntelCursor(partner, cursor, at);
  }
}
