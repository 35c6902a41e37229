import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDistillguardError } from '../../errors.js';
import { mintApiKey } from '../../keys/api-keys.js';
import { SqliteStore } from '../../store/sqlite-store.js';
import type { StoredVerdict } from '../../store/types.js';
import { makeAccount } from '../../testing/fixtures.js';
import { parsePolicy } from '../policy/load.js';
import { captureLog } from '../testing/log-capture.js';
import { AnalystActions } from './analyst.js';
import { DecisionCache } from './cache.js';
import { AuditChangeFeed } from './change-feed.js';
import { MemoryBusHub } from './memory-bus.js';
import { DecisionService } from './service.js';
import { PolicyTransitions } from './transitions.js';

const POLICY = parsePolicy(`
version: 1
verification: { url: "https://verify.example/{account_id}" }
risk:
  - { name: watch, when: { accountScore: 0.3 }, action: monitor }
  - { name: withhold, when: { accountScore: 0.7 }, action: withhold_reasoning }
  - { name: block, when: { accountScore: 0.95 }, action: block_account }
  - { name: campaign-block, when: { campaignScore: 0.9 }, action: block_campaign }
`, 'p.yaml');

const verdict = (accountId: string, score: number, ts: string, campaignId: string | null = null): StoredVerdict =>
  ({ accountId, ts, score, flagged: score >= 0.5, campaignId, reasons: [{ signal: 'template_shared', weight: 0.5, detail: 'shares template t_1 with 40 accounts' }] });

/** Two replicas on one store and one in-process bus network. */
async function replicas() {
  const store = await SqliteStore.open({ path: ':memory:' });
  for (const id of ['a1', 'a2', 'a3']) await store.upsertAccount(makeAccount({ account_id: id, verification: 'email' }));
  const hub = new MemoryBusHub();
  const log = captureLog('warn');
  const make = (origin: string) => {
    const cache = new DecisionCache();
    const bus = hub.connect();
    const service = new DecisionService({ store, bus, cache, logger: log.logger, origin });
    bus.subscribe((envelope) => { if (envelope.origin !== origin) for (const m of envelope.messages) cache.apply(m); });
    service.transitions = new PolicyTransitions(service, () => POLICY, log.logger);
    return { cache, bus, service, actions: new AnalystActions(service) };
  };
  const a = make('a');
  const b = make('b');
  return { store, a, b, close: async () => { await a.bus.close(); await b.bus.close(); await store.close(); } };
}

async function until(predicate: () => boolean, timeoutMs = 1_000): Promise<number> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return Date.now() - start;
}

