import type { AccountRecord, ExchangeRecord } from '../records/types.js';

let counter = 0;

/** A valid spec v1 exchange record with overridable fields, for tests. */
export function makeExchange(overrides: Partial<ExchangeRecord> = {}): ExchangeRecord {
  counter += 1;
  return {
    id: `ex_test_${counter}_${Math.random().toString(36).slice(2, 8)}`,
    ts: '2026-04-22T09:15:02.123Z',
    account_id: 'acct_test',
    key_id: 'key_test',
    surface: 'api',
    client: { ip: '203.0.113.7', user_agent: 'test-agent/1.0' },
    model: 'sim-gpt',
    endpoint: 'openai.chat',
    request: { system: 'You are terse.', messages: [{ role: 'user', content: 'What is 2+2?' }], stream: false },
    response: { status: 200, text: 'The answer is 4.', finish_reason: 'stop' },
    usage: { input_tokens: 12, output_tokens: 5 },
    latency_ms: 42.5,
    ...overrides,
  };
}

/** A valid spec v1 account record, for tests. */
export function makeAccount(overrides: Partial<AccountRecord> = {}): AccountRecord {
  return {
    account_id: `acct_${Math.random().toString(36).slice(2, 10)}`,
    created_at: '2026-04-01T00:00:00.000Z',
    verification: 'email',
    program: 'startup',
    email_domain: 'example.com',
    ...overrides,
  };
}
