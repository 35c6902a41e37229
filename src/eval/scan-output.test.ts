import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isDistillguardError, type DistillguardError, type ErrorCode } from '../errors.js';
import { validateRecord } from '../records/validate.js';
import { HAND_LABELS, HAND_SCAN_ACCOUNTS, HAND_SCAN_CAMPAIGNS, handVerdictRecords } from './hand-case.js';
import { readLabels } from './labels.js';
import { readScanOutput } from './scan-output.js';

const root = mkdtempSync(join(tmpdir(), 'dg-eval-scan-'));
after(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;

function verdictLines(): { accounts: string[]; campaigns: string[] } {
  const v = handVerdictRecords();
  return { accounts: v.accounts.map((a) => JSON.stringify(a)), campaigns: v.campaigns.map((c) => JSON.stringify(c)) };
}

function scanDir(accounts: string[], campaigns: string[] | null): string {
  const dir = join(root, `scan${++counter}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'accounts.jsonl'), `${accounts.join('\n')}\n`);
  if (campaigns) writeFileSync(join(dir, 'campaigns.jsonl'), `${campaigns.join('\n')}\n`);
  return dir;
}

function failsWith(code: ErrorCode, file: string, line: number | undefined, pattern: RegExp) {
  return (e: unknown): boolean => {
    assert.ok(isDistillguardError(e), String(e));
    const err = e as DistillguardError;
    assert.equal(err.code, code, err.describe());
    assert.equal(err.location?.file, file);
    assert.equal(err.location?.line, line);
    assert.match(err.message, pattern);
    return true;
  };
}

describe('readScanOutput', () => {
  it('reads a valid scan output, keeps what the metrics need, and warns about membership mismatches', async () => {
    const v = verdictLines();
    for (const line of v.accounts) assert.deepEqual(validateRecord('verdict-account', JSON.parse(line)), { ok: true });
    for (const line of v.campaigns) assert.deepEqual(validateRecord('verdict-campaign', JSON.parse(line)), { ok: true });
    const scan = await readScanOutput(scanDir(v.accounts, v.campaigns));
    assert.deepEqual(scan.accounts, HAND_SCAN_ACCOUNTS);
    assert.deepEqual(scan.campaigns, HAND_SCAN_CAMPAIGNS);
    // x9 says C2 but is also a member of C3
    assert.deepEqual(scan.warnings.map((w) => [w.code, w.count, w.examples]), [['campaign_membership_mismatch', 1, ['x9']]]);
  });

  it('stops on a line that breaks the verdict schema, with file:line and the reason', async () => {
    const v = verdictLines();
    v.accounts[1] = JSON.stringify({ ...JSON.parse(v.accounts[1]!), score: 1.5 });
    const dir = scanDir(v.accounts, v.campaigns);
    await assert.rejects(readScanOutput(dir), failsWith('RECORD_MALFORMED', join(dir, 'accounts.jsonl'), 2, /score: must be <= 1/));
  });

  it('stops on a missing required field and on a bad time', async () => {
    const v = verdictLines();
    const { first_flagged_at: _drop, ...rest } = JSON.parse(v.accounts[0]!) as Record<string, unknown>;
    v.accounts[0] = JSON.stringify(rest);
    const dir = scanDir(v.accounts, v.campaigns);
    await assert.rejects(readScanOutput(dir), failsWith('RECORD_MALFORMED', join(dir, 'accounts.jsonl'), 1, /first_flagged_at/));
    const w = verdictLines();
    w.campaigns[2] = JSON.stringify({ ...JSON.parse(w.campaigns[2]!), detected_at: 'yesterday' });
    const dir2 = scanDir(w.accounts, w.campaigns);
    await assert.rejects(readScanOutput(dir2), failsWith('RECORD_MALFORMED', join(dir2, 'campaigns.jsonl'), 3, /detected_at/));
  });

  it('stops on a line that is not JSON', async () => {
    const v = verdictLines();
    v.campaigns.splice(1, 0, '{"campaign_id": "C9",');
    const dir = scanDir(v.accounts, v.campaigns);
    await assert.rejects(readScanOutput(dir), failsWith('RECORD_INVALID_JSON', join(dir, 'campaigns.jsonl'), 2, /not valid JSON/));
  });

  it('rejects an account_id that appears twice', async () => {
    const v = verdictLines();
    v.accounts.push(v.accounts[2]!);
    const dir = scanDir(v.accounts, v.campaigns);
    await assert.rejects(readScanOutput(dir), failsWith('RECORD_INCONSISTENT', join(dir, 'accounts.jsonl'), 12, /"a3" is already on line 3/));
  });

  it('rejects a campaign member that is not in accounts.jsonl', async () => {
    const v = verdictLines();
    v.campaigns[1] = JSON.stringify({ ...JSON.parse(v.campaigns[1]!), accounts: ['b1', 'ghost'] });
    const dir = scanDir(v.accounts, v.campaigns);
    await assert.rejects(readScanOutput(dir), failsWith('RECORD_INCONSISTENT', join(dir, 'campaigns.jsonl'), 2, /member "ghost"/));
  });

  it('rejects an account whose campaign_id is not in campaigns.jsonl, and a repeated campaign_id', async () => {
    const v = verdictLines();
    v.accounts[6] = JSON.stringify({ ...JSON.parse(v.accounts[6]!), campaign_id: 'C404' });
    const dir = scanDir(v.accounts, v.campaigns);
    await assert.rejects(readScanOutput(dir), failsWith('RECORD_INCONSISTENT', join(dir, 'accounts.jsonl'), 7, /"n1" names campaign_id "C404"/));
    const w = verdictLines();
    w.campaigns.push(w.campaigns[0]!);
    const dir2 = scanDir(w.accounts, w.campaigns);
    await assert.rejects(readScanOutput(dir2), failsWith('RECORD_INCONSISTENT', join(dir2, 'campaigns.jsonl'), 4, /"C1" is already on line 1/));
  });

  it('reports a missing campaigns.jsonl as unreadable', async () => {
    const dir = scanDir(verdictLines().accounts, null);
    await assert.rejects(readScanOutput(dir), failsWith('FILE_NOT_READABLE', join(dir, 'campaigns.jsonl'), undefined, /cannot read/));
  });
});

describe('readLabels', () => {
  it('reads labels and rejects an account labelled twice or a bad label, with file:line', async () => {
    const path = join(root, 'labels.jsonl');
    writeFileSync(path, `${HAND_LABELS.map((l) => JSON.stringify(l)).join('\n')}\n`);
    assert.deepEqual(await readLabels(path), HAND_LABELS);
    const dup = join(root, 'dup-labels.jsonl');
    writeFileSync(dup, `${[...HAND_LABELS, HAND_LABELS[4]].map((l) => JSON.stringify(l)).join('\n')}\n`);
    await assert.rejects(readLabels(dup), failsWith('RECORD_INCONSISTENT', dup, 12, /"b2" is already labelled on line 5/));
    const bad = join(root, 'bad-labels.jsonl');
    writeFileSync(bad, `${JSON.stringify(HAND_LABELS[0])}\n${JSON.stringify({ ...HAND_LABELS[1], label: 'spy' })}\n`);
    await assert.rejects(readLabels(bad), failsWith('RECORD_MALFORMED', bad, 2, /label: must be one of/));
  });
});
