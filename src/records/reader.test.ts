import assert from 'node:assert/strict';
import { createReadStream, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { DistillguardError, type ErrorCode } from '../errors.js';
import { chunkedStream } from './arbitraries.js';
import { readAllRecords, readProjectedBatches, readRecordBatches, readRecords, type ReadOptions, type RecordEntry, type RecordSource } from './jsonl.js';
import type { ExchangeRecord, ValidationKind } from './types.js';

const dir = mkdtempSync(join(tmpdir(), 'dg-reader-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let seq = 0;
function exchange(ts = '2026-04-22T09:15:02.123Z', extra: Record<string, unknown> = {}): ExchangeRecord {
  seq++;
  return {
    id: `ex_${seq}`,
    ts,
    account_id: 'acct_1',
    client: { ip: '192.0.2.1' },
    model: 'm',
    endpoint: 'openai.chat',
    request: { messages: [{ role: 'user', content: 'hello' }] },
    response: { status: 200, text: 'hi' },
    usage: { input_tokens: 1, output_tokens: 2 },
    ...extra,
  };
}
const line = (r: unknown): string => JSON.stringify(r);

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function collect<K extends ValidationKind>(source: RecordSource, options: ReadOptions<K>): Promise<{ entries: RecordEntry<unknown>[]; error?: DistillguardError }> {
  const entries: RecordEntry<unknown>[] = [];
  try {
    for await (const e of readRecords(source, options)) entries.push(e);
  } catch (err) {
    assert.ok(err instanceof DistillguardError, `expected a DistillguardError, got ${String(err)}`);
    return { entries, error: err };
  }
  return { entries };
}

async function expectError(
  source: RecordSource,
  code: ErrorCode,
  where: { file: string; line?: number },
  message?: RegExp,
  options: Partial<ReadOptions<'exchange'>> = {},
): Promise<{ entries: RecordEntry<unknown>[]; error: DistillguardError }> {
  const { entries, error } = await collect(source, { kind: 'exchange', ...options });
  assert.ok(error, 'expected an error');
  assert.equal(error.code, code, error.message);
  assert.equal(error.location?.file, where.file);
  assert.equal(error.location?.line, where.line);
  if (message) assert.match(error.message, message);
  assert.ok(error.hint && error.hint.length > 0, 'has a hint');
  return { entries, error };
}

describe('readRecords: valid input', () => {
  it('reads records with their line numbers, skipping blank and whitespace-only lines', async () => {
    const a = exchange('2026-04-22T09:15:02.123Z');
    const b = exchange('2026-04-22T09:15:03.000Z');
    const path = file('ok.jsonl', `${line(a)}\n\n  \t \n${line(b)}\n\n`);
    const { entries, error } = await collect(path, { kind: 'exchange' });
    assert.equal(error, undefined);
    assert.deepEqual(entries.map((e) => e.line), [1, 4]);
    assert.deepEqual(entries.map((e) => e.record), [a, b]);
    assert.equal(entries[0]!.time, Date.parse(a.ts));
  });

  it('accepts CRLF line endings, a BOM, and a last line without newline', async () => {
    const a = exchange();
    const b = exchange();
    const path = file('crlf.jsonl', `\ufeff${line(a)}\r\n\r\n${line(b)}`);
    const { entries, error } = await collect(path, { kind: 'exchange' });
    assert.equal(error, undefined);
    assert.deepEqual(entries.map((e) => [e.line, e.record]), [[1, a], [3, b]]);
  });

  it('keeps unknown fields', async () => {
    const a = exchange(undefined, { x_vendor: { nested: [1, 'two'] } });
    const path = file('extra.jsonl', `${line(a)}\n`);
    assert.deepEqual(await readAllRecords(path, { kind: 'exchange' }), [a]);
  });

  it('reads an empty file and a file of blank lines as no records', async () => {
    assert.deepEqual(await readAllRecords(file('empty.jsonl', ''), { kind: 'exchange' }), []);
    assert.deepEqual(await readAllRecords(file('blank.jsonl', '\n \n\r\n\t'), { kind: 'exchange' }), []);
    assert.deepEqual(await readAllRecords(file('empty.jsonl.gz', ''), { kind: 'exchange' }), []);
  });

  it('detects gzip by suffix and by magic bytes', async () => {
    const recs = [exchange(), exchange()];
    const gz = gzipSync(recs.map(line).join('\n') + '\n');
    assert.deepEqual(await readAllRecords(file('a.jsonl.gz', gz), { kind: 'exchange' }), recs);
    assert.deepEqual(await readAllRecords(file('disguised.jsonl', gz), { kind: 'exchange' }), recs);
    assert.deepEqual(await readAllRecords({ stream: chunkedStream(gz, [1, 3, 7]), name: '<stdin>' }, { kind: 'exchange' }), recs);
  });

  it('reads other kinds, without a time check by default', async () => {
    const labels = [
      { account_id: 'b', label: 'benign', campaign: null, archetype: 'chat' },
      { account_id: 'a', label: 'distillation', campaign: 'c1', archetype: 'cot' },
    ];
    const entries = (await collect(file('labels.jsonl', labels.map(line).join('\n')), { kind: 'label' })).entries;
    assert.deepEqual(entries.map((e) => e.record), labels);
    assert.ok(entries.every((e) => Number.isNaN(e.time)));
  });

  it('without validation only requires JSON objects', async () => {
    const path = file('novalidate.jsonl', `${line({ ts: '2026-04-22T09:15:02.123Z', anything: 1 })}\n`);
    assert.deepEqual(await readAllRecords(path, { kind: 'exchange', validate: false }), [{ ts: '2026-04-22T09:15:02.123Z', anything: 1 }]);
    await expectError(path, 'RECORD_MALFORMED', { file: path, line: 1 }, /missing required field id/);
  });

  it('reads Node Readables (as for stdin) and file URLs', async () => {
    const recs = [exchange(), exchange()];
    const path = file('readable.jsonl', recs.map(line).join('\n'));
    assert.deepEqual(await readAllRecords({ stream: createReadStream(path, { highWaterMark: 16 }), name: '<stdin>' }, { kind: 'exchange' }), recs);
    assert.deepEqual(await readAllRecords({ stream: Readable.from([Buffer.from(recs.map(line).join('\n'))]), name: 'r' }, { kind: 'exchange' }), recs);
    assert.deepEqual(await readAllRecords(new URL(`file://${path}`), { kind: 'exchange' }), recs);
  });

  it('stops reading when the consumer breaks early', async () => {
    const path = file('many.jsonl', Array.from({ length: 1000 }, () => line(exchange())).join('\n'));
    let n = 0;
    for await (const _ of readRecords(path, { kind: 'exchange' })) if (++n === 3) break;
    assert.equal(n, 3);
  });
});

describe('readRecords: errors carry file and line', () => {
  const ok = line(exchange());

  it('RECORD_INVALID_JSON with the parser message', async () => {
    const path = file('badjson.jsonl', `${ok}\n${ok}\n{"id": "x",, }\n${ok}\n`);
    const { entries, error } = await expectError(path, 'RECORD_INVALID_JSON', { file: path, line: 3 }, /not valid JSON: .+/);
    assert.deepEqual(entries.map((e) => e.line), [1, 2]);
    assert.match(error.describe(), new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3: `));
  });

  it('RECORD_MALFORMED for a line that is not an object', async () => {
    for (const [i, bad] of ['[1,2]', 'null', '42', '"text"', 'true'].entries()) {
      const path = file(`notobj${i}.jsonl`, `${ok}\n\n${bad}\n`);
      await expectError(path, 'RECORD_MALFORMED', { file: path, line: 3 }, /not an object/);
    }
  });

  it('RECORD_MALFORMED with the schema reason', async () => {
    const wrongType = { ...exchange(), client: { ip: 12 } };
    const path = file('schema.jsonl', `${ok}\n${line(wrongType)}\n`);
    await expectError(path, 'RECORD_MALFORMED', { file: path, line: 2 }, /client\.ip: must be string/);
    const { usage: _u, ...noUsage } = exchange();
    const path2 = file('schema2.jsonl', `${line(noUsage)}\n`);
    await expectError(path2, 'RECORD_MALFORMED', { file: path2, line: 1 }, /missing required field usage/);
    const path3 = file('schema3.jsonl', `${ok}\n${ok}\n${ok}\n${line(exchange('2026-02-30T10:00:00.000Z'))}\n`);
    await expectError(path3, 'RECORD_MALFORMED', { file: path3, line: 4 }, /^not a valid exchange record: ts: /);
    const path4 = file('schema4.jsonl', `${line(exchange('2026-04-22T23:59:60Z'))}\n`);
    await expectError(path4, 'RECORD_MALFORMED', { file: path4, line: 1 }, /ts: .*not a representable date/);
  });

  it('RECORD_INVALID_UTF8, not replaced', async () => {
    const bytes = Buffer.concat([Buffer.from(`${ok}\n{"id":"`), Buffer.from([0xc3, 0x28]), Buffer.from(`"}\n${ok}\n`)]);
    const path = file('utf8.jsonl', bytes);
    const { entries } = await expectError(path, 'RECORD_INVALID_UTF8', { file: path, line: 2 }, /byte 0xc3 at column 8/);
    assert.equal(entries.length, 1);
    // a lone surrogate encoded in UTF-8 (ED A0 80) is invalid too
    const path2 = file('utf8b.jsonl', Buffer.concat([Buffer.from(`${ok}\n${ok}\n${ok}\n"`), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"\n')]));
    await expectError(path2, 'RECORD_INVALID_UTF8', { file: path2, line: 4 });
  });

  it('RECORD_INVALID_UTF8 on a line that spans chunks', async () => {
    const bytes = Buffer.concat([Buffer.from(`${ok}\n{"id":"`), Buffer.from([0xff]), Buffer.from(`"}\n`)]);
    await expectError({ stream: chunkedStream(bytes, [5]), name: 'chunks' }, 'RECORD_INVALID_UTF8', { file: 'chunks', line: 2 });
  });

  it('RECORD_TOO_LARGE for a line over maxLineBytes, in one chunk or across chunks', async () => {
    const path = file('large.jsonl', `${ok}\n${line(exchange(undefined, { pad: 'x'.repeat(5000) }))}\n`);
    await expectError(path, 'RECORD_TOO_LARGE', { file: path, line: 2 }, /4096 bytes/, { maxLineBytes: 4096 });
    await expectError({ stream: chunkedStream(Buffer.from(`${ok}\n\n${'y'.repeat(10_000)}\n`), [100]), name: 's' }, 'RECORD_TOO_LARGE', { file: 's', line: 3 }, undefined, { maxLineBytes: 4096 });
    // exactly maxLineBytes is fine
    const exact = line(exchange());
    assert.equal((await collect(file('exact.jsonl', `${exact}\n${exact}`), { kind: 'exchange', maxLineBytes: Buffer.byteLength(exact) })).error, undefined);
    await expectError(file('exact1.jsonl', `${exact}\n`), 'RECORD_TOO_LARGE', { file: join(dir, 'exact1.jsonl'), line: 1 }, undefined, { maxLineBytes: Buffer.byteLength(exact) - 1 });
  });

  it('RECORD_TOO_LARGE without reading the rest of an endless line', async () => {
    let produced = 0;
    async function* endless(): AsyncGenerator<Uint8Array> {
      yield Buffer.from(`${ok}\n{"id":"`);
      const block = Buffer.alloc(64 * 1024, 0x61);
      for (;;) {
        produced += block.length;
        yield block;
      }
    }
    await expectError({ stream: endless(), name: 'endless' }, 'RECORD_TOO_LARGE', { file: 'endless', line: 2 }, undefined, { maxLineBytes: 1024 * 1024 });
    assert.ok(produced <= 1024 * 1024 + 64 * 1024, `read ${produced} bytes`);
  });

  it('RECORD_TRUNCATED for a cut-off last line (no newline, unparseable)', async () => {
    const path = file('trunc.jsonl', `${ok}\n${ok}\n${ok.slice(0, 40)}`);
    const { entries } = await expectError(path, 'RECORD_TRUNCATED', { file: path, line: 3 }, /ends in the middle of a record/);
    assert.equal(entries.length, 2);
    // cut inside a multi-byte character
    const bytes = Buffer.from(`${ok}\n{"id":"é`);
    const path2 = file('trunc2.jsonl', bytes.subarray(0, bytes.length - 1));
    await expectError(path2, 'RECORD_TRUNCATED', { file: path2, line: 2 }, /UTF-8 character/);
    // the same bytes followed by a newline are invalid JSON, not truncation
    const path3 = file('trunc3.jsonl', `${ok.slice(0, 40)}\n`);
    await expectError(path3, 'RECORD_INVALID_JSON', { file: path3, line: 1 });
  });

  it('RECORD_OUT_OF_ORDER beyond the window, with both times and the window', async () => {
    const path = file('order.jsonl', [exchange('2026-04-22T10:00:00.000Z'), exchange('2026-04-22T10:10:00.000Z'), exchange('2026-04-22T10:04:59.999Z')].map(line).join('\n'));
    const { error } = await expectError(path, 'RECORD_OUT_OF_ORDER', { file: path, line: 3 });
    assert.match(error.message, /2026-04-22T10:04:59\.999Z/);
    assert.match(error.message, /2026-04-22T10:10:00\.000Z \(line 2\)/);
    assert.match(error.message, /300000 ms \(5 min\)/);
  });

  it('FILE_NOT_READABLE for a missing file or a directory (file, no line)', async () => {
    const missing = join(dir, 'missing.jsonl');
    const { error } = await expectError(missing, 'FILE_NOT_READABLE', { file: missing }, /ENOENT/);
    assert.equal(error.location?.line, undefined);
    const sub = join(dir, 'subdir');
    mkdirSync(sub);
    await expectError(sub, 'FILE_NOT_READABLE', { file: sub }, /EISDIR/);
  });

  it('corrupt, truncated and fake gzip are clear errors', async () => {
    const gz = gzipSync(Array.from({ length: 50 }, () => ok).join('\n') + '\n');
    const corrupt = Buffer.from(gz);
    corrupt[3] = 0xff; // reserved flag bits
    const p1 = file('corrupt.jsonl.gz', corrupt);
    await expectError(p1, 'FILE_NOT_READABLE', { file: p1, line: 1 }, /corrupt gzip data/);
    const p2 = file('cut.jsonl.gz', gz.subarray(0, gz.length - 12));
    const { error } = await collect(p2, { kind: 'exchange' });
    assert.ok(error && (error.code === 'RECORD_TRUNCATED' || error.code === 'FILE_NOT_READABLE'), error?.message);
    assert.equal(error.location?.file, p2);
    const crc = Buffer.from(gz);
    crc[crc.length - 6] = crc[crc.length - 6]! ^ 0xff; // CRC32 mismatch
    const p3 = file('crc.jsonl.gz', crc);
    const r3 = await collect(p3, { kind: 'exchange' });
    assert.equal(r3.error?.code, 'FILE_NOT_READABLE');
    assert.match(r3.error!.message, /gzip/);
    const p4 = file('plain.jsonl.gz', `${ok}\n`);
    await expectError(p4, 'FILE_NOT_READABLE', { file: p4, line: 1 }, /not gzip data/);
  });

  it('a gzip stream cut off mid-way is RECORD_TRUNCATED', async () => {
    const gz = gzipSync(Array.from({ length: 2000 }, () => ok).join('\n') + '\n');
    const path = file('cut2.jsonl.gz', gz.subarray(0, Math.floor(gz.length / 2)));
    const { entries, error } = await collect(path, { kind: 'exchange' });
    assert.equal(error?.code, 'RECORD_TRUNCATED');
    assert.equal(error!.location?.line, entries.length + 1);
  });

  it('a failing input stream is FILE_NOT_READABLE at the current line', async () => {
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield Buffer.from(`${ok}\n${ok}\n{"id"`);
      throw Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' });
    }
    const { entries } = await expectError({ stream: failing(), name: 'dev' }, 'FILE_NOT_READABLE', { file: 'dev', line: 3 }, /EIO/);
    assert.equal(entries.length, 2);
  });
});

describe('readProjectedBatches: the window holds projections', () => {
  const times = ['2026-04-22T10:00:03.000Z', '2026-04-22T10:00:01.000Z', '2026-04-22T10:00:02.000Z', '2026-04-22T10:00:01.000Z', '2026-04-22T10:06:00.000Z', '2026-04-22T10:05:59.000Z'];
  const records = times.map((ts) => exchange(ts));
  const small = (r: ExchangeRecord): { id: string; ts: string } => ({ id: r.id, ts: r.ts });

  async function drainBatches<R>(source: AsyncIterable<RecordEntry<R>[]>): Promise<{ entries: RecordEntry<R>[]; error?: unknown }> {
    const entries: RecordEntry<R>[] = [];
    try {
      for await (const batch of source) entries.push(...batch);
    } catch (error) {
      return { entries, error };
    }
    return { entries };
  }

  it('yields the projections in the same time order, lines and times as readRecordBatches', async () => {
    const path = file('project.jsonl', `${records.map(line).join('\n')}\n`);
    for (const order of ['time', 'file'] as const) {
      // one record per read, so that records are released while others are still held
      const options = { kind: 'exchange', order, readChunkBytes: 64 } as const;
      const whole = await drainBatches(readRecordBatches(path, options));
      const projected = await drainBatches(readProjectedBatches(path, options, small));
      assert.equal(projected.error, undefined);
      assert.deepEqual(projected.entries.map((e) => [e.record, e.line, e.time]), whole.entries.map((e) => [small(e.record), e.line, e.time]));
      assert.deepEqual(projected.entries.map((e) => e.record.id), order === 'time'
        ? [records[1]!.id, records[3]!.id, records[2]!.id, records[0]!.id, records[5]!.id, records[4]!.id]
        : records.map((r) => r.id));
      // the projection holds nothing of the rest of the record
      assert.deepEqual(Object.keys(projected.entries[0]!.record), ['id', 'ts']);
    }
  });

  it('keeps the error contract: a bad line stops the read at its file and line, records released before it are delivered', async () => {
    const lines = records.map(line);
    lines.splice(5, 0, '{"id": "x", "ts": "not a time"}');
    const path = file('project-bad.jsonl', `${lines.join('\n')}\n`);
    for (const order of ['time', 'file'] as const) {
      const whole = await drainBatches(readRecordBatches(path, { kind: 'exchange', order, readChunkBytes: 64 }));
      const projected = await drainBatches(readProjectedBatches(path, { kind: 'exchange', order, readChunkBytes: 64 }, small));
      assert.ok(projected.error instanceof DistillguardError);
      assert.equal(projected.error.code, 'RECORD_MALFORMED');
      assert.deepEqual(projected.error.location, { file: path, line: 6 });
      assert.deepEqual(projected.entries.map((e) => e.line), whole.entries.map((e) => e.line));
      assert.equal(projected.entries.length, order === 'file' ? 5 : 4, 'in time order, the record at 10:06 is still in its window');
    }
  });

  it('a projection that cannot read a record (validation off) is RECORD_MALFORMED at its line', async () => {
    const lines = records.slice(0, 3).map(line);
    lines.push(line({ ...exchange('2026-04-22T10:00:04.000Z'), request: 'nothing' }));
    const path = file('project-throws.jsonl', `${lines.join('\n')}\n`);
    const strict = (r: ExchangeRecord): string => {
      if (!Array.isArray(r.request.messages)) throw new TypeError('request.messages is required');
      return r.id;
    };
    const { entries, error } = await drainBatches(readProjectedBatches(path, { kind: 'exchange', validate: false }, strict));
    assert.ok(error instanceof DistillguardError);
    assert.equal(error.code, 'RECORD_MALFORMED');
    assert.deepEqual(error.location, { file: path, line: 4 });
    assert.match(error.message, /request\.messages is required/);
    assert.equal(entries.length, 3);
  });
});
