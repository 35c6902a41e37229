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

/** The detection engine (docs/DETECTION.md): live in `serve`, and in `scan`. */
export interface DetectionSettings {
  /** Run the engine live inside `distillguard serve` (every recorded exchange updates it). */
  live: boolean;
  /** Score (0..1) from which an account is flagged. */
  flagThreshold: number;
  /** One classifier score threshold for every head; unset: each head's shipped threshold (≤ 1 % held-out FPR). */
  classifierThreshold?: number;
  /** Account ids of known applications that are never flagged. */
  allowlist: string[];
  /** Folder of the prompt classifier model files (default: the shipped `models/`). */
  modelsDir?: string;
  /** Treat the wording of public evaluation sets listed in the models folder as public: it never taints a template (default true). */
  publicText: boolean;
  /** How often (ms) `serve` looks for accounts stored by other processes, to assess them before their first request (0: never). */
  accountPollMs: number;
  /**
   * Ordinary accounts that must already send from an address's /24 before a move onto it reads as a
   * shared egress (a carrier NAT, a VPN exit) rather than proxy rotation (0: never; docs/DETECTION.md §4).
   */
  sharedEgressAccounts: number;
}

/** Countermeasures (docs/POLICY.md): the policy file and the backends replicas share. */
export interface EnforcementConfig {
  /** The enforcement policy (YAML); unset: built-in policy (no tier limits, no risk steps; analysts' actions still apply). */
  policyFile?: string;
  /** Where decisions travel between replicas: in this process only, or Redis pub/sub. */
  bus: 'memory' | 'redis';
  /** Where rate-limit buckets live: this process, or Redis (one limit across replicas). */
  rateLimitStore: 'memory' | 'redis';
  redis: {
    url: string;
    /** Prefix of rate-limit keys, so that deployments can share a Redis. */
    keyPrefix: string;
    /** Pub/sub channel of the decision bus. */
    channel: string;
  };
  /** When the shared rate-limit store fails: serve without limits (`allow`) or answer 503 (`deny`). */
  onBackendError: 'allow' | 'deny';
  /**
   * How the Redis rate-limit store checks (docs/POLICY.md, "Rate limits"): `local-first` (default)
   * decides from a local copy and syncs every `syncIntervalMs`, admitting at most
   * floor(localShare × capacity) tokens per bucket and replica that Redis has not seen (and checking
   * synchronously below `exactBelow` × capacity left); `exact` asks Redis on every request.
   */
  redisRateLimit?: { mode?: 'local-first' | 'exact'; syncIntervalMs?: number; localShare?: number; exactBelow?: number };
  /** Full rebuild of each replica's decision cache from the store, every N seconds (0 = never). */
  resyncSeconds: number;
  /** How often the audit log is polled for changes made without the bus, e.g. by the CLI (0 = never). */
  auditPollMs: number;
}

/** A sharing partner: whose bundles are accepted, how much they are trusted, where to poll them. */
export interface IntelPartnerConfig {
  /** A name for logs, reasons and the import history. */
  name: string;
  /** The partner's producer identity (`identity--<uuid>`): every object they send must claim it. */
  identity: string;
  /** Trust in the partner, 0..1 (default 0.5): an indicator's confidence is multiplied by it. */
  trust?: number;
  /** The partner's TAXII 2.1 collection URL (…/collections/<id>/) to poll; unset: no polling. */
  collectionUrl?: string;
  /** Environment variable with a bearer token for the partner's server. */
  tokenEnv?: string;
  /** Environment variables with a user name and password (HTTP Basic) for the partner's server. */
  usernameEnv?: string;
  passwordEnv?: string;
  /** Seconds between polls (default 300). */
  pollSeconds?: number;
}

/** A TAXII collection served by `distillguard serve`. */
export interface TaxiiCollectionConfig {
  /** A UUID (TAXII collection ids are UUIDs). */
  id: string;
  title: string;
  description?: string;
  /** `publish`: this deployment's detections, refreshed on a schedule; `inbox`: partners post bundles, which are imported. */
  kind: 'publish' | 'inbox';
}

