/** The `distillguard enforce` commands and `serve --policy`, run as a user would. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { SqliteStore } from '../store/sqlite-store.js';
import { runCli } from '../testing/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'dg-enforce-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('distillguard enforce (CLI)', () => {
  it('checks policies, and serve refuses to start on a malformed one, naming file and line', async () => {
    writeFileSync(join(dir, 'bad.yaml'), 'version: 1\nrisk:\n  - name: block\n    when: { accountScore: 0.9 }\n    action: ban\n');
    const check = await runCli(['enforce', 'check-policy', 'bad.yaml'], { cwd: dir });
    assert.equal(check.code, 1);
    assert.match(check.stderr, /bad\.yaml:5: risk\[0\]\.action: must be one of "monitor", "throttle"/);
    const serve = await runCli(['serve', '--db', 'serve.db', '--port', '0', '--policy', 'bad.yaml', '--log-level', 'silent'], { cwd: dir });
    assert.equal(serve.code, 1);
    assert.match(serve.stderr, /bad\.yaml:5: risk\[0\]\.action: must be one of/);
  });

  it('blocks, explains, lists, unblocks and allowlists against a database, with the audit trail', async () => {
    const db = join(dir, 'ops.db');
    const run = (...args: string[]) => runCli([...args, '--db', db], { cwd: dir });
    const setup = await SqliteStore.open({ path: db });
    await setup.upsertAccount({ account_id: 'acme', created_at: '2026-05-01T00:00:00.000Z', verification: 'email' });
    await setup.close();
    const both = await run('enforce', 'block', '--account', 'acme', '--campaign', 'c', '--reason', 'x');
    assert.match(both.stderr, /exactly one of --account or --campaign/);

    const block = await run('enforce', 'block', '--account', 'acme', '--reason', 'template farm, ticket 12', '--actor', 'alice');
    assert.equal(block.code, 0, block.stderr);
    assert.match(block.stdout, /^block account acme \(act_[0-9a-z]+\) by cli:alice\n$/);
    assert.match(block.stderr, /gateways on this database apply it within 500 ms/);

    const explain = await run('enforce', 'explain', '--account', 'acme');
    assert.equal(explain.code, 0, explain.stderr);
    assert.match(explain.stdout, /^account acme: account_blocked — This account is blocked \(reference action:act_/);
    assert.match(explain.stdout, /action block account acme .* by cli:alice .*: template farm, ticket 12/);

    const unblock = await run('enforce', 'unblock', '--account', 'acme', '--reason', 'appeal accepted');
    assert.equal(unblock.code, 0, unblock.stderr);
    const listed = await run('enforce', 'actions', '--account', 'acme', '--json');
    const actions = listed.stdout.trim().split('\n').map((l) => JSON.parse(l) as { kind: string; revokedBy: string | null });
    assert.deepEqual(actions.map((a) => [a.kind, a.revokedBy]), [['unblock', null], ['block', 'cli']]);

    const store = await SqliteStore.open({ path: db });
    const keyId = (await store.listApiKeys()).at(0)?.keyId;
    const audit = await store.listAudit({ targetId: 'acme' });
    await store.close();
    assert.deepEqual(audit.map((e) => e.action).slice(0, 3), ['enforce.unblock', 'enforce.revoke', 'enforce.block']);
    assert.equal(keyId, undefined, 'no key yet');
    writeFileSync(join(dir, 'system.txt'), 'You are the Acme support assistant.');
    const allow = await run('enforce', 'allowlist', '--account', 'acme', '--system-prompt-file', 'system.txt', '--reason', 'production support bot');
    assert.equal(allow.code, 0, allow.stderr);
    assert.match(allow.stdout, /allowlist application acme\/system:[0-9a-f]{64}/);
  });

  it('publishes a scan\'s verdicts, validated line by line, with the policy\'s measures recorded', async () => {
    const db = join(dir, 'scan.db');
    const run = (...args: string[]) => runCli([...args, '--db', db], { cwd: dir });
    const setup = await SqliteStore.open({ path: db });
    await setup.upsertAccount({ account_id: 'farm_1', created_at: '2026-05-01T00:00:00.000Z' });
    await setup.close();
    writeFileSync(join(dir, 'policy.yaml'), 'version: 1\nrisk:\n  - { name: withhold, when: { accountScore: 0.7 }, action: withhold_reasoning }\n');
    writeFileSync(join(dir, 'accounts.jsonl'), `${JSON.stringify({ account_id: 'farm_1', score: 0.82, flagged: true, first_flagged_at: '2026-05-01T00:00:00.000Z', campaign_id: null, reasons: [{ signal: 'cot', weight: 0.8, detail: 'asks for the trace' }] })}\n{"account_id": "broken"}\n`);
    const bad = await run('enforce', 'publish', '--verdicts', 'accounts.jsonl');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /accounts\.jsonl:2:/);
    writeFileSync(join(dir, 'accounts.jsonl'), `${JSON.stringify({ account_id: 'farm_1', score: 0.82, flagged: true, first_flagged_at: '2026-05-01T00:00:00.000Z', campaign_id: null, reasons: [{ signal: 'cot', weight: 0.8, detail: 'asks for the trace' }] })}\n`);
    const published = await run('enforce', 'publish', '--verdicts', 'accounts.jsonl', '--policy', 'policy.yaml');
    assert.equal(published.code, 0, published.stderr);
    assert.match(published.stdout, /published 1 verdicts and 0 campaigns/);
    const store = await SqliteStore.open({ path: db });
    const recorded = await store.listActions({ targetType: 'account', targetId: 'farm_1' });
    assert.equal((await store.listVerdicts({ accountId: 'farm_1' }))[0]?.score, 0.82);
    await store.close();
    assert.deepEqual(recorded.map((a) => [a.actor, a.kind]), [['policy:withhold', 'withhold_reasoning']]);
    assert.match(recorded[0]!.reason, /account score 0\.82 ≥ 0\.7/);
    const explain = await run('enforce', 'explain', '--account', 'farm_1', '--policy', 'policy.yaml');
    assert.match(explain.stdout, /^account farm_1: served, reasoning none/);
    assert.match(explain.stdout, /verdict score 0\.82 \(flagged\)/);
  });
});
