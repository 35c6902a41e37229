import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { DistillguardError } from '../errors.js';
import { openRecordWriter, readAllRecords } from './jsonl.js';

const dir = mkdtempSync(join(tmpdir(), 'dg-writer-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const label = (i: number) => ({ account_id: `acct_${i}`, label: 'benign' as const, campaign: null, archetype: `a${'x'.repeat(i % 40)}` });

/** A Writable that takes `delayMs` per chunk and remembers everything. */
function slowSink(highWaterMark: number, delayMs: number): { sink: Writable; data: () => Buffer; maxBuffered: () => number } {
  const parts: Buffer[] = [];
  let maxBuffered = 0;
  const sink = new Writable({
    highWaterMark,
    write(chunk: Buffer, _enc, cb) {
      maxBuffered = Math.max(maxBuffered, sink.writableLength);
      parts.push(Buffer.from(chunk));
      setTimeout(cb, delayMs);
    },
  });
  return { sink, data: () => Buffer.concat(parts), maxBuffered: () => maxBuffered };
}

describe('JsonlWriter backpressure', () => {
  it('resolves at once while there is room, after drain when full, and never lets the buffer grow', async () => {
    const { sink, data, maxBuffered } = slowSink(256, 1);
    let drains = 0;
    sink.on('drain', () => drains++);
    const w = await openRecordWriter({ stream: sink, name: 'slow' }, { kind: 'label' });
    let waited = 0;
    let immediate = 0;
    const records = Array.from({ length: 200 }, (_, i) => label(i));
    for (const r of records) {
      const full = sink.writableNeedDrain;
      const p = w.write(r);
      let settled = false;
      void p.then(() => (settled = true));
      await Promise.resolve();
      await Promise.resolve();
      if (settled) immediate++;
      else {
        waited++;
        assert.ok(sink.writableNeedDrain || full, 'only waits when the stream is full');
      }
      await p;
      assert.ok(sink.writableLength <= 256 + 120, `buffered ${sink.writableLength}`);
    }
    await w.close();
    assert.ok(waited > 0 && immediate > 0, `waited ${waited}, immediate ${immediate}`);
    assert.ok(drains > 0);
    assert.ok(maxBuffered() <= 256 + 120);
    assert.equal(data().toString(), records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    assert.ok(sink.writableFinished, 'a non-stdout stream is ended on close');
  });

  it('gzip to a slow stream, left open when end: false', async () => {
    const { sink, data } = slowSink(64, 0);
    const w = await openRecordWriter({ stream: sink, end: false }, { gzip: true });
    const records = Array.from({ length: 500 }, (_, i) => label(i));
    await w.writeAll(records);
    await w.close();
    assert.equal(sink.writableEnded, false);
    assert.equal(gunzipSync(data()).toString(), records.map((r) => `${JSON.stringify(r)}\n`).join(''));
  });

  it('rejects writes when the stream fails', async () => {
    const sink = new Writable({
      highWaterMark: 16,
      write(_c, _e, cb) {
        setTimeout(() => cb(new Error('disk on fire')), 1);
      },
    });
    const w = await openRecordWriter({ stream: sink, name: 'fire' });
    await assert.rejects(
      (async () => {
        for (let i = 0; i < 100; i++) await w.write(label(i));
      })(),
      (err: unknown) => err instanceof DistillguardError && /disk on fire/.test(err.message) && err.location?.file === 'fire',
    );
    await assert.rejects(w.close());
  });
});

describe('JsonlWriter files', () => {
  it('gzip round trip by suffix, written atomically', async () => {
    const path = join(dir, 'labels.jsonl.gz');
    const w = await openRecordWriter(path, { kind: 'label' });
    const records = Array.from({ length: 3000 }, (_, i) => label(i));
    for (const r of records) await w.write(r);
    assert.equal(existsSync(path), false, 'nothing under the final name before close');
    assert.equal(readdirSync(dir).filter((f) => f.endsWith('.tmp')).length, 1);
    await w.close();
    await w.close(); // idempotent
    const raw = readFileSync(path);
    assert.deepEqual([...raw.subarray(0, 2)], [0x1f, 0x8b]);
    assert.equal(gunzipSync(raw).toString(), records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    assert.deepEqual(await readAllRecords(path, { kind: 'label' }), records);
    assert.equal(readdirSync(dir).filter((f) => f.endsWith('.tmp')).length, 0);
  });

  it('abort leaves no file behind', async () => {
    const path = join(dir, 'aborted.jsonl');
    const w = await openRecordWriter(path);
    await w.write(label(1));
    await w.abort();
    assert.equal(existsSync(path), false);
    assert.equal(readdirSync(dir).filter((f) => f.includes('aborted')).length, 0);
    await assert.rejects(w.write(label(2)));
  });

  it('non-atomic writes go straight to the path', async () => {
    const path = join(dir, 'direct.jsonl');
    const w = await openRecordWriter(path, { atomic: false });
    await w.write(label(1));
    assert.equal(existsSync(path), true);
    await w.close();
    assert.equal(readFileSync(path, 'utf8'), `${JSON.stringify(label(1))}\n`);
  });

  it('rejects invalid records with RECORD_MALFORMED at the line they would take, writing nothing', async () => {
    const path = join(dir, 'invalid.jsonl');
    const w = await openRecordWriter(path, { kind: 'label' });
    await w.write(label(1));
    await assert.rejects(w.write({ ...label(2), label: 'evil' } as never), {
      code: 'RECORD_MALFORMED',
      location: { file: path, line: 2 },
      message: /label: must be one of "benign", "distillation"/,
    });
    await assert.rejects(w.write([] as never), { code: 'RECORD_MALFORMED' });
    await assert.rejects(w.write({ ...label(3), big: 1n } as never), { code: 'RECORD_MALFORMED', message: /serialise/ });
    await w.write(label(4));
    await w.close();
    assert.deepEqual(await readAllRecords(path, { kind: 'label' }), [label(1), label(4)]);
    await assert.rejects(w.write(label(5)), /closed/);
  });

  it('a folder that does not exist is a clear error at open', async () => {
    const path = join(dir, 'no', 'such', 'dir', 'out.jsonl');
    await assert.rejects(openRecordWriter(path), (err: unknown) => {
      assert.ok(err instanceof DistillguardError);
      assert.equal(err.location?.file, path);
      assert.match(err.message, /ENOENT/);
      assert.equal(err.code, 'FILE_NOT_WRITABLE');
      assert.equal(err.details?.operation, 'write');
      return true;
    });
  });
});
