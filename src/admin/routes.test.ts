import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { ADMIN_TOKEN, startHarness, type Harness } from '../testing/gateway-harness.js';

describe('admin API', () => {
  let h: Harness;
  before(async () => { h = await startHarness(); });
  after(async () => { await h.close(); });

  const admin = (method: string, path: string, body?: unknown, token = ADMIN_TOKEN) =>
    fetch(`${h.gateway.url}/admin/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'x-distillguard-actor': 'alice', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('refuses missing and wrong admin tokens', async () => {
    const none = await fetch(`${h.gateway.url}/admin/v1/accounts`);
    assert.equal(none.status, 401);
    assert.equal(((await none.json()) as { error: { code: string } }).error.code, 'ADMIN_UNAUTHORIZED');
    const wrong = await admin('GET', '/accounts', undefined, `${ADMIN_TOKEN}x`);
    assert.equal(wrong.status, 401);
    const apiKeyIsNotAdmin = await admin('GET', '/accounts', undefined, h.apiKey);
    assert.equal(apiKeyIsNotAdmin.status, 401);
  });

  it('creates an account, issues a key shown once, lists it by prefix, and revokes it with immediate effect', async () => {
    const created = await admin('POST', '/accounts', { account_id: 'acct_admin', program: 'research', verification: 'id' });
    assert.equal(created.status, 200);
    assert.equal(((await created.json()) as { record: { program: string } }).record.program, 'research');
    assert.equal((await admin('POST', '/accounts', { account_id: 'acct_admin' })).status, 409);
    const bad = await admin('POST', '/accounts', { account_id: 'acct_bad', verification: 'retina' });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: { message: string } }).error.message, /verification/);

    const issued = (await (await admin('POST', '/accounts/acct_admin/keys', { label: 'ci' })).json()) as { keyId: string; secret: string; prefix: string };
    assert.match(issued.secret, /^dgk_[0-9A-Za-z]{40}$/);
    assert.ok(issued.secret.startsWith(issued.prefix));
    const listed = (await (await admin('GET', '/keys?account=acct_admin')).json()) as { data: Array<Record<string, unknown>> };
    assert.equal(listed.data.length, 1);
    assert.equal(listed.data[0]!.prefix, issued.prefix);
    assert.ok(!JSON.stringify(listed).includes(issued.secret), 'the secret is never listed');
    assert.ok(!('hash' in listed.data[0]!), 'nor its hash');

    const client = new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: issued.secret, maxRetries: 0 });
    await client.chat.completions.create({ model: 'sim-gpt', messages: [{ role: 'user', content: 'hi' }] });
    assert.equal((await admin('POST', `/keys/${issued.keyId}/revoke`)).status, 200);
    await assert.rejects(client.chat.completions.create({ model: 'sim-gpt', messages: [{ role: 'user', content: 'hi' }] }), /revoked/);
  });

  it('disables and enables accounts, paginates, and imports validated records all-or-nothing', async () => {
    assert.equal((await admin('POST', '/accounts/acct_admin/disable')).status, 200);
    const disabled = (await (await admin('GET', '/accounts?status=disabled')).json()) as { data: Array<{ record: { account_id: string } }> };
    assert.ok(disabled.data.some((a) => a.record.account_id === 'acct_admin'));
    assert.equal((await admin('POST', '/accounts/acct_admin/enable')).status, 200);
    assert.equal((await admin('POST', '/accounts/nobody/disable')).status, 404);

    const rejected = await admin('POST', '/accounts/import', { records: [
      { account_id: 'imp_1', created_at: '2026-01-01T00:00:00.000Z' },
      { account_id: 'imp_2', created_at: 'yesterday' },
    ] });
    assert.equal(rejected.status, 400);
    assert.match(((await rejected.json()) as { error: { message: string } }).error.message, /records\[1\]/);
    assert.equal((await admin('GET', '/accounts/imp_1')).status, 404, 'nothing imported from a bad batch');
    const imported = await admin('POST', '/accounts/import', { records: [
      { account_id: 'imp_1', created_at: '2026-01-01T00:00:00.000Z', program: 'education' },
      { account_id: 'imp_2', created_at: '2026-01-02T00:00:00.000Z' },
    ] });
    assert.deepEqual(await imported.json(), { imported: 2, created: 2 });

    const page = (await (await admin('GET', '/accounts?limit=2')).json()) as { data: unknown[]; next: string };
    assert.equal(page.data.length, 2);
    const rest = (await (await admin('GET', `/accounts?limit=1000&after=${page.next}`)).json()) as { data: Array<{ record: { account_id: string } }> };
    assert.ok(rest.data.every((a) => a.record.account_id > page.next));
    assert.equal((await admin('GET', '/accounts?limit=0')).status, 400);
  });

  it('writes every change to the audit log with the actor', async () => {
    const audit = (await (await admin('GET', '/audit?target=acct_admin')).json()) as { data: Array<{ action: string; actor: string }> };
    const actions = audit.data.map((e) => e.action);
    assert.ok(actions.includes('account.create'));
    assert.ok(actions.includes('account.disable'));
    assert.ok(actions.includes('account.enable'));
    assert.ok(audit.data.every((e) => e.actor === 'admin:alice'));
    const keyAudit = (await (await admin('GET', '/audit?action=key.revoke')).json()) as { data: Array<{ details: { account_id: string } }> };
    assert.ok(keyAudit.data.some((e) => e.details.account_id === 'acct_admin'));
  });
});

describe('admin API without a token', () => {
  it('is off (404 ADMIN_DISABLED) when no admin token is configured', async () => {
    const h = await startHarness({ configure: (c) => { c.admin.tokenEnv = 'UNSET_ADMIN_TOKEN_FOR_TEST'; } });
    try {
      const response = await fetch(`${h.gateway.url}/admin/v1/accounts`, { headers: { authorization: 'Bearer anything' } });
      assert.equal(response.status, 404);
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'ADMIN_DISABLED');
    } finally {
      await h.close();
    }
  });
});
