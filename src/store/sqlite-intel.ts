/**
 * The threat-intelligence tables of the embedded store (migration 4): imported indicators, the
 * import history, TAXII collections, status resources and poll cursors. `SqliteStore` delegates its
 * intel methods here so that its own file stays about the core records.
 */
import type Database from 'better-sqlite3';
import { DistillguardError } from '../errors.js';
import type {
  IntelImportBatch, IntelImportEntry, IntelImportOutcome, IntelIndicatorQuery, StoredIntelIndicator, StoredTaxiiStatus,
  TaxiiAddOutcome, TaxiiObjectInput, TaxiiObjectPage, TaxiiObjectQuery,
} from './types.js';

const toMs = (ts: string, what: string): number => {
  const ms = Date.parse(ts);
  if (Number.isNaN(ms)) throw new DistillguardError('STORE_INVALID_ARGUMENT', `${what} is not a valid RFC 3339 time: ${JSON.stringify(ts)}`);
  return ms;
};
const fromMs = (ms: number): string => new Date(ms).toISOString();

/** Microseconds since the epoch of a STIX/TAXII timestamp (sub-millisecond digits kept). */
function toMicros(ts: string, what: string): number {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/.exec(ts);
  const seconds = match ? Date.parse(`${match[1]}Z`) : Number.NaN;
  if (!match || Number.isNaN(seconds)) throw new DistillguardError('STORE_INVALID_ARGUMENT', `${what} is not a STIX timestamp: ${JSON.stringify(ts)}`);
  return seconds * 1000 + Number((match[2] ?? '').padEnd(6, '0').slice(0, 6));
}

/** A TAXII timestamp (microseconds) for date_added. */
function fromMicros(us: number): string {
  const iso = new Date(Math.floor(us / 1000)).toISOString();
  return `${iso.slice(0, 23)}${String(us % 1000).padStart(3, '0')}Z`;
}

interface IndicatorRow {
  source_id: string; indicator_id: string; source: string; modified_ms: number; kind: string; valid_from_ms: number;
  valid_until_ms: number | null; imported_ms: number; confidence: number; trust: number; data: string;
}
interface TaxiiRow { seq: number; object_id: string; version: string; added_us: number; type: string; spec_version: string; object: string }

const indicatorFromRow = (row: IndicatorRow): StoredIntelIndicator => ({
  indicatorId: row.indicator_id, sourceId: row.source_id, source: row.source, modified: fromMs(row.modified_ms), kind: row.kind,
  validFrom: fromMs(row.valid_from_ms), validUntil: row.valid_until_ms === null ? null : fromMs(row.valid_until_ms),
  importedAt: fromMs(row.imported_ms), confidence: row.confidence, trust: row.trust, data: JSON.parse(row.data) as Record<string, unknown>,
});

/** The intel half of the SQLite store. */
export class SqliteIntelTables {
  private importTx: ((batch: IntelImportBatch) => IntelImportOutcome) | undefined;
  private addTx: ((collectionId: string, objects: readonly TaxiiObjectInput[], at: string) => TaxiiAddOutcome) | undefined;

  /** `stmt` is the store's prepared-statement cache: one per connection, shared with the other tables. */
  constructor(private readonly db: Database.Database, private readonly stmt: (sql: string) => Database.Statement) {}

