/**
 * The shared contract every Store implementation must pass. Call `describeStoreContract` from the
 * implementation's own test file with a factory that returns a fresh, empty, migrated store.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isDistillguardError } from '../errors.js';
import { mintApiKey } from '../keys/api-keys.js';
import { makeAccount, makeExchange } from '../testing/fixtures.js';
import type { Store, StoredAction } from './types.js';

async function rejectsWithCode(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => isDistillguardError(error) && error.code === code);
}

export function describeStoreContract(name: string, makeStore: () => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    before(async () => { store = await makeStore(); });
    after(async () => { await store.close(); });

    it('is migrated to a positive schema version and migrating again is a no-op', async () => {
      const version = await store.schemaVersion();
      assert.ok(version >= 1);
      const again = await store.migrate();
      assert.deepEqual(again, { from: version, to: version, applied: [] });
    });

    it('upserts accounts, keeps status across updates, and lists with keyset pagination', async () => {
      const a = makeAccount({ account_id: 'contract_a', program: 'education', verification: 'none' });
      const b = makeAccount({ account_id: 'contract_b' });
      const c = makeAccount({ account_id: 'contract_c' });
      for (const account of [c, a, b]) await store.upsertAccount(account);
      await store.setAccountStatus('contract_a', 'disabled', '2026-05-01T00:00:00.000Z');
      await store.upsertAccount({ ...a, verification: 'id' });
      const got = await store.getAccount('contract_a');
      assert.equal(got?.status, 'disabled');
      assert.equal(got?.record.verification, 'id');
      assert.equal(got?.record.program, 'education');
      const page1 = await store.listAccounts({ limit: 2 });
      assert.deepEqual(page1.map((x) => x.record.account_id), ['contract_a', 'contract_b']);
      const page2 = await store.listAccounts({ limit: 2, afterAccountId: 'contract_b' });
      assert.deepEqual(page2.map((x) => x.record.account_id), ['contract_c']);
      const disabled = await store.listAccounts({ status: 'disabled' });
      assert.deepEqual(disabled.map((x) => x.record.account_id), ['contract_a']);
      assert.equal(await store.getAccount('nope'), undefined);
      await rejectsWithCode(store.setAccountStatus('nope', 'disabled', '2026-05-01T00:00:00.000Z'), 'STORE_NOT_FOUND');
      await rejectsWithCode(store.upsertAccount(makeAccount({ account_id: '' })), 'STORE_INVALID_ARGUMENT');
    });

    it('stores API keys as hash and prefix only, finds them by hash, and revokes idempotently', async () => {
      await store.upsertAccount(makeAccount({ account_id: 'contract_keys' }));
      const minted = mintApiKey();
      await store.insertApiKey({ keyId: minted.keyId, accountId: 'contract_keys', hash: minted.hash, prefix: minted.prefix,
        label: 'ci', createdAt: '2026-05-01T00:00:00.000Z', revokedAt: null });
      const found = await store.findApiKeyByHash(minted.hash);
      assert.equal(found?.keyId, minted.keyId);
      assert.equal(found?.accountId, 'contract_keys');
      assert.equal(found?.label, 'ci');
      assert.equal(found?.revokedAt, null);
      assert.ok(!JSON.stringify(found).includes(minted.secret), 'the secret must never be stored');
      assert.equal(await store.findApiKeyByHash(mintApiKey().hash), undefined);
      const revoked = await store.revokeApiKey(minted.keyId, '2026-05-02T00:00:00.000Z');
      assert.equal(revoked.revokedAt, '2026-05-02T00:00:00.000Z');
      const again = await store.revokeApiKey(minted.keyId, '2026-05-03T00:00:00.000Z');
      assert.equal(again.revokedAt, '2026-05-02T00:00:00.000Z', 'the first revocation time is kept');
      assert.equal((await store.listApiKeys({ accountId: 'contract_keys' })).length, 1);
      await rejectsWithCode(store.revokeApiKey('key_unknown', '2026-05-02T00:00:00.000Z'), 'STORE_NOT_FOUND');
      const orphan = mintApiKey();
      await rejectsWithCode(store.insertApiKey({ keyId: orphan.keyId, accountId: 'no_such_account', hash: orphan.hash,
        prefix: orphan.prefix, createdAt: '2026-05-01T00:00:00.000Z', revokedAt: null }), 'STORE_NOT_FOUND');
    });

    it('inserts exchanges idempotently and returns them in time order, filtered and streamed', async () => {
      const account = 'contract_ex';
      const records = [
        makeExchange({ account_id: account, ts: '2026-04-22T09:00:02.000Z' }),
        makeExchange({ account_id: account, ts: '2026-04-22T09:00:01.000Z' }),
        makeExchange({ account_id: account, ts: '2026-04-22T09:00:03.000Z', request: { messages: [{ role: 'user', content: 'ünïcödé 🚀' }] } }),
        makeExchange({ account_id: 'contract_other', ts: '2026-04-22T09:00:02.500Z' }),
      ];
      assert.equal(await store.insertExchanges(records), 4);
      assert.equal(await store.insertExchanges([records[0]!]), 0, 'a redelivered id is ignored');
      const mine = await store.listExchanges({ accountId: account });
      assert.deepEqual(mine.map((r) => r.ts), ['2026-04-22T09:00:01.000Z', '2026-04-22T09:00:02.000Z', '2026-04-22T09:00:03.000Z']);
      assert.deepEqual(mine[2], records[2], 'records round-trip unchanged, unknown fields included');
      assert.equal(await store.countExchanges({ since: '2026-04-22T09:00:02.000Z', until: '2026-04-22T09:00:03.000Z' }), 2);
      const streamed: string[] = [];
      for await (const r of store.iterateExchanges({ accountId: account })) streamed.push(r.id);
      assert.deepEqual(streamed, mine.map((r) => r.id));
      assert.equal((await store.listExchanges({ limit: 1 })).length, 1);
    });

    it('streams many exchanges across pages without losing or repeating any', async () => {
      const batch = Array.from({ length: 2500 }, (_, i) => makeExchange({
        account_id: 'contract_bulk',
        // many equal timestamps, so that pagination must break ties by insertion order
        ts: new Date(Date.parse('2026-06-01T00:00:00.000Z') + Math.floor(i / 7) * 1000).toISOString(),
      }));
      await store.insertExchanges(batch);
      const seen: string[] = [];
      for await (const r of store.iterateExchanges({ accountId: 'contract_bulk' })) seen.push(r.id);
      assert.equal(seen.length, 2500);
      assert.equal(new Set(seen).size, 2500);
      assert.deepEqual(seen, batch.map((r) => r.id));
      const limited: string[] = [];
      for await (const r of store.iterateExchanges({ accountId: 'contract_bulk', limit: 1234 })) limited.push(r.id);
      assert.equal(limited.length, 1234);
    });

    it('deletes exchanges older than a cutoff', async () => {
      await store.insertExchanges([
        makeExchange({ account_id: 'contract_prune', ts: '2020-01-01T00:00:00.000Z' }),
        makeExchange({ account_id: 'contract_prune', ts: '2020-01-02T00:00:00.000Z' }),
      ]);
      const deleted = await store.deleteExchangesBefore('2020-01-02T00:00:00.000Z');
      assert.equal(deleted, 1);
      assert.equal(await store.countExchanges({ accountId: 'contract_prune' }), 1);
    });

    it('keeps verdicts newest first', async () => {
      await store.insertVerdict({ accountId: 'contract_v', ts: '2026-04-22T09:00:00.000Z', score: 0.2, flagged: false, campaignId: null, reasons: [] });
      await store.insertVerdict({ accountId: 'contract_v', ts: '2026-04-22T10:00:00.000Z', score: 0.97, flagged: true, campaignId: 'cmp_1',
        reasons: [{ signal: 'template_reuse', weight: 0.8, detail: 'shares template T with 412 accounts' }] });
      const verdicts = await store.listVerdicts({ accountId: 'contract_v' });
      assert.equal(verdicts.length, 2);
      assert.equal(verdicts[0]?.flagged, true);
      assert.equal(verdicts[0]?.campaignId, 'cmp_1');
      assert.equal(verdicts[0]?.reasons[0]?.signal, 'template_reuse');
      assert.equal((await store.listVerdicts({ accountId: 'contract_v', limit: 1 })).length, 1);
    });

    it('records actions, answers which are active at a time, and revokes them', async () => {
      const base: StoredAction = {
        actionId: 'act_1', ts: '2026-04-22T09:00:00.000Z', targetType: 'account', targetId: 'contract_act', kind: 'block',
        actor: 'engine', reason: 'campaign cmp_1', evidence: { score: 0.99 }, expiresAt: null, revokedAt: null, revokedBy: null, dryRun: false,
      };
      await store.insertAction(base);
      await store.insertAction({ ...base, actionId: 'act_2', kind: 'throttle', expiresAt: '2026-04-22T10:00:00.000Z', dryRun: true });
      await rejectsWithCode(store.insertAction(base), 'STORE_CONFLICT');
      assert.equal((await store.listActions({ targetId: 'contract_act', activeAt: '2026-04-22T09:30:00.000Z' })).length, 2);
      assert.equal((await store.listActions({ targetId: 'contract_act', activeAt: '2026-04-22T08:00:00.000Z' })).length, 0);
      const later = await store.listActions({ targetId: 'contract_act', activeAt: '2026-04-22T11:00:00.000Z' });
      assert.deepEqual(later.map((a) => a.actionId), ['act_1']);
      assert.deepEqual(later[0]?.evidence, { score: 0.99 });
      await store.revokeAction('act_1', 'admin:alice', '2026-04-22T12:00:00.000Z');
      assert.equal((await store.listActions({ targetId: 'contract_act', activeAt: '2026-04-22T13:00:00.000Z' })).length, 0);
      const all = await store.listActions({ targetType: 'account', targetId: 'contract_act' });
      const revoked = all.find((a) => a.actionId === 'act_1');
      assert.equal(revoked?.revokedBy, 'admin:alice');
      assert.equal(all.find((a) => a.actionId === 'act_2')?.dryRun, true);
      await rejectsWithCode(store.revokeAction('act_missing', 'x', '2026-04-22T12:00:00.000Z'), 'STORE_NOT_FOUND');
    });

    it('keeps the newest verdict per account and lists the flagged ones', async () => {
      await store.insertVerdict({ accountId: 'contract_lv_a', ts: '2026-04-22T09:00:00.000Z', score: 0.2, flagged: false, campaignId: null, reasons: [] });
      await store.insertVerdict({ accountId: 'contract_lv_a', ts: '2026-04-22T10:00:00.000Z', score: 0.9, flagged: true, campaignId: 'cmp_x', reasons: [{ signal: 's', weight: 1, detail: 'd' }] });
      await store.insertVerdict({ accountId: 'contract_lv_b', ts: '2026-04-22T09:30:00.000Z', score: 0.1, flagged: false, campaignId: null, reasons: [] });
      const latest = (await store.listLatestVerdicts()).filter((v) => v.accountId.startsWith('contract_lv_'));
      assert.deepEqual(latest.map((v) => [v.accountId, v.score]), [['contract_lv_a', 0.9], ['contract_lv_b', 0.1]]);
      const flagged = (await store.listLatestVerdicts({ flaggedOnly: true })).filter((v) => v.accountId.startsWith('contract_lv_'));
      assert.deepEqual(flagged.map((v) => v.accountId), ['contract_lv_a']);
      assert.equal(flagged[0]?.campaignId, 'cmp_x');
    });

    it('upserts campaigns, indexes their members, keeps status, and ranks by score', async () => {
      const base = { first_seen: '2026-04-20T00:00:00.000Z', detected_at: '2026-04-21T00:00:00.000Z', summary: 's', indicators: [{ type: 'asn', value: '64500' }] };
      await store.upsertCampaign({ ...base, campaign_id: 'contract_cmp_1', accounts: ['ca_1', 'ca_2'], score: 0.7 }, '2026-04-21T00:00:00.000Z');
      await store.upsertCampaign({ ...base, campaign_id: 'contract_cmp_2', accounts: ['ca_3'], score: 0.95, capabilities: ['coding'] }, '2026-04-21T00:00:00.000Z');
      await store.setCampaignStatus('contract_cmp_1', 'blocked', '2026-04-21T01:00:00.000Z');
      // membership changes on re-upsert; the status survives
      await store.upsertCampaign({ ...base, campaign_id: 'contract_cmp_1', accounts: ['ca_2', 'ca_4'], score: 0.8 }, '2026-04-21T02:00:00.000Z');
      const one = await store.getCampaign('contract_cmp_1');
      assert.equal(one?.status, 'blocked');
      assert.deepEqual(one?.record.accounts, ['ca_2', 'ca_4']);
      assert.equal(one?.updatedAt, '2026-04-21T02:00:00.000Z');
      const ranked = (await store.listCampaigns()).filter((c) => c.record.campaign_id.startsWith('contract_cmp_'));
      assert.deepEqual(ranked.map((c) => c.record.campaign_id), ['contract_cmp_2', 'contract_cmp_1']);
      assert.deepEqual((await store.listCampaigns({ accountId: 'ca_1' })).map((c) => c.record.campaign_id), []);
      assert.deepEqual((await store.listCampaigns({ accountId: 'ca_4' })).map((c) => c.record.campaign_id), ['contract_cmp_1']);
      assert.deepEqual((await store.listCampaigns({ status: 'blocked' })).map((c) => c.record.campaign_id), ['contract_cmp_1']);
      assert.deepEqual((await store.getCampaign('contract_cmp_2'))?.record.capabilities, ['coding']);
      assert.equal(await store.getCampaign('nope'), undefined);
      await rejectsWithCode(store.setCampaignStatus('nope', 'blocked', '2026-04-21T00:00:00.000Z'), 'STORE_NOT_FOUND');
    });

    it('keeps an append-only audit log, newest first', async () => {
      await store.appendAudit({ ts: '2026-04-22T09:00:00.000Z', actor: 'cli', action: 'account.create', targetType: 'account', targetId: 'contract_audit', details: { program: 'education' } });
      await store.appendAudit({ ts: '2026-04-22T09:01:00.000Z', actor: 'admin:bob', action: 'key.revoke', targetType: 'key', targetId: 'contract_audit', details: {} });
      const entries = await store.listAudit({ targetId: 'contract_audit' });
      assert.deepEqual(entries.map((e) => e.action), ['key.revoke', 'account.create']);
      assert.deepEqual(entries[1]?.details, { program: 'education' });
      assert.equal((await store.listAudit({ action: 'key.revoke', targetId: 'contract_audit' })).length, 1);
    });
  });
}
