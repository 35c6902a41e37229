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
      // arrival order: the order of first storage, kept by updates; a cursor sees each new account once
      const arrived = await store.listAccountsByArrival({ afterSeq: 0, limit: 10 });
      assert.deepEqual(arrived.map((x) => x.record.account_id), ['contract_c', 'contract_a', 'contract_b']);
      assert.ok(arrived[0]!.seq < arrived[1]!.seq && arrived[1]!.seq < arrived[2]!.seq);
      assert.equal(arrived[1]!.record.verification, 'id', 'the current record');
      const afterFirst = await store.listAccountsByArrival({ afterSeq: arrived[0]!.seq, limit: 1 });
      assert.deepEqual(afterFirst.map((x) => x.record.account_id), ['contract_a']);
      await store.upsertAccount(makeAccount({ account_id: 'contract_0' }));
      const fresh = await store.listAccountsByArrival({ afterSeq: arrived[2]!.seq, limit: 10 });
      assert.deepEqual(fresh.map((x) => x.record.account_id), ['contract_0'], 'a new account arrives after the others, whatever its id');
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

    describeIntelContract(() => store);
    describeDashboardQueries(() => store);
  });
}

/** Read queries of the analyst dashboard; data in 2031 and ids prefixed `contract_dash_` keep it apart. */
function describeDashboardQueries(getStore: () => Store): void {
  const at = (minute: number, second = 0): string => new Date(Date.UTC(2031, 0, 1, 0, minute, second)).toISOString();
  const response = (status: number) => ({ status, ...(status === 200 ? { text: 'ok' } : {}) });

  it('counts exchanges per bucket: answered, refused, throttled and flagged, zero buckets included', async () => {
    const store = getStore();
    await store.insertVerdict({ accountId: 'contract_dash_flagged', ts: at(0), score: 0.1, flagged: false, campaignId: null, reasons: [] });
    await store.insertVerdict({ accountId: 'contract_dash_flagged', ts: at(1), score: 0.9, flagged: true, campaignId: null, reasons: [] });
    await store.insertVerdict({ accountId: 'contract_dash_cleared', ts: at(0), score: 0.9, flagged: true, campaignId: null, reasons: [] });
    await store.insertVerdict({ accountId: 'contract_dash_cleared', ts: at(1), score: 0.1, flagged: false, campaignId: null, reasons: [] });
    const campaign = { first_seen: at(0), detected_at: at(2), summary: 's', indicators: [] };
    await store.upsertCampaign({ ...campaign, campaign_id: 'contract_dash_cmp', accounts: ['contract_dash_member'], score: 0.9 }, at(3));
    await store.upsertCampaign({ ...campaign, campaign_id: 'contract_dash_dismissed', accounts: ['contract_dash_benign'], score: 0.5 }, at(3));
    await store.setCampaignStatus('contract_dash_dismissed', 'dismissed', at(4));
    await store.insertExchanges([
      makeExchange({ account_id: 'contract_dash_flagged', ts: at(0, 10), response: response(200) }),
      makeExchange({ account_id: 'contract_dash_flagged', ts: at(0, 20), response: response(403) }),
      makeExchange({ account_id: 'contract_dash_member', ts: at(0, 30), response: response(429) }),
      makeExchange({ account_id: 'contract_dash_cleared', ts: at(2, 5), response: response(200) }),
      makeExchange({ account_id: 'contract_dash_benign', ts: at(2, 6), response: response(401) }),
      makeExchange({ account_id: '', ts: at(2, 7), response: response(401) }),
      makeExchange({ account_id: 'contract_dash_member', ts: at(2, 8), response: response(500) }),
      makeExchange({ account_id: 'contract_dash_member', ts: at(3, 0), response: response(200) }), // at `until`: excluded
    ]);
    const series = await store.exchangeSeries({ since: at(0), until: at(3), bucketMs: 60_000 });
    assert.deepEqual(series, [
      { start: at(0), total: 3, answered: 1, refused: 1, throttled: 1, flagged: 3 },
      { start: at(1), total: 0, answered: 0, refused: 0, throttled: 0, flagged: 0 },
      { start: at(2), total: 4, answered: 1, refused: 1, throttled: 0, flagged: 1 },
    ]);
    const members = await store.exchangeSeries({ since: at(0), until: at(4), bucketMs: 120_000, campaignId: 'contract_dash_cmp' });
    assert.deepEqual(members.map((b) => [b.start, b.total, b.flagged]), [[at(0), 1, 1], [at(2), 2, 2]]);
    const one = await store.exchangeSeries({ since: at(0), until: at(3), bucketMs: 180_000, accountId: 'contract_dash_flagged' });
    assert.deepEqual(one.map((b) => [b.total, b.answered, b.refused]), [[2, 1, 1]]);
    await rejectsWithCode(store.exchangeSeries({ since: at(3), until: at(0), bucketMs: 60_000 }), 'STORE_INVALID_ARGUMENT');
    await rejectsWithCode(store.exchangeSeries({ since: at(0), until: at(3), bucketMs: 0 }), 'STORE_INVALID_ARGUMENT');
    await rejectsWithCode(store.exchangeSeries({ since: '2000-01-01T00:00:00.000Z', until: at(0), bucketMs: 60_000 }), 'STORE_INVALID_ARGUMENT');
    await rejectsWithCode(store.exchangeSeries({ since: at(0), until: at(3), bucketMs: 30_000 }), 'STORE_INVALID_ARGUMENT');
    await rejectsWithCode(store.exchangeSeries({ since: at(0, 30), until: at(3), bucketMs: 60_000 }), 'STORE_INVALID_ARGUMENT');
    const halfMinutes = await store.exchangeSeries({ since: at(0, 15), until: at(1), bucketMs: 15_000, accountId: 'contract_dash_flagged' });
    assert.deepEqual(halfMinutes.map((b) => b.total), [1, 0, 0], 'a campaign or account series takes any width');
    // the whole traffic keeps counting what retention prunes; campaign and account series follow the exchanges
    await store.deleteExchangesBefore(at(1));
    assert.deepEqual((await store.exchangeSeries({ since: at(0), until: at(1), bucketMs: 60_000 })).map((b) => b.total), [3]);
    assert.deepEqual((await store.exchangeSeries({ since: at(0), until: at(1), bucketMs: 60_000, accountId: 'contract_dash_flagged' })).map((b) => b.total), [0]);
  });

  it('remembers the first answered exchange of each model, also after pruning', async () => {
    const store = getStore();
    await store.insertExchanges([
      makeExchange({ model: 'contract-dash-model-b', ts: '2031-02-03T00:00:00.000Z' }),
      makeExchange({ model: 'contract-dash-model-a', ts: '2031-02-02T00:00:00.000Z' }),
      makeExchange({ model: 'contract-dash-model-a', ts: '2031-02-01T00:00:00.000Z' }),
      makeExchange({ model: 'contract-dash-model-b', ts: '2031-02-01T00:00:00.000Z', response: { status: 404 } }),
      makeExchange({ model: 'contract-dash-model-c', ts: '2031-02-01T00:00:00.000Z', response: { status: 400 } }),
    ]);
    const mine = (await store.listModelFirstSeen()).filter((m) => m.model.startsWith('contract-dash-model-'));
    assert.deepEqual(mine, [
      { model: 'contract-dash-model-a', firstSeen: '2031-02-01T00:00:00.000Z' },
      { model: 'contract-dash-model-b', firstSeen: '2031-02-03T00:00:00.000Z' },
    ], 'refused requests do not release a model; the earliest answer counts, whatever the insertion order');
    await store.insertExchanges([makeExchange({ model: 'contract-dash-model-b', ts: '2031-02-02T00:00:00.000Z' })]);
    assert.equal((await store.listModelFirstSeen()).find((m) => m.model === 'contract-dash-model-b')?.firstSeen, '2031-02-02T00:00:00.000Z',
      'a later batch with an earlier answer moves the release back');
    await store.deleteExchangesBefore('2031-02-02T12:00:00.000Z');
    const afterPrune = (await store.listModelFirstSeen()).find((m) => m.model === 'contract-dash-model-a');
    assert.equal(afterPrune?.firstSeen, '2031-02-01T00:00:00.000Z');
  });

  it('estimates what campaign members took, split at detection, each account once', async () => {
    const store = getStore();
    const before = await store.campaignTake();
    const base = { summary: 's', indicators: [], score: 0.8 };
    await store.upsertCampaign({ ...base, campaign_id: 'contract_dash_take_1', accounts: ['contract_dash_t1', 'contract_dash_t2', 'contract_dash_t3'],
      first_seen: '2031-03-01T00:00:00.000Z', detected_at: '2031-03-01T02:00:00.000Z' }, '2031-03-01T02:00:00.000Z');
    // t2 is in a second campaign detected earlier: its split point is the earlier detection
    await store.upsertCampaign({ ...base, campaign_id: 'contract_dash_take_2', accounts: ['contract_dash_t2'],
      first_seen: '2031-03-01T00:00:00.000Z', detected_at: '2031-03-01T00:30:00.000Z' }, '2031-03-01T02:00:00.000Z');
    const ex = (account: string, time: string, status = 200, tokens = 10) =>
      makeExchange({ account_id: account, ts: `2031-03-01T${time}:00.000Z`, response: response(status), usage: { input_tokens: 1, output_tokens: tokens } });
    await store.insertExchanges([
      ex('contract_dash_t1', '01:00'), ex('contract_dash_t1', '03:00'), ex('contract_dash_t1', '03:30', 403),
      ex('contract_dash_t2', '01:00', 200, 5), ex('contract_dash_t2', '00:10', 200, 5),
    ]);
    const one = await store.campaignTake({ campaignId: 'contract_dash_take_1' });
    assert.deepEqual(one, { accounts: 2, exchanges: 5, answered: 4, answeredBeforeDetection: 3, answeredAfterDetection: 1, outputTokens: 30 });
    const all = await store.campaignTake();
    assert.equal(all.exchanges - before.exchanges, 5, 'an account in two campaigns counts once');
    assert.equal(all.answeredBeforeDetection - before.answeredBeforeDetection, 2, 't2 splits at its earliest detection');
    await store.setCampaignStatus('contract_dash_take_1', 'dismissed', '2031-03-02T00:00:00.000Z');
    await store.setCampaignStatus('contract_dash_take_2', 'dismissed', '2031-03-02T00:00:00.000Z');
    assert.deepEqual(await store.campaignTake(), before, 'dismissed campaigns are not counted');
    assert.equal((await store.campaignTake({ campaignId: 'contract_dash_take_2' })).exchanges, 2, 'a named campaign counts whatever its status');
    assert.deepEqual(await store.campaignTake({ campaignId: 'contract_dash_none' }),
      { accounts: 0, exchanges: 0, answered: 0, answeredBeforeDetection: 0, answeredAfterDetection: 0, outputTokens: 0 });
  });

  it('lists the newest exchanges first and the latest verdicts of one campaign', async () => {
    const store = getStore();
    const records = [1, 3, 2].map((minute) => makeExchange({ account_id: 'contract_dash_recent', ts: `2031-04-01T00:0${minute}:00.000Z` }));
    await store.insertExchanges(records);
    const recent = await store.listRecentExchanges({ accountId: 'contract_dash_recent', limit: 2 });
    assert.deepEqual(recent.map((r) => r.ts), ['2031-04-01T00:03:00.000Z', '2031-04-01T00:02:00.000Z']);
    assert.ok((await store.listRecentExchanges({ limit: 1 })).length === 1);
    await store.insertVerdict({ accountId: 'contract_dash_v1', ts: at(0), score: 0.7, flagged: true, campaignId: 'contract_dash_vc', reasons: [] });
    await store.insertVerdict({ accountId: 'contract_dash_v2', ts: at(0), score: 0.9, flagged: true, campaignId: 'contract_dash_vc', reasons: [] });
    await store.insertVerdict({ accountId: 'contract_dash_v3', ts: at(0), score: 0.8, flagged: true, campaignId: 'contract_dash_vc', reasons: [] });
    await store.insertVerdict({ accountId: 'contract_dash_v3', ts: at(1), score: 0.2, flagged: false, campaignId: null, reasons: [] });
    const ofCampaign = await store.listLatestVerdicts({ campaignId: 'contract_dash_vc' });
    assert.deepEqual(ofCampaign.map((v) => v.accountId), ['contract_dash_v2', 'contract_dash_v1'], 'judged by each account\'s newest verdict');
  });

  it('changes its change stamp whenever something the dashboard shows changes', async () => {
    const store = getStore();
    const stamps = new Set<string>([await store.changeStamp()]);
    assert.equal(await store.changeStamp(), [...stamps][0], 'stable while nothing changes');
    const changed = async (what: string, change: () => Promise<unknown>) => {
      await change();
      const stamp = await store.changeStamp();
      assert.ok(!stamps.has(stamp), `the stamp changes after ${what}`);
      stamps.add(stamp);
    };
    await changed('an exchange', () => store.insertExchanges([makeExchange({ ts: '2031-05-01T00:00:00.000Z' })]));
    await changed('a verdict', () => store.insertVerdict({ accountId: 'contract_dash_s', ts: at(0), score: 0.5, flagged: false, campaignId: null, reasons: [] }));
    await changed('a campaign', () => store.upsertCampaign({ campaign_id: 'contract_dash_stamp', accounts: ['x'], first_seen: at(0), detected_at: at(0), score: 0.5, summary: 's', indicators: [] }, at(0)));
    await changed('a campaign status', () => store.setCampaignStatus('contract_dash_stamp', 'blocked', at(9)));
    const action: StoredAction = { actionId: 'contract_dash_act', ts: at(0), targetType: 'campaign', targetId: 'contract_dash_stamp', kind: 'block',
      actor: 'admin:test', reason: 'r', evidence: null, expiresAt: null, revokedAt: null, revokedBy: null, dryRun: false };
    await changed('an action', () => store.insertAction(action));
    await changed('a revoked action', () => store.revokeAction('contract_dash_act', 'admin:test', at(10)));
    await changed('an audit entry', () => store.appendAudit({ ts: at(0), actor: 'a', action: 'x.y', targetType: 't', targetId: 'i', details: {} }));
  });
}

