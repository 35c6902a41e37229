/**
 * Every coded error distillguard raises is defined here, so that callers (CLI, admin API, gateway)
 * can map a code to an exit status, an HTTP status or a wire format without string matching.
 *
 * A message says what went wrong and where; `hint` says how to fix it.
 */

/** Catalogue of error codes, with the HTTP status an API surface should answer with. */
export const ERROR_CATALOGUE = {
  // records (spec v1 readers and writers)
  RECORD_MALFORMED: { status: 400, summary: 'a record does not follow spec v1' },
  RECORD_INVALID_JSON: { status: 400, summary: 'a line is not valid JSON' },
  RECORD_INVALID_UTF8: { status: 400, summary: 'a line is not valid UTF-8' },
  RECORD_TOO_LARGE: { status: 400, summary: 'a line exceeds the maximum record size' },
  RECORD_OUT_OF_ORDER: { status: 400, summary: 'a record is further out of time order than allowed' },
  RECORD_TRUNCATED: { status: 400, summary: 'the file ends in the middle of a record' },
  FILE_NOT_READABLE: { status: 400, summary: 'an input file cannot be read' },
  FILE_NOT_WRITABLE: { status: 500, summary: 'an output file cannot be written' },

  // configuration
  CONFIG_INVALID: { status: 400, summary: 'the configuration is invalid' },
  CONFIG_NOT_FOUND: { status: 400, summary: 'a configuration file was not found' },

  // simulation scenarios
  SCENARIO_INVALID: { status: 400, summary: 'a simulation scenario is invalid' },
  SCENARIO_NOT_FOUND: { status: 400, summary: 'a simulation scenario was not found' },

  // store
  STORE_MIGRATION_FAILED: { status: 500, summary: 'a database migration failed' },
  STORE_NOT_FOUND: { status: 404, summary: 'the requested object does not exist' },
  STORE_CONFLICT: { status: 409, summary: 'the object already exists or is in a conflicting state' },
  STORE_INVALID_ARGUMENT: { status: 400, summary: 'an argument to the store is invalid' },

  // gateway: client-facing
  AUTH_MISSING_KEY: { status: 401, summary: 'no API key was given' },
  AUTH_INVALID_KEY: { status: 401, summary: 'the API key is unknown' },
  AUTH_REVOKED_KEY: { status: 401, summary: 'the API key has been revoked' },
  AUTH_ACCOUNT_DISABLED: { status: 401, summary: 'the account is disabled' },
  REQUEST_INVALID_JSON: { status: 400, summary: 'the request body is not valid JSON' },
  REQUEST_INVALID_BODY: { status: 400, summary: 'the request body is not a valid request for this API' },
  REQUEST_TOO_LARGE: { status: 400, summary: 'the request body exceeds the size limit' },
  REQUEST_UNSUPPORTED_MEDIA_TYPE: { status: 400, summary: 'the request body is not application/json' },
  MODEL_NOT_SERVED: { status: 404, summary: 'no upstream serves this model on this API' },
  NOT_FOUND: { status: 404, summary: 'no such route' },
  GATEWAY_OVERLOADED: { status: 503, summary: 'the gateway is at capacity' },
  GATEWAY_SHUTTING_DOWN: { status: 503, summary: 'the gateway is shutting down' },

  // gateway: upstream failures, mapped for the client
  UPSTREAM_UNAVAILABLE: { status: 502, summary: 'the upstream could not be reached' },
  UPSTREAM_ERROR: { status: 502, summary: 'the upstream failed' },
  UPSTREAM_RATE_LIMITED: { status: 429, summary: 'the upstream is rate limiting' },
  UPSTREAM_TIMEOUT: { status: 504, summary: 'the upstream did not answer in time' },
  UPSTREAM_STREAM_INTERRUPTED: { status: 502, summary: 'the upstream stream ended abnormally' },
  UPSTREAM_BAD_RESPONSE: { status: 502, summary: 'the upstream answered with something unparseable' },

  // admin surface
  ADMIN_UNAUTHORIZED: { status: 401, summary: 'admin credentials are missing or wrong' },
  ADMIN_DISABLED: { status: 404, summary: 'the admin API is disabled (no admin token configured)' },

  // CLI
  CLI_USAGE: { status: 400, summary: 'the command was called wrongly' },
  INTERNAL: { status: 500, summary: 'an unexpected internal failure (a bug: please report it)' },

  // traffic simulator
  PROMPT_PACK_MISSING: { status: 500, summary: 'the prompt pack file is missing or unreadable' },
  PROMPT_PACK_INVALID: { status: 500, summary: 'the prompt pack file is not a valid prompt pack' },

  // replay (traffic simulator client)
  REPLAY_GATEWAY_UNREACHABLE: { status: 502, summary: 'the gateway to replay through cannot be reached' },

  // prompt classifiers
  MODEL_NOT_FOUND: { status: 500, summary: 'the prompt classifier model files are missing' },
  MODEL_INVALID: { status: 500, summary: 'the prompt classifier model files are invalid or from another version' },

  // cross-record consistency (files that are each valid, but contradict each other or themselves)
  RECORD_INCONSISTENT: { status: 400, summary: 'records contradict each other (a duplicate id, or a reference to a missing record)' },

  // enforcement: the policy file and the countermeasures' plumbing
  POLICY_INVALID: { status: 400, summary: 'the enforcement policy file is invalid' },
  POLICY_NOT_FOUND: { status: 400, summary: 'the enforcement policy file cannot be read' },
  ENFORCE_BACKEND_UNAVAILABLE: { status: 503, summary: 'a shared enforcement backend (Redis) cannot be reached' },

  // enforcement: client-facing refusals (answered in the API's own error format)
  RATE_LIMITED: { status: 429, summary: 'the account exceeded a request or token rate limit of its access tier' },
  VERIFICATION_REQUIRED: { status: 403, summary: 'the account must complete step-up verification before using the API again' },
  ACCOUNT_BLOCKED: { status: 403, summary: 'the account is blocked' },
  CAMPAIGN_BLOCKED: { status: 403, summary: 'the account belongs to a blocked distillation campaign' },
  MODEL_NOT_ALLOWED: { status: 403, summary: 'the model is not available to the account\'s access tier' },
  MAX_TOKENS_EXCEEDED: { status: 400, summary: 'the requested maximum output exceeds what the account\'s access tier allows' },

  // analyst dashboard
  DASHBOARD_LOGIN_FAILED: { status: 401, summary: 'the dashboard login was refused: the admin token is wrong' },
  DASHBOARD_LOGIN_THROTTLED: { status: 429, summary: 'too many failed dashboard logins from this address; wait and retry' },
  DASHBOARD_SESSION_REQUIRED: { status: 401, summary: 'the dashboard API needs a logged-in session' },
  DASHBOARD_NOT_BUILT: { status: 503, summary: 'the dashboard files have not been built' },

  // threat-intelligence sharing (STIX 2.1 bundles, TAXII 2.1; docs/INTEL.md)
  INTEL_BUNDLE_INVALID: { status: 400, summary: 'a STIX bundle is malformed or not valid STIX 2.1' },
  INTEL_BUNDLE_TOO_LARGE: { status: 413, summary: 'a STIX bundle exceeds the size, object-count or string-length limits' },
  INTEL_PATTERN_INVALID: { status: 400, summary: 'an indicator pattern is not valid STIX patterning' },
  INTEL_PRODUCER_MISMATCH: { status: 422, summary: 'objects in the bundle claim a producer other than the one the bundle may speak for' },
  INTEL_POLL_FAILED: { status: 502, summary: 'a partner\'s TAXII server could not be polled' },
  TAXII_UNAUTHORIZED: { status: 401, summary: 'TAXII credentials are missing or wrong' },
  TAXII_FORBIDDEN: { status: 403, summary: 'the TAXII user may not read or write this collection' },
  TAXII_NOT_FOUND: { status: 404, summary: 'no such TAXII resource' },
  TAXII_NOT_ACCEPTABLE: { status: 406, summary: 'the client does not accept application/taxii+json;version=2.1' },
  TAXII_UNSUPPORTED_MEDIA_TYPE: { status: 415, summary: 'the request body is not application/taxii+json;version=2.1' },
  TAXII_BAD_REQUEST: { status: 400, summary: 'a TAXII request parameter or body is invalid' },
} as const satisfies Record<string, { status: number; summary: string }>;

