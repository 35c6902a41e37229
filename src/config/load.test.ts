import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isDistillguardError } from '../errors.js';
import { loadConfig } from './load.js';

const dir = mkdtempSync(join(tmpdir(), 'dg-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const failsWith = (fn: () => unknown, pattern: RegExp, line?: number): void => {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isDistillguardError(e), String(e));
    assert.match(e.describe(), pattern);
    if (line !== undefined) assert.equal(e.location?.line, line);
    return true;
  });
};

describe('config loading', () => {
  it('has secure, zero-setup defaults', () => {
    const config = loadConfig({ env: {} });
    assert.equal(config.server.host, '127.0.0.1');
    assert.deepEqual(config.server.trustedProxies, []);
    assert.equal(config.store.path, 'distillguard.db');
    assert.equal(config.logging.includeText, false);
    assert.deepEqual(config.upstreams, []);
  });

  it('layers file < environment < overrides, and fills upstream defaults', () => {
    const path = file('layers.yaml', [
      'server:', '  port: 9001', '  trustedProxies: [10.0.0.0/8]',
      'upstreams:', '  - name: claude', '    baseUrl: http://anthropic.internal/v1', '    protocols: [anthropic.messages]', '    models: ["claude-*"]',
      '  - baseUrl: http://openai.internal', '    apiKeyEnv: OPENAI_KEY',
      'retention:', '  keepText: false',
    ].join('\n'));
    const config = loadConfig({ file: path, env: { DISTILLGUARD_PORT: '9002', DISTILLGUARD_RETENTION_DAYS: '7' }, overrides: { store: { path: ':memory:' } } });
    assert.equal(config.server.port, 9002);
    assert.deepEqual(config.server.trustedProxies, ['10.0.0.0/8']);
    assert.equal(config.retention.keepText, false);
    assert.equal(config.retention.exchangeDays, 7);
    assert.equal(config.store.path, ':memory:');
    assert.equal(config.upstreams[0]!.name, 'claude');
    assert.deepEqual(config.upstreams[0]!.models, ['claude-*']);
    assert.equal(config.upstreams[1]!.name, 'upstream-1');
    assert.equal(config.upstreams[1]!.apiKeyEnv, 'OPENAI_KEY');
    assert.deepEqual(config.upstreams[1]!.protocols, ['openai.chat', 'openai.responses', 'anthropic.messages']);
    const fromEnv = loadConfig({ env: { DISTILLGUARD_UPSTREAM: 'http://sim:9000', DISTILLGUARD_TRUSTED_PROXIES: '127.0.0.1, 10.1.0.0/16' } });
    assert.equal(fromEnv.upstreams[0]!.baseUrl, 'http://sim:9000');
    assert.deepEqual(fromEnv.server.trustedProxies, ['127.0.0.1', '10.1.0.0/16']);
  });

  it('names the file and line of every mistake', () => {
    failsWith(() => loadConfig({ file: file('a.yaml', 'server:\n  port: "eighty"\n'), env: {} }), /a\.yaml:2: server\.port must be integer/, 2);
    failsWith(() => loadConfig({ file: file('b.yaml', 'server:\n  port: 80\nlogging:\n  level: loud\n'), env: {} }), /b\.yaml:4: logging\.level must be one of/, 4);
    failsWith(() => loadConfig({ file: file('c.yaml', 'upstreams:\n  - name: x\n    baseUrl: ftp://nope\n'), env: {} }), /c\.yaml:3: upstreams\[0\]\.baseUrl must match/, 3);
    failsWith(() => loadConfig({ file: file('d.yaml', 'server: [unclosed\n'), env: {} }), /d\.yaml:\d+: not valid YAML/);
    failsWith(() => loadConfig({ file: join(dir, 'missing.yaml'), env: {} }), /missing\.yaml: cannot read config file/);
    failsWith(() => loadConfig({ file: file('f.yaml', 'detection:\n  live: true\n  sharedEgressAccounts: -1\n'), env: {} }), /f\.yaml:3: detection\.sharedEgressAccounts must be >= 0/, 3);
    failsWith(() => loadConfig({ file: file('g.yaml', 'detection:\n  sharedEgressAccounts: 2.5\n'), env: {} }), /g\.yaml:2: detection\.sharedEgressAccounts must be integer/, 2);
    failsWith(() => loadConfig({ file: file('e.yaml', 'upstreams:\n  - baseUrl: http://a\n    name: x\n  - baseUrl: http://b\n    name: x\n'), env: {} }), /two upstreams are named "x"/);
  });

  it('loads the documented example config (so the example stays true)', () => {
    const config = loadConfig({ file: join(import.meta.dirname, '..', '..', 'distillguard.example.yaml'), env: {} });
    assert.deepEqual(config.upstreams.map((u) => u.name), ['anthropic', 'openai']);
    assert.equal(config.retention.keepText, true);
    assert.equal(config.detection.sharedEgressAccounts, 3);
  });

  it('names the environment variable of a bad override', () => {
    failsWith(() => loadConfig({ env: { DISTILLGUARD_PORT: '80a' } }), /DISTILLGUARD_PORT: expected a whole number/);
    failsWith(() => loadConfig({ env: { DISTILLGUARD_KEEP_TEXT: 'perhaps' } }), /DISTILLGUARD_KEEP_TEXT: expected true or false/);
    failsWith(() => loadConfig({ env: { DISTILLGUARD_LOG_LEVEL: 'loud' } }), /environment variable DISTILLGUARD_LOG_LEVEL.*logging\.level must be one of|logging\.level must be one of/);
  });
});
