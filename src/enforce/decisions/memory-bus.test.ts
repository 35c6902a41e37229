import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeDecisionBusContract } from './bus.contract.js';
import { MemoryBusHub } from './memory-bus.js';

describeDecisionBusContract('memory', async () => {
  const hub = new MemoryBusHub();
  const a = hub.connect();
  const b = hub.connect();
  return { a, b, close: async () => { await a.close(); await b.close(); } };
});

describe('MemoryDecisionBus specifics', () => {
  it('a closed bus neither publishes nor receives', async () => {
    const hub = new MemoryBusHub();
    const a = hub.connect();
    const b = hub.connect();
    const got: unknown[] = [];
    b.subscribe((e) => got.push(e));
    await b.close();
    await b.close();
    await a.publish({ origin: 'x', sentAt: 0, messages: [] });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(got.length, 0);
    await a.close();
    await a.publish({ origin: 'x', sentAt: 0, messages: [] });
  });
});
