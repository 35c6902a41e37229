/**
 * Analysts' actions (the one service behind the admin API, the CLI and the dashboard): what each
 * stores, audits and distributes, with a second replica's decision cache listening on the bus.
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { pino } from 'pino';
import { isDistillguardError } from '../../errors.js';
import { SqliteStore } from '../../store/sqlite-store.js';
import { makeAccount } from '../../testing/fixtures.js';
import { AnalystActions } from './analyst.js';
import { DecisionCache } from './cache.js';
import { MemoryBusHub } from './memory-bus.js';
import { DecisionService } from './service.js';
import type { DecisionEnvelope } from './types.js';

const campaign = {
  campaign_id: 'cmp_test', accounts: ['acct_1', 'acct_2'], first_seen: '2026-05-01T00:00:00.000Z',
  detected_at: '2026-05-01T03:00:00.000Z', score: 0.93, summary: 'hydra', indicators: [{ type: 'asn', value: '64512' }], exchanges: 1200,
};

describe('AnalystActions', () => {
  let store: SqliteStore;
  let analyst: AnalystActions;
  let heard: DecisionEnvelope[];
  let replica: DecisionCache;
  let clock: number;

  beforeEach(async () => {
    store = await SqliteStore.open({ path: ':memory:' });
    clock = Date.parse('2026-05-02T00:00:00.000Z');
    const hub = new MemoryBusHub();
    const now = () => new Date(clock += 1000);
    analyst = new AnalystActions(new DecisionService({ store, bus: hub.connect(), cache: new DecisionCache(() => clock), logger: pino({ level: 'silent' }), origin: 'a', now }));
    // another replica: its cache hears every action on the bus
    replica = new DecisionCache(() => clock);
    heard = [];
    hub.connect().subscribe((envelope) => {
      heard.push(envelope);
      for (const message of envelope.messages) replica.apply(message);
    });
    await store.upsertCampaign(campaign, '2026-05-01T03:00:00.000Z');
    await store.upsertAccount(makeAccount({ account_id: 'acct_1' }));
  });

  it('blocks a campaign: status, one block action with evidence, an audit entry, and every replica told', async () => {
    const action = await analyst.onCampaign('cmp_test', 'block', { actor: 'admin:alice', reason: 'shared payment and templates' });
    assert.equal((await store.getCampaign('cmp_test'))?.status, 'blocked');
    assert.deepEqual([action.kind, action.targetType, action.targetId, action.actor, action.dryRun], ['block', 'campaign', 'cmp_test', 'admin:alice', false]);
    assert.deepEqual(action.evidence, { status_before: 'active', score: 0.93, accounts: 2, exchanges: 1200 });
    assert.deepEqual(await store.listActions({ targetId: 'cmp_test' }), [action]);
    const [entry] = await store.listAudit({ targetId: 'cmp_test' });
    assert.deepEqual([entry?.action, entry?.actor, entry?.details.reason], ['enforce.block', 'admin:alice', 'shared payment and templates']);
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(heard.length >= 1);
    assert.equal(replica.campaign('cmp_test')?.status, 'blocked', 'the other replica holds the campaign blocked');
    assert.equal(replica.explicit('campaign', 'cmp_test').analyst?.actionId, action.actionId);
  });

  it('records a dry run without changing the status', async () => {
    const action = await analyst.onCampaign('cmp_test', 'block', { actor: 'admin:alice', reason: 'try it', dryRun: true });
    assert.equal(action.dryRun, true);
    assert.equal((await store.getCampaign('cmp_test'))?.status, 'active');
    assert.equal((await store.listActions({ targetId: 'cmp_test' }))[0]?.dryRun, true);
    assert.equal((await store.listAudit({ targetId: 'cmp_test' }))[0]?.details.dryRun, true);
  });

  it('asks a campaign for verification without changing its status; unblocking ends blocks and verification requests, then dismisses', async () => {
    const verify = await analyst.onCampaign('cmp_test', 'require_verification', { actor: 'admin:alice', reason: 'check them' });
    assert.equal((await store.getCampaign('cmp_test'))?.status, 'active');
    const block = await analyst.onCampaign('cmp_test', 'block', { actor: 'admin:alice', reason: 'r' });
    const dry = await analyst.onCampaign('cmp_test', 'block', { actor: 'admin:alice', reason: 'r', dryRun: true });
    await analyst.onCampaign('cmp_test', 'unblock', { actor: 'admin:bob', reason: 'wrong call' });
    assert.equal((await store.getCampaign('cmp_test'))?.status, 'active');
    const actions = await store.listActions({ targetId: 'cmp_test' });
    assert.equal(actions.find((a) => a.actionId === block.actionId)?.revokedBy, 'admin:bob');
    assert.equal(actions.find((a) => a.actionId === verify.actionId)?.revokedBy, 'admin:bob');
    assert.equal(actions.find((a) => a.actionId === dry.actionId)?.revokedAt, null, 'dry runs are left as they were');
    await analyst.onCampaign('cmp_test', 'mark_false_positive', { actor: 'admin:bob', reason: 'a benchmark lab' });
    assert.equal((await store.getCampaign('cmp_test'))?.status, 'dismissed');
    assert.deepEqual((await store.listAudit({ targetId: 'cmp_test' })).map((e) => e.action),
      ['enforce.mark_false_positive', 'enforce.unblock', 'enforce.revoke', 'enforce.revoke', 'enforce.block', 'enforce.block', 'enforce.require_verification']);
  });

  it('records every account action with the newest verdict as evidence', async () => {
    await store.insertVerdict({ accountId: 'acct_1', ts: '2026-05-01T04:00:00.000Z', score: 0.88, flagged: true, campaignId: 'cmp_test',
      reasons: [{ signal: 'template_shared', weight: 0.42, detail: 'shares prompt template t_9f2c41aa with 412 accounts' }] });
    const kinds = ['block', 'allow', 'mark_false_positive', 'allowlist'] as const;
    const actions = [];
    for (const kind of kinds) actions.push(await analyst.onAccount('acct_1', kind, { actor: 'admin:alice', reason: `r ${kind}` }));
    assert.deepEqual(actions.map((a) => a.kind), [...kinds]);
    assert.deepEqual(actions[0]?.evidence, { score: 0.88, flagged: true, campaign_id: 'cmp_test', signals: ['template_shared'] });
    assert.equal((await store.listActions({ targetType: 'account', targetId: 'acct_1' })).length, 4);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(replica.explicit('account', 'acct_1').analyst?.kind, 'allowlist', 'the newest analyst action decides on every replica');
  });

  it('refuses unknown targets, unknown kinds and missing or overlong reasons with coded errors, recording nothing', async () => {
    const code = (expected: string) => (error: unknown) => isDistillguardError(error) && error.code === expected;
    await assert.rejects(analyst.onCampaign('cmp_missing', 'block', { actor: 'admin:a', reason: 'r' }), code('STORE_NOT_FOUND'));
    await assert.rejects(analyst.onAccount('acct_missing', 'block', { actor: 'admin:a', reason: 'r' }), code('STORE_NOT_FOUND'));
    await assert.rejects(analyst.onCampaign('cmp_test', 'block', { actor: 'admin:a', reason: '  ' }), code('STORE_INVALID_ARGUMENT'));
    await assert.rejects(analyst.onCampaign('cmp_test', 'block', { actor: 'admin:a', reason: 'x'.repeat(501) }), code('STORE_INVALID_ARGUMENT'));
    await assert.rejects(analyst.onCampaign('cmp_test', 'nuke' as never, { actor: 'admin:a', reason: 'r' }), code('STORE_INVALID_ARGUMENT'));
    assert.equal((await store.listActions()).length, 0);
    assert.equal((await store.listAudit()).length, 0);
    assert.equal(heard.length, 0);
  });
});
