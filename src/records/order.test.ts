import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DistillguardError } from '../errors.js';
import { chunkedStream, exchangeLogArbitrary } from './arbitraries.js';
import { DEFAULT_MAX_DISORDER_MS, inTimeOrder, readRecords, readRecordsInTimeOrder, TimeSorter } from './jsonl.js';
import type { ExchangeRecord } from './types.js';

const T0 = Date.parse('2026-04-22T10:00:00.000Z');
const iso = (ms: number): string => new Date(ms).toISOString();
function ex(ts: number, id = `ex_${ts}`): ExchangeRecord {
  return {
    id,
    ts: iso(ts),
    account_id: 'a',
    client: { ip: '192.0.2.1' },
    model: 'm',
    endpoint: 'openai.chat',
    request: { messages: [] },
    response: { status: 200 },
    usage: { input_tokens: 0, output_tokens: 0 },
  };
}
const source = (records: ExchangeRecord[], name = 'log.jsonl') => ({
  stream: chunkedStream(Buffer.from(records.map((r) => JSON.stringify(r)).join('\n')), [97]),
  name,
});

async function drain<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('disorder window', () => {
  it('accepts a record exactly 5 minutes older than the newest', async () => {
    const recs = [ex(T0), ex(T0 + DEFAULT_MAX_DISORDER_MS), ex(T0, 'boundary')];
    assert.equal((await drain(readRecords(source(recs), { kind: 'exchange' }))).length, 3);
  });

  it('rejects a record 5 minutes and 1 ms older, at its line', async () => {
    const recs = [ex(T0), ex(T0 + 1000), ex(T0 + DEFAULT_MAX_DISORDER_MS + 1), ex(T0 + 2), ex(T0)];
    const seen: number[] = [];
    await assert.rejects(
      (async () => {
        for await (const e of readRecords(source(recs), { kind: 'exchange' })) seen.push(e.line);
      })(),
      (err: unknown) => {
        assert.ok(err instanceof DistillguardError);
        assert.equal(err.code, 'RECORD_OUT_OF_ORDER');
        assert.deepEqual(err.location, { file: 'log.jsonl', line: 5 });
        assert.match(err.message, /2026-04-22T10:00:00\.000Z is 300001 ms older than 2026-04-22T10:05:00\.001Z \(line 3\)/);
        assert.match(err.message, /at most 300000 ms \(5 min\)/);
        return true;
      },
    );
    assert.deepEqual(seen, [1, 2, 3, 4]);
  });

  it('honours a custom window and a custom time field', async () => {
    const recs = [ex(T0 + 10), ex(T0)];
    await assert.rejects(drain(readRecords(source(recs), { kind: 'exchange', maxDisorderMs: 9 })), { code: 'RECORD_OUT_OF_ORDER' });
    assert.equal((await drain(readRecords(source(recs), { kind: 'exchange', maxDisorderMs: 10 }))).length, 2);
    const accounts = [{ account_id: 'a', created_at: iso(T0 + 10) }, { account_id: 'b', created_at: iso(T0) }];
    const s = { stream: chunkedStream(Buffer.from(accounts.map((a) => JSON.stringify(a)).join('\n')), [1000]), name: 'acc' };
    await assert.rejects(drain(readRecords(s, { kind: 'account', timeField: 'created_at', maxDisorderMs: 5 })), { code: 'RECORD_OUT_OF_ORDER', location: { file: 'acc', line: 2 } });
  });
});

/** What strict time order must give: a stable sort by time. */
function stableSorted(log: ExchangeRecord[]): ExchangeRecord[] {
  return log.map((r, i) => ({ r, i, t: Date.parse(r.ts) })).sort((a, b) => a.t - b.t || a.i - b.i).map((x) => x.r);
}

describe('time order (property)', () => {
  it('order: "time" and inTimeOrder yield every record, sorted and stable', async () => {
    await fc.assert(
      fc.asyncProperty(exchangeLogArbitrary({ maxLength: 40, maxStepMs: 120_000, extraFields: false }), async (log) => {
        const expected = stableSorted(log);
        const viaOption = (await drain(readRecordsInTimeOrder(source(log), { kind: 'exchange' }))).map((e) => e.record);
        assert.deepEqual(viaOption, expected);
        const viaFn = (await drain(inTimeOrder(readRecords(source(log), { kind: 'exchange' }), DEFAULT_MAX_DISORDER_MS))).map((e) => e.record);
        assert.deepEqual(viaFn, expected);
      }),
      { numRuns: 150 },
    );
  });

  it('TimeSorter sorts any input that respects its window', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50 }), fc.array(fc.integer({ min: -60, max: 60 }), { maxLength: 200 }), (w, deltas) => {
        let newest = 0;
        const times = deltas.map((d) => {
          const t = newest + Math.max(d, -w);
          newest = Math.max(newest, t);
          return t;
        });
        const sorter = new TimeSorter<number>(w);
        const out: number[] = [];
        times.forEach((t, i) => sorter.push(t, i, out));
        sorter.end(out);
        const expected = times.map((t, i) => [t, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map((x) => x[1]);
        assert.deepEqual(out, expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('inTimeOrder', () => {
  it('holds only one window of records', async () => {
    let produced = 0;
    async function* steady(): AsyncGenerator<{ time: number; line: number }> {
      // one record a minute for 1000 minutes: at most 6 fit in a 5-minute window
      for (let i = 0; i < 1000; i++) {
        produced++;
        yield { time: T0 + i * 60_000, line: i + 1 };
      }
    }
    let received = 0;
    let maxHeld = 0;
    let last = -Infinity;
    for await (const e of inTimeOrder(steady(), DEFAULT_MAX_DISORDER_MS)) {
      received++;
      maxHeld = Math.max(maxHeld, produced - received);
      assert.ok(e.time >= last);
      last = e.time;
    }
    assert.equal(received, 1000);
    assert.ok(maxHeld <= 6, `held ${maxHeld}`);
  });

  it('throws RECORD_OUT_OF_ORDER for disorder beyond its window', async () => {
    async function* src(): AsyncGenerator<{ time: number; line: number }> {
      yield { time: 100, line: 1 };
      yield { time: 200, line: 2 };
      yield { time: 50, line: 3 };
    }
    await assert.rejects(drain(inTimeOrder(src(), 10, { name: 'x' })), { code: 'RECORD_OUT_OF_ORDER', location: { file: 'x', line: 3 } });
  });

  it('requires a time field for order: "time"', async () => {
    await assert.rejects(drain(readRecords(source([]), { kind: 'label', order: 'time' })), TypeError);
  });
});
