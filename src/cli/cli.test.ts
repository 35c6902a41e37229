import { runCli } from '../testing/cli.js';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, describe, it } from 'node:test';
import { validateRecord } from '../records/validate.js';
import { SqliteStore } from '../store/sqlite-store.js';
import { makeExchange } from '../testing/fixtures.js';
import type { ExchangeRecord } from '../records/types.js';

const dir = mkdtempSync(join(tmpdir(), 'dg-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, { cwd: dir, env });

describe('distillguard CLI', () => {
  const db = join(dir, 'cli.db');

  it('keys create creates the account if missing and prints only the secret', async () => {
    const result = await cli(['keys', 'create', '--db', db, '--account', 'acct_cli']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^dgk_[0-9A-Za-z]{40}\n$/);
    const store = await SqliteStore.open({ path: db });
    assert.equal((await store.getAccount('acct_cli'))?.status, 'active');
    const keys = await store.listApiKeys({ accountId: 'acct_cli' });
    await store.close();
    assert.equal(keys.length, 1);
    assert.ok(!readFileSync(db).toString('latin1').includes(result.stdout.trim()), 'the secret is not in the database file');
    const second = await cli(['keys', 'create', '--db', db, '--account', 'acct_cli']);
    assert.notEqual(second.stdout, result.stdout);
  });

  it('lists and revokes keys, and lists, disables and enables accounts', async () => {
    const listed = await cli(['keys', 'list', '--db', db, '--json']);
    const keys = listed.stdout.trim().split('\n').map((l) => JSON.parse(l) as { key_id: string; prefix: string });
    assert.equal(keys.length, 2);
    const revoked = await cli(['keys', 'revoke', '--db', db, keys[0]!.key_id]);
    assert.match(revoked.stdout, /revoked key_/);
    assert.equal((await cli(['keys', 'revoke', '--db', db, 'key_missing'])).code, 1);
    assert.match((await cli(['accounts', 'list', '--db', db])).stdout, /acct_cli\s+active/);
    assert.equal((await cli(['accounts', 'disable', '--db', db, 'acct_cli'])).code, 0);
    assert.match((await cli(['accounts', 'list', '--db', db, '--status', 'disabled'])).stdout, /acct_cli/);
    assert.equal((await cli(['accounts', 'enable', '--db', db, 'acct_cli'])).code, 0);
  });

  it('imports accounts.jsonl and reports a bad line with file and line, importing nothing', async () => {
    const good = join(dir, 'accounts.jsonl');
    writeFileSync(good, [
      JSON.stringify({ account_id: 'imp_a', created_at: '2026-03-01T00:00:00.000Z', program: 'education', verification: 'none' }),
      JSON.stringify({ account_id: 'imp_b', created_at: '2026-03-02T00:00:00.000Z' }),
    ].join('\n') + '\n');
    const imported = await cli(['accounts', 'import', '--db', db, '--in', good]);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /imported 2 account records \(2 new\)/);

    const bad = join(dir, 'bad-accounts.jsonl');
    writeFileSync(bad, [
      JSON.stringify({ account_id: 'imp_c', created_at: '2026-03-01T00:00:00.000Z' }),
      '',
      JSON.stringify({ account_id: 'imp_d', created_at: '2026-03-01T00:00:00.000Z', verification: 'maybe' }),
    ].join('\n') + '\n');
    const failed = await cli(['accounts', 'import', '--db', db, '--in', bad]);
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3: .*verification`));
    const listed = await cli(['accounts', 'list', '--db', db, '--json']);
    assert.ok(!listed.stdout.includes('imp_c'), 'all or nothing');
    assert.equal((await cli(['accounts', 'import', '--db', db, '--in', join(dir, 'missing.jsonl')])).code, 1);
  });

  it('exports recorded exchanges as valid spec v1 records, plain and gzipped', async () => {
    const store = await SqliteStore.open({ path: db });
    const records = [makeExchange({ ts: '2026-04-22T10:00:00.000Z' }), makeExchange({ ts: '2026-04-22T09:00:00.000Z' })];
    await store.insertExchanges(records);
    await store.close();
    const out = join(dir, 'E.jsonl');
    const result = await cli(['export', '--db', db, '--out', out]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /exported 2 exchanges/);
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as ExchangeRecord);
    assert.deepEqual(lines.map((r) => r.ts), ['2026-04-22T09:00:00.000Z', '2026-04-22T10:00:00.000Z']);
    for (const line of lines) assert.deepEqual(validateRecord('exchange', line), { ok: true });
    assert.deepEqual(lines[1], records[0]);
    const gz = join(dir, 'E.jsonl.gz');
    assert.equal((await cli(['export', '--db', db, '--out', gz])).code, 0);
    assert.equal(gunzipSync(readFileSync(gz)).toString('utf8').trim().split('\n').length, 2);
    const stdout = await cli(['export', '--db', db, '--out', '-', '--since', '2026-04-22T09:30:00.000Z']);
    assert.equal(stdout.stdout.trim().split('\n').length, 1);
  });

  it('loads only the command that runs, and every command for help and for a typo', async () => {
    const help = await cli(['--help']);
    assert.equal(help.code, 0, help.stderr);
    const listed = [...help.stdout.matchAll(/^  ([a-z-]+) /gm)].map((m) => m[1]);
    const expected = ['demo', 'serve', 'upstream-sim', 'keys', 'accounts', 'enforce', 'export', 'eval', 'simulate', 'migrate', 'replay', 'train', 'classify', 'scan', 'intel'];
    assert.deepEqual(listed.filter((name) => name !== 'help'), expected);
    const typo = await cli(['scna']);
    assert.notEqual(typo.code, 0);
    assert.match(typo.stderr, /unknown command 'scna'[\s\S]*Did you mean scan\?/);
    const scanHelp = await cli(['scan', '--help']);
    assert.equal(scanHelp.code, 0, scanHelp.stderr);
    assert.match(scanHelp.stdout, /Usage: distillguard scan/);
    assert.match(scanHelp.stdout, /--exchanges/);
  });

  it('gives usage errors for bad flags and a bad config file, with the file and line', async () => {
    const badPort = await cli(['serve', '--port', 'http']);
    assert.notEqual(badPort.code, 0);
    assert.match(badPort.stderr, /--port expects a whole number/);
    const config = join(dir, 'bad.yaml');
    writeFileSync(config, 'server:\n  port: 8080\n  hostt: 0.0.0.0\n');
    const badConfig = await cli(['serve', '--config', config]);
    assert.equal(badConfig.code, 1);
    assert.match(badConfig.stderr, /bad\.yaml:3: server\.hostt is not a known setting/);
    const help = await cli(['--help']);
    for (const command of ['serve', 'upstream-sim', 'keys', 'accounts', 'export', 'demo']) assert.match(help.stdout, new RegExp(command));
  });

  it('runs the quick start main job once: simulator, gateway, demo key, one recorded request', { timeout: 60_000 }, async () => {
    const result = await cli(['demo', '--once', '--dir', join(dir, 'demo'), '--port', '0', '--sim-port', '0']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /self-check\s+HTTP 200, exchange recorded: yes/);
    assert.match(result.stdout, /curl -s http:\/\/127\.0\.0\.1:\d+\/v1\/chat\/completions/);
    assert.match(result.stdout, /new OpenAI\(/);
    assert.match(result.stdout, /new Anthropic\(/);
    const key = /demo API key\s+(dgk_\S+)/.exec(result.stdout)?.[1];
    assert.ok(key);
    const store = await SqliteStore.open({ path: join(dir, 'demo', 'distillguard.db') });
    assert.equal(await store.countExchanges({ accountId: 'demo' }), 1);
    await store.close();
  });
});
