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
  /**
   * Accounts in the order they were first stored, after arrival position `afterSeq` (0: from the
   * start). Updating an account keeps its position, so a reader that remembers the last `seq` it saw
   * learns of every new account exactly once (the live engine follows sign-ups this way).
   */
  listAccountsByArrival(query: { afterSeq: number; limit: number }): Promise<ArrivedAccount[]>;
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
  listLatestVerdicts(query?: LatestVerdictsQuery): Promise<StoredVerdict[]>;

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

  // read queries for the analyst dashboard
  /** Exchange counts per fixed-width time bucket, every bucket of the range included (zeros too). */
  exchangeSeries(query: ExchangeSeriesQuery): Promise<ExchangeBucket[]>;
  /** The first answered exchange of each model, oldest first; kept after those exchanges are pruned. */
  listModelFirstSeen(): Promise<ModelFirstSeen[]>;
  /** What members of detected campaigns took, split at detection (the dashboard's leakage estimate). */
  campaignTake(query?: { campaignId?: string }): Promise<CampaignTake>;
  /** The newest exchanges, newest first. */
  listRecentExchanges(query: { accountId?: string; limit: number }): Promise<ExchangeRecord[]>;
  /**
   * An opaque value that changes whenever exchanges, verdicts, campaigns, actions or the audit log
   * change (it may also change at other writes): cheap enough to poll every second for live updates.
   */
  changeStamp(): Promise<string>;

  // threat intelligence shared by partners (src/intel, docs/INTEL.md)
  /**
   * Stores the indicators of one imported bundle, all or nothing, deduplicated per source and
   * indicator id (a newer `modified` replaces, an older or equal one is left as it is), with an
   * entry in the import history; objects posted to a TAXII inbox are added in the same transaction.
   */
  importIntel(batch: IntelImportBatch): Promise<IntelImportOutcome>;
  /** Imported indicators (`activeAt`: only those not expired then), by source then id. */
  listIntelIndicators(query?: IntelIndicatorQuery): Promise<StoredIntelIndicator[]>;
  /** Ages indicators out: deletes those expired before `expiredBefore` or imported before `importedBefore`. */
  deleteIntelIndicators(query: { expiredBefore?: string; importedBefore?: string }): Promise<number>;
  /** Changes whenever imported indicators are added, replaced or deleted (cheap to poll). */
  intelStamp(): Promise<string>;
  /** The import history, newest first. */
  listIntelImports(query?: { limit?: number }): Promise<IntelImportEntry[]>;
  /** Adds objects to a TAXII collection; an (id, version) already there is a duplicate, not an error. */
  addTaxiiObjects(collectionId: string, objects: readonly TaxiiObjectInput[], at: string): Promise<TaxiiAddOutcome>;
  /** Objects of a TAXII collection in date_added order, filtered as TAXII 2.1 filters do. */
  listTaxiiObjects(query: TaxiiObjectQuery): Promise<TaxiiObjectPage>;
  putTaxiiStatus(status: StoredTaxiiStatus): Promise<void>;
  getTaxiiStatus(statusId: string): Promise<StoredTaxiiStatus | undefined>;
  /** The TAXII client's position in a partner's collection (its last date_added). */
  getIntelCursor(partner: string): Promise<string | undefined>;
  setIntelCursor(partner: string, cursor: string, at: string): Promise<void>;
}

export interface LatestVerdictsQuery {
  flaggedOnly?: boolean;
  /** Only accounts whose newest verdict links them to this campaign. */
  campaignId?: string;
  limit?: number;
}

/**
 * A series of the whole traffic (no campaign, no account) has minute resolution — since, until and
 * bucketMs whole minutes — and keeps counting exchanges that retention has pruned since.
 */
export interface ExchangeSeriesQuery {
  /** Inclusive start of the first bucket. */
  since: string;
  /** Exclusive end of the range (the last bucket may run past it). */
  until: string;
  bucketMs: number;
  /** Only exchanges of this campaign's members. */
  campaignId?: string;
  accountId?: string;
}

/**
 * One time bucket. `refused`: 401/403 answers to a known account (blocked, disabled, held for
 * verification); `throttled`: 429; `flagged`: exchanges of accounts whose newest verdict is flagged
 * or that belong to a campaign not dismissed (judged now, not at the exchange's time).
 */
export interface ExchangeBucket {
  start: string;
  total: number;
  answered: number;
  refused: number;
  throttled: number;
  flagged: number;
}

export interface ModelFirstSeen {
  model: string;
  firstSeen: string;
}

