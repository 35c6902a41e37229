/**
 * fast-check generators of valid spec v1 records, for property tests anywhere in the project.
 * (fast-check is a dev dependency: import this module from tests only.)
 *
 * Values are exactly what a JSON round trip returns (no -0, no undefined, no `__proto__` keys), so
 * `JSON.parse(JSON.stringify(x))` deep-equals `x`. Strings include astral characters, lone
 * surrogates, `\n`, `\r`, U+2028 and quotes, which a writer must escape correctly.
 */
import fc from 'fast-check';
import { DEFAULT_MAX_DISORDER_MS } from './order.js';
import type { AccountRecord, ExchangeClient, ExchangeMessage, ExchangeRecord, ExchangeRequest, ExchangeResponse, ExchangeUsage, LabelRecord } from './types.js';

const TRICKY = ['\n', '\r\n', '\r', '\u2028', '\u2029', '"', '\\', '\u0000', '\ud800', '\udfff', '😀', 'é', '\t', ' ', '{', '}'];

/** Any text: printable ASCII, any code point, lone surrogates, control and separator characters. */
export function textArbitrary(maxLength = 40): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength }) },
    {
      weight: 1,
      arbitrary: fc.string({
        unit: fc.oneof(fc.constantFrom(...TRICKY), fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c))),
        maxLength,
      }),
    },
  );
}

const idArbitrary = (prefix: string): fc.Arbitrary<string> => fc.stringMatching(/^[a-z0-9]{1,12}$/).map((s) => `${prefix}_${s}`);
const noNegZero = (x: number): number => (Object.is(x, -0) ? 0 : x);
const finiteDouble = (min?: number, max?: number): fc.Arbitrary<number> =>
  fc.double({ noNaN: true, noDefaultInfinity: true, ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) }).map(noNegZero);

/** Unknown extra fields (allowed by the spec and kept by readers/writers). */
function extraFieldsArbitrary(): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .dictionary(fc.stringMatching(/^x_[a-z0-9_]{1,8}$/), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 2, noNullPrototype: true })
    .map((o) => JSON.parse(JSON.stringify(o)) as Record<string, unknown>);
}

/** Drops keys whose value is undefined (optional fields that were not generated). */
function compact<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as T;
}

/** Plain objects (fast-check may otherwise build null-prototype ones, which JSON.parse never returns). */
const PLAIN = { noNullPrototype: true } as const;

const opt = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });

export interface ExchangeArbitraryOptions {
  /** Earliest `ts` (default 2000-01-01). */
  minTime?: Date;
  /** Latest `ts` (default 2100-01-01). */
  maxTime?: Date;
  /** Add unknown fields at the top level and in nested objects (default true). */
  extraFields?: boolean;
  /** Maximum messages in `request.messages` (default 3). */
  maxMessages?: number;
}

/** A valid spec v1 exchange record. */
export function exchangeRecordArbitrary(options: ExchangeArbitraryOptions = {}): fc.Arbitrary<ExchangeRecord> {
  const extras = options.extraFields ?? true;
  const extra = extras ? extraFieldsArbitrary() : fc.constant({});
  const minTime = options.minTime ?? new Date('2000-01-01T00:00:00.000Z');
  const maxTime = options.maxTime ?? new Date('2100-01-01T00:00:00.000Z');
  const upper = fc.integer({ min: 65, max: 90 }).map((c) => String.fromCharCode(c));

  const client: fc.Arbitrary<ExchangeClient> = fc
    .record({
      ip: fc.oneof(fc.ipV4(), fc.ipV6(), textArbitrary(12)),
      asn: opt(fc.nat({ max: 4294967295 })),
      country: opt(fc.tuple(upper, upper).map(([a, b]) => a + b)),
      user_agent: opt(textArbitrary()),
      tls_fp: opt(fc.stringMatching(/^[0-9a-f]{32}$/)),
      device_id: opt(textArbitrary(16)),
      extra,
    })
    .map(({ extra: x, ...c }) => compact({ ...x, ...c }));

  const message: fc.Arbitrary<ExchangeMessage> = fc.record(
    {
      role: fc.constantFrom('user' as const, 'assistant' as const, 'tool' as const),
      content: textArbitrary(120),
    },
    PLAIN,
  );

  const request: fc.Arbitrary<ExchangeRequest> = fc
    .record({
      system: opt(textArbitrary(60)),
      messages: fc.array(message, { maxLength: options.maxMessages ?? 3 }),
      tools: opt(fc.array(textArbitrary(10), { maxLength: 3 })),
      reasoning: opt(fc.boolean()),
      max_tokens: opt(fc.nat({ max: 1_000_000 })),
      temperature: opt(finiteDouble()),
      stream: opt(fc.boolean()),
      extra,
    })
    .map(({ extra: x, ...r }) => compact({ ...x, ...r }));

  const response: fc.Arbitrary<ExchangeResponse> = fc
    .record({
      status: fc.integer({ min: 100, max: 599 }),
      text: opt(textArbitrary(120)),
      reasoning: opt(textArbitrary(60)),
      finish_reason: opt(fc.constantFrom('stop', 'length', 'end_turn', 'tool_use', 'content_filter')),
      refusal: opt(fc.boolean()),
    })
    .map(compact);

  const usage: fc.Arbitrary<ExchangeUsage> = fc
    .record({
      input_tokens: fc.nat({ max: 10_000_000 }),
      output_tokens: fc.nat({ max: 10_000_000 }),
      reasoning_tokens: opt(fc.nat({ max: 10_000_000 })),
    })
    .map(compact);

  return fc
    .record({
      id: idArbitrary('ex'),
      ts: fc.date({ min: minTime, max: maxTime, noInvalidDate: true }).map((d) => d.toISOString()),
      account_id: idArbitrary('acct'),
      key_id: opt(idArbitrary('key')),
      surface: opt(fc.constantFrom('api', 'console', 'cloud:aws', 'reseller:acme')),
      client,
      model: fc.constantFrom('claude-sonnet-4', 'gpt-5', 'model-x', 'm'),
      endpoint: fc.oneof(fc.constantFrom('openai.chat', 'openai.responses', 'anthropic.messages'), textArbitrary(12)),
      request,
      response,
      usage,
      latency_ms: opt(finiteDouble(0, 1e7)),
      extra,
    })
    .map(({ extra: x, ...r }) => compact({ ...x, ...r }) as ExchangeRecord);
}

