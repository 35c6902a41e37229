/**
 * Validation of STIX 2.1 objects against the OASIS JSON schemas shipped in
 * `<package root>/schemas/stix2.1/` (a copy of `../shared/spec/stix2.1/schemas`).
 *
 * As the schemas' README asks: ajv draft 2020-12 with ajv-formats, `unicodeRegExp: false` (a few
 * patterns are not valid under the `u` flag) and `strict: false`; every file is added by its `$id`,
 * then each object is validated against the schema of its type (custom types against the common
 * core or cyber-observable core), and the bundle's envelope against `bundle.json`'s own fields.
 * Compiled once, on first use.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ErrorObject, ValidateFunction } from 'ajv';

const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

/** Folder of the shipped STIX schemas (same from `src/intel/stix` and `dist/intel/stix`). */
export const STIX_SCHEMA_DIR: string = fileURLToPath(new URL('../../../schemas/stix2.1/', import.meta.url));

const BASE_ID = 'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/';

/** The STIX types with a schema of their own, and the folder it is in. */
const TYPE_SCHEMAS: Record<string, string> = {};
for (const name of ['attack-pattern', 'campaign', 'course-of-action', 'grouping', 'identity', 'incident', 'indicator', 'infrastructure',
  'intrusion-set', 'location', 'malware-analysis', 'malware', 'note', 'observed-data', 'opinion', 'report', 'threat-actor', 'tool', 'vulnerability']) {
  TYPE_SCHEMAS[name] = `sdos/${name}.json`;
}
for (const name of ['relationship', 'sighting']) TYPE_SCHEMAS[name] = `sros/${name}.json`;
for (const name of ['artifact', 'autonomous-system', 'directory', 'domain-name', 'email-addr', 'email-message', 'file', 'ipv4-addr', 'ipv6-addr',
  'mac-addr', 'mutex', 'network-traffic', 'process', 'software', 'url', 'user-account', 'windows-registry-key', 'x509-certificate']) {
  TYPE_SCHEMAS[name] = `observables/${name}.json`;
}
TYPE_SCHEMAS['marking-definition'] = 'common/marking-definition.json';
TYPE_SCHEMAS['language-content'] = 'common/language-content.json';
TYPE_SCHEMAS['extension-definition'] = 'common/extension-definition.json';

/** Cyber-observable types defined by the specification (custom ones are told apart by their `x-` prefix or their extension). */
export const STIX_SCO_TYPES: ReadonlySet<string> = new Set(Object.entries(TYPE_SCHEMAS).filter(([, f]) => f.startsWith('observables/')).map(([t]) => t));

interface Validators {
  byType: Map<string, ValidateFunction>;
  core: ValidateFunction;
  observableCore: ValidateFunction;
}

let validators: Validators | undefined;

function listJson(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) listJson(path, out);
    else if (name.endsWith('.json')) out.push(path);
  }
  return out;
}

function load(): Validators {
  if (validators) return validators;
  const ajv = new Ajv2020({ strict: false, unicodeRegExp: false, allErrors: false, validateFormats: true, logger: false });
  addFormats(ajv);
  // ajv-formats has no IDN host names; domain-name values are not something distillguard matches
  ajv.addFormat('idn-hostname', true);
  for (const file of listJson(STIX_SCHEMA_DIR)) ajv.addSchema(JSON.parse(readFileSync(file, 'utf8')) as object);
  const get = (relative: string): ValidateFunction => {
    const validate = ajv.getSchema(`${BASE_ID}${relative}`);
    if (!validate) throw new Error(`STIX schema ${relative} is missing from ${STIX_SCHEMA_DIR}`);
    return validate;
  };
  validators = {
    byType: new Map(Object.entries(TYPE_SCHEMAS).map(([type, file]) => [type, get(file)])),
    core: get('common/core.json'),
    observableCore: get('common/cyber-observable-core.json'),
  };
  return validators;
}

function describeErrors(errors: ErrorObject[] | null | undefined): string {
  if (!errors || errors.length === 0) return 'does not match the schema';
  // the deepest error says the most; oneOf/anyOf wrappers say little
  const useful = errors.filter((e) => !['oneOf', 'anyOf', 'allOf', 'if', 'not'].includes(e.keyword));
  const error = (useful.length > 0 ? useful : errors).reduce((a, b) => (b.instancePath.length > a.instancePath.length ? b : a));
  const where = error.instancePath.replace(/^\//, '').replace(/\//g, '.') || '(object)';
  if (error.keyword === 'additionalProperties') return `${where}: property ${JSON.stringify((error.params as { additionalProperty: string }).additionalProperty)} is not allowed`;
  if (error.keyword === 'enum') return `${where}: must be one of ${((error.params as { allowedValues: unknown[] }).allowedValues).map((v) => JSON.stringify(v)).join(', ')}`;
  return `${where}: ${error.message ?? 'is invalid'}`;
}

/** The outcome of validating one object. */
export type StixValidation = { ok: true } | { ok: false; reason: string };

/** Validates one STIX object against the schema of its type. */
export function validateStixObject(object: unknown): StixValidation {
  if (typeof object !== 'object' || object === null || Array.isArray(object)) return { ok: false, reason: 'is not a JSON object' };
  const type = (object as { type?: unknown }).type;
  if (typeof type !== 'string') return { ok: false, reason: 'type: must be a string' };
  const { byType, core, observableCore } = load();
  const own = byType.get(type);
  const validate = own ?? (isCustomObservable(object as Record<string, unknown>) ? observableCore : core);
  if (validate(object)) return { ok: true };
  return { ok: false, reason: describeErrors(validate.errors) };
}

/** A custom object is an observable when it has no `created` (SDOs and SROs must have one). */
function isCustomObservable(object: Record<string, unknown>): boolean {
  return object.created === undefined && object.modified === undefined;
}

/** Validates a bundle's envelope (type, id, objects as a non-empty array); objects are validated one by one. */
export function validateBundleEnvelope(bundle: unknown): StixValidation {
  if (typeof bundle !== 'object' || bundle === null || Array.isArray(bundle)) return { ok: false, reason: 'the bundle is not a JSON object' };
  const b = bundle as Record<string, unknown>;
  if (b.type !== 'bundle') return { ok: false, reason: 'type: must be "bundle"' };
  if (typeof b.id !== 'string' || !/^bundle--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/.test(b.id)) {
    return { ok: false, reason: 'id: must be bundle--<UUID>' };
  }
  if (b.objects !== undefined && (!Array.isArray(b.objects) || b.objects.length === 0)) return { ok: false, reason: 'objects: must be a non-empty array' };
  return { ok: true };
}