/** A machine-readable error code. */
export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** Where in an input the error was found (file and line for readers, a JSON path for bodies). */
export interface ErrorLocation {
  file?: string;
  line?: number;
  path?: string;
}

export interface DistillguardErrorOptions {
  /** How to fix it, in one sentence. */
  hint?: string;
  location?: ErrorLocation;
  cause?: unknown;
  /** Overrides the catalogue's HTTP status (for example to pass an upstream 429 through). */
  status?: number;
  /** Extra machine-readable details (never secrets or prompt text). */
  details?: Record<string, unknown>;
}

/** The one error class distillguard throws on purpose. */
export class DistillguardError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly location: ErrorLocation | undefined;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: DistillguardErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DistillguardError';
    this.code = code;
    this.hint = options.hint;
    this.location = options.location;
    this.status = options.status ?? ERROR_CATALOGUE[code].status;
    this.details = options.details;
  }

  /** `file:line: message (hint)`, the form CLI users and editors understand. */
  describe(): string {
    const where = this.location?.file
      ? `${this.location.file}${this.location.line !== undefined ? `:${this.location.line}` : ''}: `
      : '';
    const path = this.location?.path ? ` at ${this.location.path}` : '';
    const hint = this.hint ? `\n  hint: ${this.hint}` : '';
    return `${where}${this.message}${path} [${this.code}]${hint}`;
  }
}

/** True when `value` is a DistillguardError (across module copies too). */
export function isDistillguardError(value: unknown): value is DistillguardError {
  return value instanceof DistillguardError ||
    (typeof value === 'object' && value !== null && (value as { name?: unknown }).name === 'DistillguardError');
}

/**
 * Rebuilds a DistillguardError from a structured-clone copy (an error thrown in a worker thread
 * arrives with its fields but without its prototype).
 */
export function reviveError(value: unknown): DistillguardError {
  if (value instanceof DistillguardError) return value;
  const copy = value as { code?: string; message?: string; hint?: string; location?: ErrorLocation; details?: Record<string, unknown> };
  const code: ErrorCode = copy.code !== undefined && copy.code in ERROR_CATALOGUE ? copy.code as ErrorCode : 'INTERNAL';
  return new DistillguardError(code, copy.message ?? String(value), {
    ...(copy.hint === undefined ? {} : { hint: copy.hint }),
    ...(copy.location === undefined ? {} : { location: copy.location }),
    ...(copy.details === undefined ? {} : { details: copy.details }),
  });
}
