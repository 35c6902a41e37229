import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProgressReporter } from './progress.js';

function sink(isTTY: boolean): { writes: string[]; write(text: string): void; isTTY: boolean } {
  const writes: string[] = [];
  return { writes, isTTY, write: (text: string) => void writes.push(text) };
}

describe('ProgressReporter', () => {
  it('writes a line every N records when not a terminal, one line per batch at most', () => {
    const out = sink(false);
    let now = 0;
    const p = new ProgressReporter(out, { noun: 'exchanges', everyRecords: 1000, now: () => now });
    p.update(999);
    assert.equal(out.writes.length, 0);
    now = 2000;
    p.update(1000);
    p.update(1500);
    p.update(5200);
    p.update(5999);
    p.done(6000);
    assert.deepEqual(out.writes, [
      'exchanges: 1,000 read, 500 records/s, 2.0 s\n',
      'exchanges: 5,200 read, 2,600 records/s, 2.0 s\n',
      'exchanges: 6,000 read, 3,000 records/s, 2.0 s, done\n',
    ]);
  });

  it('rewrites one line about once a second on a terminal', () => {
    const out = sink(true);
    let now = 0;
    const p = new ProgressReporter(out, { noun: 'exchanges', now: () => now });
    now = 500;
    p.update(10);
    assert.equal(out.writes.length, 0);
    now = 1000;
    p.update(4000);
    now = 1500;
    p.update(6000);
    now = 2000;
    p.update(8000);
    p.done(8000);
    assert.equal(out.writes.length, 3);
    assert.equal(out.writes[0], '\rexchanges: 4,000 read, 4,000 records/s, 1.0 s\x1b[K');
    assert.ok(out.writes[2]!.startsWith('\rexchanges: 8,000 read') && out.writes[2]!.endsWith('done\x1b[K\n'));
  });
});
