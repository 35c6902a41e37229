/**
 * Importing a prepared bundle: its indicators (and, for a TAXII inbox, every object) go into the
 * store in one transaction, deduplicated against what is already there.
 */
import type { IntelSettings } from '../../config/schema.js';
import type { IntelImportOutcome, Store, TaxiiObjectInput } from '../../store/types.js';
import type { SharingKey } from '../fingerprints.js';
import { partnerByIdentity, type Partner } from '../settings.js';
import type { StixObject } from '../stix/types.js';
import { prepareImport, type ExpectedSource, type PrepareOptions, type PreparedImport } from './prepare.js';

/** A STIX object as a TAXII collection stores it. */
export function taxiiObjectOf(object: StixObject): TaxiiObjectInput {
  // objects without created/modified (observables, TLP markings) get one fixed version
  const version = object.modified ?? object.created ?? '1970-01-01T00:00:00.000Z';
  return { id: object.id, version, type: object.type, specVersion: object.spec_version ?? '2.1', json: JSON.stringify(object) };
}

export interface ImportRequest {
  /** Bundle text, bytes, or an already parsed object. */
  input: string | Buffer | unknown;
  /** The configured partner it comes from, or null to accept its own producer. */
  partner: Partner | null;
  /** Trust given to a producer that is not a configured partner (CLI --trust). */
  trust?: number;
  origin: string;
  /** Store every object in this TAXII collection too (a POST to an inbox). */
  taxiiCollection?: string;
}

export interface ImportResult {
  prepared: PreparedImport;
  outcome: IntelImportOutcome;
}

/** The options of `prepareImport` from the settings. */
export function prepareOptionsFrom(settings: IntelSettings, key: SharingKey | null, request: Pick<ImportRequest, 'partner' | 'trust' | 'origin'>, now = Date.now()): PrepareOptions {
  const asSource = (p: Partner): ExpectedSource => ({ name: p.name, identity: p.identity, trust: p.trust });
  return {
    limits: settings.limits,
    expected: request.partner === null ? null : asSource(request.partner),
    partnerFor: (identity) => {
      const partner = partnerByIdentity(settings, identity);
      return partner === undefined ? undefined : asSource(partner);
    },
    defaultTrust: request.trust ?? settings.defaultTrust,
    key,
    source: request.origin,
    now,
  };
}

/** Validates and stores a bundle; throws (and stores nothing) when it is refused. */
export async function importBundle(store: Store, settings: IntelSettings, key: SharingKey | null, request: ImportRequest, now = Date.now()): Promise<ImportResult> {
  const prepared = prepareImport(request.input, prepareOptionsFrom(settings, key, request, now));
  const at = new Date(now).toISOString();
  const outcome = await store.importIntel({
    sourceId: prepared.sourceId,
    source: prepared.source,
    bundleId: prepared.bundleId,
    origin: request.origin,
    at,
    indicators: prepared.indicators,
    summary: { ...prepared.summary, warnings: prepared.warnings },
    ...(request.taxiiCollection === undefined ? {} : { taxii: { collectionId: request.taxiiCollection, objects: prepared.objects.map(taxiiObjectOf) } }),
  });
  return { prepared, outcome };
}
