/**
 * Two distillguard deployments in one test. The simulator produces the same attacker on both sides
 * under different account ids (idSalt). Deployment A detects the campaign and publishes it on its
 * TAXII server inside a real gateway; deployment B's TAXII client polls it over HTTP, imports, and
 * B's engine then flags the same campaign's accounts at their first exchanges on B.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { loadConfig } from '../config/load.js';
import type { DistillguardConfig } from '../config/schema.js';
import { DetectionEngine } from '../detect/engine.js';
import type { DetectionConfig, PromptScorer } from '../detect/types.js';
import { isDistillguardError } from '../errors.js';
import { startGateway, type RunningGateway } from '../gateway/server.js';
import { readAllRecords } from '../records/reader.js';
import type { AccountRecord, ExchangeRecord, LabelRecord } from '../records/types.js';
import { runSimulation } from '../simulate/engine.js';
import { parseScenario } from '../simulate/scenario.js';
import { SqliteStore } from '../store/sqlite-store.js';
import { TEST_KEY_HEX } from '../testing/intel-fixtures.js';
import { sha256Hex } from '../util/crypto.js';
import { identityIdFor } from './ids.js';
import { pollPartner } from './taxii/client.js';
import { partnersOf } from './settings.js';

/**
 * A transparent scorer: the intel path is under test here, not the shipped classifiers (which have
 * their own tests). It recognises the coerced-reasoning wording of the simulator's CoT templates.
 */
const scorer: PromptScorer = {
  classify(text) {
    const cot = /internal reasoning|chain of thought|thought process|scratchpad|<think>|reasoning trace|thinking|推理|思维/i.test(text);
    return { jailbreak: 0.01, cot_extraction: cot ? 0.9 : 0.02, grader: 0.01, capability: 'math', language: 'en' };
  },
};

const SCENARIO = parseScenario(`
name: intel-pair
description: one campaign (a proxy network and reasoning harvesters) among ordinary customers
summary: intel two-deployment test
start: "2026-02-02T00:00:00Z"
days: 1
reasoningExposure: full
models:
  - { name: frontier-1, release: "2025-08-04T16:00:00Z" }
campaigns:
  - { name: alpha, languages: [en], paraphrases: 4, signupBursts: 1 }
populations:
  - { archetype: developer, accounts: 30 }
  - { archetype: chat_user, accounts: 30 }
  - { archetype: hydra, accounts: 16, campaign: alpha }
  - { archetype: cot_harvester, accounts: 6, campaign: alpha }
`, 'intel-pair.yaml');

const COLLECTION = '6a1f4f5e-3c2d-4b8a-9e7f-0d1c2b3a4f5e';
const TOKEN_FOR_B = 'token-of-provider-b-0123456789abcdef';
const PRODUCER_A = 'Provider A';

interface Side { accounts: AccountRecord[]; exchanges: ExchangeRecord[]; labels: LabelRecord[] }

