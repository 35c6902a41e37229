import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { SqliteStore } from '../store/sqlite-store.js';
import { makeExchange } from '../testing/fixtures.js';
import type { ExchangeSink } from './recorder.js';
import { SqliteWorkerSink } from './sqlite-worker-sink.js';
import { storeSink } from './store-sink.js';

const dir = mkdtempSync(join(tmpdir(), 'dg-sinks-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface SinkUnderTest { sink: ExchangeSink; store: SqliteStore; close(): Promise<void> }

/** The same expectations for every ExchangeSink implementation. */
function describeSinkContract(name: string, make: (keepText: boolean) => Promise<SinkUnderTest>): void {
  describe(`ExchangeSink contract: ${name}`, () => {
    it('stores every record unchanged, and a redelivered batch only once', async () => {
      const t = await make(true);
      const batch = Array.from({ length: 300 }, (_, i) => makeExchange({ ts: new Date(Date.parse('2026-05-01T00:00:00.000Z') + i).toISOString() }));
      await t.sink.write(batch.slice(0, 150));
      await t.sink.write(batch.slice(100));
      const stored = await t.store.listExchanges();
      assert.equal(stored.length, 300);
      assert.deepEqual(stored, batch);
      await t.close();
    });

    it('drops text before storage when retention says so', async () => {
      const t = await make(false);
      await t.sink.write([makeExchange({ id: 'ex_private' })]);
      const [stored] = await t.store.listExchanges();
      assert.equal(stored?.request.messages[0]?.content, '');
      assert.equal(stored?.response.text, '');
      assert.ok(stored?.text_dropped);
      await t.close();
    });
  });
}

describeSinkContract('storeSink (inline)', async (keepText) => {
  const store = await SqliteStore.open({ path: ':memory:' });
  return { sink: storeSink(store, { keepText }), store, close: () => store.close() };
});

let n = 0;
describeSinkContract('SqliteWorkerSink (worker thread)', async (keepText) => {
  const path = join(dir, `worker-${n++}.db`);
  const store = await SqliteStore.open({ path });
  const sink = await SqliteWorkerSink.start(path, { keepText });
  return { sink, store, close: async () => { await sink.close(); await store.close(); } };
});

describe('SqliteWorkerSink failures', () => {
  it('rejects writes (so the recorder keeps and retries them) when the worker cannot insert', async () => {
    const path = join(dir, 'unmigrated.db');
    (await SqliteStore.open({ path, migrate: false })).close();
    const sink = await SqliteWorkerSink.start(path, { keepText: true });
    await assert.rejects(sink.write([makeExchange()]), /recording worker: no such table: exchanges/);
    await sink.close();
  });
});