/** Threat-intelligence tables (src/intel): imported indicators, import history, TAXII collections, cursors. */
function describeIntelContract(getStore: () => Store): void {
  const indicator = (id: string, modified: string, validUntil: string | null = '2031-01-01T00:00:00.000Z') => ({
    indicatorId: `indicator--${id}`, sourceId: 'identity--contract', source: 'Contract Lab', modified, kind: 'ip_prefix',
    validFrom: '2030-01-01T00:00:00.000Z', validUntil, importedAt: '2030-06-01T00:00:00.000Z', confidence: 0.7, trust: 0.9,
    data: { specs: [{ kind: 'ip_prefix', family: 4, network: '203.0.113.0', bits: 24 }], report: 'r' },
  });
  const batch = (indicators: ReturnType<typeof indicator>[], extra: Record<string, unknown> = {}) => ({
    sourceId: 'identity--contract', source: 'Contract Lab', bundleId: 'bundle--contract', origin: 'contract', at: '2030-06-01T00:00:00.000Z',
    indicators, summary: { objects: indicators.length }, ...extra,
  });

  it('imports intel indicators deduplicated by source and id, keeps the newest version, and moves its stamp', async () => {
    const store = getStore();
    const stamp0 = await store.intelStamp();
    const first = await store.importIntel(batch([indicator('a', '2030-05-01T00:00:00.000Z'), indicator('b', '2030-05-01T00:00:00.000Z', '2030-07-01T00:00:00.000Z')]));
    assert.deepEqual([first.added, first.updated, first.unchanged], [2, 0, 0]);
    const stamp1 = await store.intelStamp();
    assert.notEqual(stamp1, stamp0);
    const second = await store.importIntel(batch([indicator('a', '2030-05-02T00:00:00.000Z'), indicator('b', '2030-04-01T00:00:00.000Z')]));
    assert.deepEqual([second.added, second.updated, second.unchanged], [0, 1, 1]);
    const stored = await store.listIntelIndicators({ sourceId: 'identity--contract' });
    assert.deepEqual(stored.map((i) => [i.indicatorId, i.modified]), [['indicator--a', '2030-05-02T00:00:00.000Z'], ['indicator--b', '2030-05-01T00:00:00.000Z']]);
    assert.deepEqual(stored[0]!.data, indicator('a', 'x').data);
    assert.equal((await store.listIntelIndicators({ activeAt: '2030-08-01T00:00:00.000Z', sourceId: 'identity--contract' })).length, 1, 'b has expired by then');
    const history = await store.listIntelImports({ limit: 2 });
    assert.equal(history[0]!.importId, second.importId);
    assert.deepEqual([history[0]!.updated, history[0]!.unchanged], [1, 1]);
    await rejectsWithCode(store.importIntel({ ...batch([{ ...indicator('c', '2030-05-01T00:00:00.000Z'), sourceId: 'identity--other' }]) }), 'STORE_INVALID_ARGUMENT');
    assert.equal((await store.listIntelIndicators({ sourceId: 'identity--other' })).length, 0, 'a failed import stores nothing');
    assert.equal(await store.deleteIntelIndicators({ expiredBefore: '2030-08-01T00:00:00.000Z' }), 1);
    assert.equal(await store.deleteIntelIndicators({ importedBefore: '2030-06-02T00:00:00.000Z' }), 1);
    assert.notEqual(await store.intelStamp(), stamp1);
  });

  it('keeps TAXII collections: increasing date_added, duplicates ignored, version and type filters, pages, status and cursors', async () => {
    const store = getStore();
    const object = (id: string, version: string, type = 'indicator') => ({ id, version, type, specVersion: '2.1', json: JSON.stringify({ id, modified: version }) });
    const col = 'contract-collection';
    const added = await store.addTaxiiObjects(col, [object('indicator--1', '2030-01-01T00:00:00.000Z'), object('campaign--1', '2030-01-01T00:00:00.000Z', 'campaign')], '2030-02-01T00:00:00.000Z');
    assert.equal(added.added.length, 2);
    assert.ok(added.added[1]!.dateAdded > added.added[0]!.dateAdded, 'objects added together still get increasing date_added');
    const again = await store.addTaxiiObjects(col, [object('indicator--1', '2030-01-01T00:00:00.000Z'), object('indicator--1', '2030-01-02T00:00:00.000Z')], '2030-02-01T00:00:00.000Z');
    assert.deepEqual([again.added.length, again.duplicates.length], [1, 1]);
    const last = await store.listTaxiiObjects({ collectionId: col, limit: 10 });
    assert.deepEqual(last.objects.map((o) => [o.id, o.version]), [['campaign--1', '2030-01-01T00:00:00.000Z'], ['indicator--1', '2030-01-02T00:00:00.000Z']]);
    assert.equal((await store.listTaxiiObjects({ collectionId: col, limit: 10, versions: ['all'] })).objects.length, 3);
    assert.deepEqual((await store.listTaxiiObjects({ collectionId: col, limit: 10, versions: ['first'], ids: ['indicator--1'] })).objects.map((o) => o.version), ['2030-01-01T00:00:00.000Z']);
    assert.deepEqual((await store.listTaxiiObjects({ collectionId: col, limit: 10, versions: ['2030-01-02T00:00:00Z'] })).objects.map((o) => o.version), ['2030-01-02T00:00:00.000Z']);
    assert.deepEqual((await store.listTaxiiObjects({ collectionId: col, limit: 10, types: ['campaign'] })).objects.map((o) => o.id), ['campaign--1']);
    const page = await store.listTaxiiObjects({ collectionId: col, limit: 1, versions: ['all'] });
    assert.equal(page.more, true);
    const rest = await store.listTaxiiObjects({ collectionId: col, limit: 10, versions: ['all'], afterSeq: page.objects[0]!.seq });
    assert.deepEqual([rest.objects.length, rest.more], [2, false]);
    const after = await store.listTaxiiObjects({ collectionId: col, limit: 10, versions: ['all'], addedAfter: added.added[1]!.dateAdded });
    assert.deepEqual(after.objects.map((o) => o.version), ['2030-01-02T00:00:00.000Z']);
    assert.equal((await store.listTaxiiObjects({ collectionId: 'contract-other', limit: 10 })).objects.length, 0);
    await store.putTaxiiStatus({ statusId: 'contract-status', createdAt: '2030-02-01T00:00:00.000Z', owner: 'u', resource: { status: 'complete' } });
    assert.deepEqual((await store.getTaxiiStatus('contract-status'))?.resource, { status: 'complete' });
    assert.equal(await store.getTaxiiStatus('nope'), undefined);
    assert.equal(await store.getIntelCursor('contract-partner'), undefined);
    await store.setIntelCursor('contract-partner', '2030-02-01T00:00:00.000001Z', '2030-02-01T00:00:00.000Z');
    await store.setIntelCursor('contract-partner', '2030-02-01T00:00:00.000002Z', '2030-02-01T00:00:01.000Z');
    assert.equal(await store.getIntelCursor('contract-partner'), '2030-02-01T00:00:00.000002Z');
    const withTaxii = await store.importIntel({ ...batch([]), taxii: { collectionId: 'contract-inbox', objects: [object('indicator--9', '2030-01-01T00:00:00.000Z')] } });
    assert.equal(withTaxii.taxii?.added.length, 1, 'inbox objects are stored with the import');
  });
}
