import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SqliteStore } from '../store/sqlite-store.js';
import { makeExchange } from '../testing/fixtures.js';
import { ChangeFeed } from './live.js';

describe('ChangeFeed', () => {
  it('tells listeners of each change once, after beforeNotify, and polls only while someone listens', async () => {
    const store = await SqliteStore.open({ path: ':memory:' });
    const feed = new ChangeFeed(store, 60_000);
    const events: string[] = [];
    feed.beforeNotify = () => events.push('before');
    const stop = feed.subscribe((stamp) => events.push(`change ${stamp}`));
    await feed.poll(); // the first reading is the starting point, not a change
    assert.deepEqual(events, []);
    await feed.poll();
    assert.deepEqual(events, [], 'nothing changed');
    await store.insertExchanges([makeExchange()]);
    await feed.poll();
    assert.equal(events.length, 2);
    assert.equal(events[0], 'before');
    assert.match(events[1]!, /^change \S+$/);
    await feed.poll();
    assert.equal(events.length, 2, 'one change, told once');
    stop();
    assert.equal((feed as unknown as { timer: unknown }).timer, undefined, 'the last listener gone, polling stops');
    await store.close();
  });
});
