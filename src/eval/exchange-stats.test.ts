import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, describe, it } from 'node:test';
import { isDistillguardError } from '../errors.js';
import { collectExchangeStats, flagCutoffs } from './exchange-stats.js';
import { HAND_SCAN_ACCOUNTS, T0_MS, at, handExchangeRecords } from './hand-case.js';

const dir = mkdtempSync(join(tmpdir(), 'dg-eval-stats-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const text = `${handExchangeRecords().map((r) => JSON.stringify(r)).join('\n')}\n`;

describe('collectExchangeStats', () => {
  const cutoffs = flagCutoffs(HAND_SCAN_ACCOUNTS);

  it('takes first_flagged_at as the cut-off of every scan account that has one', () => {
    assert.deepEqual([...cutoffs.keys()].sort(), ['a1', 'a2', 'b1', 'b2', 'n1', 's1', 'x9']);
    assert.equal(cutoffs.get('a1'), T0_MS + 100_000);
  });

  for (const [name, content] of [['exchanges.jsonl', text], ['exchanges.jsonl.gz', gzipSync(text)]] as const) {
    it(`aggregates count, first ts and the exchanges strictly before first_flagged_at (${name})`, async () => {
      const path = join(dir, name);
      writeFileSync(path, content);
      const progress: number[] = [];
      const result = await collectExchangeStats(path, { cutoffs, onProgress: (n) => progress.push(n) });
      assert.equal(result.records, 23);
      assert.equal(progress.at(-1), 23);
      const get = (id: string): [number, number, number] => {
        const s = result.accounts.get(id)!;
        return [s.count, s.firstMs - T0_MS, s.beforeFirstFlag];
      };
      // a1: 0, 40, 99.999 are before +100 s; the exchange at exactly +100 s is not (strict <)
      assert.deepEqual(get('a1'), [5, 0, 3]);
      assert.deepEqual(get('a2'), [2, 60_000, 0]);
      // no cut-off: every exchange counts as before the (absent) flag
      assert.deepEqual(get('a3'), [3, 10_000, 3]);
      assert.deepEqual(get('b1'), [4, 100_000, 2]);
      // b2 has first_flagged_at +500 s (flagged: false is the evaluation's business, not the pass's)
      assert.deepEqual(get('b2'), [2, 0, 1]);
      assert.equal(result.accounts.has('s1'), false);
      assert.equal(result.accounts.size, 9);
    });
  }

  it('takes the earliest ts as first even when the file is slightly out of order', async () => {
    const records = handExchangeRecords().filter((r) => r.account_id === 'a2');
    records.push({ ...records[0]!, id: 'late', ts: at(5) });
    const path = join(dir, 'disorder.jsonl');
    writeFileSync(path, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const result = await collectExchangeStats(path, { cutoffs });
    assert.equal(result.accounts.get('a2')!.firstMs, T0_MS + 5000);
    assert.equal(result.accounts.get('a2')!.beforeFirstFlag, 1);
  });

  it('stops on a malformed line with file and line', async () => {
    const lines = text.trimEnd().split('\n');
    const bad = JSON.parse(lines[3]!) as Record<string, unknown>;
    delete bad.account_id;
    lines[3] = JSON.stringify(bad);
    const path = join(dir, 'bad.jsonl');
    writeFileSync(path, `${lines.join('\n')}\n`);
    await assert.rejects(collectExchangeStats(path, { cutoffs }), (e: unknown) =>
      isDistillguardError(e) && e.code === 'RECORD_MALFORMED' && e.location?.file === path && e.location.line === 4 && /account_id/.test(e.message));
  });
});
