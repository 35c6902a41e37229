import type { AccountRecord, CampaignRecord, ExchangeRecord, VerdictReason } from '../records/types.js';

/**
 * The persistence interface. The embedded SQLite store implements it today; a PostgreSQL store
 * will implement the same interface and must pass the same contract suite (`store.contract.ts`).
 *
 * Every method is asynchronous even where SQLite is not, so that callers never depend on a
 * synchronous backend. Times crossing this interface are RFC 3339 strings (spec v1 form).
 */
export interface Store {
  /** Applies pending migrations; returns the schema versions before and after. */
  migrate(): Promise<MigrationResult>;
  /** Current schema version (0 for an empty database). */
  schemaVersion(): Promise<number>;
  close(): Promise<void>;

  // accounts
  /** Inserts or replaces the spec fields of an account; keeps its status. */
  upsertAccount(record: AccountRecord): Promise<void>;
  getAccount(accountId: string): Promise<StoredAccount | undefined>;
  listAccounts(query?: ListAccountsQuery): Promise<StoredAccount[]>;
  /** Throws STORE_NOT_FOUND when the account does not exist. */
  setAccountStatus(accountId: string, status: AccountStatus, at: string): Promise<void>;

  // API keys
  insertApiKey(key: StoredApiKey): Promise<void>;
  findApiKeyByHash(hash: string): Promise<StoredApiKey | undefined>;
  listApiKeys(query?: { accountId?: string }): Promise<StoredApiKey[]>;
  /** Marks a key revoked; throws STORE_NOT_FOUND for an unknown key id. Idempotent. */
  revokeApiKey(keyId: string, at: string): Promise<StoredApiKey>;

  // exchanges
  /** Inserts exchange records; a record whose id is already stored is ignored (redelivery is safe). */
  insertExchanges(records: readonly ExchangeRecord[]): Promise<number>;
  /** Exchanges in time order (then insertion order). */
  listExchanges(query?: ExchangeQuery): Promise<ExchangeRecord[]>;
  /** Streams exchanges in time order without loading them all. */
  iterateExchanges(query?: ExchangeQuery): AsyncIterable<ExchangeRecord>;
  countExchanges(query?: ExchangeQuery): Promise<number>;
  /** Deletes exchanges with ts strictly before `before`; returns how many. */
  deleteExchangesBefore(before: string): Promise<number>;

  // verdicts
  insertVerdict(verdict: StoredVerdict): Promise<void>;
  listVerdicts(query: { accountId: string; limit?: number }): Promise<StoredVerdict[]>;

  /** The newest verdict of every account that has one (for dashboards and decision caches). */
  listLatestVerdicts(query?: { flaggedOnly?: boolean; limit?: number }): Promise<StoredVerdict[]>;

  // campaigns (detected coordinated accounts)
  /**
   * Inserts or replaces a campaign's spec v1 record; keeps its status. Its member list is indexed so
   * that `listCampaigns({ accountId })` answers which campaign an account belongs to.
   */
  upsertCampaign(record: CampaignRecord, at: string): Promise<void>;
  getCampaign(campaignId: string): Promise<StoredCampaign | undefined>;
  /** Campaigns, highest score first (then id). */
  listCampaigns(query?: CampaignQuery): Promise<StoredCampaign[]>;
  /** Throws STORE_NOT_FOUND when the campaign does not exist. */
  setCampaignStatus(campaignId: string, status: CampaignStatus, at: string): Promise<void>;

  // actions (countermeasures and analyst overrides)
  insertAction(action: StoredAction): Promise<void>;
  listActions(query?: ActionQuery): Promise<StoredAction[]>;
  /** Ends an action early (unblock, lift); throws STORE_NOT_FOUND for an unknown id. */
  revokeAction(actionId: string, by: string, at: string): Promise<void>;

  // audit log (append-only)
  appendAudit(entry: AuditEntry): Promise<void>;
  listAudit(query?: AuditQuery): Promise<AuditEntry[]>;
}

export interface MigrationResult {
  from: number;
  to: number;
  applied: string[];
}

export type AccountStatus = 'active' | 'disabled';

export interface StoredAccount {
  record: AccountRecord;
  status: AccountStatus;
  updatedAt: string;
}

export interface ListAccountsQuery {
  status?: AccountStatus;
  limit?: number;
  /** Keyset pagination: accounts with an id greater than this. */
  afterAccountId?: string;
}

export interface StoredApiKey {
  keyId: string;
  accountId: string;
  /** SHA-256 hex of the secret. The secret itself is never stored. */
  hash: string;
  /** Display prefix of the secret. */
  prefix: string;
  label?: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface ExchangeQuery {
  accountId?: string;
  /** Inclusive lower bound on ts. */
  since?: string;
  /** Exclusive upper bound on ts. */
  until?: string;
  limit?: number;
}

export interface StoredVerdict {
  accountId: string;
  ts: string;
  score: number;
  flagged: boolean;
  campaignId: string | null;
  reasons: VerdictReason[];
}

/** `active`: detected and live; `blocked`: enforced against; `dismissed`: an analyst ruled it benign. */
export type CampaignStatus = 'active' | 'blocked' | 'dismissed';

export interface StoredCampaign {
  record: CampaignRecord;
  status: CampaignStatus;
  updatedAt: string;
}

export interface CampaignQuery {
  status?: CampaignStatus;
  /** Only the campaigns this account is a member of. */
  accountId?: string;
  limit?: number;
}

/** What was done; later issues add more kinds. */
export type ActionKind =
  | 'monitor' | 'throttle' | 'withhold_reasoning' | 'summarise_reasoning' | 'require_verification'
  | 'block' | 'allow' | 'unblock' | 'mark_false_positive' | 'allowlist' | (string & {});

export interface StoredAction {
  actionId: string;
  ts: string;
  targetType: 'account' | 'campaign' | 'key' | 'application';
  targetId: string;
  kind: ActionKind;
  /** Who or what took it: `engine`, `policy:<name>`, `admin:<name>`, `cli`. */
  actor: string;
  reason: string;
  evidence: unknown;
  expiresAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
  dryRun: boolean;
}

export interface ActionQuery {
  targetType?: StoredAction['targetType'];
  targetId?: string;
  /** Only actions not revoked and not expired at this time. */
  activeAt?: string;
  limit?: number;
}

export interface AuditEntry {
  ts: string;
  actor: string;
  /** Verb in dotted form: `account.create`, `key.revoke`, … */
  action: string;
  targetType: string;
  targetId: string;
  details: Record<string, unknown>;
}

export interface AuditQuery {
  targetId?: string;
  action?: string;
  limit?: number;
}
