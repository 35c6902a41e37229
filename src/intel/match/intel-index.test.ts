import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { frameShingles } from '../../detect/text.js';
import { SqliteStore } from '../../store/sqlite-store.js';
import type { StoredIntelIndicator } from '../../store/types.js';
import { makeAccount, makeExchange } from '../../testing/fixtures.js';
import { TEMPLATE_PROMPT, testKey } from '../../testing/intel-fixtures.js';
import type { MatchSpec } from '../stix/patterns.js';
import { IntelIndex } from './intel-index.js';
import { StoreIntelMatcher } from './store-matcher.js';

const key = testKey();

function indicator(id: string, specs: MatchSpec[], extra: Partial<StoredIntelIndicator> & { minMatches?: number } = {}): StoredIntelIndicator {
  const { minMatches, ...rest } = extra;
  return {
    indicatorId: `indicator--${id}`, sourceId: 'identity--a', source: 'Provider A', modified: '2026-02-01T00:00:00.000Z', kind: specs[0]!.kind,
    validFrom: '2026-01-01T00:00:00.000Z', validUntil: '2030-01-01T00:00:00.000Z', importedAt: '2026-02-01T00:00:00.000Z',
    confidence: 0.8, trust: 1, data: { specs, report: 'campaign X', ...(minMatches === undefined ? {} : { minMatches }) }, ...rest,
  };
}

const exchange = (ip: string, client: Record<string, unknown> = {}) => makeExchange({ client: { ip, ...client } });

