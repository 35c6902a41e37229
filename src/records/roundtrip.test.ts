import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { chunkedStream, chunkSizesArbitrary, exchangeLogArbitrary } from './arbitraries.js';
import { openRecordWriter, readAllRecords, readRecords } from './jsonl.js';
import type { ExchangeRecord } from './types.js';

const dir = mkdtempSync(join(tmpdir(), 'dg-roundtrip-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

describe('write → read round trip (property)', () => {
  it('deep-equals the records, plain and gzip', async () => {
    await fc.assert(
      fc.asyncProperty(exchangeLogArbitrary({ maxLength: 15 }), fc.boolean(), async (log, gz) => {
        const path = join(dir, `rt${n++}.jsonl${gz ? '.gz' : ''}`);
        const w = await openRecordWriter(path, { kind: 'exchange' });
        for (const r of log) await w.write(r);
        await w.close();
        assert.equal(w.lines, log.length);
        const raw = readFileSync(path);
        const text = (gz ? gunzipSync(raw) : raw).toString('utf8');
        assert.equal(text, log.map((r) => `${JSON.stringify(r)}\n`).join(''));
        assert.deepEqual(await readAllRecords(path, { kind: 'exchange' }), log);
        rmSync(path);
      }),
      { numRuns: 60 },
    );
  });
});

/** Serialises a log with a mix of LF / CRLF endings, blank lines, and with or without a final newline. */
function layout(log: ExchangeRecord[], crlf: boolean[], blanks: boolean[], finalNewline: boolean): { text: string; lines: number[] } {
  let text = '';
  let line = 0;
  const lines: number[] = [];
  log.forEach((r, i) => {
    if (blanks[i % Math.max(1, blanks.length)]) {
      text += i % 2 ? ' \t\r\n' : '\n';
      line++;
    }
    line++;
    lines.push(line);
    text += JSON.stringify(r);
    if (i < log.length - 1 || finalNewline) text += crlf[i % Math.max(1, crlf.length)] ? '\r\n' : '\n';
  });
  return { text, lines };
}

describe('chunk boundaries (property)', () => {
  it('any chunking of the same bytes gives the same records and lines', async () => {
    await fc.assert(
      fc.asyncProperty(
        exchangeLogArbitrary({ maxLength: 12 }),
        fc.array(fc.boolean(), { maxLength: 5 }),
        fc.array(fc.boolean(), { maxLength: 5 }),
        fc.boolean(),
        fc.boolean(),
        chunkSizesArbitrary(),
        async (log, crlf, blanks, finalNewline, gz, sizes) => {
          const { text, lines } = layout(log, crlf, blanks, finalNewline);
          const plain = Buffer.from(`\ufeff${text}`, 'utf8');
          const bytes = gz ? gzipSync(plain) : plain;
          const got: { record: unknown; line: number }[] = [];
          for await (const e of readRecords({ stream: chunkedStream(bytes, sizes), name: 'chunked' }, { kind: 'exchange' })) {
            got.push({ record: e.record, line: e.line });
          }
          assert.deepEqual(got, log.map((record, i) => ({ record, line: lines[i]! })));
        },
      ),
      { numRuns: 150 },
    );
  });
});
