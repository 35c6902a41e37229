import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dueAt, runSchedule, type Clock } from './scheduler.js';

/** A clock that only moves when told to: sleeping jumps straight to the wake-up time. */
function fakeClock(): Clock & { advance(ms: number): void } {
  let now = 1_000;
  return {
    now: () => now,
    sleep: async (ms) => { now += ms; },
    advance: (ms) => { now += ms; },
  };
}

async function* items(times: number[]): AsyncGenerator<{ time: number; n: number }> {
  for (const [n, time] of times.entries()) yield { time, n };
}

describe('replay scheduler', () => {
  it('computes due times from the speed-up factor', () => {
    assert.equal(dueAt(100, 5_000, 65_000, 600), 200);
    assert.equal(dueAt(100, 5_000, 65_000, 'max'), -Infinity);
  });

  it('sends each item at start + (t − t0) / speed, in order, without lag when on time', async () => {
    const clock = fakeClock();
    const sentAt: Array<[number, number]> = [];
    const result = await runSchedule(items([10_000, 11_000, 13_000, 13_000]), { speed: 10, concurrency: 4, clock }, {
      prepare: async (item) => item,
      send: async (item) => { sentAt.push([item.n, clock.now()]); },
    });
    assert.deepEqual(sentAt, [[0, 1_000], [1, 1_100], [2, 1_300], [3, 1_300]]);
    assert.equal(result.dispatched, 4);
    assert.equal(result.maxLagMs, 0);
    assert.equal(result.lastTime - result.firstTime, 3_000);
  });

  it('keeps input order when it falls behind, and reports the lag', async () => {
    const clock = fakeClock();
    const order: number[] = [];
    const lags: number[] = [];
    const result = await runSchedule(items([0, 1_000, 2_000]), { speed: 10, concurrency: 1, clock }, {
      prepare: async (item) => item,
      // each send takes 500 ms of clock time while the schedule wants one every 100 ms
      send: async (item) => { order.push(item.n); clock.advance(500); },
      onDispatch: (info) => lags.push(info.lagMs),
    });
    assert.deepEqual(order, [0, 1, 2]);
    assert.deepEqual(lags, [0, 400, 800]);
    assert.equal(result.maxLagMs, 800);
  });

  it('starts the clock once the first item is prepared, so one-off set-up is not lag', async () => {
    const clock = fakeClock();
    const lags: number[] = [];
    await runSchedule(items([0, 1_000]), { speed: 10, concurrency: 2, clock }, {
      prepare: async (item) => { if (item.n === 0) clock.advance(500); return item; },
      send: async () => {},
      onDispatch: (info) => lags.push(info.lagMs),
    });
    assert.deepEqual(lags, [0, 0]);
  });

  it('never has more than `concurrency` sends in flight, and at max speed does not wait', async () => {
    let inFlight = 0;
    let peak = 0;
    const result = await runSchedule(items(Array.from({ length: 50 }, (_, i) => i * 60_000)), { speed: 'max', concurrency: 3 }, {
      prepare: async (item) => item,
      send: async () => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 2));
        inFlight -= 1;
      },
    });
    assert.equal(result.dispatched, 50);
    assert.equal(peak, 3);
  });

  it('skips items whose prepare returns undefined', async () => {
    const sent: number[] = [];
    const result = await runSchedule(items([0, 1, 2, 3]), { speed: 'max', concurrency: 2 }, {
      prepare: async (item) => (item.n % 2 === 0 ? item : undefined),
      send: async (item) => { sent.push(item.n); },
    });
    assert.deepEqual(sent, [0, 2]);
    assert.equal(result.read, 4);
    assert.equal(result.dispatched, 2);
  });

  it('stops dispatching when a send fails fatally, waits for the others, and rethrows', async () => {
    let settled = 0;
    const started: number[] = [];
    await assert.rejects(
      runSchedule(items(Array.from({ length: 20 }, (_, i) => i)), { speed: 'max', concurrency: 2 }, {
        prepare: async (item) => item,
        send: async (item) => {
          started.push(item.n);
          await new Promise((resolve) => setTimeout(resolve, 5));
          settled += 1;
          if (item.n === 1) throw new Error('gateway gone');
        },
      }),
      /gateway gone/,
    );
    assert.ok(started.length < 20, `dispatching stopped (started ${started.length})`);
    assert.equal(settled, started.length, 'every started send settled before the rejection');
  });

  it('stops at once when the signal aborts, even while waiting for a far-off item', async () => {
    const controller = new AbortController();
    const sent: number[] = [];
    const begin = performance.now();
    setTimeout(() => controller.abort(), 30);
    const result = await runSchedule(items([0, 3_600_000]), { speed: 1, concurrency: 1, signal: controller.signal }, {
      prepare: async (item) => item,
      send: async (item) => { sent.push(item.n); },
    });
    assert.deepEqual(sent, [0]);
    assert.equal(result.aborted, true);
    assert.ok(performance.now() - begin < 2_000);
  });
});
