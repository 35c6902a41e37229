import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DistillguardError } from '../errors.js';
import { accountRecordArbitrary, exchangeRecordArbitrary, labelRecordArbitrary } from './arbitraries.js';
import type { ExchangeRecord } from './types.js';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { isDateTime, parseTime } from './time.js';
import {
  assertAccountVerdict,
  assertCampaignRecord,
  assertExchangeRecord,
  formatJsonPath,
  isExchangeRecord,
  isRecord,
  validateRecord,
} from './validate.js';

const ex: ExchangeRecord = {
  id: 'ex_1',
  ts: '2026-04-22T09:15:02.123Z',
  account_id: 'acct_1',
  client: { ip: '192.0.2.1' },
  model: 'm',
  endpoint: 'openai.chat',
  request: { messages: [{ role: 'user', content: 'hi' }] },
  response: { status: 200 },
  usage: { input_tokens: 1, output_tokens: 2 },
};
const accountVerdict = { account_id: 'a', score: 0.5, flagged: true, first_flagged_at: null, campaign_id: null, reasons: [{ signal: 's', weight: 1, detail: 'd' }] };
const campaign = { campaign_id: 'c', accounts: ['a'], first_seen: '2026-04-22T09:15:02.123Z', detected_at: '2026-04-22T09:16:02.123Z', score: 0.9, summary: 's', indicators: [{ type: 'asn', value: '1' }] };

function reason(kind: Parameters<typeof validateRecord>[0], value: unknown): string {
  const r = validateRecord(kind, value);
  assert.equal(r.ok, false, `expected ${JSON.stringify(value)} to be invalid`);
  return (r as { reason: string }).reason;
}

describe('validateRecord', () => {
  it('accepts valid records of every kind', () => {
    assert.deepEqual(validateRecord('exchange', ex), { ok: true });
    assert.deepEqual(validateRecord('account', { account_id: 'a', created_at: '2026-01-01T00:00:00.000Z', verification: 'phone' }), { ok: true });
    assert.deepEqual(validateRecord('label', { account_id: 'a', label: 'benign', campaign: null, archetype: 'x' }), { ok: true });
    assert.deepEqual(validateRecord('classify', { id: 'p', text: 't' }), { ok: true });
    assert.deepEqual(validateRecord('classify-output', { id: 'p', jailbreak: 0, cot_extraction: 1 }), { ok: true });
    assert.deepEqual(validateRecord('verdict', accountVerdict), { ok: true });
    assert.deepEqual(validateRecord('verdict', campaign), { ok: true });
    assert.deepEqual(validateRecord('verdict-account', accountVerdict), { ok: true });
    assert.deepEqual(validateRecord('verdict-campaign', campaign), { ok: true });
  });

  it('names the JSON path and the problem', () => {
    assert.equal(reason('exchange', { ...ex, client: { ip: 5 } }), 'client.ip: must be string');
    const { usage: _u, ...noUsage } = ex;
    assert.equal(reason('exchange', noUsage), 'missing required field usage');
    assert.equal(reason('exchange', { ...ex, client: {} }), 'missing required field client.ip');
    assert.equal(reason('exchange', { ...ex, request: { messages: [{ role: 'bot', content: 'x' }] } }), 'request.messages[0].role: must be one of "user", "assistant", "tool"');
    assert.equal(reason('exchange', { ...ex, request: { messages: [{ role: 'user', content: 'x' }, { role: 'user' }] } }), 'missing required field request.messages[1].content');
    assert.equal(reason('exchange', { ...ex, client: { ip: '1', country: 'us' } }), 'client.country: must match ^[A-Z]{2}$');
    assert.equal(reason('exchange', { ...ex, usage: { input_tokens: 1.5, output_tokens: 0 } }), 'usage.input_tokens: must be integer');
    assert.equal(reason('exchange', []), 'record must be an object');
    assert.equal(reason('label', { account_id: 'a', label: 'benign', campaign: 3, archetype: 'x' }), 'campaign: must be string or null');
    assert.equal(reason('classify', { id: 'p' }), 'missing required field text');
    assert.equal(reason('classify-output', { id: 'p', jailbreak: 2, cot_extraction: 0 }), 'jailbreak: must be <= 1');
  });

  it('requires real dates beyond the format', () => {
    assert.match(reason('exchange', { ...ex, ts: '2026-02-30T10:00:00Z' }), /^ts: must be an RFC 3339 date-time/);
    assert.match(reason('exchange', { ...ex, ts: 'yesterday' }), /^ts: must be an RFC 3339 date-time/);
    assert.match(reason('exchange', { ...ex, ts: '2026-04-22T23:59:60Z' }), /^ts: .* is not a representable date and time$/);
    assert.match(reason('account', { account_id: 'a', created_at: '2026-04-22T10:00:00+01' }), /^created_at: /);
    assert.deepEqual(validateRecord('exchange', { ...ex, ts: '2026-04-22T11:15:02+02:00' }), { ok: true });
  });

  it('explains verdict lines by the shape they are meant to have', () => {
    assert.equal(reason('verdict', { ...accountVerdict, first_flagged_at: 'never' }), 'account verdict: first_flagged_at: must be an RFC 3339 date-time such as 2026-04-22T09:15:02.123Z, or must be null');
    assert.equal(reason('verdict', { ...campaign, accounts: [] }), 'campaign verdict: accounts: must NOT have fewer than 1 items');
    assert.match(reason('verdict', { ...accountVerdict, ...campaign }), /matches both/);
    assert.match(reason('verdict', { ...campaign, detected_at: '2026-04-22T23:59:60Z' }), /^detected_at: /);
  });

  it('accepts what the arbitraries generate', () => {
    fc.assert(fc.property(exchangeRecordArbitrary(), (r) => isExchangeRecord(r)), { numRuns: 300 });
    fc.assert(fc.property(accountRecordArbitrary(), (r) => isRecord('account', r)), { numRuns: 100 });
    fc.assert(fc.property(labelRecordArbitrary(), (r) => isRecord('label', r)), { numRuns: 100 });
  });

  it('rejects unknown kinds', () => {
    assert.throws(() => validateRecord('nope' as 'exchange', {}), TypeError);
  });
});

