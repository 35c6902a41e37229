import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AccountPlanner } from './accounts.js';
import { loadScenario } from './scenario.js';
import { defaultTextModule, loadTextKit } from './shard.js';

describe('simulate: idSalt', () => {
  it('changes account and key ids and nothing else (the same population as another provider sees it)', async () => {
    const scenario = loadScenario('tiny');
    const kit = await loadTextKit(defaultTextModule());
    const plain = new AccountPlanner(scenario, 5, kit);
    const salted = new AccountPlanner(scenario, 5, kit, 7);
    const again = new AccountPlanner(scenario, 5, kit, 7);
    for (let i = 0; i < plain.total; i += 7) {
      const a = plain.plan(i);
      const b = salted.plan(i);
      assert.notEqual(a.id, b.id);
      assert.equal(b.id, again.plan(i).id, 'deterministic per salt');
      assert.ok(b.keyIds.every((k) => !a.keyIds.includes(k)));
      assert.equal(a.keyIds.length, b.keyIds.length);
      const { account_id: idA, ...restA } = a.account!;
      const { account_id: idB, ...restB } = b.account!;
      assert.ok(idA !== idB);
      assert.deepEqual(restB, restA, 'sign-up facts (card, address, e-mail domain, dates) are the same');
      assert.deepEqual([b.asn, b.client, b.createdAt, b.hseed], [a.asn, a.client, a.createdAt, a.hseed]);
      assert.equal(b.label!.campaign, a.label!.campaign);
    }
  });
});