describe('decision service: the engine\'s verdicts and campaigns', () => {
  it('stores a verdict, reaches the other replica within a second, and records the policy\'s measures as they start and end', async () => {
    const r = await replicas();
    try {
      await r.a.service.publishVerdict(verdict('a1', 0.8, '2026-05-01T00:00:00.000Z'));
      assert.equal((await r.store.listVerdicts({ accountId: 'a1' }))[0]?.score, 0.8);
      const delay = await until(() => r.b.cache.verdict('a1')?.score === 0.8);
      assert.ok(delay < 1_000);
      let active = await r.store.listActions({ targetType: 'account', targetId: 'a1', activeAt: new Date().toISOString() });
      assert.deepEqual(active.map((a) => [a.actor, a.kind]).sort(), [['policy:watch', 'monitor'], ['policy:withhold', 'withhold_reasoning']]);
      const withhold = active.find((a) => a.actor === 'policy:withhold')!;
      assert.match(withhold.reason, /account score 0\.8 ≥ 0\.7/);
      assert.deepEqual((withhold.evidence as { reasons: unknown[] }).reasons.length, 1, 'the verdict\'s reasons are the evidence');
      assert.equal(withhold.dryRun, false);
      const audit = await r.store.listAudit({ targetId: 'a1' });
      assert.ok(audit.some((e) => e.action === 'enforce.withhold_reasoning' && e.actor === 'policy:withhold'));

      // the same verdict again records nothing new; a lower score ends what no longer holds
      await r.a.service.publishVerdict(verdict('a1', 0.8, '2026-05-01T00:01:00.000Z'));
      await r.a.service.publishVerdict(verdict('a1', 0.4, '2026-05-01T00:02:00.000Z'));
      active = await r.store.listActions({ targetType: 'account', targetId: 'a1', activeAt: new Date().toISOString() });
      assert.deepEqual(active.map((a) => a.actor), ['policy:watch']);
      const all = await r.store.listActions({ targetType: 'account', targetId: 'a1' });
      assert.equal(all.length, 2);
      assert.equal(all.find((a) => a.actor === 'policy:withhold')?.revokedBy, 'policy');
    } finally {
      await r.close();
    }
  });

  it('blocks a campaign that reaches the block step, keeps an analyst\'s status across the engine\'s updates, and links later members', async () => {
    const r = await replicas();
    try {
      const record = { campaign_id: 'cmp_1', accounts: ['a1', 'a2'], first_seen: '2026-05-01T00:00:00.000Z', detected_at: '2026-05-01T01:00:00.000Z',
        score: 0.93, summary: 'CoT harvesting through 2 accounts', indicators: [{ type: 'asn', value: '64500' }] };
      await r.a.service.publishCampaign(record);
      assert.equal((await r.store.getCampaign('cmp_1'))?.status, 'blocked');
      await until(() => r.b.cache.campaign('cmp_1')?.status === 'blocked');
      assert.deepEqual(r.b.cache.campaignIdsOf('a2'), ['cmp_1']);
      const [block] = await r.store.listActions({ targetType: 'campaign', targetId: 'cmp_1' });
      assert.equal(block?.actor, 'policy:campaign-block');
      assert.match(block!.reason, /campaign score 0\.93 ≥ 0\.9/);

      // the engine republishes the campaign (score changed, one more member): still blocked, no second action
      await r.a.service.publishCampaign({ ...record, score: 0.95, accounts: ['a1', 'a2', 'a3'] }, { alreadyStored: false });
      assert.equal((await r.store.getCampaign('cmp_1'))?.status, 'blocked');
      assert.equal((await r.store.listActions({ targetType: 'campaign', targetId: 'cmp_1' })).length, 1);
      await until(() => r.b.cache.campaignIdsOf('a3').includes('cmp_1'));

      // an analyst unblocks it: status active, the policy's block revoked, and the policy does not block it again
      await r.a.actions.onCampaign('cmp_1', 'unblock', { reason: 'reseller, confirmed by phone', actor: 'admin:alice' });
      assert.equal((await r.store.getCampaign('cmp_1'))?.status, 'active');
      await r.a.service.publishCampaign({ ...record, score: 0.97 });
      assert.equal((await r.store.getCampaign('cmp_1'))?.status, 'active');
      await until(() => r.b.cache.campaign('cmp_1')?.status === 'active' && r.b.cache.explicit('campaign', 'cmp_1').analyst?.kind === 'unblock');
    } finally {
      await r.close();
    }
  });
});

describe('decision service: dry runs and engines that store their own results', () => {
  it('records a dry-run policy\'s measures as dry-run actions, and does not store a verdict twice', async () => {
    const store = await SqliteStore.open({ path: ':memory:' });
    await store.upsertAccount(makeAccount({ account_id: 'd1' }));
    const log = captureLog('warn');
    const service = new DecisionService({ store, bus: new MemoryBusHub().connect(), cache: new DecisionCache(), logger: log.logger, origin: 'x' });
    const dry = parsePolicy('version: 1\nmode: dry_run\nrisk:\n  - { name: block, when: { accountScore: 0.9 }, action: block_account }\n', 'dry.yaml');
    service.transitions = new PolicyTransitions(service, () => dry, log.logger);
    const v = verdict('d1', 0.95, '2026-05-01T00:00:00.000Z');
    await store.insertVerdict(v);
    await service.publishVerdict(v, { alreadyStored: true });
    assert.equal((await store.listVerdicts({ accountId: 'd1' })).length, 1, 'stored once, by the engine');
    assert.equal(service.cache.verdict('d1')?.score, 0.95);
    const [action] = await store.listActions({ targetType: 'account', targetId: 'd1' });
    assert.deepEqual([action?.actor, action?.kind, action?.dryRun], ['policy:block', 'block', true]);
    assert.equal(service.cache.explicit('account', 'd1').analyst, undefined, 'a dry-run record never blocks');
    await store.close();
  });
});

