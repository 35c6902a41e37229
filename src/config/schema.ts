/**
 * The configuration of `distillguard serve` and the other commands. Every field has a default;
 * a YAML file (`--config`, or `DISTILLGUARD_CONFIG`) overrides defaults, environment variables
 * override the file, and command-line flags override everything. See docs/CONFIGURATION.md.
 */

/** The wire protocols an upstream can speak. */
export type UpstreamProtocol = 'openai.chat' | 'openai.responses' | 'anthropic.messages';
export const UPSTREAM_PROTOCOLS: readonly UpstreamProtocol[] = ['openai.chat', 'openai.responses', 'anthropic.messages'];

export interface UpstreamConfig {
  /** A name for logs and metrics. */
  name: string;
  /** Base URL; a trailing `/v1` is optional. */
  baseUrl: string;
  /** Name of the environment variable holding the upstream API key (never the key itself). */
  apiKeyEnv?: string;
  /** Which APIs this upstream serves. */
  protocols: UpstreamProtocol[];
  /** Models routed here; `*` matches any model not routed elsewhere. A trailing `*` is a prefix match. */
  models: string[];
  /** Connections kept open to this upstream. */
  connections: number;
  /** Time to wait for the upstream's response headers. */
  headersTimeoutMs: number;
  /** Longest silence allowed between two chunks of the upstream's body. */
  bodyTimeoutMs: number;
}

export interface ServerConfig {
  host: string;
  port: number;
  /** Largest request body accepted, in bytes. */
  bodyLimitBytes: number;
  /** Addresses or CIDR ranges of proxies whose X-Forwarded-For (and client headers) are honoured. */
  trustedProxies: string[];
  /** Headers carrying client facts, honoured only from trusted proxies. */
  clientHeaders: {
    tlsFingerprint: string;
    deviceId: string;
    asn: string;
    country: string;
  };
  /** How long a graceful shutdown waits for in-flight requests before closing them. */
  shutdownGraceMs: number;
}

export interface RecordingConfig {
  /** Records held in memory waiting to be written; a full queue makes new requests wait. */
  queueCapacity: number;
  /** How long a new request waits for queue space before it is answered 503. */
  admissionWaitMs: number;
  /** Records written per store transaction. */
  batchSize: number;
  /** Longest a record waits before its batch is written. */
  flushIntervalMs: number;
  /** Where records go if the store cannot take them at shutdown (JSONL), so none is lost. */
  spillPath: string;
  /** `worker`: a SQLite file is written from a worker thread, off the request thread; `inline`: on it. */
  writer: 'worker' | 'inline';
}

export interface DistillguardConfig {
  server: ServerConfig;
  store: { path: string };
  retention: { exchangeDays: number; keepText: boolean };
  recording: RecordingConfig;
  upstreams: UpstreamConfig[];
  admin: {
    /** Environment variable holding the admin token. Unset or empty: the admin API is disabled. */
    tokenEnv: string;
    /** Alternatively, the SHA-256 (hex) of the admin token, so the config holds no secret. */
    tokenSha256?: string;
  };
  logging: {
    level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
    /** Include prompt and response text in logs. Off by default: logs often leave the deployment. */
    includeText: boolean;
  };
}

/** Defaults: a gateway on loopback, the SQLite file in the working folder, no upstream. */
export function defaultConfig(): DistillguardConfig {
  return {
    server: {
      host: '127.0.0.1',
      port: 8080,
      bodyLimitBytes: 4 * 1024 * 1024,
      trustedProxies: [],
      clientHeaders: {
        tlsFingerprint: 'x-client-tls-fingerprint',
        deviceId: 'x-client-device-id',
        asn: 'x-client-asn',
        country: 'x-client-country',
      },
      shutdownGraceMs: 30_000,
    },
    store: { path: 'distillguard.db' },
    retention: { exchangeDays: 30, keepText: true },
    recording: {
      queueCapacity: 50_000,
      admissionWaitMs: 2_000,
      batchSize: 500,
      flushIntervalMs: 25,
      spillPath: 'distillguard-unwritten.jsonl',
      writer: 'worker',
    },
    upstreams: [],
    admin: { tokenEnv: 'DISTILLGUARD_ADMIN_TOKEN' },
    logging: { level: 'info', includeText: false },
  };
}

/** Default settings of an upstream given only its URL (`--upstream URL`). */
export function upstreamFromUrl(baseUrl: string, name = 'default'): UpstreamConfig {
  return {
    name,
    baseUrl,
    apiKeyEnv: 'DISTILLGUARD_UPSTREAM_API_KEY',
    protocols: [...UPSTREAM_PROTOCOLS],
    models: ['*'],
    connections: 256,
    headersTimeoutMs: 120_000,
    bodyTimeoutMs: 120_000,
  };
}

/** JSON Schema of the config file, used to validate it with precise messages. */
export const CONFIG_JSON_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    server: {
      type: 'object',
      additionalProperties: false,
      properties: {
        host: { type: 'string', minLength: 1 },
        port: { type: 'integer', minimum: 0, maximum: 65535 },
        bodyLimitBytes: { type: 'integer', minimum: 1024 },
        trustedProxies: { type: 'array', items: { type: 'string', minLength: 1 } },
        clientHeaders: {
          type: 'object',
          additionalProperties: false,
          properties: {
            tlsFingerprint: { type: 'string', pattern: '^[A-Za-z0-9-]+$' },
            deviceId: { type: 'string', pattern: '^[A-Za-z0-9-]+$' },
            asn: { type: 'string', pattern: '^[A-Za-z0-9-]+$' },
            country: { type: 'string', pattern: '^[A-Za-z0-9-]+$' },
          },
        },
        shutdownGraceMs: { type: 'integer', minimum: 0 },
      },
    },
    store: {
      type: 'object',
      additionalProperties: false,
      properties: { path: { type: 'string', minLength: 1 } },
    },
    retention: {
      type: 'object',
      additionalProperties: false,
      properties: {
        exchangeDays: { type: 'number', minimum: 0 },
        keepText: { type: 'boolean' },
      },
    },
    recording: {
      type: 'object',
      additionalProperties: false,
      properties: {
        queueCapacity: { type: 'integer', minimum: 1 },
        admissionWaitMs: { type: 'integer', minimum: 0 },
        batchSize: { type: 'integer', minimum: 1 },
        flushIntervalMs: { type: 'integer', minimum: 1 },
        spillPath: { type: 'string', minLength: 1 },
        writer: { enum: ['worker', 'inline'] },
      },
    },
    upstreams: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['baseUrl'],
        properties: {
          name: { type: 'string', minLength: 1 },
          baseUrl: { type: 'string', pattern: '^https?://' },
          apiKeyEnv: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
          protocols: { type: 'array', minItems: 1, items: { enum: [...UPSTREAM_PROTOCOLS] } },
          models: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
          connections: { type: 'integer', minimum: 1 },
          headersTimeoutMs: { type: 'integer', minimum: 1 },
          bodyTimeoutMs: { type: 'integer', minimum: 1 },
        },
      },
    },
    admin: {
      type: 'object',
      additionalProperties: false,
      properties: {
        tokenEnv: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
        tokenSha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
      },
    },
    logging: {
      type: 'object',
      additionalProperties: false,
      properties: {
        level: { enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] },
        includeText: { type: 'boolean' },
      },
    },
  },
} as const;
