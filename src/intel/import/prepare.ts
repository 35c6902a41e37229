/**
 * Turns a partner's bundle into indicators to store, or refuses it whole with a clear error:
 * limits, STIX 2.1 schemas, pattern syntax, and who produced it. Nothing is written here; the
 * store writes an accepted bundle in one transaction (ingest.ts), so a refused bundle touches
 * nothing already stored.
 */
import { DistillguardError } from '../../errors.js';
import type { StoredIntelIndicator } from '../../store/types.js';
import type { SharingKey } from '../fingerprints.js';
import { parsePattern, PatternSyntaxError } from '../stix/pattern.js';
import { interpretPattern, type MatchSpec } from '../stix/patterns.js';
import { validateBundleEnvelope, validateStixObject } from '../stix/schema.js';
import { DISTILLGUARD_EXTENSION, PROJECT_IDENTITY, tlpOfMarking, type StixObject, type TlpLevel } from '../stix/types.js';
import { checkShape, parseBundleText, type BundleLimits } from './checks.js';

/** Who the bundle is expected to come from. */
export interface ExpectedSource {
  /** The configured partner's name and identity; every object must claim that identity. */
  name: string;
  identity: string;
  trust: number;
}

export interface PrepareOptions {
  limits: BundleLimits;
  /** The configured partner the bundle comes from; null: accept the bundle's one producer (CLI without --partner). */
  expected: ExpectedSource | null;
  /** Looks up a configured partner by identity (for bundles whose producer was not named in advance). */
  partnerFor?: (identity: string) => ExpectedSource | undefined;
  /** Trust in a producer that is not a configured partner. */
  defaultTrust: number;
  /** The local sharing key (needed to match keyed indicators). */
  key: SharingKey | null;
  /** Where the bundle came from, for error messages (a file name, a URL). */
  source: string;
  now: number;
}

/** What an accepted bundle contributes. */
export interface PreparedImport {
  bundleId: string;
  sourceId: string;
  source: string;
  trust: number;
  /** Every valid object (deduplicated by id and version): what a TAXII inbox stores. */
  objects: StixObject[];
  indicators: StoredIntelIndicator[];
  summary: ImportSummary;
  /** Said to the person importing (keyed indicators that cannot be matched, …). */
  warnings: string[];
}

export interface ImportSummary {
  objects: number;
  duplicates: number;
  types: Record<string, number>;
  indicators: number;
  matchable: number;
  /** Indicators that are valid STIX but not something distillguard matches, with why (first 20). */
  notMatchable: Array<{ id: string; reason: string }>;
  notMatchableCount: number;
  keyedSkipped: number;
  expired: number;
  tlp: TlpLevel | null;
}

const TLP_ORDER: TlpLevel[] = ['white', 'green', 'amber', 'red'];
const KEYED = new Set(['payment_fp', 'email_domain', 'template']);

function invalid(message: string, source: string, path: string, hint?: string): DistillguardError {
  return new DistillguardError('INTEL_BUNDLE_INVALID', message, { location: { file: source, path }, hint: hint ?? 'nothing was imported; fix the bundle and import it again' });
}

/** Objects no producer has to vouch for: the TLP markings, the distillguard extension and its author. */
function isSharedFixture(object: StixObject): boolean {
  return (object.type === 'marking-definition' && tlpOfMarking(object.id) !== undefined)
    || object.id === DISTILLGUARD_EXTENSION.id || object.id === PROJECT_IDENTITY.id;
}

const versionOf = (o: StixObject): string => o.modified ?? o.created ?? '';