describe('IntelIndex (imported indicators as live evidence)', () => {
  it('matches address prefixes of any length, IPv4 and IPv6, on requests and sign-ups', () => {
    const index = new IntelIndex([
      indicator('1', [{ kind: 'ip_prefix', family: 4, network: '203.0.113.0', bits: 24 }]),
      indicator('2', [{ kind: 'ip_prefix', family: 4, network: '10.0.0.0', bits: 8 }]),
      indicator('3', [{ kind: 'ip_prefix', family: 6, network: '2001:db8:77::/48', bits: 48 }]),
    ], key);
    const none = new Uint32Array();
    assert.deepEqual(index.matchExchange(exchange('203.0.113.99'), none).map((m) => [m.indicatorId, m.detail]), [['indicator--1', 'request from address range 203.0.113.0/24']]);
    assert.equal(index.matchExchange(exchange('203.0.114.1'), none).length, 0);
    assert.equal(index.matchExchange(exchange('10.200.3.4'), none)[0]?.indicatorId, 'indicator--2');
    assert.equal(index.matchExchange(exchange('2001:db8:77:1::5'), none)[0]?.indicatorId, 'indicator--3');
    assert.equal(index.matchExchange(exchange('2001:db8:78::5'), none).length, 0);
    assert.equal(index.matchExchange(exchange('not-an-ip'), none).length, 0);
    const signup = index.matchAccount(makeAccount({ signup_ip: '203.0.113.7' }));
    assert.deepEqual(signup.map((m) => [m.source, m.report, m.confidence]), [['Provider A', 'campaign X', 0.8]]);
  });

  it('matches client stacks on every part the indicator names', () => {
    const index = new IntelIndex([
      indicator('full', [{ kind: 'client_stack', asn: 64500, userAgent: 'httpx/0.27', tlsFingerprint: 't13' }]),
      indicator('ua', [{ kind: 'client_stack', userAgent: 'evil-bot/1' }]),
    ], key);
    const none = new Uint32Array();
    assert.equal(index.matchExchange(exchange('1.1.1.1', { asn: 64500, user_agent: 'httpx/0.27', tls_fp: 't13' }), none)[0]?.indicatorId, 'indicator--full');
    assert.equal(index.matchExchange(exchange('1.1.1.1', { asn: 64501, user_agent: 'httpx/0.27', tls_fp: 't13' }), none).length, 0);
    assert.equal(index.matchExchange(exchange('1.1.1.1', { asn: 1, user_agent: 'evil-bot/1' }), none)[0]?.indicatorId, 'indicator--ua');
  });

  it('matches payment and e-mail-domain fingerprints keyed by the shared key only', () => {
    const index = new IntelIndex([
      indicator('pay', [{ kind: 'payment_fp', hmac: key.fingerprint('payment_fp', 'pm_card_1') }]),
      indicator('mail', [{ kind: 'email_domain', hmac: key.fingerprint('email_domain', 'mule.example') }]),
    ], key);
    assert.equal(index.matchAccount(makeAccount({ payment_fp: 'pm_card_1', email_domain: 'other.example' }))[0]?.indicatorId, 'indicator--pay');
    assert.equal(index.matchAccount(makeAccount({ payment_fp: 'pm_card_2', email_domain: 'MULE.example.' }))[0]?.indicatorId, 'indicator--mail');
    assert.equal(index.matchAccount(makeAccount({ payment_fp: 'pm_card_2' })).length, 0);
    const withoutKey = new IntelIndex([indicator('pay', [{ kind: 'payment_fp', hmac: key.fingerprint('payment_fp', 'pm_card_1') }])], null);
    assert.equal(withoutKey.matchAccount(makeAccount({ payment_fp: 'pm_card_1' })).length, 0);
  });

  it('matches a template fingerprint when enough of its digests occur in one prompt, whatever fills the slot', () => {
    const digester = key.templateDigester();
    const digests = [...frameShingles(TEMPLATE_PROMPT, undefined)].map((s) => digester.hex(s));
    const index = new IntelIndex([indicator('tpl', [{ kind: 'template', digests }], { minMatches: 3 })], key);
    const filled = TEMPLATE_PROMPT.replace('what is 17 times 23?', 'how many primes are below 100?');
    const hits = index.matchExchange(exchange('1.1.1.1'), frameShingles(filled, undefined));
    assert.equal(hits.length, 1, 'one match per indicator, not one per digest');
    assert.match(hits[0]!.detail, /3 of the \d+ frame digests/);
    assert.equal(index.matchExchange(exchange('1.1.1.1'), frameShingles('Explain TCP slow start to a beginner, with an example.', undefined)).length, 0);
    const otherKey = new IntelIndex([indicator('tpl', [{ kind: 'template', digests }], { minMatches: 3 })], null);
    assert.equal(otherKey.matchExchange(exchange('1.1.1.1'), frameShingles(filled, undefined)).length, 0);
  });

  it('follows the store: new imports are picked up, expired and aged-out indicators are dropped', async () => {
    const store = await SqliteStore.open({ path: ':memory:' });
    let now = Date.parse('2026-02-10T00:00:00.000Z');
    const matcher = new StoreIntelMatcher(store, key, { maxAgeDays: 30, now: () => now });
    await matcher.refresh();
    assert.equal(matcher.size, 0);
    const prefix = (id: string, network: string, validUntil: string) =>
      indicator(id, [{ kind: 'ip_prefix', family: 4, network, bits: 24 }], { validUntil, importedAt: '2026-02-09T00:00:00.000Z' });
    await store.importIntel({
      sourceId: 'identity--a', source: 'Provider A', bundleId: 'bundle--1', origin: 'test', at: '2026-02-09T00:00:00.000Z', summary: {},
      indicators: [prefix('soon', '198.51.100.0', '2026-02-12T00:00:00.000Z'), prefix('later', '203.0.113.0', '2027-01-01T00:00:00.000Z')],
    });
    assert.equal(await matcher.refresh(), true);
    assert.equal(matcher.size, 2);
    assert.equal(await matcher.refresh(), false, 'nothing changed: no rebuild');
    now = Date.parse('2026-02-13T00:00:00.000Z');
    await matcher.refresh();
    assert.equal(matcher.size, 1, 'valid_until passed');
    assert.equal(matcher.matchExchange(exchange('198.51.100.1'), new Uint32Array()).length, 0);
    now = Date.parse('2026-03-12T00:00:00.000Z');
    await matcher.refresh();
    assert.equal(matcher.size, 0, 'older than maxAgeDays since import');
    await store.close();
  });
});
