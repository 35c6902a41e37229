/**
 * Validation of spec v1 records against the JSON Schemas shipped in `<package root>/schemas/`.
 *
 * The schemas are read and compiled once, on first use, with ajv (draft 2020-12) and ajv-formats'
 * "full" `date-time` semantics (`isDateTime`). Beyond the schema, every time field that is present must parse to a real instant
 * (`Date.parse`), so `2026-04-22T23:59:60Z` or `…+01` are rejected even though the format allows them.
 * Failures are reported as a short reason naming the JSON path (`client.ip: must be string`,
 * `missing required field usage`), never as ajv's raw error objects.
 */
import { readFileSync } from 'node:fs';
import Ajv2020Module from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { DistillguardError, type ErrorLocation } from '../errors.js';
import { isDateTime, parseTime } from './time.js';
import type {
  AccountRecord,
  AccountVerdictRecord,
  CampaignRecord,
  ClassifyInputRecord,
  ClassifyOutputRecord,
  ExchangeRecord,
  LabelRecord,
  RecordKindMap,
  ValidationKind,
  VerdictRecord,
} from './types.js';

// ajv is CommonJS with `exports.default`; under NodeNext the default import is the module object.
const Ajv2020 = Ajv2020Module.default;

/** The outcome of validating one value. */
export type ValidationResult = { ok: true } | { ok: false; reason: string };

/** Every kind `validateRecord` accepts. */
export const VALIDATION_KINDS: readonly ValidationKind[] = [
  'exchange',
  'account',
  'label',
  'classify',
  'classify-output',
  'verdict',
  'verdict-account',
  'verdict-campaign',
];

/** The schema files, by spec kind. */
export const SCHEMA_FILES = {
  exchange: 'exchange.v1.schema.json',
  account: 'account.v1.schema.json',
  label: 'label.v1.schema.json',
  classify: 'classify.v1.schema.json',
  verdict: 'verdict.v1.schema.json',
} as const;

/** Folder holding the shipped schemas: `<package root>/schemas/` (same from `src/records` and `dist/records`). */
export const SCHEMA_DIR: URL = new URL('../../schemas/', import.meta.url);

const SCHEMA_IDS = {
  exchange: 'urn:distillguard:spec:exchange.v1',
  account: 'urn:distillguard:spec:account.v1',
  label: 'urn:distillguard:spec:label.v1',
  classify: 'urn:distillguard:spec:classify.v1',
  verdict: 'urn:distillguard:spec:verdict.v1',
} as const;

/** Schema reference for every validation kind. */
const SCHEMA_REFS: Record<ValidationKind, string> = {
  exchange: SCHEMA_IDS.exchange,
  account: SCHEMA_IDS.account,
  label: SCHEMA_IDS.label,
  classify: `${SCHEMA_IDS.classify}#/$defs/input`,
  'classify-output': `${SCHEMA_IDS.classify}#/$defs/output`,
  verdict: SCHEMA_IDS.verdict,
  'verdict-account': `${SCHEMA_IDS.verdict}#/$defs/account`,
  'verdict-campaign': `${SCHEMA_IDS.verdict}#/$defs/campaign`,
};

/** Time fields (top level) that must parse to a real instant when present as strings. */
const TIME_FIELDS: Record<ValidationKind, readonly string[]> = {
  exchange: ['ts'],
  account: ['created_at'],
  label: [],
  classify: [],
  'classify-output': [],
  verdict: ['first_flagged_at', 'first_seen', 'detected_at'],
  'verdict-account': ['first_flagged_at'],
  'verdict-campaign': ['first_seen', 'detected_at'],
};

let compiled: Map<ValidationKind, ValidateFunction> | undefined;

function compileAll(): Map<ValidationKind, ValidateFunction> {
  if (compiled) return compiled;
  const ajv = new Ajv2020({ strict: true, allErrors: false });
  // ajv-formats' full date-time semantics, with a fast path for the spec's canonical form
  ajv.addFormat('date-time', { type: 'string', validate: isDateTime });
  for (const file of Object.values(SCHEMA_FILES)) {
    const url = new URL(file, SCHEMA_DIR);
    let schema: unknown;
    try {
      schema = JSON.parse(readFileSync(url, 'utf8'));
    } catch (cause) {
      throw new DistillguardError('FILE_NOT_READABLE', `cannot load the spec v1 schema ${file}: ${(cause as Error).message}`, {
        location: { file: url.pathname },
        hint: 'the package is incomplete: reinstall distillguard (its schemas/ folder ships with it)',
        cause,
      });
    }
    ajv.addSchema(schema as object);
  }
  const map = new Map<ValidationKind, ValidateFunction>();
  for (const kind of VALIDATION_KINDS) {
    map.set(kind, ajv.compile({ $ref: SCHEMA_REFS[kind] }));
  }
  compiled = map;
  return map;
}

