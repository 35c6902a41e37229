import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isDistillguardError } from '../../errors.js';
import { captureLog } from '../testing/log-capture.js';
import { PolicyHolder } from './holder.js';
import { builtInPolicy, loadPolicyFile, modelMatcher, parsePolicy } from './load.js';

const DEFAULT_POLICY = join(import.meta.dirname, '..', '..', '..', 'policies', 'default.yaml');
const dir = mkdtempSync(join(tmpdir(), 'dg-policy-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Asserts that parsing fails with POLICY_INVALID at `line` and a message matching `pattern`. */
function rejects(text: string, line: number, pattern: RegExp): void {
  assert.throws(() => parsePolicy(text, 'p.yaml'), (error: unknown) => {
    assert.ok(isDistillguardError(error), String(error));
    assert.equal(error.code, 'POLICY_INVALID');
    assert.equal(error.location?.file, 'p.yaml');
    assert.equal(error.location?.line, line, `line of: ${error.describe()}`);
    assert.match(error.message, pattern);
    assert.ok(error.hint && error.hint.length > 10, 'says how to fix it');
    return true;
  });
}

describe('policy: parsing and compiling', () => {
  it('compiles the shipped default policy and resolves tiers by verification and programme', () => {
    const policy = loadPolicyFile(DEFAULT_POLICY);
    assert.equal(policy.mode, 'enforce');
    assert.deepEqual(policy.tiers.map((t) => t.name), ['verified', 'programme-unverified', 'standard']);
    assert.equal(policy.tierFor({ verification: 'id', program: 'education' }).name, 'verified');
    assert.equal(policy.tierFor({ verification: 'email', program: 'education' }).name, 'programme-unverified');
    assert.equal(policy.tierFor({ verification: 'email', program: 'enterprise' }).name, 'standard');
    assert.equal(policy.tierFor({ verification: 'none', program: undefined }).name, 'standard');
    assert.equal(policy.tierFor({ verification: 'email', program: 'education' }), policy.tierFor({ verification: 'email', program: 'education' }), 'memoised');
    const unverified = policy.tiers[1]!;
    assert.deepEqual(unverified.limits, { requestsPerMinute: 60, requestsPerDay: 5000, tokensPerMinute: 150000, tokensPerDay: 3000000 });
    assert.equal(unverified.maxOutputTokens, 16000);
    assert.equal(policy.risk.find((s) => s.name === 'slow-down')?.throttle?.factor, 0.2);
    assert.equal(policy.verification.url, 'https://console.example.com/verify?account={account_id}');
    assert.deepEqual([...policy.verification.satisfiedBy], ['id', 'business']);
    assert.equal(policy.prompts[0]?.reasoning, 'none');
    assert.match(policy.version, /^[0-9a-f]{16}$/);
  });

  it('has a built-in policy with one unlimited tier and nothing else', () => {
    const policy = builtInPolicy();
    assert.equal(policy.tiers.length, 1);
    assert.equal(policy.tiers[0]!.reasoning, 'full');
    assert.deepEqual(policy.tiers[0]!.limits, {});
    assert.ok(policy.tiers[0]!.allowsModel('anything'));
    assert.equal(policy.risk.length + policy.prompts.length, 0);
  });

  it('matches models exactly, by prefix, or all', () => {
    const match = modelMatcher(['gpt-4o', 'claude-*']);
    assert.ok(match('gpt-4o'));
    assert.ok(!match('gpt-4o-mini'));
    assert.ok(match('claude-sonnet-4'));
    assert.ok(modelMatcher(['*'])('x'));
  });

  it('rejects every kind of mistake with the file, the line and a fix', () => {
    rejects('version: 1\ntiers:\n  - name: a\n    reasoning: full: x\n', 4, /not valid YAML/);
    rejects('version: 1\nmode: enforce\nmode: dry_run\n', 3, /not valid YAML: Map keys must be unique/);
    rejects('version: 1\nmode: enforce\nverbose: true\n', 3, /verbose: is not a known policy field/);
    rejects('version: 2\n', 1, /version: must be 1/);
    rejects('version: 1\ntiers:\n  - name: a\n    reasoning: partial\n', 4, /tiers\[0\]\.reasoning: must be one of "full", "summary", "none"/);
    rejects('version: 1\ntiers:\n  - name: a\n    limits:\n      requestsPerMinute: 0\n', 5, /requestsPerMinute: must be >= 1/);
    rejects('version: 1\ntiers:\n  - name: verified\n    match: {verification: [id]}\n', 4, /catch-all without match/);
    rejects('version: 1\ntiers:\n  - name: all\n  - name: x\n', 3, /has no match, so it catches every account/);
    rejects('version: 1\ntiers:\n  - name: a\n    match: {verification: [id]}\n  - name: a\n', 5, /used twice/);
    rejects('version: 1\nrisk:\n  - name: s\n    when: {accountScore: 1.5}\n    action: monitor\n', 4, /accountScore: must be <= 1/);
    rejects('version: 1\nrisk:\n  - name: s\n    when: {accountScore: 0.5}\n    action: throttle\n', 3, /throttles but says not how/);
    rejects('version: 1\nrisk:\n  - name: s\n    when: {accountScore: 0.5}\n    action: monitor\n    throttle: {factor: 0.5}\n', 6, /only apply to action: throttle/);
    rejects('version: 1\nrisk:\n  - name: s\n    when: {accountScore: 0.5}\n    action: block_campaign\n', 4, /block_campaign is decided on the campaign/);
    rejects('version: 1\nrisk:\n  - name: s\n    when: {accountScore: 0.9}\n    action: require_verification\n', 1, /no verification\.url/);
    rejects('version: 1\nrisk:\n  - name: s\n    when: {accountScore: 0.9, tiers: [gold]}\n    action: monitor\n', 4, /names tier "gold", which the policy does not define/);
    rejects('version: 1\nprompts:\n  - name: p\n    when: {tiers: [default]}\n    reasoning: none\n', 4, /no prompt score condition/);
    rejects('version: 1\nprompts:\n  - name: p\n    when: {cotExtraction: 0.9}\n    reasoning: full\n', 5, /must be one of "summary", "none"/);
  });
});

describe('policy: live reload', () => {
  const good = readFileSync(DEFAULT_POLICY, 'utf8');

  it('applies a changed file without a restart, and keeps the old policy when the new one is malformed', async () => {
    const file = join(dir, 'live.yaml');
    writeFileSync(file, good);
    const log = captureLog();
    const holder = new PolicyHolder({ file, logger: log.logger, debounceMs: 20 });
    const changes: string[] = [];
    holder.onChange((p) => changes.push(p.version));
    holder.watch();
    const first = holder.current;
    try {
      writeFileSync(file, good.replace('mode: enforce', 'mode: dry_run'));
      await waitFor(() => holder.current.mode === 'dry_run');
      assert.equal(changes.length, 1);
      const second = holder.current;

      // an editor that writes a temporary file and renames it over the original
      writeFileSync(`${file}.tmp`, good.replace('maxSentences: 3', 'maxSentences: many'));
      renameSync(`${file}.tmp`, file);
      await waitFor(() => log.messages().some((m) => m.includes('reload rejected')));
      assert.equal(holder.current, second, 'the previous policy stays in force');
      const rejected = log.lines.find((l) => String(l.msg).includes('reload rejected'))!;
      assert.equal(rejected.level, 50, 'logged as an error');
      assert.match(String(rejected.msg), new RegExp(`${file.replaceAll('/', '\\/')}:\\d+: summary\\.maxSentences: must be integer`));
      assert.match(holder.lastError!.message, /summary\.maxSentences/);

      writeFileSync(file, good);
      await waitFor(() => holder.current.version === first.version);
      assert.equal(holder.lastError, undefined, 'a good reload clears the error');
    } finally {
      holder.close();
    }
  });

  it('reloads on SIGHUP, and a failed start names the file and line', async () => {
    const file = join(dir, 'hup.yaml');
    writeFileSync(file, good);
    const log = captureLog();
    const holder = new PolicyHolder({ file, logger: log.logger, debounceMs: 5_000 });
    holder.watch();
    try {
      writeFileSync(file, good.replace('mode: enforce', 'mode: dry_run'));
      process.emit('SIGHUP', 'SIGHUP');
      assert.equal(holder.current.mode, 'dry_run', 'SIGHUP reloads at once');
      assert.ok(log.lines.some((l) => l.trigger === 'SIGHUP'));
    } finally {
      holder.close();
    }
    writeFileSync(file, 'version: 1\nrisk: nope\n');
    assert.throws(() => new PolicyHolder({ file, logger: log.logger }), (e: unknown) => isDistillguardError(e) && e.describe().startsWith(`${file}:2: risk: must be array`));
    assert.throws(() => new PolicyHolder({ file: join(dir, 'missing.yaml'), logger: log.logger }), (e: unknown) => isDistillguardError(e) && e.code === 'POLICY_NOT_FOUND');
  });
});

async function waitFor(predicate: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