/** A TAXII client allowed on this server: its secret as a hash, and what it may read and write. */
export interface TaxiiUserConfig {
  /** User name (HTTP Basic); bearer tokens are found by their hash. */
  name: string;
  /** SHA-256 (hex) of the password or bearer token (`printf %s "$SECRET" | sha256sum`). */
  secretSha256: string;
  /** The partner (intel.partners name) whose bundles this user posts; needed to write to an inbox. */
  partner?: string;
  /** Collection ids this user may read. */
  read?: string[];
  /** Collection ids this user may write to. */
  write?: string[];
}

/** Threat-intelligence sharing (docs/INTEL.md): STIX 2.1 export and import, a TAXII 2.1 server and client. */
export interface IntelSettings {
  /** Who this deployment is in the bundles it shares (the STIX producer identity). */
  producer: { name: string; identityClass: string; contact?: string; id?: string };
  /** Environment variable holding the sharing key the partners agree on (never the key itself). */
  sharingKeyEnv: string;
  /** TLP marking of exported bundles. */
  tlp: 'white' | 'green' | 'amber' | 'red';
  /** Campaigns with a score below this are not exported. */
  minCampaignScore: number;
  /** Exported indicators stay valid this many days after their campaign was last updated. */
  validDays: number;
  /** Imported indicators are dropped this many days after their import, whatever their valid_until. */
  maxAgeDays: number;
  /** Trust (0..1) in a bundle whose producer is not a configured partner (CLI import only). */
  defaultTrust: number;
  /** How often the live engine reloads the imported indicators. */
  refreshSeconds: number;
  /** Bounds on an imported bundle. */
  limits: { maxBundleBytes: number; maxObjects: number; maxStringLength: number };
  partners: IntelPartnerConfig[];
  taxii: {
    /** Serve TAXII 2.1 under /taxii2/ in `distillguard serve`. */
    enabled: boolean;
    title: string;
    /** Seconds between refreshes of the publish collections from the detected campaigns. */
    publishSeconds: number;
    /** Most objects per page. */
    maxPageSize: number;
    collections: TaxiiCollectionConfig[];
    users: TaxiiUserConfig[];
  };
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
  detection: DetectionSettings;
  enforcement: EnforcementConfig;
  intel: IntelSettings;
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
    detection: { live: true, flagThreshold: 0.5, allowlist: [], accountPollMs: 500, publicText: true, sharedEgressAccounts: 3 },
    enforcement: {
      bus: 'memory',
      rateLimitStore: 'memory',
      redis: { url: 'redis://127.0.0.1:6379', keyPrefix: 'distillguard:rl:', channel: 'distillguard:decisions' },
      onBackendError: 'allow',
      resyncSeconds: 300,
      auditPollMs: 500,
    },
    intel: {
      producer: { name: 'distillguard', identityClass: 'organization' },
      sharingKeyEnv: 'DISTILLGUARD_INTEL_KEY',
      tlp: 'amber',
      minCampaignScore: 0.5,
      validDays: 30,
      maxAgeDays: 90,
      defaultTrust: 0.5,
      refreshSeconds: 5,
      limits: { maxBundleBytes: 16 * 1024 * 1024, maxObjects: 20_000, maxStringLength: 16_384 },
      partners: [],
      taxii: { enabled: false, title: 'distillguard threat intelligence', publishSeconds: 300, maxPageSize: 1000, collections: [], users: [] },
    },
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
    detection: {
      type: 'object',
      additionalProperties: false,
      properties: {
        live: { type: 'boolean' },
        flagThreshold: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
        classifierThreshold: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
        allowlist: { type: 'array', items: { type: 'string', minLength: 1 } },
        modelsDir: { type: 'string', minLength: 1 },
        publicText: { type: 'boolean' },
        accountPollMs: { type: 'integer', minimum: 0, maximum: 60000 },
        sharedEgressAccounts: { type: 'integer', minimum: 0 },
      },
    },
    enforcement: {
      type: 'object',
      additionalProperties: false,
      properties: {
        policyFile: { type: 'string', minLength: 1 },
        bus: { enum: ['memory', 'redis'] },
        rateLimitStore: { enum: ['memory', 'redis'] },
        redis: {
          type: 'object',
          additionalProperties: false,
          properties: {
            url: { type: 'string', pattern: '^rediss?://' },
            keyPrefix: { type: 'string', minLength: 1 },
            channel: { type: 'string', minLength: 1 },
          },
        },
        onBackendError: { enum: ['allow', 'deny'] },
        redisRateLimit: {
          type: 'object',
          additionalProperties: false,
          properties: {
            mode: { enum: ['local-first', 'exact'] },
            syncIntervalMs: { type: 'integer', minimum: 1, maximum: 1000 },
            localShare: { type: 'number', minimum: 0, maximum: 1 },
            exactBelow: { type: 'number', minimum: 0, maximum: 1 },
          },
        },
        resyncSeconds: { type: 'integer', minimum: 0 },
        auditPollMs: { type: 'integer', minimum: 0 },
      },
    },
    intel: {
      type: 'object',
      additionalProperties: false,
      properties: {
        producer: {
          type: 'object',
          additionalProperties: false,
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 200 },
            identityClass: { type: 'string', minLength: 1 },
            contact: { type: 'string', minLength: 1 },
            id: { type: 'string', pattern: '^identity--[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$' },
          },
        },
        sharingKeyEnv: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
        tlp: { enum: ['white', 'green', 'amber', 'red'] },
        minCampaignScore: { type: 'number', minimum: 0, maximum: 1 },
        validDays: { type: 'number', exclusiveMinimum: 0 },
        maxAgeDays: { type: 'number', exclusiveMinimum: 0 },
        defaultTrust: { type: 'number', minimum: 0, maximum: 1 },
        refreshSeconds: { type: 'number', exclusiveMinimum: 0 },
        limits: {
          type: 'object',
          additionalProperties: false,
          properties: {
            maxBundleBytes: { type: 'integer', minimum: 1024 },
            maxObjects: { type: 'integer', minimum: 1 },
            maxStringLength: { type: 'integer', minimum: 64 },
          },
        },
        partners: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'identity'],
            properties: {
              name: { type: 'string', minLength: 1, maxLength: 200 },
              identity: { type: 'string', pattern: '^identity--[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$' },
              trust: { type: 'number', minimum: 0, maximum: 1 },
              collectionUrl: { type: 'string', pattern: '^https?://' },
              tokenEnv: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
              usernameEnv: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
              passwordEnv: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
              pollSeconds: { type: 'number', minimum: 1 },
            },
          },
        },
        taxii: {
          type: 'object',
          additionalProperties: false,
          properties: {
            enabled: { type: 'boolean' },
            title: { type: 'string', minLength: 1 },
            publishSeconds: { type: 'number', minimum: 0 },
            maxPageSize: { type: 'integer', minimum: 1, maximum: 10000 },
            collections: {
              type: 'array',
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['id', 'title', 'kind'],
                properties: {
                  id: { type: 'string', pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' },
                  title: { type: 'string', minLength: 1 },
                  description: { type: 'string' },
                  kind: { enum: ['publish', 'inbox'] },
                },
              },
            },
            users: {
              type: 'array',
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['name', 'secretSha256'],
                properties: {
                  name: { type: 'string', pattern: '^[^:]{1,100}$' },
                  secretSha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
                  partner: { type: 'string', minLength: 1 },
                  read: { type: 'array', items: { type: 'string' } },
                  write: { type: 'array', items: { type: 'string' } },
                },
              },
            },
          },
        },
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