function validatorFor(kind: ValidationKind): ValidateFunction {
  const fn = compileAll().get(kind);
  if (!fn) throw new TypeError(`unknown record kind ${JSON.stringify(kind)}; expected one of ${VALIDATION_KINDS.join(', ')}`);
  return fn;
}

/** `/request/messages/0/role` → `request.messages[0].role`. */
export function formatJsonPath(pointer: string): string {
  if (pointer === '') return '';
  let out = '';
  for (const raw of pointer.slice(1).split('/')) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^(0|[1-9]\d*)$/.test(part)) out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(part)) out += out === '' ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

function describeError(error: ErrorObject): string {
  const path = formatJsonPath(error.instancePath);
  const at = (message: string): string => (path === '' ? `record ${message}` : `${path}: ${message}`);
  switch (error.keyword) {
    case 'required': {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      return `missing required field ${path === '' ? missing : `${path}.${missing}`}`;
    }
    case 'type': {
      const type = (error.params as { type: string | string[] }).type;
      const types = (Array.isArray(type) ? type : String(type).split(',')).map((t) => (t === 'object' ? 'an object' : t === 'array' ? 'an array' : t));
      return at(`must be ${types.join(' or ')}`);
    }
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
      return at(`must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`);
    }
    case 'format':
      return at(`must be an RFC 3339 date-time such as 2026-04-22T09:15:02.123Z`);
    case 'pattern':
      return at(`must match ${(error.params as { pattern: string }).pattern}`);
    default:
      return at(error.message ?? `fails ${error.keyword}`);
  }
}

/** The most useful single reason from ajv's (first-error) list. */
function reasonFrom(errors: ErrorObject[] | null | undefined): string {
  if (!errors || errors.length === 0) return 'does not follow spec v1';
  const last = errors[errors.length - 1]!;
  if ((last.keyword === 'oneOf' || last.keyword === 'anyOf') && errors.length > 1) {
    // e.g. first_flagged_at: must be an RFC 3339 date-time, or must be null
    const path = formatJsonPath(last.instancePath);
    const branches = [
      ...new Set(
        errors.slice(0, -1)
          .filter((e) => e.instancePath === last.instancePath)
          .map((e) => describeError(e).replace(/^(record |[^:]*: )/, '')),
      ),
    ];
    if (branches.length > 0) return `${path === '' ? 'record' : path}: ${branches.join(', or ')}`;
  }
  return describeError(errors[0]!);
}

/** The reason given for a time field that passes the format but is not a representable instant. */
export function badTimeReason(field: string, value: string): string {
  return `${field}: ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)} is not a representable date and time`;
}

function checkTimes(fields: readonly string[], value: Record<string, unknown>): ValidationResult {
  for (const field of fields) {
    const v = value[field];
    if (typeof v === 'string' && Number.isNaN(parseTime(v))) return { ok: false, reason: badTimeReason(field, v) };
  }
  return { ok: true };
}

/** Verdict lines are `oneOf` account/campaign; report the failure of the branch the line is meant to be. */
function verdictReason(value: unknown): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'record must be an object';
  const o = value as Record<string, unknown>;
  const campaignLike = 'accounts' in o || 'detected_at' in o || 'indicators' in o || !('account_id' in o);
  const branch: ValidationKind = campaignLike ? 'verdict-campaign' : 'verdict-account';
  const fn = validatorFor(branch);
  if (!fn(value)) return `${campaignLike ? 'campaign' : 'account'} verdict: ${reasonFrom(fn.errors)}`;
  return 'matches both the account and the campaign verdict shapes; a line must be exactly one of them';
}

/**
 * Validates `value` as a spec v1 record of `kind`.
 * @returns `{ok: true}`, or `{ok: false, reason}` with a short message naming the JSON path.
 */
export function validateRecord(kind: ValidationKind, value: unknown): ValidationResult {
  const fn = validatorFor(kind);
  if (!fn(value)) {
    return { ok: false, reason: kind === 'verdict' ? verdictReason(value) : reasonFrom(fn.errors) };
  }
  return checkTimes(TIME_FIELDS[kind], value as Record<string, unknown>);
}