describe('analyst actions', () => {
  it('records who, why and when, audits it, and reaches the other replica; unblock revokes the block', async () => {
    const r = await replicas();
    try {
      const block = await r.a.actions.onAccount('a2', 'block', { reason: 'template farm', actor: 'admin:alice', evidence: { exchanges: ['ex_1'] } });
      assert.equal(block.actor, 'admin:alice');
      assert.deepEqual(block.evidence, { exchanges: ['ex_1'] });
      await until(() => r.b.cache.explicit('account', 'a2').analyst?.actionId === block.actionId);
      const audit = (await r.store.listAudit({ targetId: 'a2' }))[0]!;
      assert.equal(audit.action, 'enforce.block');
      assert.equal(audit.details.reason, 'template farm');
      const unblock = await r.a.actions.onAccount('a2', 'unblock', { reason: 'appeal accepted', actor: 'admin:bob' });
      const stored = await r.store.listActions({ targetType: 'account', targetId: 'a2' });
      assert.equal(stored.find((a) => a.actionId === block.actionId)?.revokedBy, 'admin:bob');
      await until(() => r.b.cache.explicit('account', 'a2').analyst?.actionId === unblock.actionId);
    } finally {
      await r.close();
    }
  });

  it('verifies an account: record updated, verification holds lifted, the new level on every replica', async () => {
    const r = await replicas();
    try {
      const hold = await r.a.actions.onAccount('a3', 'require_verification', { reason: 'suspicious sign-up', actor: 'admin:alice' });
      await until(() => r.b.cache.explicit('account', 'a3').analyst?.kind === 'require_verification');
      await r.a.actions.verify('a3', 'id', { reason: 'passport checked', actor: 'admin:alice' });
      assert.equal((await r.store.getAccount('a3'))?.record.verification, 'id');
      const actions = await r.store.listActions({ targetType: 'account', targetId: 'a3' });
      assert.ok(actions.find((a) => a.actionId === hold.actionId)?.revokedAt, 'the hold is revoked');
      assert.equal(actions.find((a) => a.kind === 'verify')?.reason, 'passport checked');
      await until(() => r.b.cache.profile('a3')?.verification === 'id' && r.b.cache.explicit('account', 'a3').analyst === undefined);
    } finally {
      await r.close();
    }
  });

  it('refuses actions without a reason, on unknown targets, and double revocations; dry runs change no status', async () => {
    const r = await replicas();
    try {
      const code = (p: Promise<unknown>, expected: string) => assert.rejects(p, (e: unknown) => isDistillguardError(e) && e.code === expected);
      await code(r.a.actions.onAccount('a1', 'block', { reason: '  ', actor: 'cli' }), 'STORE_INVALID_ARGUMENT');
      await code(r.a.actions.onAccount('nobody', 'block', { reason: 'x', actor: 'cli' }), 'STORE_NOT_FOUND');
      await code(r.a.actions.onCampaign('cmp_none', 'block', { reason: 'x', actor: 'cli' }), 'STORE_NOT_FOUND');
      await code(r.a.actions.allowlist({ keyId: 'key_unknown' }, { reason: 'x', actor: 'cli' }), 'STORE_NOT_FOUND');
      await code(r.a.actions.allowlist({ accountId: 'a1', systemPromptSha256: 'nothex' }, { reason: 'x', actor: 'cli' }), 'STORE_INVALID_ARGUMENT');
      await code(r.a.actions.verify('a1', 'galactic' as never, { reason: 'x', actor: 'cli' }), 'STORE_INVALID_ARGUMENT');
      await code(r.a.actions.onAccount('a1', 'block', { reason: 'x', actor: 'cli', expiresAt: 'tomorrow' }), 'STORE_INVALID_ARGUMENT');
      const minted = mintApiKey();
      await r.store.insertApiKey({ keyId: minted.keyId, accountId: 'a1', hash: minted.hash, prefix: minted.prefix, createdAt: '2026-05-01T00:00:00.000Z', revokedAt: null });
      const allow = await r.a.actions.allowlist({ keyId: minted.keyId }, { reason: 'partner eval harness', actor: 'admin:alice', expiresAt: '2099-01-01T00:00:00Z' });
      assert.equal(allow.targetId, `key:${minted.keyId}`);
      assert.equal(allow.expiresAt, '2099-01-01T00:00:00.000Z');
      await until(() => r.b.cache.allowlisted(`key:${minted.keyId}`)?.actionId === allow.actionId);
      const revoked = await r.a.actions.revoke(allow.actionId, { reason: 'contract ended', actor: 'admin:bob' });
      assert.equal(revoked.revokedBy, 'admin:bob');
      await until(() => r.b.cache.allowlisted(`key:${minted.keyId}`) === undefined);
      await code(r.a.actions.revoke(allow.actionId, { reason: 'again', actor: 'admin:bob' }), 'STORE_CONFLICT');

      await r.store.upsertCampaign({ campaign_id: 'cmp_dry', accounts: ['a1'], first_seen: '2026-05-01T00:00:00.000Z', detected_at: '2026-05-01T00:00:00.000Z', score: 0.5, summary: 's', indicators: [] }, '2026-05-01T00:00:00.000Z');
      const dry = await r.a.actions.onCampaign('cmp_dry', 'block', { reason: 'trying', actor: 'admin:alice', dryRun: true });
      assert.equal(dry.dryRun, true);
      assert.equal((await r.store.getCampaign('cmp_dry'))?.status, 'active');
    } finally {
      await r.close();
    }
  });
});

