/**
 * The contract every DecisionBus passes (memory-bus.test.ts, redis-bus.test.ts). `makePair`
 * returns two buses on one network, as two replicas would have.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DecisionBus, DecisionEnvelope } from './types.js';

export interface BusPair {
  a: DecisionBus;
  b: DecisionBus;
  close(): Promise<void>;
}

function collector(bus: DecisionBus): { received: DecisionEnvelope[]; delays: number[]; until(n: number, timeoutMs?: number): Promise<void>; stop: () => void } {
  const received: DecisionEnvelope[] = [];
  const delays: number[] = [];
  const stop = bus.subscribe((envelope) => {
    received.push(envelope);
    delays.push(Date.now() - envelope.sentAt);
  });
  return {
    received,
    delays,
    stop,
    async until(n, timeoutMs = 2_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < n) {
        if (Date.now() > deadline) throw new Error(`received ${received.length} of ${n} envelopes within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    },
  };
}

const sample = (n: number): DecisionEnvelope => ({
  origin: 'replica-a',
  sentAt: Date.now(),
  messages: [
    { kind: 'verdict', verdict: { accountId: `acct_${n}`, ts: '2026-05-01T00:00:00.000Z', score: 0.91, flagged: true, campaignId: 'cmp_1',
      reasons: [{ signal: 'template_shared', weight: 0.4, detail: 'shares template t_1 with 12 accounts — ünïcödé' }] } },
    { kind: 'action', action: { actionId: `act_${n}`, ts: '2026-05-01T00:00:01.000Z', targetType: 'campaign', targetId: 'cmp_1', kind: 'block',
      actor: 'admin:alice', reason: 'confirmed', evidence: { exchanges: 1200 }, expiresAt: null, revokedAt: null, revokedBy: null, dryRun: false } },
  ],
});

export function describeDecisionBusContract(name: string, makePair: () => Promise<BusPair>, options: { skip?: string | false } = {}): void {
  describe(`DecisionBus contract: ${name}`, { skip: options.skip ?? false }, () => {
    let pair: BusPair;
    before(async () => { pair = await makePair(); });
    after(async () => { await pair.close(); });

    it('delivers an envelope to every replica, the publisher included, unchanged', async () => {
      const atA = collector(pair.a);
      const atB = collector(pair.b);
      const envelope = sample(1);
      await pair.a.publish(envelope);
      await atA.until(1);
      await atB.until(1);
      assert.deepEqual(atB.received[0], envelope);
      assert.deepEqual(atA.received[0], envelope);
      assert.notEqual(atB.received[0], envelope, 'a copy, never the sender\'s object');
      atA.stop();
      atB.stop();
    });

    it('keeps each publisher\'s order and reaches the other replica within a second', async () => {
      const atB = collector(pair.b);
      const sent = Array.from({ length: 200 }, (_, i) => sample(100 + i));
      for (const envelope of sent) await pair.a.publish({ ...envelope, sentAt: Date.now() });
      await atB.until(200);
      assert.deepEqual(atB.received.map((e) => e.messages[0]!.kind === 'verdict' && e.messages[0]!.verdict.accountId),
        sent.map((e) => e.messages[0]!.kind === 'verdict' && e.messages[0]!.verdict.accountId));
      const worst = Math.max(...atB.delays);
      assert.ok(worst < 1_000, `slowest delivery ${worst} ms`);
      atB.stop();
    });

    it('stops delivering after unsubscribe, and publishing after close is harmless', async () => {
      const atB = collector(pair.b);
      atB.stop();
      const other = collector(pair.b);
      await pair.a.publish(sample(999));
      await other.until(1);
      assert.equal(atB.received.length, 0);
      other.stop();
    });
  });
}