/**
 * Returns a fast validator for one kind (the per-record path of the readers): `undefined` when
 * valid, else the reason. `skipTimeCheck` names a time field the caller parses itself (it must then
 * report an unparseable value with `badTimeReason`).
 */
export function compileRecordCheck(kind: ValidationKind, options: { skipTimeCheck?: string } = {}): (value: unknown) => string | undefined {
  const fn = validatorFor(kind);
  const times = TIME_FIELDS[kind].filter((f) => f !== options.skipTimeCheck);
  return (value) => {
    if (!fn(value)) return kind === 'verdict' ? verdictReason(value) : reasonFrom(fn.errors);
    if (times.length === 0) return undefined;
    const r = checkTimes(times, value as Record<string, unknown>);
    return r.ok ? undefined : r.reason;
  };
}

/** Type guard: true when `value` is a valid spec v1 record of `kind`. */
export function isRecord<K extends ValidationKind>(kind: K, value: unknown): value is RecordKindMap[K] {
  return validateRecord(kind, value).ok;
}

/** Throws RECORD_MALFORMED (with `location` and the reason) unless `value` is a valid record of `kind`. */
export function assertRecord<K extends ValidationKind>(kind: K, value: unknown, location?: ErrorLocation): asserts value is RecordKindMap[K] {
  const result = validateRecord(kind, value);
  if (!result.ok) throw malformed(kind, result.reason, location);
}

/** The RECORD_MALFORMED error the readers and asserts throw. */
export function malformed(kind: ValidationKind, reason: string, location?: ErrorLocation): DistillguardError {
  return new DistillguardError('RECORD_MALFORMED', `not a valid ${kind} record: ${reason}`, {
    ...(location ? { location } : {}),
    hint: `fix the record so it follows the spec v1 ${kind} schema (schemas/${SCHEMA_FILES[baseKind(kind)]})`,
    details: { kind, reason },
  });
}

function baseKind(kind: ValidationKind): keyof typeof SCHEMA_FILES {
  if (kind === 'classify-output') return 'classify';
  if (kind === 'verdict-account' || kind === 'verdict-campaign') return 'verdict';
  return kind;
}

/** True when `value` is a valid spec v1 exchange record. */
export function isExchangeRecord(value: unknown): value is ExchangeRecord {
  return isRecord('exchange', value);
}
/** True when `value` is a valid spec v1 account record. */
export function isAccountRecord(value: unknown): value is AccountRecord {
  return isRecord('account', value);
}

/** Throws RECORD_MALFORMED unless `value` is a valid exchange record. */
export function assertExchangeRecord(value: unknown, location?: ErrorLocation): asserts value is ExchangeRecord {
  assertRecord('exchange', value, location);
}
/** Throws RECORD_MALFORMED unless `value` is a valid account record. */
export function assertAccountRecord(value: unknown, location?: ErrorLocation): asserts value is AccountRecord {
  assertRecord('account', value, location);
}
/** Throws RECORD_MALFORMED unless `value` is a valid label record. */
export function assertLabelRecord(value: unknown, location?: ErrorLocation): asserts value is LabelRecord {
  assertRecord('label', value, location);
}
/** Throws RECORD_MALFORMED unless `value` is a valid classify input line. */
export function assertClassifyInput(value: unknown, location?: ErrorLocation): asserts value is ClassifyInputRecord {
  assertRecord('classify', value, location);
}
/** Throws RECORD_MALFORMED unless `value` is a valid classify output line. */
export function assertClassifyOutput(value: unknown, location?: ErrorLocation): asserts value is ClassifyOutputRecord {
  assertRecord('classify-output', value, location);
}
/** Throws RECORD_MALFORMED unless `value` is a valid verdict line (account or campaign). */
export function assertVerdictRecord(value: unknown, location?: ErrorLocation): asserts value is VerdictRecord {
  assertRecord('verdict', value, location);
}
/** Throws RECORD_MALFORMED unless `value` is a valid accounts.jsonl line. */
export function assertAccountVerdict(value: unknown, location?: ErrorLocation): asserts value is AccountVerdictRecord {
  assertRecord('verdict-account', value, location);
}
/** Throws RECORD_MALFORMED unless `value` is a valid campaigns.jsonl line. */
export function assertCampaignRecord(value: unknown, location?: ErrorLocation): asserts value is CampaignRecord {
  assertRecord('verdict-campaign', value, location);
}
