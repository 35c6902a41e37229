import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { isDistillguardError } from '../errors.js';
import { SqliteStore } from '../store/sqlite-store.js';
import type { StoredAction } from '../store/types.js';
import { makeAccount } from '../testing/fixtures.js';
import { AdminService } from './service.js';

const campaign = {
  campaign_id: 'cmp_test', accounts: ['acct_1', 'acct_2'], first_seen: '2026-05-01T00:00:00.000Z',
  detected_at: '2026-05-01T03:00:00.000Z', score: 0.93, summary: 'hydra', indicators: [{ type: 'asn', value: '64512' }], exchanges: 1200,
};

describe('AnalystActions', () => {
  let store: SqliteStore;
  let admin: AdminService;
  let heard: StoredAction[];
  let clock: number;

  beforeEach(async () => {
    store = await SqliteStore.open({ path: ':memory:' });
    clock = Date.parse('2026-05-02T00:00:00.000Z');
    admin = new AdminService(store, () => new Date(clock += 1000));
    heard = [];
    admin.analyst.onAction = (action) => heard.push(action);
    await store.upsertCampaign(campaign, '2026-05-01T03:00:00.000Z');
    await store.upsertAccount(makeAccount({ account_id: 'acct_1' }));
  });

  it('blocks a campaign: status, one block action, an audit entry, and the enforcement hook', async () => {
    const { action, audit } = await admin.analyst.blockCampaign('cmp_test', 'admin:alice', { reason: 'shared payment and templates' });
    assert.equal((await store.getCampaign('cmp_test'))?.status, 'blocked');
    assert.equal(audit, 'campaign.block');
    assert.deepEqual([action.kind, action.targetType, action.targetId, action.actor, action.dryRun], ['block', 'campaign', 'cmp_test', 'admin:alice', false]);
    assert.deepEqual(action.evidence, { status_before: 'active', score: 0.93, accounts: 2, exchanges: 1200 });
    assert.deepEqual(await store.listActions({ targetId: 'cmp_test' }), [action]);
    const [entry] = await store.listAudit({ targetId: 'cmp_test' });
    assert.equal(entry?.action, 'campaign.block');
    assert.equal(entry?.actor, 'admin:alice');
    assert.deepEqual(entry?.details, { action_id: action.actionId, kind: 'block', dry_run: false, reason: 'shared payment and templates' });
    assert.deepEqual(heard, [action]);
  });

  it('records a dry run without changing the status', async () => {
    const { action } = await admin.analyst.blockCampaign('cmp_test', 'admin:alice', { reason: 'try it', dryRun: true });
    assert.equal(action.dryRun, true);
    assert.equal((await store.getCampaign('cmp_test'))?.status, 'active');
    assert.equal((await store.listActions({ targetId: 'cmp_test' }))[0]?.dryRun, true);
    assert.equal((await store.listAudit({ targetId: 'cmp_test' }))[0]?.details.dry_run, true);
  });

  it('unblocks a campaign by revoking its active blocks, and dismisses one', async () => {
    const block = (await admin.analyst.blockCampaign('cmp_test', 'admin:alice', { reason: 'r' })).action;
    const dry = (await admin.analyst.blockCampaign('cmp_test', 'admin:alice', { reason: 'r', dryRun: true })).action;
    await admin.analyst.unblockCampaign('cmp_test', 'admin:bob', { reason: 'wrong call' });
    assert.equal((await store.getCampaign('cmp_test'))?.status, 'active');
    const actions = await store.listActions({ targetId: 'cmp_test' });
    assert.equal(actions.find((a) => a.actionId === block.actionId)?.revokedBy, 'admin:bob');
    assert.equal(actions.find((a) => a.actionId === dry.actionId)?.revokedAt, null, 'dry runs are left as they were');
    await admin.analyst.dismissCampaign('cmp_test', 'admin:bob', { reason: 'a benchmark lab' });
    assert.equal((await store.getCampaign('cmp_test'))?.status, 'dismissed');
    assert.deepEqual((await store.listAudit({ targetId: 'cmp_test' })).map((e) => e.action),
      ['campaign.dismiss', 'campaign.unblock', 'campaign.block', 'campaign.block']);
  });

  it('records every account action with the latest verdict as evidence', async () => {
    await store.insertVerdict({ accountId: 'acct_1', ts: '2026-05-01T04:00:00.000Z', score: 0.88, flagged: true, campaignId: 'cmp_test',
      reasons: [{ signal: 'template_shared', weight: 0.42, detail: 'shares prompt template t_9f2c41aa with 412 accounts' }] });
    const results = [
      await admin.analyst.blockAccount('acct_1', 'admin:alice', { reason: 'r1' }),
      await admin.analyst.allowAccount('acct_1', 'admin:alice', { reason: 'r2' }),
      await admin.analyst.markAccountFalsePositive('acct_1', 'admin:alice', { reason: 'r3' }),
      await admin.analyst.allowlistAccount('acct_1', 'admin:alice', { reason: 'r4' }),
    ];
    assert.deepEqual(results.map((r) => [r.action.kind, r.audit]), [
      ['block', 'account.block'], ['allow', 'account.allow'], ['mark_false_positive', 'account.mark_false_positive'], ['allowlist', 'account.allowlist'],
    ]);
    assert.deepEqual(results[0]?.action.evidence, { score: 0.88, flagged: true, campaign_id: 'cmp_test', signals: ['template_shared'] });
    assert.equal((await store.listActions({ targetType: 'account', targetId: 'acct_1' })).length, 4);
    assert.equal(heard.length, 4);
  });

  it('refuses unknown targets and missing reasons with coded errors, recording nothing', async () => {
    const code = (expected: string) => (error: unknown) => isDistillguardError(error) && error.code === expected;
    await assert.rejects(admin.analyst.blockCampaign('cmp_missing', 'admin:a', { reason: 'r' }), code('STORE_NOT_FOUND'));
    await assert.rejects(admin.analyst.blockAccount('acct_missing', 'admin:a', { reason: 'r' }), code('STORE_NOT_FOUND'));
    await assert.rejects(admin.analyst.blockCampaign('cmp_test', 'admin:a', { reason: '  ' }), code('STORE_INVALID_ARGUMENT'));
    await assert.rejects(admin.analyst.blockCampaign('cmp_test', 'admin:a', { reason: 'x'.repeat(501) }), code('STORE_INVALID_ARGUMENT'));
    assert.equal((await store.listActions()).length, 0);
    assert.equal((await store.listAudit()).length, 0);
    assert.equal(heard.length, 0);
  });
});
