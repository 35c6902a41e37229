import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readAllRecords } from '../records/reader.js';
import { runCli } from '../testing/cli.js';

describe('distillguard scan (CLI, on the tiny simulated scenario)', () => {
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'distillguard-scan-'));
    const sim = await runCli(['simulate', '--scenario', 'tiny', '--seed', '3', '--out', join(dir, 'sim'), '--quiet'], { cwd: dir });
    assert.equal(sim.code, 0, sim.stderr);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes spec v1 scan output that eval accepts, catching the campaigns', async () => {
    const scan = await runCli(['scan', '--exchanges', join(dir, 'sim/exchanges.jsonl'), '--accounts', join(dir, 'sim/accounts.jsonl'),
      '--out', join(dir, 'scan')], { cwd: dir });
    assert.equal(scan.code, 0, scan.stderr);
    const summary = JSON.parse(scan.stdout) as { exchanges: number; accounts: number; flagged: number; campaigns: number };
    assert.ok(summary.exchanges > 1000);
    assert.match(scan.stderr, /exchanges: [\d,]+ read/, 'progress is reported');
    // every line validates against spec v1 (the reader validates)
    const accounts = await readAllRecords(join(dir, 'scan/accounts.jsonl'), { kind: 'verdict-account' });
    const campaigns = await readAllRecords(join(dir, 'scan/campaigns.jsonl'), { kind: 'verdict-campaign' });
    assert.equal(accounts.length, summary.accounts);
    assert.ok(campaigns.length >= 1);
    for (const campaign of campaigns) {
      for (const member of campaign.accounts) assert.equal(accounts.find((a) => a.account_id === member)?.campaign_id, campaign.campaign_id);
    }
    const evaluation = await runCli(['eval', '--labels', join(dir, 'sim/labels.jsonl'), '--exchanges', join(dir, 'sim/exchanges.jsonl'),
      '--scan', join(dir, 'scan'), '--no-progress'], { cwd: dir });
    assert.equal(evaluation.code, 0, evaluation.stderr);
    const report = JSON.parse(readFileSync(join(dir, 'scan/eval.json'), 'utf8')) as { confusion: { recall: number; benign_fpr: number } };
    assert.ok(report.confusion.recall >= 0.6, `recall ${report.confusion.recall}`);
    assert.ok(report.confusion.benign_fpr <= 0.05, `benign FPR ${report.confusion.benign_fpr}`);
  });

  it('scans the same on the main thread (--young-gen-mb 0) as in its default worker thread', async () => {
    const args = ['scan', '--exchanges', join(dir, 'sim/exchanges.jsonl'), '--accounts', join(dir, 'sim/accounts.jsonl'), '--no-progress'];
    const worker = await runCli([...args, '--out', join(dir, 'scan-worker')], { cwd: dir });
    const main = await runCli([...args, '--out', join(dir, 'scan-main'), '--young-gen-mb', '0'], { cwd: dir });
    assert.equal(worker.code, 0, worker.stderr);
    assert.equal(main.code, 0, main.stderr);
    for (const name of ['accounts.jsonl', 'campaigns.jsonl']) {
      assert.ok(readFileSync(join(dir, 'scan-worker', name)).equals(readFileSync(join(dir, 'scan-main', name))), name);
    }
    const bad = await runCli([...args, '--out', join(dir, 'scan-bad'), '--young-gen-mb', 'lots'], { cwd: dir });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--young-gen-mb must be a whole number/);
  });

  it('scans the same with a capped old generation and a tighter heap growth; rejects bad values', async () => {
    const args = ['scan', '--exchanges', join(dir, 'sim/exchanges.jsonl'), '--accounts', join(dir, 'sim/accounts.jsonl'), '--no-progress'];
    // against the first test's scan (default settings: no old-generation limit, V8's growth factor)
    const tight = await runCli([...args, '--out', join(dir, 'scan-tight'), '--old-gen-mb', '256', '--heap-growth', '20'], { cwd: dir });
    assert.equal(tight.code, 0, tight.stderr);
    for (const name of ['accounts.jsonl', 'campaigns.jsonl']) {
      assert.ok(readFileSync(join(dir, 'scan', name)).equals(readFileSync(join(dir, 'scan-tight', name))), name);
    }
    for (const [flag, value, unit] of [['--old-gen-mb', '-1', 'MiB'], ['--heap-growth', '1.5', 'percent']] as const) {
      const bad = await runCli([...args, '--out', join(dir, 'scan-bad'), flag, value], { cwd: dir });
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, new RegExp(`${flag} must be a whole number of ${unit}`));
    }
  });

  it('stops at a malformed exchange with file, line and reason (exit 1)', async () => {
    const bad = join(dir, 'bad.jsonl');
    const lines = readFileSync(join(dir, 'sim/exchanges.jsonl'), 'utf8').split('\n').slice(0, 3);
    lines.push('{"id": "x", "ts": "not a time"}');
    writeFileSync(bad, `${lines.join('\n')}\n`);
    const result = await runCli(['scan', '--exchanges', bad, '--out', join(dir, 'bad-out'), '--no-progress'], { cwd: dir });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /bad\.jsonl:4: .*\[RECORD_MALFORMED\]/);
    // the same on the main thread: the error crosses the worker boundary unchanged
    const inMain = await runCli(['scan', '--exchanges', bad, '--out', join(dir, 'bad-out'), '--no-progress', '--young-gen-mb', '0'], { cwd: dir });
    assert.equal(inMain.code, 1);
    assert.equal(inMain.stderr, result.stderr);
  });
});