describe('decision cache and change feed', () => {
  it('never lets an older verdict or an unrevoked copy win, and follows campaign membership changes', () => {
    const cache = new DecisionCache();
    cache.apply({ kind: 'verdict', verdict: verdict('x', 0.9, '2026-05-01T00:02:00.000Z') });
    cache.apply({ kind: 'verdict', verdict: verdict('x', 0.1, '2026-05-01T00:01:00.000Z') });
    assert.equal(cache.verdict('x')?.score, 0.9);
    const base = { actionId: 'act_1', ts: '2026-05-01T00:00:00.000Z', targetType: 'account' as const, targetId: 'x', kind: 'block', actor: 'admin', reason: 'r', evidence: null, expiresAt: null, revokedBy: null, dryRun: false };
    cache.apply({ kind: 'action', action: { ...base, revokedAt: '2026-05-01T00:05:00.000Z' } });
    cache.apply({ kind: 'action', action: { ...base, revokedAt: null } });
    assert.equal(cache.explicit('account', 'x').analyst, undefined);
    const c = (accounts: string[], updatedAt: string) => ({ kind: 'campaign' as const, campaign: { record: { campaign_id: 'c', accounts, first_seen: base.ts, detected_at: base.ts, score: 0.5, summary: '', indicators: [] }, status: 'active' as const, updatedAt } });
    cache.apply(c(['x', 'y'], '2026-05-01T00:00:00.000Z'));
    cache.apply(c(['y', 'z'], '2026-05-01T00:01:00.000Z'));
    cache.apply(c(['x'], '2026-05-01T00:00:30.000Z'));
    assert.deepEqual(cache.campaignIdsOf('x'), []);
    assert.deepEqual(cache.campaignIdsOf('z'), ['c']);
  });

  it('rebuilds from the store without losing what arrives meanwhile, and notices actions written behind its back', async () => {
    const r = await replicas();
    try {
      await r.a.service.publishVerdict(verdict('a1', 0.5, '2026-05-01T00:00:00.000Z'));
      const fresh = new DecisionCache();
      const hydrating = fresh.hydrate(r.store);
      fresh.apply({ kind: 'verdict', verdict: verdict('a2', 0.6, '2026-05-01T00:00:00.000Z') });
      await hydrating;
      assert.equal(fresh.verdict('a1')?.score, 0.5);
      assert.equal(fresh.verdict('a2')?.score, 0.6, 'a message applied during the rebuild survives it');

      // a CLI process: its own service and bus, same database
      const log = captureLog('warn');
      const feed = new AuditChangeFeed({ store: r.store, logger: log.logger, intervalMs: 60_000, refresh: (t, id) => r.a.service.refreshTarget(t, id), resync: async () => {} });
      await feed.start();
      const cli = new DecisionService({ store: r.store, bus: new MemoryBusHub().connect(), cache: new DecisionCache(), logger: log.logger, origin: 'cli' });
      const block = await new AnalystActions(cli).onAccount('a1', 'block', { reason: 'from the CLI', actor: 'cli' });
      assert.equal(r.a.cache.explicit('account', 'a1').analyst, undefined, 'not yet seen');
      assert.ok((await feed.poll()) >= 1);
      assert.equal(r.a.cache.explicit('account', 'a1').analyst?.actionId, block.actionId);
      assert.equal(await feed.poll(), 0, 'nothing new');
      feed.stop();
    } finally {
      await r.close();
    }
  });
});
