import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEnforcedGateway, startSim, type GatewayUnderTest } from '../enforce/testing/harness.js';
import type { UpstreamSim } from '../upstream-sim/index.js';

describe('admin API: /admin/v1/enforcement', () => {
  let sim: UpstreamSim;
  let g: GatewayUnderTest;
  before(async () => {
    sim = await startSim();
    g = await startEnforcedGateway(sim);
    await g.account({ account_id: 'acct_a', verification: 'email', program: 'research' });
  });
  after(async () => {
    await g.close();
    await sim.close();
  });

  it('needs the admin token', async () => {
    const response = await fetch(`${g.gateway.url}/admin/v1/enforcement`, { headers: { authorization: 'Bearer wrong' } });
    assert.equal(response.status, 401);
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'ADMIN_UNAUTHORIZED');
  });

  it('reports status and explains an account', async () => {
    const status = await g.admin('GET', '/enforcement');
    assert.equal(status.status, 200);
    assert.deepEqual([(status.body.policy as { source: string }).source, status.body.bus, status.body.rateLimits], ['built-in', 'memory', 'memory']);
    const why = await g.admin('GET', '/enforcement/accounts/acct_a');
    assert.equal(why.status, 200);
    assert.deepEqual(why.body.facts, { verification: 'email', program: 'research' });
    assert.equal((why.body.decision as { outcome: string }).outcome, 'served');
    assert.equal((await g.admin('GET', '/enforcement/accounts/nobody')).status, 404);
  });

  it('publishes spec v1 verdicts and campaigns, all or nothing', async () => {
    const verdict = { account_id: 'acct_a', score: 0.7, flagged: true, first_flagged_at: '2026-05-01T00:00:00.000Z', campaign_id: 'cmp_r', reasons: [{ signal: 's', weight: 1, detail: 'd' }] };
    const bad = await g.admin('POST', '/enforcement/verdicts', { records: [verdict, { ...verdict, score: 7 }] });
    assert.equal(bad.status, 400);
    assert.match((bad.body.error as { message: string }).message, /^records\[1\]: /);
    assert.equal(g.gateway.enforcement.cache.verdict('acct_a'), undefined, 'nothing was published');
    const ok = await g.admin('POST', '/enforcement/verdicts', { records: [verdict] });
    assert.deepEqual(ok.body, { published: 1 });
    assert.equal(g.gateway.enforcement.cache.verdict('acct_a')?.score, 0.7);
    const campaign = { campaign_id: 'cmp_r', accounts: ['acct_a'], first_seen: '2026-05-01T00:00:00.000Z', detected_at: '2026-05-01T00:00:00.000Z', score: 0.6, summary: 's', indicators: [] };
    assert.deepEqual((await g.admin('POST', '/enforcement/campaigns', { records: [campaign] })).body, { published: 1 });
    assert.equal((await g.store.getCampaign('cmp_r'))?.status, 'active');
    const why = await g.admin('GET', '/enforcement/accounts/acct_a');
    assert.deepEqual(why.body.campaigns, [{ id: 'cmp_r', score: 0.6, status: 'active' }]);
  });

  it('takes analysts\' actions with a reason, and refuses malformed ones clearly', async () => {
    const noReason = await g.admin('POST', '/enforcement/accounts/acct_a/block', {});
    assert.equal(noReason.status, 400);
    assert.match((noReason.body.error as { message: string }).message, /reason is required/);
    const unknown = await g.admin('POST', '/enforcement/accounts/acct_a/obliterate', { reason: 'x' });
    assert.equal(unknown.status, 404);
    assert.match((unknown.body.error as { hint: string }).hint, /block, unblock, allow, false-positive, require-verification, verify/);
    const campaignBlock = await g.admin('POST', '/enforcement/campaigns/cmp_r/block', { reason: 'confirmed', dryRun: true });
    assert.equal(campaignBlock.status, 200);
    assert.equal(campaignBlock.body.dryRun, true);
    const app = await g.admin('POST', '/enforcement/applications/allowlist', { accountId: 'acct_a', systemPrompt: 'You grade essays.', reason: 'known grader product' });
    assert.equal(app.status, 200, JSON.stringify(app.body));
    assert.match(String(app.body.targetId), /^acct_a\/system:[0-9a-f]{64}$/);
    const neither = await g.admin('POST', '/enforcement/applications/allowlist', { reason: 'x' });
    assert.equal(neither.status, 400);
    const listed = await g.admin('GET', '/enforcement/actions?targetType=application&active=true');
    assert.equal((listed.body.data as unknown[]).length, 1);
    const revoked = await g.admin('POST', `/enforcement/actions/${String(app.body.actionId)}/revoke`, { reason: 'product retired' });
    assert.equal(revoked.body.revokedBy, 'admin:tester');
    assert.equal((await g.admin('GET', '/enforcement/actions?targetType=nonsense')).status, 400);
  });
});