  importIntel(batch: IntelImportBatch): IntelImportOutcome {
    this.importTx ??= this.db.transaction((b: IntelImportBatch): IntelImportOutcome => {
      let added = 0;
      let updated = 0;
      let unchanged = 0;
      const current = this.stmt('SELECT modified_ms FROM intel_indicators WHERE source_id = ? AND indicator_id = ?');
      const upsert = this.stmt(`INSERT INTO intel_indicators (source_id, indicator_id, source, modified_ms, kind, valid_from_ms,
          valid_until_ms, imported_ms, confidence, trust, data) VALUES (@sourceId, @indicatorId, @source, @modified, @kind, @validFrom,
          @validUntil, @imported, @confidence, @trust, @data)
        ON CONFLICT (source_id, indicator_id) DO UPDATE SET source = excluded.source, modified_ms = excluded.modified_ms,
          kind = excluded.kind, valid_from_ms = excluded.valid_from_ms, valid_until_ms = excluded.valid_until_ms,
          imported_ms = excluded.imported_ms, confidence = excluded.confidence, trust = excluded.trust, data = excluded.data`);
      for (const indicator of b.indicators) {
        if (indicator.sourceId !== b.sourceId) {
          throw new DistillguardError('STORE_INVALID_ARGUMENT', `indicator ${indicator.indicatorId} is from ${indicator.sourceId}, not from the batch's source ${b.sourceId}`);
        }
        const modified = toMs(indicator.modified, 'modified');
        const existing = current.get(indicator.sourceId, indicator.indicatorId) as { modified_ms: number } | undefined;
        if (existing !== undefined && existing.modified_ms >= modified) {
          unchanged++;
          continue;
        }
        if (existing === undefined) added++;
        else updated++;
        upsert.run({
          sourceId: indicator.sourceId, indicatorId: indicator.indicatorId, source: indicator.source, modified, kind: indicator.kind,
          validFrom: toMs(indicator.validFrom, 'valid_from'), validUntil: indicator.validUntil === null ? null : toMs(indicator.validUntil, 'valid_until'),
          imported: toMs(indicator.importedAt, 'importedAt'), confidence: indicator.confidence, trust: indicator.trust, data: JSON.stringify(indicator.data),
        });
      }
      const taxii = b.taxii === undefined ? undefined : this.addObjects(b.taxii.collectionId, b.taxii.objects, b.at);
      const result = this.stmt(`INSERT INTO intel_imports (ts_ms, source_id, source, bundle_id, origin, added, updated, unchanged, summary)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(toMs(b.at, 'at'), b.sourceId, b.source, b.bundleId, b.origin, added, updated, unchanged, JSON.stringify(b.summary));
      return { importId: Number(result.lastInsertRowid), added, updated, unchanged, ...(taxii === undefined ? {} : { taxii }) };
    });
    return this.importTx(batch);
  }

  listIntelIndicators(query: IntelIndicatorQuery): StoredIntelIndicator[] {
    const rows = this.stmt(`SELECT * FROM intel_indicators
        WHERE (@active IS NULL OR valid_until_ms IS NULL OR valid_until_ms > @active)
          AND (@source IS NULL OR source_id = @source)
        ORDER BY source_id, indicator_id LIMIT @limit`)
      .all({ active: query.activeAt === undefined ? null : toMs(query.activeAt, 'activeAt'), source: query.sourceId ?? null, limit: query.limit ?? -1 }) as IndicatorRow[];
    return rows.map(indicatorFromRow);
  }

  deleteIntelIndicators(query: { expiredBefore?: string; importedBefore?: string }): number {
    if (query.expiredBefore === undefined && query.importedBefore === undefined) {
      throw new DistillguardError('STORE_INVALID_ARGUMENT', 'say which indicators to delete: expiredBefore or importedBefore');
    }
    return this.stmt(`DELETE FROM intel_indicators
        WHERE (@expired IS NOT NULL AND valid_until_ms IS NOT NULL AND valid_until_ms <= @expired)
           OR (@imported IS NOT NULL AND imported_ms < @imported)`)
      .run({
        expired: query.expiredBefore === undefined ? null : toMs(query.expiredBefore, 'expiredBefore'),
        imported: query.importedBefore === undefined ? null : toMs(query.importedBefore, 'importedBefore'),
      }).changes;
  }

  intelStamp(): string {
    const row = this.stmt('SELECT revision FROM intel_revision WHERE id = 1').get() as { revision: number };
    return String(row.revision);
  }

  listIntelImports(limit: number): IntelImportEntry[] {
    const rows = this.stmt('SELECT * FROM intel_imports ORDER BY import_id DESC LIMIT ?').all(limit) as Array<{
      import_id: number; ts_ms: number; source_id: string; source: string; bundle_id: string; origin: string; added: number; updated: number; unchanged: number; summary: string;
    }>;
    return rows.map((r) => ({
      importId: r.import_id, at: fromMs(r.ts_ms), sourceId: r.source_id, source: r.source, bundleId: r.bundle_id, origin: r.origin,
      added: r.added, updated: r.updated, unchanged: r.unchanged, summary: JSON.parse(r.summary) as Record<string, unknown>,
    }));
  }

  addTaxiiObjects(collectionId: string, objects: readonly TaxiiObjectInput[], at: string): TaxiiAddOutcome {
    this.addTx ??= this.db.transaction((c: string, o: readonly TaxiiObjectInput[], when: string) => this.addObjects(c, o, when));
    return this.addTx(collectionId, objects, at);
  }

  /** Inside a transaction: date_added strictly increases within a collection, one microsecond per object at least. */
  private addObjects(collectionId: string, objects: readonly TaxiiObjectInput[], at: string): TaxiiAddOutcome {
    const last = this.stmt('SELECT MAX(added_us) AS us FROM taxii_objects WHERE collection_id = ?').get(collectionId) as { us: number | null };
    let next = Math.max(toMs(at, 'at') * 1000, (last.us ?? 0) + 1);
    const insert = this.stmt(`INSERT OR IGNORE INTO taxii_objects (collection_id, object_id, version, version_us, added_us, type, spec_version, object)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    const outcome: TaxiiAddOutcome = { added: [], duplicates: [] };
    for (const object of objects) {
      const result = insert.run(collectionId, object.id, object.version, toMicros(object.version, `version of ${object.id}`), next, object.type, object.specVersion, object.json);
      if (result.changes === 0) {
        outcome.duplicates.push({ id: object.id, version: object.version });
        continue;
      }
      outcome.added.push({ id: object.id, version: object.version, dateAdded: fromMicros(next) });
      next++;
    }
    return outcome;
  }

  listTaxiiObjects(query: TaxiiObjectQuery): TaxiiObjectPage {
    const versions = query.versions ?? ['last'];
    const explicit = versions.filter((v) => v !== 'last' && v !== 'first' && v !== 'all').map((v) => toMicros(v, 'match[version]'));
    const clauses: string[] = [];
    const useExplicit = !versions.includes('all') && explicit.length > 0;
    if (!versions.includes('all')) {
      if (versions.includes('last')) clauses.push('o.version_us = (SELECT MAX(x.version_us) FROM taxii_objects x WHERE x.collection_id = o.collection_id AND x.object_id = o.object_id)');
      if (versions.includes('first')) clauses.push('o.version_us = (SELECT MIN(x.version_us) FROM taxii_objects x WHERE x.collection_id = o.collection_id AND x.object_id = o.object_id)');
      if (explicit.length > 0) clauses.push('o.version_us IN (SELECT value FROM json_each(@versions))');
    }
    const versionSql = clauses.length === 0 ? '' : `AND (${clauses.join(' OR ')})`;
    const rows = this.stmt(`SELECT o.seq, o.object_id, o.version, o.added_us, o.type, o.spec_version, o.object FROM taxii_objects o
        WHERE o.collection_id = @collection AND o.seq > @afterSeq AND (@addedAfter IS NULL OR o.added_us > @addedAfter)
          AND (@ids IS NULL OR o.object_id IN (SELECT value FROM json_each(@ids)))
          AND (@types IS NULL OR o.type IN (SELECT value FROM json_each(@types)))
          AND (@specs IS NULL OR o.spec_version IN (SELECT value FROM json_each(@specs)))
          ${versionSql}
        ORDER BY o.seq LIMIT @limit`)
      .all({
        collection: query.collectionId,
        afterSeq: query.afterSeq ?? 0,
        addedAfter: query.addedAfter === undefined ? null : toMicros(query.addedAfter, 'added_after'),
        ids: query.ids === undefined ? null : JSON.stringify(query.ids),
        types: query.types === undefined ? null : JSON.stringify(query.types),
        specs: query.specVersions === undefined ? null : JSON.stringify(query.specVersions),
        ...(useExplicit ? { versions: JSON.stringify(explicit) } : {}),
        limit: query.limit + 1,
      }) as TaxiiRow[];
    const more = rows.length > query.limit;
    return {
      more,
      objects: rows.slice(0, query.limit).map((r) => ({
        id: r.object_id, version: r.version, type: r.type, specVersion: r.spec_version, json: r.object, dateAdded: fromMicros(r.added_us), seq: r.seq,
      })),
    };
  }

  putTaxiiStatus(status: StoredTaxiiStatus): void {
    this.stmt(`INSERT INTO taxii_status (status_id, created_ms, owner, resource) VALUES (?, ?, ?, ?)
        ON CONFLICT (status_id) DO UPDATE SET resource = excluded.resource`)
      .run(status.statusId, toMs(status.createdAt, 'createdAt'), status.owner, JSON.stringify(status.resource));
  }

  getTaxiiStatus(statusId: string): StoredTaxiiStatus | undefined {
    const row = this.stmt('SELECT * FROM taxii_status WHERE status_id = ?').get(statusId) as { status_id: string; created_ms: number; owner: string; resource: string } | undefined;
    return row === undefined ? undefined : { statusId: row.status_id, createdAt: fromMs(row.created_ms), owner: row.owner, resource: JSON.parse(row.resource) as Record<string, unknown> };
  }

  getIntelCursor(partner: string): string | undefined {
    return (this.stmt('SELECT cursor FROM intel_cursors WHERE partner = ?').get(partner) as { cursor: string } | undefined)?.cursor;
  }

  setIntelCursor(partner: string, cursor: string, at: string): void {
    this.stmt(`INSERT INTO intel_cursors (partner, cursor, updated_at) VALUES (?, ?, ?)
        ON CONFLICT (partner) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`).run(partner, cursor, at);
  }
}
