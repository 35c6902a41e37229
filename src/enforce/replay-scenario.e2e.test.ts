/**
 * Enforcement end to end from a simulated scenario: the tiny scenario (customers of every kind and
 * three campaigns) replayed with the official SDKs through a gateway running the live detection
 * engine and the demo policy (policies/demo.yaml). Checks, from the exchange records and the
 * labels: campaign accounts go through the policy's steps in order (throttled, then reasoning
 * withheld, then refused) and most end refused; accounts linked to a blocked campaign later are
 * refused from the request after the link on; and benign customers are served untouched, counted
 * over the whole run.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import type { ExchangeRecord } from '../records/types.js';
import { readAllRecords } from '../records/reader.js';
import { runReplay } from '../replay/replay.js';
import type { ReplayFigures } from '../replay/stats.js';
import { ADMIN_TOKEN, startHarness, type Harness } from '../testing/gateway-harness.js';
import { enforcementOf, readLabels, replayGatewayConfig, replayOutcome, simulateInto, type SimulatedScenario } from '../testing/replay-scenario.js';

const dir = mkdtempSync(join(tmpdir(), 'dg-replay-enforce-'));

/** Stage of the policy's graded response an exchange shows: 0 untouched, 1 throttled, 2 reasoning withheld, 3 refused. */
function stageOf(record: ExchangeRecord): number {
  const note = enforcementOf(record);
  if (note?.denied && note.denied !== 'rate_limited') return 3;
  if (note?.reasoning === 'none') return 2;
  if (note?.measures?.includes('risk:slow-down')) return 1;
  return 0;
}

/** The largest campaign the policy blocked. */
async function blockedCampaign(h: Harness) {
  const blocked = await h.store.listCampaigns({ status: 'blocked' });
  assert.ok(blocked.length >= 1, 'the policy blocked a detected campaign');
  return blocked.sort((a, b) => b.record.accounts.length - a.record.accounts.length)[0]!;
}

/** The policy's block of a campaign, or of one merged into it since (the engine merges campaigns as they grow). */
async function blockOf(h: Harness, campaign: Awaited<ReturnType<typeof blockedCampaign>>) {
  const merged = await h.store.listCampaigns({ status: 'merged' });
  const lineage = new Set([campaign.record.campaign_id]);
  for (let grew = true; grew;) {
    grew = false;
    for (const c of merged) {
      if (!lineage.has(c.record.campaign_id) && lineage.has(String(c.record.merged_into))) { lineage.add(c.record.campaign_id); grew = true; }
    }
  }
  const blocks = (await h.store.listActions({ targetType: 'campaign' })).filter((a) => lineage.has(a.targetId) && a.kind === 'block' && !a.dryRun);
  assert.ok(blocks.length >= 1, 'the block is an audited action');
  assert.ok(blocks.every((a) => a.actor === 'policy:campaign-block'), 'taken by the policy step');
  return blocks.sort((a, b) => (a.ts < b.ts ? -1 : 1))[0]!;
}

