import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { SqliteStore } from '../../store/sqlite-store.js';
import { campaignRecord, intelSettings, MEMBERS, PAYMENT_FPS, seedCampaign, TEMPLATE_PROMPT, testKey } from '../../testing/intel-fixtures.js';
import { STIX_SCHEMA_DIR } from '../stix/schema.js';
import { buildExportBundle, exportOptionsFrom } from './bundle.js';

const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;
const SHARED = join(STIX_SCHEMA_DIR, '../../../shared/spec/stix2.1/schemas');
const BASE = 'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/';

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files(path, out);
    else if (name.endsWith('.json')) out.push(path);
  }
  return out;
}

/** An ajv set up as the shared spec's README says, straight from ../shared/spec/stix2.1 (independent of src/intel/stix/schema.ts). */
function sharedSpecValidator(): (object: { type: string }) => string | null {
  const dir = existsSync(SHARED) ? SHARED : STIX_SCHEMA_DIR;
  const ajv = new Ajv2020({ strict: false, unicodeRegExp: false, logger: false });
  addFormats(ajv);
  ajv.addFormat('idn-hostname', true);
  for (const file of files(dir)) ajv.addSchema(JSON.parse(readFileSync(file, 'utf8')) as object);
  const folder = (type: string): string => (['relationship', 'sighting'].includes(type) ? 'sros'
    : ['ipv4-addr', 'ipv6-addr', 'autonomous-system'].includes(type) ? 'observables'
      : ['marking-definition', 'extension-definition'].includes(type) ? 'common' : 'sdos');
  return (object) => {
    const validate = ajv.getSchema(`${BASE}${folder(object.type)}/${object.type}.json`);
    assert.ok(validate, `a schema for ${object.type}`);
    return validate(object) ? null : JSON.stringify(validate.errors?.slice(0, 3));
  };
}

async function exportOf(withKey: boolean) {
  const store = await SqliteStore.open({ path: ':memory:' });
  await seedCampaign(store);
  const result = await buildExportBundle(store, exportOptionsFrom(intelSettings(), withKey ? testKey() : null));
  await store.close();
  return result;
}

describe('STIX export', () => {
  it('ships a copy of the STIX schemas identical to ../shared/spec/stix2.1', { skip: !existsSync(SHARED) && 'no ../shared beside the checkout' }, () => {
    const shipped = files(STIX_SCHEMA_DIR).map((f) => f.slice(STIX_SCHEMA_DIR.length)).sort();
    const shared = files(SHARED).map((f) => f.slice(SHARED.length + 1)).sort();
    assert.deepEqual(shipped, shared);
    for (const name of shared) assert.equal(readFileSync(join(STIX_SCHEMA_DIR, name), 'utf8'), readFileSync(join(SHARED, name), 'utf8'), name);
  });

  it('writes every object type the issue asks for, each valid against the OASIS schemas', async () => {
    const { bundle, report } = await exportOf(true);
    const validate = sharedSpecValidator();
    for (const object of bundle.objects) assert.equal(validate(object), null, `${object.id} is valid STIX 2.1`);
    const types = new Set(bundle.objects.map((o) => o.type));
    for (const type of ['identity', 'marking-definition', 'campaign', 'indicator', 'infrastructure', 'relationship', 'sighting', 'note', 'autonomous-system', 'ipv4-addr', 'ipv6-addr', 'extension-definition']) {
      assert.ok(types.has(type), `has a ${type}`);
    }
    assert.deepEqual(report.indicators, { client_stack: 1, email_domain: 1, ip_prefix: 3, payment_fp: 2, template: 1 });
    const indicator = bundle.objects.find((o) => o.type === 'indicator')!;
    assert.equal(indicator.object_marking_refs?.[0], 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82', 'TLP:AMBER by default');
    assert.ok(typeof indicator.confidence === 'number' && indicator.confidence > 0 && indicator.confidence <= 100);
    assert.ok(Date.parse(String(indicator.valid_until)) > Date.parse(String(indicator.valid_from)));
    const patterns = bundle.objects.filter((o) => o.type === 'indicator').map((o) => String(o.pattern));
    assert.ok(patterns.includes("[ipv4-addr:value ISSUBSET '203.0.113.0/24']"));
    assert.ok(patterns.some((p) => p.startsWith('[autonomous-system:number = 64500 AND network-traffic:extensions.\'http-request-ext\'.request_header.\'User-Agent\' = \'python-httpx/0.27.0\'')));
    assert.ok(patterns.some((p) => p.startsWith('[x-distillguard-prompt-frame:digests[*] IN (')));
  });

  it('lets nothing that identifies a customer leave: no account ids, prompts, raw payment fingerprints, org or device ids', async () => {
    const { bundle } = await exportOf(true);
    const text = JSON.stringify(bundle);
    for (const secret of [...MEMBERS, ...PAYMENT_FPS, 'org_secret_customer', 'dev_secret_device', 'mule-mail.example', 'gmail.com', 'acct_ordinary', 'cmp_test0001']) {
      assert.ok(!text.includes(secret), `${secret} does not appear in the bundle`);
    }
    for (const words of ['internal reasoning', 'complete internal', '17 times 23', TEMPLATE_PROMPT.slice(0, 30)]) assert.ok(!text.includes(words), `prompt text "${words}" does not appear`);
  });

  it('is deterministic: the same detections give the same bundle, byte for byte', async () => {
    const [a, b] = [await exportOf(true), await exportOf(true)];
    assert.equal(JSON.stringify(a.bundle), JSON.stringify(b.bundle));
    const store = await SqliteStore.open({ path: ':memory:' });
    await seedCampaign(store, campaignRecord({ score: 0.99 }), '2026-02-04T00:00:00.000Z');
    const changed = await buildExportBundle(store, exportOptionsFrom(intelSettings(), testKey()));
    await store.close();
    const campaignA = a.bundle.objects.find((o) => o.type === 'campaign')!;
    const campaignB = changed.bundle.objects.find((o) => o.type === 'campaign')!;
    assert.equal(campaignA.id, campaignB.id, 'the same campaign keeps its id');
    assert.notEqual(campaignA.modified, campaignB.modified, 'an update is a new version');
    assert.notEqual(a.bundle.id, changed.bundle.id);
  });

  it('leaves keyed fingerprints out without a sharing key, and says so', async () => {
    const { bundle, report } = await exportOf(false);
    assert.deepEqual(Object.keys(report.indicators).sort(), ['client_stack', 'ip_prefix']);
    assert.ok(report.notes.some((n) => /no sharing key/.test(n)));
    assert.ok(bundle.objects.every((o) => o.type !== 'indicator' || !/x-distillguard-(signup|prompt-frame)/.test(String(o.pattern))));
  });

  it('leaves out dismissed campaigns and those below the minimum score', async () => {
    const store = await SqliteStore.open({ path: ':memory:' });
    await seedCampaign(store);
    await seedCampaign(store, campaignRecord({ campaign_id: 'cmp_low', score: 0.2 }));
    await seedCampaign(store, campaignRecord({ campaign_id: 'cmp_dismissed' }));
    await store.setCampaignStatus('cmp_dismissed', 'dismissed', '2026-02-05T00:00:00.000Z');
    const { report, bundle } = await buildExportBundle(store, exportOptionsFrom(intelSettings(), testKey()));
    await store.close();
    assert.equal(report.campaigns, 1);
    assert.equal(bundle.objects.filter((o) => o.type === 'campaign').length, 1);
    assert.ok(report.notes.some((n) => /below 0.5/.test(n)));
  });
});
