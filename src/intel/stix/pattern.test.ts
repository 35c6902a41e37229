import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parsePattern, PatternSyntaxError } from './pattern.js';
import { clientStackPattern, prefixPattern, readPattern, templatePattern } from './patterns.js';
import { STIX_SCHEMA_DIR } from './schema.js';

describe('STIX patterns', () => {
  it('parses every pattern of the OASIS examples', () => {
    const examples = join(STIX_SCHEMA_DIR, '../../../shared/spec/stix2.1/examples');
    let dir: string[] = [];
    try { dir = readdirSync(examples); } catch { /* no ../shared beside the checkout */ }
    const patterns: string[] = [];
    for (const name of [...dir.filter((f) => f.endsWith('.json')), 'threat-reports/apt1.json', 'threat-reports/poisonivy.json']) {
      if (dir.length === 0) break;
      const text = readFileSync(join(examples, name), 'utf8');
      for (const match of text.matchAll(/"pattern": "((?:[^"\\]|\\.)*)"/g)) patterns.push(JSON.parse(`"${match[1]}"`) as string);
    }
    for (const pattern of patterns) assert.doesNotThrow(() => parsePattern(pattern), pattern);
    for (const pattern of [
      "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f'] REPEATS 5 TIMES WITHIN 1800 SECONDS",
      "([ipv4-addr:value = '1.2.3.4'] AND [domain-name:value LIKE '%.example']) FOLLOWEDBY [x-foo:bar[*].baz NOT IN (1, -2, 3.5, true, h'ab', b'AAAA', t'2026-01-01T00:00:00Z')]",
      "[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' MATCHES '^curl/'] START t'2026-01-01T00:00:00Z' STOP t'2026-02-01T00:00:00.5Z'",
      '[x-a:b = 1 /* comment */] // end',
    ]) assert.doesNotThrow(() => parsePattern(pattern), pattern);
  });

  it('refuses what the grammar does not allow, saying where', () => {
    const cases: Array<[string, RegExp]> = [
      ["[ipv4-addr:value = '1.2.3.4'", /expected '\]'/],
      ["ipv4-addr:value = '1.2.3.4'", /expected '\[' or '\('/],
      ["[ipv4-addr:value = '1.2.3.4'] WITHIN -5 SECONDS", /positive number of seconds/],
      ["[a-b:c = 'x'] REPEATS 2 TIMES REPEATS 3 TIMES", /only one REPEATS/],
      ["[file:name = 'a\\n']", /escapes/],
      ["[file:name = 'unterminated]", /unterminated string/],
      ["[file:size > true]", /cannot be ordered/],
      ['[File:name = 1]', /not a valid STIX object type/],
      ["[file:a-b = 1]", /hyphenated name must be quoted/],
      ["[abc:y = 1] START t'2026-02-01T00:00:00Z' STOP t'2026-01-01T00:00:00Z'", /STOP must be later/],
      ["[abc:y MATCHES '(']", /valid regular expression/],
      ['[abc:y = 1] @', /unexpected character/],
      [`[abc:y IN (${Array.from({ length: 5000 }, (_, i) => i).join(',')})]`, /more than 4096/],
      [`${'('.repeat(40)}[abc:y = 1]${')'.repeat(40)}`, /nested more than 32/],
    ];
    for (const [pattern, message] of cases) {
      assert.throws(() => parsePattern(pattern), (e: unknown) => e instanceof PatternSyntaxError && message.test(e.message), pattern.slice(0, 60));
    }
  });

  it('reads back what distillguard writes, and says why other patterns are not matched', () => {
    assert.deepEqual(readPattern(prefixPattern('203.0.113.0/24')), { ok: true, specs: [{ kind: 'ip_prefix', family: 4, network: '203.0.113.0', bits: 24 }] });
    assert.deepEqual(readPattern(prefixPattern('2001:db8:77::/48')), { ok: true, specs: [{ kind: 'ip_prefix', family: 6, network: '2001:db8:77::/48', bits: 48 }] });
    assert.deepEqual(readPattern(clientStackPattern({ asn: 64500, userAgent: "it's/1.0", tlsFingerprint: 't13' })),
      { ok: true, specs: [{ kind: 'client_stack', asn: 64500, userAgent: "it's/1.0", tlsFingerprint: 't13' }] });
    assert.deepEqual(readPattern(templatePattern(['00112233445566ff', 'aabbccddeeff0011'])), { ok: true, specs: [{ kind: 'template', digests: ['00112233445566ff', 'aabbccddeeff0011'] }] });
    assert.deepEqual(readPattern("[ipv4-addr:value = '10.1.2.3'] OR [ipv4-addr:value = '10.9.0.0/16']"),
      { ok: true, specs: [{ kind: 'ip_prefix', family: 4, network: '10.1.2.3', bits: 32 }, { kind: 'ip_prefix', family: 4, network: '10.9.0.0', bits: 16 }] });
    assert.match((readPattern("[domain-name:value = 'x.example']") as { reason: string }).reason, /not something distillguard matches/);
    assert.match((readPattern("[ipv4-addr:value = '1.2.3.4'] WITHIN 5 SECONDS") as { reason: string }).reason, /qualifiers/);
    assert.match((readPattern("[ipv4-addr:value = '1.2.3.4'] AND [ipv4-addr:value = '5.6.7.8']") as { reason: string }).reason, /AND between observations/);
    assert.match((readPattern("[ipv6-addr:value ISSUBSET '2001:db8::/50']") as { reason: string }).reason, /not matchable/);
    assert.match((readPattern("[ipv4-addr:value ISSUBSET '0.0.0.0/0']") as { reason: string }).reason, /too broad/);
  });
});