describe('asserts', () => {
  it('throw RECORD_MALFORMED with the location and reason', () => {
    assert.doesNotThrow(() => assertExchangeRecord(ex));
    try {
      assertExchangeRecord({ ...ex, response: { status: 42 } }, { file: 'f.jsonl', line: 7 });
      assert.fail('no error');
    } catch (err) {
      assert.ok(err instanceof DistillguardError);
      assert.equal(err.code, 'RECORD_MALFORMED');
      assert.deepEqual(err.location, { file: 'f.jsonl', line: 7 });
      assert.equal(err.message, 'not a valid exchange record: response.status: must be >= 100');
      assert.match(err.hint ?? '', /exchange\.v1\.schema\.json/);
    }
    assert.throws(() => assertCampaignRecord(accountVerdict), { code: 'RECORD_MALFORMED' });
    assert.doesNotThrow(() => assertAccountVerdict(accountVerdict));
  });
});

describe('formatJsonPath', () => {
  it('formats JSON pointers as dotted paths', () => {
    assert.equal(formatJsonPath(''), '');
    assert.equal(formatJsonPath('/request/messages/0/role'), 'request.messages[0].role');
    assert.equal(formatJsonPath('/a~1b/c d/~0'), '["a/b"]["c d"]["~"]');
  });
});

describe('time fast paths', () => {
  const reference = (fullFormats['date-time'] as { validate: (s: string) => boolean }).validate;
  const digits = (n: number) => fc.array(fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '9'), { minLength: n, maxLength: n }).map((a) => a.join(''));
  const near = fc
    .tuple(
      fc.oneof(digits(4), fc.constantFrom('2026', '2024', '2000', '1900', '0099', '0000', '9999')),
      digits(2),
      digits(2),
      fc.constantFrom('T', 'T', 'T', 't', ' ', 'X'),
      digits(2),
      digits(2),
      digits(2),
      fc.constantFrom('', '.1', '.12', '.123', '.1234567', '.'),
      fc.constantFrom('Z', 'Z', 'Z', 'z', '+01:00', '-0530', '', 'ZZ'),
    )
    .map(([y, mo, d, sep, h, mi, s, frac, tz]) => `${y}-${mo}-${d}${sep}${h}:${mi}:${s}${frac}${tz}`);
  it('parseTime equals Date.parse', () => {
    fc.assert(fc.property(fc.oneof(near, fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.string()), (s) => Object.is(parseTime(s), Date.parse(s))), { numRuns: 5000 });
  });
  it('isDateTime agrees with ajv-formats full date-time', () => {
    fc.assert(fc.property(fc.oneof(near, fc.string()), (s) => isDateTime(s) === reference(s)), { numRuns: 5000 });
    for (const s of ['2024-02-29T00:00:00Z', '2023-02-29T00:00:00Z', '2026-04-22T23:59:60Z', '2026-04-22T22:59:60Z', '2026-13-01T00:00:00Z', '2026-04-31T00:00:00.000Z', '2026-04-22T24:00:00Z']) {
      assert.equal(isDateTime(s), reference(s), s);
    }
  });
});