/** Validates a bundle (text or parsed) and extracts its indicators. */
export function prepareImport(input: string | Buffer | unknown, options: PrepareOptions): PreparedImport {
  const { limits, source } = options;
  const bundle = typeof input === 'string' || Buffer.isBuffer(input) ? parseBundleText(input, limits, source) : input;
  checkShape(bundle, limits, source);
  const envelope = validateBundleEnvelope(bundle);
  if (!envelope.ok) throw invalid(`not a STIX 2.1 bundle: ${envelope.reason}`, source, '(bundle)');
  const b = bundle as { id: string; objects?: unknown[] };
  const raw = b.objects ?? [];

  // schema of every object, then duplicates (same id and version) out, newest version of each id kept
  const byId = new Map<string, StixObject>();
  let duplicates = 0;
  raw.forEach((object, i) => {
    const check = validateStixObject(object);
    const id = (object as { id?: unknown })?.id;
    if (!check.ok) throw invalid(`objects[${i}]${typeof id === 'string' ? ` (${id})` : ''} is not valid STIX 2.1: ${check.reason}`, source, `objects[${i}]`);
    const o = object as StixObject;
    if ((o as { spec_version?: unknown }).spec_version !== undefined && o.spec_version !== '2.1' && !(o.type === 'marking-definition')) {
      throw invalid(`objects[${i}] (${o.id}) is STIX ${String(o.spec_version)}; only 2.1 is accepted`, source, `objects[${i}].spec_version`);
    }
    if (o.created !== undefined && o.modified !== undefined && Date.parse(o.modified) < Date.parse(o.created)) {
      throw invalid(`objects[${i}] (${o.id}) was modified before it was created`, source, `objects[${i}].modified`);
    }
    const seen = byId.get(o.id);
    if (seen !== undefined) {
      duplicates++;
      if (Date.parse(versionOf(o)) <= Date.parse(versionOf(seen))) return;
    }
    byId.set(o.id, o);
  });
  const objects = [...byId.values()];

  // who produced it: every object that can name a producer must name the same one
  const producers = new Set<string>();
  objects.forEach((o) => {
    if (isSharedFixture(o)) return;
    if (o.created_by_ref !== undefined) producers.add(o.created_by_ref);
  });
  let expected = options.expected;
  if (expected === null) {
    if (producers.size !== 1) {
      throw new DistillguardError('INTEL_PRODUCER_MISMATCH', producers.size === 0 ? 'no object in the bundle names its producer (created_by_ref)'
        : `the bundle's objects claim ${producers.size} different producers (${[...producers].slice(0, 3).join(', ')}${producers.size > 3 ? ', …' : ''})`, {
        location: { file: source }, hint: 'a bundle must come from one producer; import each producer\'s objects separately, or name the partner with --partner',
      });
    }
    const identity = [...producers][0]!;
    const configured = options.partnerFor?.(identity);
    if (configured !== undefined) {
      expected = configured;
    } else {
      const named = objects.find((o) => o.id === identity && o.type === 'identity');
      if (named === undefined) {
        throw new DistillguardError('INTEL_PRODUCER_MISMATCH', `the producer ${identity} has no identity object in the bundle`, {
          location: { file: source }, hint: 'the producer must describe itself with an identity object, or be configured in intel.partners',
        });
      }
      expected = { name: String(named.name), identity, trust: options.defaultTrust };
    }
  }
  const producer = expected;
  objects.forEach((o) => {
    if (isSharedFixture(o) || o.id === producer.identity) return;
    const sdoOrSro = o.created !== undefined;
    if (o.created_by_ref !== producer.identity && (sdoOrSro || o.created_by_ref !== undefined)) {
      throw new DistillguardError('INTEL_PRODUCER_MISMATCH', o.created_by_ref === undefined
        ? `${o.id} does not name its producer; every object must be created by ${producer.name} (${producer.identity})`
        : `${o.id} claims to be created by ${o.created_by_ref}, but this bundle may only carry objects of ${producer.name} (${producer.identity})`, {
        location: { file: source, path: o.id }, hint: 'nothing was imported; a partner may only share its own objects', details: { object: o.id, claimed: o.created_by_ref ?? null, expected: producer.identity },
      });
    }
  });

  // campaigns each indicator indicates, for the reason an analyst reads
  const names = new Map(objects.filter((o) => typeof o.name === 'string').map((o) => [o.id, String(o.name)]));
  const reports = new Map<string, string[]>();
  for (const o of objects) {
    if (o.type !== 'relationship' || o.relationship_type !== 'indicates') continue;
    const target = String(o.target_ref);
    if (!target.startsWith('campaign--') && !target.startsWith('intrusion-set--') && !target.startsWith('threat-actor--')) continue;
    const list = reports.get(String(o.source_ref)) ?? [];
    list.push(names.get(target) ?? target);
    reports.set(String(o.source_ref), list);
  }

  const summary: ImportSummary = {
    objects: objects.length, duplicates, types: {}, indicators: 0, matchable: 0, notMatchable: [], notMatchableCount: 0, keyedSkipped: 0, expired: 0, tlp: null,
  };
  const warnings: string[] = [];
  const indicators: StoredIntelIndicator[] = [];
  const importedAt = new Date(options.now).toISOString();
  let keyMismatch = 0;
  for (const o of objects) {
    summary.types[o.type] = (summary.types[o.type] ?? 0) + 1;
    for (const ref of o.object_marking_refs ?? []) {
      const tlp = tlpOfMarking(ref);
      if (tlp !== undefined && (summary.tlp === null || TLP_ORDER.indexOf(tlp) > TLP_ORDER.indexOf(summary.tlp))) summary.tlp = tlp;
    }
    if (o.type !== 'indicator') continue;
    summary.indicators++;
    const path = `objects[${raw.indexOf(o)}].pattern`;
    const notMatchable = (reason: string): void => {
      summary.notMatchableCount++;
      if (summary.notMatchable.length < 20) summary.notMatchable.push({ id: o.id, reason });
    };
    if (o.pattern_type !== 'stix') {
      notMatchable(`pattern_type ${String(o.pattern_type)} is not matched (only stix)`);
      continue;
    }
    let specs: MatchSpec[];
    try {
      const interpretation = interpretPattern(parsePattern(String(o.pattern)));
      if (!interpretation.ok) {
        notMatchable(interpretation.reason);
        continue;
      }
      specs = interpretation.specs;
    } catch (error) {
      if (error instanceof PatternSyntaxError) {
        throw new DistillguardError('INTEL_PATTERN_INVALID', `indicator ${o.id} has an invalid pattern: ${error.message}`, {
          location: { file: source, path }, hint: 'nothing was imported; the pattern must follow the STIX 2.1 patterning grammar',
        });
      }
      throw error;
    }
    const validFrom = Date.parse(String(o.valid_from));
    const validUntil = o.valid_until === undefined ? null : Date.parse(String(o.valid_until));
    if (validUntil !== null && validUntil <= validFrom) throw invalid(`indicator ${o.id}: valid_until must be later than valid_from`, source, path.replace('.pattern', '.valid_until'));
    const extension = (o.extensions as Record<string, Record<string, unknown>> | undefined)?.[DISTILLGUARD_EXTENSION.id];
    const keyed = specs.some((s) => KEYED.has(s.kind));
    if (keyed) {
      const check = typeof extension?.key_check === 'string' ? extension.key_check : undefined;
      if (options.key === null) { summary.keyedSkipped++; continue; }
      if (check !== undefined && check !== options.key.check) { summary.keyedSkipped++; keyMismatch++; continue; }
    }
    const minMatches = typeof extension?.min_matches === 'number' && Number.isInteger(extension.min_matches) && extension.min_matches >= 1
      ? extension.min_matches : undefined;
    const revoked = o.revoked === true;
    const until = revoked ? Math.min(validUntil ?? options.now, options.now) : validUntil;
    if (until !== null && until <= options.now) summary.expired++;
    else summary.matchable++;
    const confidence = (typeof o.confidence === 'number' ? o.confidence : 50) / 100;
    indicators.push({
      indicatorId: o.id, sourceId: producer.identity, source: producer.name, modified: new Date(Date.parse(versionOf(o))).toISOString(),
      kind: specs[0]!.kind, validFrom: new Date(validFrom).toISOString(), validUntil: until === null ? null : new Date(Math.max(until, validFrom + 1)).toISOString(),
      importedAt, confidence: Math.round(confidence * producer.trust * 1e4) / 1e4, trust: producer.trust,
      data: { specs, ...(minMatches === undefined ? {} : { minMatches }), report: (reports.get(o.id) ?? [typeof o.name === 'string' ? o.name : `${producer.name} bundle`]).join('; ') },
    });
  }
  if (summary.keyedSkipped > 0) {
    warnings.push(options.key === null
      ? `${summary.keyedSkipped} keyed indicators (prompt templates, payment or e-mail fingerprints) were not imported: no sharing key is set (intel.sharingKeyEnv)`
      : `${keyMismatch} keyed indicators were not imported: they were made with a different sharing key than yours (check value differs); agree on one key with ${producer.name}`);
  }
  if (summary.notMatchableCount > 0) warnings.push(`${summary.notMatchableCount} indicators are valid STIX but not something distillguard matches (first: ${summary.notMatchable[0]!.reason})`);
  return { bundleId: b.id, sourceId: producer.identity, source: producer.name, trust: producer.trust, objects, indicators, summary, warnings };
}
