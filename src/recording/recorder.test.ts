import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { ExchangeRecord } from '../records/types.js';
import { makeExchange } from '../testing/fixtures.js';
import { Recorder, type ExchangeSink } from './recorder.js';

const dir = mkdtempSync(join(tmpdir(), 'dg-recorder-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A sink that stores batches, and can be made to fail or to be slow. */
class TestSink implements ExchangeSink {
  batches: ExchangeRecord[][] = [];
  failuresLeft = 0;
  alwaysFail = false;
  delayMs = 0;
  async write(records: readonly ExchangeRecord[]): Promise<void> {
    if (this.delayMs) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (this.alwaysFail || this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      throw new Error('disk full');
    }
    this.batches.push([...records]);
  }
  get count(): number {
    return this.batches.reduce((n, b) => n + b.length, 0);
  }
}

const make = (sink: ExchangeSink, overrides: Partial<ConstructorParameters<typeof Recorder>[0]> = {}) =>
  new Recorder({ sink, capacity: 10, batchSize: 4, flushIntervalMs: 5, spillPath: join(dir, `spill-${Math.random()}.jsonl`), ...overrides });

describe('Recorder', () => {
  it('writes committed records in batches no larger than batchSize, in order', async () => {
    const sink = new TestSink();
    const recorder = make(sink);
    const records = Array.from({ length: 9 }, () => makeExchange());
    for (const record of records) {
      assert.ok(recorder.tryReserve());
      recorder.commit(record);
    }
    await recorder.drain();
    assert.equal(sink.count, 9);
    assert.ok(sink.batches.every((b) => b.length <= 4));
    assert.deepEqual(sink.batches.flat().map((r) => r.id), records.map((r) => r.id));
    assert.equal(recorder.stats().written, 9);
  });

  it('applies backpressure at admission: no slot beyond capacity, a waiter gets the next free one', async () => {
    const sink = new TestSink();
    sink.delayMs = 30;
    const recorder = make(sink, { capacity: 3 });
    assert.ok(recorder.tryReserve());
    assert.ok(recorder.tryReserve());
    assert.ok(recorder.tryReserve());
    assert.equal(recorder.tryReserve(), false, 'full');
    assert.equal(await recorder.reserve(20), false, 'still full after waiting 20 ms');
    const waiting = recorder.reserve(2_000);
    recorder.commit(makeExchange());
    recorder.commit(makeExchange());
    recorder.commit(makeExchange());
    assert.equal(await waiting, true, 'a slot frees once the batch is written');
    recorder.release();
    await recorder.drain();
    assert.equal(sink.count, 3);
  });

  it('keeps records through write failures and retries with backoff, showing listeners each record once', async () => {
    const sink = new TestSink();
    sink.failuresLeft = 3;
    const errors: unknown[] = [];
    const recorder = make(sink, { onWriteError: (error) => errors.push(error) });
    const seen: string[] = [];
    recorder.subscribe((batch) => seen.push(...batch.map((r) => r.id)));
    for (let i = 0; i < 5; i += 1) recorder.record(makeExchange());
    await recorder.drain(Date.now() + 5_000);
    assert.equal(sink.count, 5, 'every record written after the failures');
    assert.equal(errors.length, 3);
    assert.equal(recorder.stats().writeFailures, 3);
    assert.equal(seen.length, 5);
    assert.equal(new Set(seen).size, 5);
  });

  it('spills what the sink still refuses at the deadline to a JSONL file, so nothing is lost', async () => {
    const sink = new TestSink();
    sink.alwaysFail = true;
    const spillPath = join(dir, 'spill.jsonl');
    const recorder = make(sink, { spillPath });
    const records = [makeExchange(), makeExchange()];
    for (const record of records) recorder.record(record);
    await recorder.close(Date.now() + 200);
    const spilled = readFileSync(spillPath, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as ExchangeRecord);
    assert.deepEqual(spilled.map((r) => r.id), records.map((r) => r.id));
    assert.equal(recorder.stats().spilled, 2);
    assert.equal(recorder.tryReserve(), false, 'a closed recorder admits nothing');
  });

  it('waits for reserved in-flight requests when draining', async () => {
    const sink = new TestSink();
    const recorder = make(sink);
    assert.ok(recorder.tryReserve());
    setTimeout(() => recorder.commit(makeExchange()), 50);
    await recorder.close(Date.now() + 2_000);
    assert.equal(sink.count, 1);
  });

  it('hands every batch to listeners before writing, and survives a throwing listener', async () => {
    const sink = new TestSink();
    const recorder = make(sink);
    const seen: string[] = [];
    recorder.subscribe(() => { throw new Error('listener bug'); });
    const unsubscribe = recorder.subscribe((batch) => seen.push(...batch.map((r) => r.id)));
    const record = makeExchange();
    recorder.record(record);
    await recorder.drain();
    assert.deepEqual(seen, [record.id]);
    unsubscribe();
    recorder.record(makeExchange());
    await recorder.drain();
    assert.equal(seen.length, 1);
    assert.equal(sink.count, 2);
  });
});