/**
 * Exchanges of campaign members (every campaign not dismissed, or one campaign). An account in
 * several campaigns counts once, split at its earliest detection.
 */
export interface CampaignTake {
  /** Members with at least one exchange. */
  accounts: number;
  exchanges: number;
  /** Answered with 2xx. */
  answered: number;
  answeredBeforeDetection: number;
  answeredAfterDetection: number;
  /** Output tokens of the answered exchanges (reasoning included where the API counts it there). */
  outputTokens: number;
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

/** An account with its arrival position (increasing with each new account, never reused). */
export interface ArrivedAccount extends StoredAccount {
  seq: number;
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

/**
 * `active`: detected and live; `blocked`: enforced against; `dismissed`: an analyst ruled it benign;
 * `merged`: joined into an older campaign (its record's `merged_into` names it).
 */
export type CampaignStatus = 'active' | 'blocked' | 'dismissed' | 'merged';

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

/** An indicator imported from a partner, in the form the matcher needs (src/intel/match). */
export interface StoredIntelIndicator {
  /** The STIX indicator id. */
  indicatorId: string;
  /** The producer's identity id and name. */
  sourceId: string;
  source: string;
  /** The indicator's `modified` (versions are compared on it). */
  modified: string;
  /** What it matches: `ip_prefix`, `client_stack`, `payment_fp`, `email_domain`, `template`. */
  kind: string;
  validFrom: string;
  /** null: no end of its own (intel.maxAgeDays still applies). */
  validUntil: string | null;
  importedAt: string;
  /** 0..1: the indicator's own confidence times the trust in its source. */
  confidence: number;
  /** Trust in the source when it was imported, 0..1. */
  trust: number;
  /** What the matcher needs (match specs, minimum matches, the partner report's name). */
  data: Record<string, unknown>;
}

export interface IntelIndicatorQuery {
  activeAt?: string;
  sourceId?: string;
  limit?: number;
}

/** One bundle's worth of indicators to store. */
export interface IntelImportBatch {
  sourceId: string;
  source: string;
  bundleId: string;
  /** Where it came from: a file path, a partner's TAXII URL, `taxii-post:<user>`. */
  origin: string;
  at: string;
  indicators: readonly StoredIntelIndicator[];
  /** Extra facts for the import history (object counts, what was not matchable). */
  summary: Record<string, unknown>;
  /** Objects posted to a TAXII inbox, stored with the indicators in one transaction. */
  taxii?: { collectionId: string; objects: readonly TaxiiObjectInput[] };
}

export interface IntelImportOutcome {
  importId: number;
  added: number;
  updated: number;
  unchanged: number;
  taxii?: TaxiiAddOutcome;
}

export interface IntelImportEntry {
  importId: number;
  at: string;
  sourceId: string;
  source: string;
  bundleId: string;
  origin: string;
  added: number;
  updated: number;
  unchanged: number;
  summary: Record<string, unknown>;
}

/** A STIX object to add to a TAXII collection. */
export interface TaxiiObjectInput {
  id: string;
  /** Its `modified` (or `created`, or a fixed value for objects without either), as in the object. */
  version: string;
  type: string;
  specVersion: string;
  /** The object as JSON text (served as is). */
  json: string;
}

export interface StoredTaxiiObject extends TaxiiObjectInput {
  /** date_added, microsecond precision (TAXII timestamp). */
  dateAdded: string;
  /** Position in the collection (pagination cursor). */
  seq: number;
}

export interface TaxiiObjectQuery {
  collectionId: string;
  /** Only objects added strictly after this TAXII timestamp. */
  addedAfter?: string;
  ids?: readonly string[];
  types?: readonly string[];
  /** `last` (default in TAXII), `first`, `all`, or explicit version timestamps; several are OR-ed. */
  versions?: ReadonlyArray<'last' | 'first' | 'all' | (string & {})>;
  specVersions?: readonly string[];
  /** Continue after this position (the `next` cursor). */
  afterSeq?: number;
  limit: number;
}

export interface TaxiiObjectPage {
  objects: StoredTaxiiObject[];
  /** More objects match after the last one returned. */
  more: boolean;
}

export interface TaxiiAddOutcome {
  added: Array<{ id: string; version: string; dateAdded: string }>;
  duplicates: Array<{ id: string; version: string }>;
}

/** A TAXII status resource, kept as the JSON the server answers with. */
export interface StoredTaxiiStatus {
  statusId: string;
  createdAt: string;
  /** Who may read it (the TAXII user that posted). */
  owner: string;
  resource: Record<string, unknown>;
}
