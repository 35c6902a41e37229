import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDistillguardError } from '../../errors.js';
import { SqliteStore } from '../../store/sqlite-store.js';
import type { Store } from '../../store/types.js';
import { intelSettings, seedCampaign, testKey } from '../../testing/intel-fixtures.js';
import { buildExportBundle, exportOptionsFrom } from '../export/bundle.js';
import { SharingKey } from '../fingerprints.js';
import { identityIdFor } from '../ids.js';
import type { StixBundle, StixObject } from '../stix/types.js';
import { importBundle } from './ingest.js';

const NOW = Date.parse('2026-02-10T00:00:00.000Z');

async function partnerBundle(): Promise<StixBundle> {
  const store = await SqliteStore.open({ path: ':memory:' });
  await seedCampaign(store);
  const { bundle } = await buildExportBundle(store, exportOptionsFrom(intelSettings(), testKey()));
  await store.close();
  return bundle;
}

const clone = (bundle: StixBundle): StixBundle => JSON.parse(JSON.stringify(bundle)) as StixBundle;
const settingsB = intelSettings({ producer: { name: 'Provider B', identityClass: 'organization' } });

async function importInto(store: Store, input: unknown, partner: 'configured' | null = null) {
  const settings = partner === 'configured'
    ? { ...settingsB, partners: [{ name: 'Provider A', identity: identityIdFor('Provider A'), trust: 0.9 }] }
    : settingsB;
  return importBundle(store, settings, testKey(), {
    input: typeof input === 'string' ? input : JSON.stringify(input),
    partner: partner === 'configured' ? { name: 'Provider A', identity: identityIdFor('Provider A'), trust: 0.9, pollSeconds: 300 } : null,
    origin: 'bundle.json',
  }, NOW);
}

/** What is stored, to compare before and after a refused import. */
async function snapshot(store: Store) {
  return { indicators: await store.listIntelIndicators(), imports: await store.listIntelImports(), stamp: await store.intelStamp() };
}

