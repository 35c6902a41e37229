/**
 * The dashboard in a real browser (Debian's chromium through playwright-core) on data the live
 * engine produced from a replayed scenario (tiny: customers and three campaigns, replayed with the
 * official SDKs), not fixtures: a bad login is refused; log in; the detected campaign is listed;
 * its graph opens; the analyst blocks it and a member's next request with the official SDK gets the
 * 403 in the API's format. Screenshots go to test-artifacts/dashboard/replay-*.png.
 *
 * No policy here: the built-in policy takes no automatic step, so the campaign is still active
 * when the analyst blocks it (the demo policy would have blocked it already).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import type { Page } from 'playwright-core';
import { runReplay } from '../replay/replay.js';
import type { StoredCampaign } from '../store/types.js';
import { artifactPath, blockCampaignFromPanel, browserUnavailable, ensureDashboardBuilt, expectBadLoginRefused, launchBrowser, submitLogin } from '../testing/dashboard-browser.js';
import { ADMIN_TOKEN, startHarness, type Harness } from '../testing/gateway-harness.js';
import { readLabels, simulateInto } from '../testing/replay-scenario.js';

const skip = browserUnavailable();
const dir = mkdtempSync(join(tmpdir(), 'dg-replay-dashboard-'));

describe('dashboard in chromium: a campaign detected live from a replayed scenario', { skip }, () => {
  let harness: Harness;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  let campaign: StoredCampaign;
  let member: string;
  const pageErrors: string[] = [];

  before(async () => {
    ensureDashboardBuilt();
    const scenario = await simulateInto('tiny', 1, join(dir, 'tiny'));
    harness = await startHarness({
      sim: { latencyMs: 2, tokensPerSecond: 20_000 },
      configure: (config) => { config.server.trustedProxies = ['127.0.0.1']; config.detection.live = true; },
    });
    const figures = await runReplay({ gateway: harness.gateway.url, exchanges: scenario.exchanges, accounts: scenario.accounts, adminToken: ADMIN_TOKEN, speed: 'max', concurrency: 32 });
    assert.equal(figures.ok, figures.sent, `every replayed request served: ${JSON.stringify(figures.errors)}`);
    await harness.gateway.recorder.drain();
    // the engine stores campaign refreshes at most once a second
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const active = (await harness.store.listCampaigns({ status: 'active' })).sort((a, b) => b.record.accounts.length - a.record.accounts.length);
    assert.ok(active[0], 'the live engine detected a campaign');
    campaign = active[0];
    const labels = readLabels(scenario.labels);
    // a member the scenario labels as an attacker: the block must reach the accounts it was meant for
    member = campaign.record.accounts.find((a) => labels.get(a)?.label === 'distillation')!;
    assert.ok(member, 'the campaign holds labelled attackers');
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });
  after(async () => {
    await browser?.close();
    await harness?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a bad login', async () => {
    await expectBadLoginRefused(page, browser.context, `${harness.gateway.url}/dashboard/`);
    await page.screenshot({ path: artifactPath('replay-login-refused.png') });
  });

  it('logs in and shows the detected campaign among the active ones', async () => {
    await submitLogin(page, harness.adminToken);
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await page.getByRole('link', { name: campaign.record.campaign_id }).first().waitFor({ timeout: 15_000 });
    await page.screenshot({ path: artifactPath('replay-overview.png'), fullPage: true });
  });

  it('lists the campaign and opens its graph', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Campaigns' }).click();
    const row = page.locator(`tr[data-campaign="${campaign.record.campaign_id}"]`);
    await row.waitFor();
    assert.match(await row.innerText(), /active/);
    await page.screenshot({ path: artifactPath('replay-campaigns.png'), fullPage: true });
    await row.getByRole('link', { name: campaign.record.campaign_id }).click();
    await page.getByRole('heading', { name: new RegExp(`Campaign ${campaign.record.campaign_id}`) }).waitFor();
    const canvas = page.locator('.graph-canvas[data-ready="true"]');
    await canvas.waitFor({ timeout: 20_000 });
    assert.ok(Number(await canvas.getAttribute('data-rendered-nodes')) >= 2, 'the graph draws the campaign');
    const total = (await harness.store.getCampaign(campaign.record.campaign_id))!.record.accounts.length;
    assert.match(await page.getByTestId('graph-totals').innerText(), new RegExp(`^${total.toLocaleString('en-US')} accounts`));
    await page.screenshot({ path: artifactPath('replay-campaign.png'), fullPage: true });
  });

  it('blocks the campaign: a member\'s next request with the official SDK gets 403 campaign_blocked', async () => {
    const key = await harness.gateway.admin.createKey(member, 'test');
    const client = new OpenAI({ baseURL: `${harness.gateway.url}/v1`, apiKey: key.secret, maxRetries: 0, timeout: 10_000 });
    const ask = () => client.chat.completions.create({ model: 'sim-gpt', messages: [{ role: 'user', content: 'one more, step by step' }] });
    assert.ok((await ask()).choices[0]?.message.content, 'served before the block (no policy step applies)');

    await blockCampaignFromPanel(page, 'replayed hydra network confirmed');
    assert.equal((await harness.store.getCampaign(campaign.record.campaign_id))?.status, 'blocked');
    await page.screenshot({ path: artifactPath('replay-campaign-blocked.png'), fullPage: true });

    const refused = await ask().then(() => undefined, (e: unknown) => e);
    assert.ok(refused instanceof OpenAI.PermissionDeniedError, String(refused));
    assert.equal(refused.status, 403);
    assert.equal((refused.error as { code: string }).code, 'campaign_blocked');
    assert.equal((refused.error as { type: string }).type, 'permission_error');
    assert.deepEqual(pageErrors, [], 'no script error in the page');
  });
});