export interface ExchangeLogOptions extends ExchangeArbitraryOptions {
  minLength?: number;
  maxLength?: number;
  /** Largest step back in time from the newest record so far (default 5 min: the spec's limit). */
  maxDisorderMs?: number;
  /** Largest step forward (default 1 hour). */
  maxStepMs?: number;
}

/**
 * A log of exchanges as a spec v1 file may hold it: each `ts` is at most `maxDisorderMs` before the
 * newest one so far (steps of exactly -maxDisorderMs and 0 are favoured, to hit the boundaries).
 */
export function exchangeLogArbitrary(options: ExchangeLogOptions = {}): fc.Arbitrary<ExchangeRecord[]> {
  const window = options.maxDisorderMs ?? DEFAULT_MAX_DISORDER_MS;
  const step = options.maxStepMs ?? 3_600_000;
  const delta = fc.oneof(
    fc.constant(-window),
    fc.constant(0),
    fc.integer({ min: -window, max: step }),
    fc.integer({ min: 0, max: 1000 }),
  );
  return fc
    .tuple(
      fc.date({ min: new Date('2000-01-01T00:00:00.000Z'), max: new Date('2090-01-01T00:00:00.000Z'), noInvalidDate: true }),
      fc.array(fc.tuple(exchangeRecordArbitrary(options), delta), {
        minLength: options.minLength ?? 0,
        maxLength: options.maxLength ?? 20,
      }),
    )
    .map(([start, items]) => {
      let newest = start.getTime();
      return items.map(([record, d]) => {
        const t = newest + d;
        if (t > newest) newest = t;
        return { ...record, ts: new Date(t).toISOString() };
      });
    });
}

/** A valid spec v1 account record. */
export function accountRecordArbitrary(): fc.Arbitrary<AccountRecord> {
  const upper = fc.integer({ min: 65, max: 90 }).map((c) => String.fromCharCode(c));
  return fc
    .record({
      account_id: idArbitrary('acct'),
      created_at: fc.date({ min: new Date('2000-01-01T00:00:00.000Z'), max: new Date('2100-01-01T00:00:00.000Z'), noInvalidDate: true }).map((d) => d.toISOString()),
      org_id: opt(idArbitrary('org')),
      email_domain: opt(fc.domain()),
      payment_fp: opt(fc.stringMatching(/^[0-9a-f]{16}$/)),
      billing_country: opt(fc.tuple(upper, upper).map(([a, b]) => a + b)),
      signup_ip: opt(fc.ipV4()),
      verification: opt(fc.constantFrom('none' as const, 'email' as const, 'phone' as const, 'id' as const, 'business' as const)),
      program: opt(fc.constantFrom('education', 'research', 'startup', 'enterprise', 'reseller')),
    })
    .map(compact);
}

/** A valid spec v1 label record. */
export function labelRecordArbitrary(): fc.Arbitrary<LabelRecord> {
  return fc.record(
    {
      account_id: idArbitrary('acct'),
      label: fc.constantFrom('benign' as const, 'distillation' as const),
      campaign: fc.option(idArbitrary('camp'), { nil: null }),
      archetype: textArbitrary(20),
    },
    PLAIN,
  );
}

/** A byte stream that delivers `bytes` in chunks of the given sizes (cycled; sizes ≤ 0 count as 1). */
export async function* chunkedStream(bytes: Uint8Array, sizes: readonly number[]): AsyncGenerator<Uint8Array, void, undefined> {
  let pos = 0;
  let i = 0;
  while (pos < bytes.length) {
    const size = Math.max(1, sizes.length === 0 ? bytes.length : sizes[i++ % sizes.length]!);
    yield bytes.subarray(pos, pos + size);
    pos += size;
  }
}

/** Chunk sizes for `chunkedStream`, from single bytes to large blocks. */
export function chunkSizesArbitrary(): fc.Arbitrary<number[]> {
  return fc.array(fc.oneof(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 70_000 })), { minLength: 1, maxLength: 12 });
}
