import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { loadConfig } from '../../config/load.js';
import { startGateway, type RunningGateway } from '../../gateway/server.js';
import { SqliteStore } from '../../store/sqlite-store.js';
import { seedCampaign, TEST_KEY_HEX } from '../../testing/intel-fixtures.js';
import { sha256Hex } from '../../util/crypto.js';
import { buildExportBundle, exportOptionsFrom } from '../export/bundle.js';
import { SharingKey } from '../fingerprints.js';
import { identityIdFor } from '../ids.js';
import { intelSettings } from '../../testing/intel-fixtures.js';
import { TAXII_MEDIA_TYPE } from './media.js';

const PUBLISH = '11111111-2222-4333-8444-555555555555';
const INBOX = '99999999-8888-4777-8666-555555555555';
const READER = 'reader-secret-0123456789';
const WRITER = 'writer-secret-0123456789';
const STRANGER = 'stranger-secret-0123456789';

describe('TAXII 2.1 server in distillguard serve', () => {
  let store: SqliteStore;
  let gateway: RunningGateway;
  const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${gateway.url}${path}`, {
    headers: { accept: TAXII_MEDIA_TYPE, authorization: basic('partner-b', READER), ...headers },
  });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) => fetch(`${gateway.url}${path}`, {
    method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { accept: TAXII_MEDIA_TYPE, 'content-type': TAXII_MEDIA_TYPE, authorization: `Bearer ${WRITER}`, ...headers },
  });

  before(async () => {
    store = await SqliteStore.open({ path: ':memory:' });
    await seedCampaign(store);
    const config = loadConfig({
      env: {},
      overrides: {
        server: { port: 0, shutdownGraceMs: 1000 }, detection: { live: false }, logging: { level: 'silent' },
        intel: {
          producer: { name: 'Provider B', identityClass: 'organization' },
          partners: [{ name: 'Provider A', identity: identityIdFor('Provider A'), trust: 0.8 }],
          taxii: {
            enabled: true, publishSeconds: 0, maxPageSize: 5,
            collections: [{ id: PUBLISH, title: 'our campaigns', kind: 'publish' }, { id: INBOX, title: 'partner inbox', kind: 'inbox' }],
            users: [
              { name: 'partner-b', secretSha256: sha256Hex(READER), read: [PUBLISH] },
              { name: 'partner-a', secretSha256: sha256Hex(WRITER), partner: 'Provider A', read: [INBOX], write: [INBOX] },
              { name: 'stranger', secretSha256: sha256Hex(STRANGER) },
            ],
          },
        },
      },
    });
    gateway = await startGateway(config, { store, env: { DISTILLGUARD_INTEL_KEY: TEST_KEY_HEX }, logger: pino({ level: 'silent' }) });
    await gateway.intel.publishNow();
  });

  after(async () => {
    await gateway.stop();
    await store.close();
  });

  it('answers discovery, the API root and the collections a user may use', async () => {
    const discovery = await get('/taxii2/');
    assert.equal(discovery.status, 200);
    assert.equal(discovery.headers.get('content-type'), TAXII_MEDIA_TYPE);
    const d = await discovery.json() as { api_roots: string[] };
    assert.deepEqual(d.api_roots, [`${gateway.url}/taxii2/api/`]);
    const root = await (await get('/taxii2/api/')).json() as { versions: string[] };
    assert.deepEqual(root.versions, [TAXII_MEDIA_TYPE]);
    const collections = await (await get('/taxii2/api/collections/')).json() as { collections: Array<{ id: string; can_read: boolean; can_write: boolean }> };
    assert.deepEqual(collections.collections.map((c) => [c.id, c.can_read, c.can_write]), [[PUBLISH, true, false]]);
    const one = await (await get(`/taxii2/api/collections/${PUBLISH}/`)).json() as { id: string; media_types: string[] };
    assert.equal(one.id, PUBLISH);
  });

  it('refuses missing or wrong credentials with 401, and forbidden collections with 403', async () => {
    const none = await fetch(`${gateway.url}/taxii2/api/collections/`, { headers: { accept: TAXII_MEDIA_TYPE } });
    assert.equal(none.status, 401);
    assert.match(none.headers.get('www-authenticate') ?? '', /Basic/);
    const body = await none.json() as { http_status: string; title: string; description: string };
    assert.equal(body.http_status, '401');
    assert.match(body.description, /needs credentials/);
    assert.equal((await get('/taxii2/api/', { authorization: basic('partner-b', 'wrong') })).status, 401);
    assert.equal((await get('/taxii2/api/', { authorization: basic('partner-a', READER) })).status, 401, 'a right password under another user name');
    assert.equal((await get('/taxii2/api/', { authorization: 'Bearer nope' })).status, 401);
    assert.equal((await get('/taxii2/api/', { authorization: `Bearer ${READER}` })).status, 200, 'a bearer token works too');
    const forbidden = await get(`/taxii2/api/collections/${INBOX}/objects/`);
    assert.equal(forbidden.status, 403, 'a collection the user may not read');
    assert.equal((await get('/taxii2/api/collections/00000000-0000-4000-8000-000000000000/objects/')).status, 404, 'an unknown collection');
    const stranger = await get(`/taxii2/api/collections/${PUBLISH}/objects/`, { authorization: basic('stranger', STRANGER) });
    assert.equal(stranger.status, 403);
    assert.match((await stranger.json() as { description: string }).description, /may not read/);
    const readOnly = await post(`/taxii2/api/collections/${PUBLISH}/objects/`, { objects: [] }, { authorization: `Bearer ${READER}` });
    assert.equal(readOnly.status, 403);
    assert.match((await readOnly.json() as { description: string }).description, /may not write/);
  });

  it('answers 406 to a client that does not accept TAXII 2.1 and 415 to a body that is not TAXII', async () => {
    assert.equal((await get('/taxii2/api/', { accept: 'application/json' })).status, 406);
    assert.equal((await get('/taxii2/api/', { accept: 'application/taxii+json;version=2.0' })).status, 406);
    assert.equal((await get('/taxii2/api/', { accept: 'application/taxii+json' })).status, 200);
    const wrongType = await post(`/taxii2/api/collections/${INBOX}/objects/`, { objects: [] }, { 'content-type': 'application/json' });
    assert.equal(wrongType.status, 415);
    const text = await post(`/taxii2/api/collections/${INBOX}/objects/`, 'hello', { 'content-type': 'text/plain' });
    assert.equal(text.status, 415);
  });

  it('pages objects with limit and next, filters by type, id, version and added_after, and lists the manifest', async () => {
    const first = await get(`/taxii2/api/collections/${PUBLISH}/objects/?limit=3`);
    assert.equal(first.status, 200);
    const page1 = await first.json() as { more: boolean; next: string; objects: Array<{ id: string; type: string }> };
    assert.equal(page1.objects.length, 3);
    assert.equal(page1.more, true);
    const all: string[] = page1.objects.map((o) => o.id);
    let next: string | undefined = page1.next;
    while (next !== undefined) {
      const page = await (await get(`/taxii2/api/collections/${PUBLISH}/objects/?next=${next}`)).json() as { more: boolean; next?: string; objects: Array<{ id: string }> };
      assert.ok(page.objects.length <= 5, 'maxPageSize caps a page');
      all.push(...page.objects.map((o) => o.id));
      next = page.more ? page.next : undefined;
    }
    assert.equal(new Set(all).size, all.length, 'no object twice');
    const indicators = await (await get(`/taxii2/api/collections/${PUBLISH}/objects/?match[type]=indicator&limit=100`)).json() as { objects: Array<{ type: string; id: string }> };
    assert.ok(indicators.objects.length === 5 && indicators.objects.every((o) => o.type === 'indicator'), 'a full page of indicators only');
    const byId = await get(`/taxii2/api/collections/${PUBLISH}/objects/${indicators.objects[0]!.id}/`);
    assert.equal(((await byId.json()) as { objects: Array<{ id: string }> }).objects[0]!.id, indicators.objects[0]!.id);
    const manifest = await get(`/taxii2/api/collections/${PUBLISH}/manifest/?limit=2`);
    const m = await manifest.json() as { objects: Array<{ date_added: string; version: string; media_type: string }> };
    assert.equal(m.objects.length, 2);
    assert.equal(m.objects[0]!.media_type, 'application/stix+json;version=2.1');
    const last = manifest.headers.get('x-taxii-date-added-last')!;
    assert.equal(last, m.objects[1]!.date_added);
    const after = await (await get(`/taxii2/api/collections/${PUBLISH}/manifest/?added_after=${encodeURIComponent(last)}&limit=100`)).json() as { objects: Array<{ date_added: string }> };
    assert.ok(after.objects.length > 0 && after.objects.every((o) => o.date_added > last));
    assert.equal(after.objects.length, Math.min(5, all.length - 2), 'the rest, a page at a time');
    // a new version of a campaign: `last` shows it alone, `all` shows both
    await seedCampaign(store, undefined, '2026-02-05T00:00:00.000Z');
    await gateway.intel.publishNow();
    const campaignId = (await (await get(`/taxii2/api/collections/${PUBLISH}/objects/?match[type]=campaign`)).json() as { objects: Array<{ id: string; modified: string }> }).objects;
    assert.equal(campaignId.length, 1);
    const versions = await (await get(`/taxii2/api/collections/${PUBLISH}/objects/${campaignId[0]!.id}/versions/`)).json() as { versions: string[] };
    assert.equal(versions.versions.length, 2);
    const both = await (await get(`/taxii2/api/collections/${PUBLISH}/objects/${campaignId[0]!.id}/?match[version]=all`)).json() as { objects: unknown[] };
    assert.equal(both.objects.length, 2);
    assert.equal((await get(`/taxii2/api/collections/${PUBLISH}/objects/?match[version]=sometime`)).status, 400);
    assert.equal((await get(`/taxii2/api/collections/${PUBLISH}/objects/?limit=0`)).status, 400);
    assert.equal((await get(`/taxii2/api/collections/${PUBLISH}/objects/indicator--00000000-0000-4000-8000-000000000000/`)).status, 404);
  });

  it('imports objects posted to an inbox, all or nothing, and reports a status', async () => {
    const other = await SqliteStore.open({ path: ':memory:' });
    await seedCampaign(other);
    const { bundle } = await buildExportBundle(other, exportOptionsFrom(intelSettings(), new SharingKey(Buffer.from(TEST_KEY_HEX, 'hex'))));
    await other.close();
    const forged = JSON.parse(JSON.stringify(bundle.objects)) as Array<Record<string, unknown>>;
    forged.find((o) => o.type === 'indicator')!.created_by_ref = identityIdFor('Someone Else');
    const refused = await post(`/taxii2/api/collections/${INBOX}/objects/`, { objects: forged });
    assert.equal(refused.status, 422);
    assert.match((await refused.json() as { description: string }).description, /claims to be created by/);
    assert.equal((await store.listIntelIndicators()).length, 0, 'nothing imported');
    assert.equal((await (await get(`/taxii2/api/collections/${INBOX}/objects/`, { authorization: `Bearer ${WRITER}` })).json() as { objects: unknown[] }).objects.length, 0);
    const accepted = await post(`/taxii2/api/collections/${INBOX}/objects/`, { objects: bundle.objects });
    assert.equal(accepted.status, 202);
    const status = await accepted.json() as { id: string; status: string; success_count: number; failure_count: number };
    assert.equal(status.status, 'complete');
    assert.equal(status.success_count, bundle.objects.length);
    const indicators = await store.listIntelIndicators();
    assert.equal(indicators.length, 8);
    assert.ok(indicators.every((i) => i.source === 'Provider A' && i.trust === 0.8));
    const again = await (await get(`/taxii2/api/status/${status.id}/`, { authorization: `Bearer ${WRITER}` })).json() as { id: string };
    assert.equal(again.id, status.id);
    assert.equal((await get(`/taxii2/api/status/${status.id}/`)).status, 404, 'another user cannot read the status');
    const notJson = await post(`/taxii2/api/collections/${INBOX}/objects/`, '{"objects": [');
    assert.equal(notJson.status, 400);
  });
});