async function refused(store: Store, input: unknown, code: string, message: RegExp, partner: 'configured' | null = null): Promise<void> {
  const before = await snapshot(store);
  await assert.rejects(importInto(store, input, partner), (error: unknown) => {
    assert.ok(isDistillguardError(error), `a coded error, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.match(error.message, message);
    return true;
  });
  assert.deepEqual(await snapshot(store), before, 'nothing stored was touched');
}

describe('STIX import', () => {
  it('imports a partner bundle, records the source and trust, and deduplicates a second import', async () => {
    const store = await SqliteStore.open({ path: ':memory:' });
    const bundle = await partnerBundle();
    const first = await importInto(store, bundle);
    assert.equal(first.prepared.source, 'Provider A');
    assert.equal(first.prepared.trust, 0.5, 'a producer that is not a configured partner gets intel.defaultTrust');
    assert.equal(first.outcome.added, 8);
    const again = await importInto(store, bundle);
    assert.deepEqual([again.outcome.added, again.outcome.updated, again.outcome.unchanged], [0, 0, 8]);
    const stored = await store.listIntelIndicators();
    assert.equal(stored.length, 8);
    const template = stored.find((i) => i.kind === 'template')!;
    assert.equal(template.source, 'Provider A');
    assert.ok(Math.abs(template.confidence - (0.73 * 0.5)) < 0.006, `confidence ${template.confidence} is the indicator's times the trust`);
    assert.match(String(template.data.report), /Provider A distillation campaign/);
    const configured = await importInto(store, bundle, 'configured');
    assert.equal(configured.prepared.trust, 0.9, 'a configured partner\'s trust applies');
    assert.equal((await store.listIntelImports()).length, 3);
    await store.close();
  });

  it('replaces an indicator with a newer version and keeps a newer one against an older', async () => {
    const store = await SqliteStore.open({ path: ':memory:' });
    const bundle = await partnerBundle();
    const newer = clone(bundle);
    const indicator = newer.objects.find((o) => o.type === 'indicator')!;
    indicator.modified = '2026-02-09T00:00:00.000Z';
    indicator.confidence = 10;
    await importInto(store, newer);
    const result = await importInto(store, bundle);
    assert.equal(result.outcome.updated, 0);
    assert.equal(result.outcome.unchanged, 8);
    const kept = (await store.listIntelIndicators()).find((i) => i.indicatorId === indicator.id)!;
    assert.equal(kept.modified, '2026-02-09T00:00:00.000Z');
    await store.close();
  });

  it('refuses malformed and hostile bundles with clear errors, touching nothing stored', async () => {
    const store = await SqliteStore.open({ path: ':memory:' });
    const good = await partnerBundle();
    await importInto(store, good);
    await refused(store, '{"type": "bundle", "objects": [', 'INTEL_BUNDLE_INVALID', /not valid JSON/);
    await refused(store, { type: 'collection', id: good.id, objects: good.objects }, 'INTEL_BUNDLE_INVALID', /type: must be "bundle"/);
    const wrongType = clone(good);
    (wrongType.objects.find((o) => o.type === 'indicator')! as Record<string, unknown>).confidence = 'high';
    await refused(store, wrongType, 'INTEL_BUNDLE_INVALID', /is not valid STIX 2\.1: confidence: must be integer/);
    const noPattern = clone(good);
    delete (noPattern.objects.find((o) => o.type === 'indicator')! as Record<string, unknown>).pattern;
    await refused(store, noPattern, 'INTEL_BUNDLE_INVALID', /pattern/);
    const badPattern = clone(good);
    badPattern.objects.find((o) => o.type === 'indicator')!.pattern = "[ipv4-addr:value = '203.0.113.7'";
    await refused(store, badPattern, 'INTEL_PATTERN_INVALID', /expected '\]' to close the observation/);
    const badTime = clone(good);
    badTime.objects.find((o) => o.type === 'indicator')!.pattern = "[ipv4-addr:value = '1.2.3.4'] START t'2026-13-01T00:00:00Z' STOP t'2026-12-01T00:00:00Z'";
    await refused(store, badTime, 'INTEL_PATTERN_INVALID', /not a STIX timestamp/);
    const huge = clone(good);
    const padding = huge.objects.find((o) => o.type === 'note')!;
    padding.content = 'x'.repeat(20_000);
    await refused(store, huge, 'INTEL_BUNDLE_TOO_LARGE', /a string of 20000 characters/);
    const many = clone(good);
    const identity = many.objects[0]!;
    many.objects = Array.from({ length: 20_001 }, () => identity);
    await refused(store, many, 'INTEL_BUNDLE_TOO_LARGE', /20001 objects; at most 20000/);
    await refused(store, 'x'.repeat(16 * 1024 * 1024 + 1), 'INTEL_BUNDLE_TOO_LARGE', /bytes; at most/);
    let deep: unknown = 'bottom';
    for (let i = 0; i < 60; i++) deep = [deep];
    const nested = clone(good);
    (nested.objects.find((o) => o.type === 'note')! as Record<string, unknown>).x_deep = deep;
    await refused(store, nested, 'INTEL_BUNDLE_INVALID', /nested more than 32 levels/);
    await store.close();
  });

  it('refuses objects that claim another producer, and anonymous objects', async () => {
    const store = await SqliteStore.open({ path: ':memory:' });
    const good = await partnerBundle();
    await importInto(store, good);
    const forged = clone(good);
    const victim = identityIdFor('Some Other Lab');
    forged.objects.push({ type: 'identity', spec_version: '2.1', id: victim, created: '2026-01-01T00:00:00.000Z', modified: '2026-01-01T00:00:00.000Z', name: 'Some Other Lab', created_by_ref: victim });
    forged.objects.find((o) => o.type === 'indicator')!.created_by_ref = victim;
    await refused(store, forged, 'INTEL_PRODUCER_MISMATCH', /2 different producers/);
    await refused(store, forged, 'INTEL_PRODUCER_MISMATCH', /claims to be created by identity--.*may only carry objects of Provider A/, 'configured');
    const anonymous = clone(good);
    delete anonymous.objects.find((o) => o.type === 'campaign')!.created_by_ref;
    await refused(store, anonymous, 'INTEL_PRODUCER_MISMATCH', /does not name its producer/, 'configured');
    const impostor = clone(good);
    for (const o of impostor.objects) if (o.created_by_ref === identityIdFor('Provider A')) o.created_by_ref = victim;
    (impostor.objects[0] as StixObject).id = victim;
    await refused(store, impostor, 'INTEL_PRODUCER_MISMATCH', /(claims to be created by|does not name its producer).*Provider A/, 'configured');
    await store.close();
  });

  it('keeps keyed indicators out when the sharing key differs or is missing, and says why', async () => {
    const store = await SqliteStore.open({ path: ':memory:' });
    const bundle = await partnerBundle();
    const otherKey = new SharingKey(Buffer.alloc(32, 7));
    const result = await importBundle(store, settingsB, otherKey, { input: bundle, partner: null, origin: 'b.json' }, NOW);
    assert.equal(result.prepared.summary.keyedSkipped, 4);
    assert.match(result.prepared.warnings.join(' '), /different sharing key/);
    assert.deepEqual([...new Set((await store.listIntelIndicators()).map((i) => i.kind))].sort(), ['client_stack', 'ip_prefix']);
    const noKey = await importBundle(store, settingsB, null, { input: bundle, partner: null, origin: 'b.json' }, NOW);
    assert.match(noKey.prepared.warnings.join(' '), /no sharing key is set/);
    await store.close();
  });

  it('accepts valid STIX it cannot match, and counts it', async () => {
    const store = await SqliteStore.open({ path: ':memory:' });
    const bundle = await partnerBundle();
    const other = clone(bundle);
    const indicator = other.objects.find((o) => o.type === 'indicator')!;
    indicator.pattern = "[domain-name:value = 'evil.example'] WITHIN 60 SECONDS";
    const result = await importInto(store, other);
    assert.equal(result.prepared.summary.notMatchableCount, 1);
    assert.match(result.prepared.warnings.join(' '), /not something distillguard matches/);
    await store.close();
  });
});