const dir = mkdtempSync(join(tmpdir(), 'dg-intel-e2e-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function simulate(name: string, idSalt: number): Promise<Side> {
  const out = join(dir, name);
  await runSimulation({ scenario: SCENARIO, seed: 11, outDir: out, workers: 1, idSalt });
  return {
    accounts: await readAllRecords(join(out, 'accounts.jsonl'), { kind: 'account' }),
    exchanges: await readAllRecords(join(out, 'exchanges.jsonl'), { kind: 'exchange', order: 'time' }),
    labels: await readAllRecords(join(out, 'labels.jsonl'), { kind: 'label' }),
  };
}

/** Runs the engine over one side's traffic; returns, per account, at which of its exchanges it was flagged. */
function scan(side: Side, config: Partial<DetectionConfig>): { engine: DetectionEngine; flaggedAt: Map<string, number> } {
  const engine = new DetectionEngine(scorer, config);
  for (const account of side.accounts) engine.addAccount(account);
  const seen = new Map<string, number>();
  const flaggedAt = new Map<string, number>();
  for (const exchange of side.exchanges) {
    const n = (seen.get(exchange.account_id) ?? 0) + 1;
    seen.set(exchange.account_id, n);
    if (engine.observe(exchange)?.newlyFlagged) flaggedAt.set(exchange.account_id, n);
  }
  return { engine, flaggedAt };
}

function gatewayConfig(overrides: Record<string, unknown>): DistillguardConfig {
  return loadConfig({
    env: {},
    overrides: { server: { port: 0, shutdownGraceMs: 1000 }, detection: { live: false }, logging: { level: 'silent' }, ...overrides },
  });
}

describe('two deployments share a campaign over TAXII 2.1', () => {
  let a: Side;
  let b: Side;
  let storeA: SqliteStore;
  let storeB: SqliteStore;
  let gatewayA: RunningGateway;
  let gatewayB: RunningGateway;
  let gatewayConfigB: DistillguardConfig;
  const env = { DISTILLGUARD_INTEL_KEY: TEST_KEY_HEX, A_TOKEN: TOKEN_FOR_B, WRONG_TOKEN: 'not-the-token' };

  before(async () => {
    [a, b] = [await simulate('a', 0), await simulate('b', 7)];
    storeA = await SqliteStore.open({ path: ':memory:' });
    storeB = await SqliteStore.open({ path: ':memory:' });
    // deployment A detects the campaign (the engine over its own traffic) and stores it
    const { engine } = scan(a, {});
    for (const account of a.accounts) await storeA.upsertAccount(account);
    for (const campaign of engine.campaignRecords()) await storeA.upsertCampaign(campaign, new Date().toISOString());
    gatewayA = await startGateway(gatewayConfig({
      intel: {
        producer: { name: PRODUCER_A, identityClass: 'organization' },
        taxii: {
          enabled: true, publishSeconds: 0, maxPageSize: 10,
          collections: [{ id: COLLECTION, title: 'Provider A campaigns', kind: 'publish' }],
          users: [{ name: 'provider-b', secretSha256: sha256Hex(TOKEN_FOR_B), read: [COLLECTION] }],
        },
      },
    }), { store: storeA, env, logger: pino({ level: 'silent' }) });
    await gatewayA.intel.publishNow();
    const partner = { name: PRODUCER_A, identity: identityIdFor(PRODUCER_A), trust: 1, collectionUrl: `${gatewayA.url}/taxii2/api/collections/${COLLECTION}/`, pollSeconds: 3600 };
    gatewayConfigB = gatewayConfig({
      intel: {
        producer: { name: 'Provider B', identityClass: 'organization' },
        partners: [{ ...partner, tokenEnv: 'A_TOKEN' }, { ...partner, name: 'Provider A (wrong token)', tokenEnv: 'WRONG_TOKEN' }],
      },
    });
    gatewayB = await startGateway(gatewayConfigB, { store: storeB, env, logger: pino({ level: 'silent' }) });
  });

  after(async () => {
    await gatewayB?.stop();
    await gatewayA?.stop();
    await storeA?.close();
    await storeB?.close();
  });

  it('simulates the same attacker on both sides under different account ids', () => {
    const idsA = new Set(a.accounts.map((x) => x.account_id));
    assert.ok(b.accounts.every((x) => !idsA.has(x.account_id)), 'no account id in common');
    assert.deepEqual(b.accounts.map((x) => x.payment_fp).sort(), a.accounts.map((x) => x.payment_fp).sort(), 'the same payment instruments');
    assert.equal(b.exchanges.length, a.exchanges.length);
  });

  it('B polls A over HTTP, imports, and flags the campaign\'s accounts at their first exchanges', async (t) => {
    // B polled A when it started; a poll now runs after that one, and finds nothing new (added_after the cursor)
    const [again] = await gatewayB.intel.pollNow(PRODUCER_A);
    assert.equal(again!.objects, 0, 'a second poll brings nothing new');
    const imports = (await storeB.listIntelImports()).filter((i) => i.source === PRODUCER_A);
    assert.equal(imports.length, 1, 'one import from A');
    assert.equal(imports[0]!.origin, `${gatewayA.url}/taxii2/api/collections/${COLLECTION}/`, 'over TAXII from A\'s gateway');
    assert.ok(imports[0]!.added >= 5, `indicators imported (${imports[0]!.added})`);
    assert.ok(await storeB.getIntelCursor(PRODUCER_A), 'the poll position is kept');

    const matcher = await gatewayB.intel.matcher();
    assert.ok(matcher.size >= 5);
    // the campaign A detected, as B sees it: the same accounts (same sign-up time and card) under B's ids
    const campaignA = (await storeA.listCampaigns())[0]!.record;
    const twin = (x: AccountRecord): string => `${x.created_at}|${x.payment_fp ?? ''}|${x.signup_ip ?? ''}`;
    const inCampaign = new Set(a.accounts.filter((x) => campaignA.accounts.includes(x.account_id)).map(twin));
    const attackers = b.accounts.filter((x) => inCampaign.has(twin(x))).map((x) => x.account_id);
    assert.equal(attackers.length, campaignA.accounts.length, 'every member of A\'s campaign has its twin on B');
    const benign = new Set(b.labels.filter((l) => l.label === 'benign').map((l) => l.account_id));
    const withIntel = scan(b, { intel: matcher });
    const without = scan(b, {});
    const atFirst = (flaggedAt: Map<string, number>) => attackers.filter((id) => flaggedAt.get(id) === 1).length;
    const firstWith = atFirst(withIntel.flaggedAt);
    const firstWithout = atFirst(without.flaggedAt);
    t.diagnostic(`campaign accounts flagged at their first exchange on B: ${firstWith} of ${attackers.length} with A's intel, ${firstWithout} without`);
    const matched = attackers.filter((id) => withIntel.engine.verdict(id)?.reasons.some((r) => r.signal === 'partner_intel'));
    assert.equal(matched.length, attackers.length, 'every twin matches a partner indicator');
    const late = attackers.filter((id) => withIntel.flaggedAt.get(id) !== 1);
    assert.deepEqual(late, [], `every campaign account is flagged at its first exchange on B (${firstWith} of ${attackers.length})`);
    assert.ok(firstWith >= firstWithout + 5, `imported intelligence makes the difference (${firstWith} vs ${firstWithout} without it)`);
    const verdict = withIntel.engine.verdict(attackers.find((id) => withIntel.flaggedAt.get(id) === 1)!)!;
    const reason = verdict.reasons.find((r) => r.signal === 'partner_intel');
    assert.ok(reason, 'a partner_intel reason');
    assert.match(reason.detail, /shared by Provider A \(Provider A distillation campaign [0-9a-f]{8}/, 'naming the partner report');
    const benignByIntel = [...withIntel.engine.verdicts()].filter((v) => benign.has(v.accountId) && v.flagged && v.reasons.some((r) => r.signal === 'partner_intel'));
    assert.deepEqual(benignByIntel.map((v) => v.accountId), [], 'no ordinary customer is flagged because of partner intel');
  });

  it('follows next links across pages: one poll brings the whole collection as one import', async () => {
    const fresh = await SqliteStore.open({ path: ':memory:' });
    const partner = partnersOf(gatewayConfigB.intel)[0]!;
    const result = await pollPartner(fresh, gatewayConfigB.intel, null, partner, env);
    const published = await storeA.listTaxiiObjects({ collectionId: COLLECTION, limit: 10_000 });
    assert.ok(result.pages > 1, `${result.pages} pages of at most 10 objects`);
    assert.equal(result.objects, published.objects.length);
    assert.equal((await fresh.listIntelImports()).length, 1);
    assert.ok((result.imported?.prepared.summary.keyedSkipped ?? 0) > 0, 'without the sharing key, keyed indicators are not imported');
    assert.ok((await fresh.listIntelIndicators()).every((i) => i.kind === 'ip_prefix' || i.kind === 'client_stack'));
    await fresh.close();
  });

  it('refuses a partner with the wrong credentials, and stores nothing from it', async () => {
    const before = await storeB.listIntelImports();
    await assert.rejects(gatewayB.intel.pollNow('Provider A (wrong token)'),
      (error: unknown) => isDistillguardError(error) && error.code === 'INTEL_POLL_FAILED' && /answered 401/.test(error.message));
    assert.equal((await storeB.listIntelImports()).length, before.length);
  });
});
