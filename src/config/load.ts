import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import { DistillguardError } from '../errors.js';
import {
  CONFIG_JSON_SCHEMA, defaultConfig, upstreamFromUrl, type DistillguardConfig, type UpstreamConfig,
} from './schema.js';

/** One environment override: variable name, config path, and how to parse the value. */
interface EnvOverride {
  variable: string;
  path: string;
  parse: (raw: string) => unknown;
  describe: string;
}

const parseInteger = (raw: string): number => {
  if (!/^\d+$/.test(raw.trim())) throw new Error(`expected a whole number, got ${JSON.stringify(raw)}`);
  return Number(raw);
};
const parseBoolean = (raw: string): boolean => {
  const value = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  throw new Error(`expected true or false, got ${JSON.stringify(raw)}`);
};
const parseList = (raw: string): string[] => raw.split(',').map((s) => s.trim()).filter(Boolean);

/** Environment variables that override the config file, documented in docs/CONFIGURATION.md. */
export const ENV_OVERRIDES: readonly EnvOverride[] = [
  { variable: 'DISTILLGUARD_HOST', path: 'server.host', parse: (v) => v, describe: 'address to listen on' },
  { variable: 'DISTILLGUARD_PORT', path: 'server.port', parse: parseInteger, describe: 'port to listen on' },
  { variable: 'DISTILLGUARD_BODY_LIMIT_BYTES', path: 'server.bodyLimitBytes', parse: parseInteger, describe: 'largest request body' },
  { variable: 'DISTILLGUARD_TRUSTED_PROXIES', path: 'server.trustedProxies', parse: parseList, describe: 'comma-separated proxy addresses/CIDRs' },
  { variable: 'DISTILLGUARD_DB', path: 'store.path', parse: (v) => v, describe: 'SQLite file, or :memory:' },
  { variable: 'DISTILLGUARD_RETENTION_DAYS', path: 'retention.exchangeDays', parse: parseInteger, describe: 'days to keep exchanges (0 = forever)' },
  { variable: 'DISTILLGUARD_KEEP_TEXT', path: 'retention.keepText', parse: parseBoolean, describe: 'store prompt and response text' },
  { variable: 'DISTILLGUARD_LOG_LEVEL', path: 'logging.level', parse: (v) => v, describe: 'log level' },
  { variable: 'DISTILLGUARD_LOG_TEXT', path: 'logging.includeText', parse: parseBoolean, describe: 'include prompt text in logs' },
  { variable: 'DISTILLGUARD_UPSTREAM', path: 'upstreams', parse: (v) => [{ baseUrl: v }], describe: 'one default upstream URL for every model' },
];

type PlainObject = Record<string, unknown>;
const isPlainObject = (v: unknown): v is PlainObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep merge where objects merge and anything else (arrays included) replaces. */
function merge(base: PlainObject, override: PlainObject): PlainObject {
  const out: PlainObject = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined) continue;
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? merge(current, value) : value;
  }
  return out;
}

function setPath(target: PlainObject, path: string, value: unknown): void {
  const parts = path.split('.');
  let cursor = target;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainObject(cursor[part])) cursor[part] = {};
    cursor = cursor[part] as PlainObject;
  }
  cursor[parts[parts.length - 1]!] = value;
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validateShape = ajv.compile(CONFIG_JSON_SCHEMA);

/** Where a config value came from, for error messages. */
interface Source {
  name: string;
  lineOf?: (path: Array<string | number>) => number | undefined;
}

function validatePartial(partial: unknown, source: Source): PlainObject {
  if (!validateShape(partial)) {
    const first = validateShape.errors?.[0];
    const segments = (first?.instancePath ?? '').split('/').filter(Boolean).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    let what = first?.message ?? 'is invalid';
    if (first?.keyword === 'additionalProperties') {
      const extra = (first.params as { additionalProperty: string }).additionalProperty;
      segments.push(extra);
      what = 'is not a known setting';
    } else if (first?.keyword === 'enum') {
      what = `must be one of ${(first.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    }
    const dotted = segments.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('').replace(/^\./, '') || '(root)';
    const line = source.lineOf?.(segments);
    throw new DistillguardError('CONFIG_INVALID', `${dotted} ${what}`, {
      location: { file: source.name, ...(line === undefined ? {} : { line }) },
      hint: 'see docs/CONFIGURATION.md for every setting and its type',
    });
  }
  return partial as PlainObject;
}

function readYaml(path: string): { data: unknown; source: Source } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new DistillguardError('CONFIG_NOT_FOUND', `cannot read config file: ${(cause as Error).message}`, {
      location: { file: path }, hint: 'check the --config path (or DISTILLGUARD_CONFIG)', cause,
    });
  }
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!;
    throw new DistillguardError('CONFIG_INVALID', `not valid YAML: ${error.message.split('\n')[0]}`, {
      location: { file: path, line: lineCounter.linePos(error.pos[0]).line },
      hint: 'fix the YAML syntax at that line',
    });
  }
  const lineOf = (segments: Array<string | number>): number | undefined => {
    for (let n = segments.length; n >= 0; n -= 1) {
      const node = doc.getIn(segments.slice(0, n), true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  return { data: doc.toJS() ?? {}, source: { name: path, lineOf } };
}

export interface LoadConfigOptions {
  /** Path of a YAML config file. */
  file?: string | undefined;
  /** Environment to read overrides from (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** Highest-precedence overrides, typically from command-line flags. */
  overrides?: PlainObject;
}

/**
 * Builds the effective configuration: defaults < file < environment < overrides. Every layer is
 * validated on its own, so an error names the layer (file and line, or variable) it came from.
 */
export function loadConfig(options: LoadConfigOptions = {}): DistillguardConfig {
  const env = options.env ?? process.env;
  let merged: PlainObject = defaultConfig() as unknown as PlainObject;

  const file = options.file ?? env.DISTILLGUARD_CONFIG;
  if (file) {
    const { data, source } = readYaml(file);
    merged = merge(merged, validatePartial(data, source));
  }

  const fromEnv: PlainObject = {};
  for (const override of ENV_OVERRIDES) {
    const raw = env[override.variable];
    if (raw === undefined || raw === '') continue;
    let value: unknown;
    try {
      value = override.parse(raw);
    } catch (cause) {
      throw new DistillguardError('CONFIG_INVALID', `${override.variable}: ${(cause as Error).message}`, {
        hint: `${override.variable} sets ${override.path} (${override.describe})`,
      });
    }
    setPath(fromEnv, override.path, value);
    validatePartial(fromEnv, { name: `environment variable ${override.variable}` });
  }
  merged = merge(merged, fromEnv);
  if (options.overrides) merged = merge(merged, validatePartial(options.overrides, { name: 'command-line flags' }));

  const config = merged as unknown as DistillguardConfig;
  config.upstreams = (config.upstreams as Array<Partial<UpstreamConfig> & { baseUrl: string }>).map((partial, index) => ({
    ...upstreamFromUrl(partial.baseUrl, partial.name ?? (index === 0 ? 'default' : `upstream-${index}`)),
    ...partial,
  }));
  const names = new Set<string>();
  for (const upstream of config.upstreams) {
    if (names.has(upstream.name)) {
      throw new DistillguardError('CONFIG_INVALID', `two upstreams are named ${JSON.stringify(upstream.name)}`, {
        hint: 'give every upstream a unique name',
      });
    }
    names.add(upstream.name);
  }
  return config;
}