describe('enforcement from a replayed scenario (tiny, live engine, policies/demo.yaml)', () => {
  let h: Harness;
  let scenario: SimulatedScenario;
  let figures: ReplayFigures;
  let records: ExchangeRecord[];
  const labels = () => readLabels(scenario.labels);
  /** When the engine decided (wall clock) that an account belongs to each campaign: the first verdict naming it. */
  const linkedAt = new Map<string, Map<string, number>>();

  before(async () => {
    scenario = await simulateInto('tiny', 1, join(dir, 'tiny'));
    h = await startHarness({ sim: { latencyMs: 2, tokensPerSecond: 20_000 }, configure: replayGatewayConfig() });
    h.gateway.detection.subscribe((update) => {
      for (const verdict of update.verdicts) {
        if (verdict.campaignId === null) continue;
        const byCampaign = linkedAt.get(verdict.accountId) ?? new Map<string, number>();
        if (!byCampaign.has(verdict.campaignId)) byCampaign.set(verdict.campaignId, Date.now());
        linkedAt.set(verdict.accountId, byCampaign);
      }
    });
    figures = await runReplay({ gateway: h.gateway.url, exchanges: scenario.exchanges, accounts: scenario.accounts, adminToken: ADMIN_TOKEN, speed: 'max', concurrency: 32 });
    await h.gateway.recorder.drain();
    // the engine's verdicts and campaign refreshes follow the last records within about a second
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    records = (await h.records()).filter((r) => r.account_id !== h.accountId);
  });
  after(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers every replayed request: served, or refused by enforcement in the API format (no gateway errors)', () => {
    assert.equal(figures.sent, figures.read);
    const other = Object.entries(figures.errors).filter(([status]) => status !== '403' && status !== '429');
    assert.deepEqual(other, [], JSON.stringify(figures.errors));
    assert.equal(records.length, figures.sent, 'one record per request');
  });

  it('takes campaign accounts through the steps in order: throttled, then reasoning withheld, then refused', async () => {
    const outcome = replayOutcome(records, labels(), new Set((await h.store.listLatestVerdicts()).filter((v) => v.flagged).map((v) => v.accountId)));
    const byAccount = new Map<string, ExchangeRecord[]>();
    const attackers = new Set([...labels().values()].filter((l) => l.label === 'distillation').map((l) => l.account_id));
    for (const record of records) {
      if (!attackers.has(record.account_id)) continue;
      byAccount.set(record.account_id, [...(byAccount.get(record.account_id) ?? []), record]);
    }
    const backwards: string[] = [];
    const reached = [0, 0, 0, 0];
    for (const [account, list] of byAccount) {
      const stages = list.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0)).map(stageOf);
      for (let i = 1; i < stages.length; i++) if (stages[i]! < stages[i - 1]!) { backwards.push(`${account}: ${stages.join('')}`); break; }
      for (const stage of new Set(stages)) reached[stage]! += 1;
    }
    process.stderr.write(`[replay-enforce] attackers ${outcome.attackers.accounts}: throttled ${reached[1]}, reasoning withheld ${reached[2]}, refused ${reached[3]}, `
      + `never touched ${outcome.attackers.untouched.length}; requests refused ${outcome.attackers.refused}, rate limited ${outcome.attackers.rateLimited} of ${outcome.attackers.requests}\n`);
    assert.deepEqual(backwards, [], 'no account goes back to a softer step');
    assert.ok(reached[1]! >= 1 && reached[2]! >= 1 && reached[3]! >= 1, `every step reached by some account: ${reached.join(',')}`);
    // throttled accounts answer 429 in the API format once their throttled budget is spent
    assert.ok(outcome.attackers.rateLimited >= 1, 'some throttled requests were rate limited');
    assert.ok(reached[3]! >= 0.6 * outcome.attackers.accounts, `${reached[3]} of ${outcome.attackers.accounts} campaign accounts refused by the end`);
  });

  it('refuses every member of a blocked campaign within a second of the decision that links it', async () => {
    const campaign = await blockedCampaign(h);
    const block = await blockOf(h, campaign);
    const blockMs = Date.parse(block.ts);
    let servedLate = 0;
    const lateServed: string[] = [];
    let lateMembers = 0;
    let servedBeforeLink = 0;
    let heldAtFirst = 0;
    const engineLag: number[] = [];
    for (const member of campaign.record.accounts) {
      // linked to the blocked campaign: a verdict naming it, or the campaign the block was taken on
      // (a member first linked to a smaller campaign is held once that one merges into it)
      const byCampaign = linkedAt.get(member);
      const times = [byCampaign?.get(campaign.record.campaign_id), byCampaign?.get(block.targetId)].filter((t): t is number => t !== undefined);
      if (times.length === 0) continue;
      const decided = Math.min(...times);
      const own = records.filter((r) => r.account_id === member);
      const firstSeen = own.map((r) => r.ts).sort()[0];
      if (firstSeen && Date.parse(firstSeen) > blockMs) {
        lateMembers += 1;
        servedBeforeLink += own.filter((r) => Date.parse(r.ts) <= decided && r.response.status === 200).length;
        const first = own.sort((x, y) => (x.ts < y.ts ? -1 : 1))[0]!;
        if (enforcementOf(first)?.denied === 'campaign_blocked') heldAtFirst += 1;
      }
      const verdicts = await h.store.listVerdicts({ accountId: member, limit: 1000 });
      const linkExchange = verdicts.filter((v) => v.campaignId === campaign.record.campaign_id || v.campaignId === block.targetId).map((v) => Date.parse(v.ts)).sort((a, b) => a - b)[0];
      if (linkExchange !== undefined) engineLag.push(decided - linkExchange);
      // the bar: a decision reaches the decision cache within a second; requests that arrived in that second may be served
      const settled = Math.max(decided, blockMs) + 1_000;
      const served = own.filter((r) => Date.parse(r.ts) > settled && r.response.status === 200);
      servedLate += served.length;
      if (served.length) lateServed.push(`${member} linked ${new Date(decided).toISOString()}, served ${served.map((r) => r.ts).join(' ')}`);
    }
    engineLag.sort((a, b) => a - b);
    process.stderr.write(`[replay-enforce] campaign ${campaign.record.campaign_id}: ${campaign.record.accounts.length} members, ${lateMembers} first seen after the block (${block.ts}), `
      + `${heldAtFirst} of them held at their very first request, ${servedBeforeLink} of their requests served before the engine linked them; engine lag from the linking exchange to the verdict p50 ${engineLag[Math.floor(engineLag.length / 2)] ?? 0} ms, max ${engineLag.at(-1) ?? 0} ms\n`);
    assert.equal(servedLate, 0, `no member served a second after it was linked to the blocked campaign: ${lateServed.join('; ')}`);
  });

  it('holds a new account of the blocked campaign at its very first request: the engine links it on its sign-up facts', async () => {
    const campaign = await blockedCampaign(h);
    // a card the campaign's accounts pay with (the simulator's campaigns share payment instruments)
    const accounts = new Map((await readAllRecords(scenario.accounts, { kind: 'account' })).map((a) => [a.account_id, a]));
    const cards = new Map<string, number>();
    for (const member of campaign.record.accounts) {
      const card = accounts.get(member)?.payment_fp;
      if (card) cards.set(card, (cards.get(card) ?? 0) + 1);
    }
    const card = [...cards].sort((a, b) => b[1] - a[1])[0];
    assert.ok(card && card[1] >= 3, `the blocked campaign's members share a card (${JSON.stringify([...cards])})`);
    // sign-up through the admin API, as a provider's account system would; the key is used at once
    const admin = { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` };
    const created = await fetch(`${h.gateway.url}/admin/v1/accounts`, { method: 'POST', headers: admin,
      body: JSON.stringify({ account_id: 'late_member', created_at: new Date().toISOString(), verification: 'email', payment_fp: card[0] }) });
    assert.equal(created.status, 200, await created.text());
    const minted = await fetch(`${h.gateway.url}/admin/v1/accounts/late_member/keys`, { method: 'POST', headers: admin, body: '{}' });
    assert.equal(minted.status, 200);
    const { secret } = await minted.json() as { secret: string };
    const client = new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: secret, maxRetries: 0, timeout: 10_000 });
    const held = await client.chat.completions.create({ model: 'sim-gpt', messages: [{ role: 'user', content: 'hello' }] }).then(() => undefined, (e: unknown) => e);
    assert.ok(held instanceof OpenAI.PermissionDeniedError, `the first request is refused: ${String(held)}`);
    assert.equal((held.error as { code: string }).code, 'campaign_blocked');
    const [verdict] = await h.store.listVerdicts({ accountId: 'late_member', limit: 1 });
    assert.ok(verdict?.flagged, 'flagged before it sent anything');
    assert.ok(verdict.reasons.some((r) => r.signal === 'shared_infrastructure' && /payment/.test(r.detail)), JSON.stringify(verdict.reasons));
    // a newcomer with a card of its own is served
    await fetch(`${h.gateway.url}/admin/v1/accounts`, { method: 'POST', headers: admin, body: JSON.stringify({ account_id: 'new_customer', verification: 'email', payment_fp: 'pf_of_its_own' }) });
    const own = await fetch(`${h.gateway.url}/admin/v1/accounts/new_customer/keys`, { method: 'POST', headers: admin, body: '{}' });
    const ownClient = new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: (await own.json() as { secret: string }).secret, maxRetries: 0, timeout: 10_000 });
    const served = await ownClient.chat.completions.create({ model: 'sim-gpt', messages: [{ role: 'user', content: 'hello' }] });
    assert.ok(served.choices[0]?.message.content);
  });

  it('serves benign customers untouched: zero benign requests degraded, counted over the whole run', async () => {
    const flagged = new Set((await h.store.listLatestVerdicts()).filter((v) => v.flagged).map((v) => v.accountId));
    const outcome = replayOutcome(records, labels(), flagged);
    const reasoningAsked = records.filter((r) => labels().get(r.account_id)?.label === 'benign' && r.request.reasoning === true && r.endpoint !== 'openai.responses');
    process.stderr.write(`[replay-enforce] benign: ${outcome.benign.accounts} accounts, ${outcome.benign.requests} requests, degraded ${outcome.benign.degraded} `
      + `(accounts ${outcome.benign.degradedAccounts.join(', ') || 'none'}); flagged by the engine: ${outcome.benign.flaggedAccounts.join(', ') || 'none'}; `
      + `${reasoningAsked.filter((r) => r.response.reasoning).length}/${reasoningAsked.length} reasoning requests answered with reasoning\n`);
    assert.ok(outcome.benign.requests > 1000, `${outcome.benign.requests} benign requests`);
    assert.equal(outcome.benign.degraded, 0, `benign requests degraded: ${outcome.benign.degraded} (${outcome.benign.degradedAccounts.join(', ')})`);
  });
});
