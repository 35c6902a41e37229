import { runCli } from '../testing/cli.js';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, describe, it } from 'node:test';
import { HAND_EXPECTED, HAND_LABELS, handExchangeRecords, handVerdictRecords } from './hand-case.js';
import type { EvaluationReport } from './types.js';

const dir = mkdtempSync(join(tmpdir(), 'dg-eval-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const cli = (args: string[]) => runCli(args, { cwd: dir });

const jsonl = (items: readonly unknown[]): string => `${items.map((x) => JSON.stringify(x)).join('\n')}\n`;

/** Writes the hand case to `name/`: labels, gzipped exchanges, and a scan folder. */
function writeCase(name: string, edit: (v: ReturnType<typeof handVerdictRecords>) => string[] | void = () => undefined): { labels: string; exchanges: string; scan: string } {
  const base = join(dir, name);
  const scan = join(base, 'scan');
  mkdirSync(scan, { recursive: true });
  const labels = join(base, 'labels.jsonl');
  const exchanges = join(base, 'exchanges.jsonl.gz');
  writeFileSync(labels, jsonl(HAND_LABELS));
  writeFileSync(exchanges, gzipSync(jsonl(handExchangeRecords())));
  const v = handVerdictRecords();
  const accountLines = edit(v) ?? v.accounts.map((a) => JSON.stringify(a));
  writeFileSync(join(scan, 'accounts.jsonl'), `${accountLines.join('\n')}\n`);
  writeFileSync(join(scan, 'campaigns.jsonl'), jsonl(v.campaigns));
  return { labels, exchanges, scan };
}

describe('distillguard eval (end to end)', () => {
  it('prints the report, and writes eval.json with the hand-computed figures and eval.html with SVG plots', async () => {
    const c = writeCase('good');
    const result = await cli(['eval', '--labels', c.labels, '--exchanges', c.exchanges, '--scan', c.scan]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /precision 0\.800 {3}recall 0\.667 {3}F1 0\.727 {3}benign FPR 20\.00%/);
    assert.match(result.stdout, /attack-exchange leakage: 62\.50% \(10 of 16/);
    // progress and file notices go to stderr, never into the report
    assert.match(result.stderr, /exchanges: 23 read, [\d,]+ records\/s/);
    assert.doesNotMatch(result.stdout, /records\/s/);

    const report = JSON.parse(readFileSync(join(c.scan, 'eval.json'), 'utf8')) as EvaluationReport;
    const e = HAND_EXPECTED;
    assert.equal(report.confusion.tp, e.confusion.tp);
    assert.equal(report.confusion.fp, e.confusion.fp);
    assert.equal(report.confusion.fn, e.confusion.fn);
    assert.equal(report.confusion.tn, e.confusion.tn);
    assert.equal(report.confusion.precision, e.confusion.precision);
    assert.equal(report.confusion.recall, e.confusion.recall);
    assert.equal(report.confusion.f1, e.confusion.f1);
    assert.equal(report.confusion.benign_fpr, e.confusion.benign_fpr);
    assert.deepEqual(report.archetypes, e.archetypes);
    const alpha = report.campaigns.find((k) => k.campaign === 'alpha')!;
    assert.deepEqual([alpha.exchanges, alpha.leaked, alpha.leakage, alpha.recall], [e.campaigns.alpha.exchanges, e.campaigns.alpha.leaked, e.campaigns.alpha.leakage, e.campaigns.alpha.recall]);
    const beta = report.campaigns.find((k) => k.campaign === 'beta')!;
    assert.deepEqual([beta.exchanges, beta.leaked, beta.leakage, beta.recall], [e.campaigns.beta.exchanges, e.campaigns.beta.leaked, e.campaigns.beta.leakage, e.campaigns.beta.recall]);
    assert.deepEqual(report.leakage, e.leakage);
    assert.equal(report.purity.member_weighted, e.purity.member_weighted);
    assert.equal(report.purity.mean, e.purity.mean);
    assert.deepEqual(report.delay.values_s, e.delay.values_s);
    assert.equal(report.delay.median_s, e.delay.median_s);
    assert.equal(report.delay.p90_s, e.delay.p90_s);
    assert.equal(report.delay.clamped, e.delay.clamped);
    assert.equal(report.totals.exchanges, e.totals.exchanges);
    assert.ok(report.warnings.some((w) => w.code === 'campaign_membership_mismatch'), 'scan-level warnings are merged in');
    assert.equal(report.inputs?.exchanges, c.exchanges);

    const html = readFileSync(join(c.scan, 'eval.html'), 'utf8');
    assert.match(html, /<svg /);
    assert.ok(html.includes('Flag rate per archetype'));
  });

  it('writes to --out, or to --json / --html when given', async () => {
    const c = writeCase('paths');
    const out = join(dir, 'paths', 'reports');
    const first = await cli(['eval', '--labels', c.labels, '--exchanges', c.exchanges, '--scan', c.scan, '--out', out, '--no-progress']);
    assert.equal(first.code, 0, first.stderr);
    assert.ok(existsSync(join(out, 'eval.json')) && existsSync(join(out, 'eval.html')));
    assert.ok(!existsSync(join(c.scan, 'eval.json')));
    assert.doesNotMatch(first.stderr, /records\/s/);
    const json = join(dir, 'paths', 'custom.json');
    const html = join(dir, 'paths', 'custom.html');
    const second = await cli(['eval', '--labels', c.labels, '--exchanges', c.exchanges, '--scan', c.scan, '--json', json, '--html', html, '--no-progress']);
    assert.equal(second.code, 0, second.stderr);
    assert.equal((JSON.parse(readFileSync(json, 'utf8')) as EvaluationReport).confusion.tp, 4);
    assert.match(readFileSync(html, 'utf8'), /<svg /);
  });

  it('exits 1 with file:line and the reason on a malformed scan line, writing nothing', async () => {
    const c = writeCase('bad', (v) => {
      const lines = v.accounts.map((a) => JSON.stringify(a));
      lines[2] = JSON.stringify({ ...v.accounts[2], flagged: 'yes' });
      return lines;
    });
    const result = await cli(['eval', '--labels', c.labels, '--exchanges', c.exchanges, '--scan', c.scan]);
    assert.equal(result.code, 1);
    assert.ok(result.stderr.includes(`${join(c.scan, 'accounts.jsonl')}:3: not a valid verdict-account record: flagged: must be boolean`), result.stderr);
    assert.match(result.stderr, /\[RECORD_MALFORMED\]/);
    assert.equal(result.stdout, '');
    assert.ok(!existsSync(join(c.scan, 'eval.json')));
  });

  it('exits 1 on a duplicate account in the scan output', async () => {
    const c = writeCase('dup', (v) => [...v.accounts, v.accounts[0]].map((a) => JSON.stringify(a)));
    const result = await cli(['eval', '--labels', c.labels, '--exchanges', c.exchanges, '--scan', c.scan]);
    assert.equal(result.code, 1);
    assert.ok(result.stderr.includes(`${join(c.scan, 'accounts.jsonl')}:12: account_id "a1" is already on line 1 [RECORD_INCONSISTENT]`), result.stderr);
  });

  it('documents itself in --help with an example', async () => {
    const result = await cli(['eval', '--help']);
    assert.equal(result.code, 0);
    for (const flag of ['--labels', '--exchanges', '--scan', '--out', '--json', '--html']) assert.ok(result.stdout.includes(flag), flag);
    assert.match(result.stdout, /Example:\n {2}distillguard eval --labels/);
  });
});
