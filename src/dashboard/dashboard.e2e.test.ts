/**
 * The dashboard in a real browser (Debian's chromium through playwright-core) against a real
 * gateway: log in, see campaigns, open the graph, block a campaign and see a member's next request
 * with the official SDK refused, watch live traffic arrive, screenshots.
 *
 * The data comes from a scenario: today the dashboard fixtures seeded into the store; a replayed
 * simulation through the engine and enforcement plugs in as another `DashboardScenario`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import type { Page } from 'playwright-core';
import type { DistillguardConfig } from '../config/schema.js';
import { seedDashboardFixtures } from '../testing/dashboard-fixtures.js';
import { artifactPath, blockCampaignFromPanel, browserUnavailable, ensureDashboardBuilt, expectBadLoginRefused, launchBrowser, seriousAccessibilityViolations, submitLogin } from '../testing/dashboard-browser.js';
import { startHarness, type Harness } from '../testing/gateway-harness.js';

/** What a scenario leaves in the gateway for the browser to find. */
export interface ScenarioTargets {
  /** A detected, active campaign. */
  campaignId: string;
  campaignAccounts: number;
  /** A member of that campaign. */
  accountId: string;
  /** A model whose release the campaign's timeline marks, if any. */
  modelRelease?: string;
}

/** How the gateway gets its data before the browser opens it. */
export interface DashboardScenario {
  name: string;
  configure?: (config: DistillguardConfig) => void;
  seed(harness: Harness): Promise<ScenarioTargets>;
}

export const fixtureScenario: DashboardScenario = {
  name: 'fixture store (hydra, CoT harvesting, grader)',
  // the fixtures stand in for the engine's output: the live engine would add its own
  configure: (config) => { config.detection.live = false; },
  async seed(harness) {
    const seeded = await seedDashboardFixtures(harness.store);
    return { campaignId: seeded.campaigns.hydra, campaignAccounts: 1500, accountId: seeded.hydraMember, modelRelease: seeded.newModel };
  },
};

const scenario = fixtureScenario;
const skip = browserUnavailable();

describe(`dashboard in chromium: ${scenario.name}`, { skip }, () => {
  let harness: Harness;
  let targets: ScenarioTargets;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    ensureDashboardBuilt();
    harness = await startHarness(scenario.configure ? { configure: scenario.configure } : {});
    targets = await scenario.seed(harness);
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });
  after(async () => {
    await browser?.close();
    await harness?.close();
  });

  const api = (path: string, init?: RequestInit) => fetch(`${harness.gateway.url}/dashboard/api${path}`, init);
  const statValue = (label: string) => page.locator('.stat').filter({ has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('.stat-value');
  const count = async (label: string) => Number((await statValue(label).innerText()).replace(/,/g, ''));
  /** Polls `read` until `done` holds (the page updates on its own; nothing reloads it). */
  const waitFor = async <T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > deadline) throw new Error(`${what}: still ${String(value)} after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  /** Each main screen must pass axe-core's WCAG A/AA rules without a serious or critical violation. */
  const assertAccessible = async (screen: string) => {
    const violations = await seriousAccessibilityViolations(page);
    assert.deepEqual(violations, [], `${screen}: ${JSON.stringify(violations, null, 1)}`);
  };
  const drawnNodes = async () => Number(await page.locator('.graph-canvas').getAttribute('data-rendered-nodes'));

  it('refuses API calls without a session', async () => {
    for (const path of ['/overview', '/campaigns', `/campaigns/${targets.campaignId}`, `/campaigns/${targets.campaignId}/graph`, `/accounts/${targets.accountId}`]) {
      const response = await api(path);
      assert.equal(response.status, 401, path);
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'DASHBOARD_SESSION_REQUIRED');
    }
    const action = await api(`/campaigns/${targets.campaignId}/actions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'block', reason: 'x' }) });
    assert.equal(action.status, 401);
  });

  it('refuses a bad login with a clear message', async () => {
    await expectBadLoginRefused(page, browser.context, `${harness.gateway.url}/dashboard/`);
    assert.equal(await page.getByLabel('Admin token').getAttribute('aria-invalid'), 'true');
    await page.screenshot({ path: artifactPath('login-refused.png') });
    await assertAccessible('login');
  });

  it('logs in and shows the overview, updated live as traffic flows', async () => {
    await submitLogin(page, harness.adminToken);
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    const cookie = (await browser.context.cookies()).find((c) => c.name === 'dg_dashboard_session');
    assert.ok(cookie?.httpOnly && cookie.sameSite === 'Strict', 'an HttpOnly, SameSite=Strict session cookie');
    await page.locator('.chart-canvas canvas').first().waitFor();
    assert.ok(await page.getByRole('link', { name: targets.campaignId }).isVisible(), 'the campaign is among the active ones');
    const before = await count('Exchanges');
    assert.ok(before > 0);
    await page.screenshot({ path: artifactPath('overview.png'), fullPage: true });
    await assertAccessible('overview');
    // three requests with the official SDK: the overview must count them without a reload
    for (let i = 0; i < 3; i++) {
      await harness.openai.chat.completions.create({ model: 'sim-gpt', messages: [{ role: 'user', content: `live update ${i}` }] });
    }
    // recorder flush, change feed (1 s), the page's refresh pacing (2 s), the shared overview (2 s): generous for a loaded machine
    await waitFor(() => count('Exchanges'), (n) => n >= before + 3, 'the exchange count after three SDK requests', 20_000);
  });

  it('lists campaigns and opens one with its graph, aggregated and expandable', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Campaigns' }).click();
    const row = page.locator(`tr[data-campaign="${targets.campaignId}"]`);
    await row.waitFor();
    assert.match(await row.innerText(), /active/);
    await page.screenshot({ path: artifactPath('campaigns.png'), fullPage: true });
    await assertAccessible('campaigns');

    await row.getByRole('link', { name: targets.campaignId }).click();
    await page.getByRole('heading', { name: new RegExp(`Campaign ${targets.campaignId}`) }).waitFor();
    const canvas = page.locator('.graph-canvas[data-ready="true"]');
    await canvas.waitFor({ timeout: 20_000 });
    const drawn = Number(await canvas.getAttribute('data-rendered-nodes'));
    assert.ok(drawn > 5 && drawn < 100, `${drawn} nodes drawn for ${targets.campaignAccounts} accounts: aggregated`);
    assert.match(await page.getByTestId('graph-totals').innerText(), new RegExp(`^${targets.campaignAccounts.toLocaleString('en-US')} accounts`));
    if (targets.modelRelease) {
      assert.ok(await page.locator('.markers li', { hasText: `${targets.modelRelease} released` }).isVisible(), 'the timeline marks the model release');
    }
    await page.screenshot({ path: artifactPath('campaign.png'), fullPage: true });
    await assertAccessible('campaign detail');

    // expand the largest group from the keyboard-usable list: its accounts are drawn
    await page.locator('summary', { hasText: 'The graph as a list' }).click();
    await page.getByRole('button', { name: /^Expand group of \d+ accounts/ }).first().click();
    await waitFor(drawnNodes, (n) => n > drawn, 'nodes drawn after expanding a group', 20_000);
    assert.ok(await page.getByRole('link', { name: /^account / }).first().isVisible());
    await page.locator('.graph-canvas').screenshot({ path: artifactPath('campaign-graph-expanded.png') });
  });

  it('blocks the campaign: the status changes, the action is audited, and the next SDK request of a member is refused', async () => {
    // a member with its own key, served before the block
    const key = await harness.gateway.admin.createKey(targets.accountId, 'test');
    const member = new OpenAI({ baseURL: `${harness.gateway.url}/v1`, apiKey: key.secret, maxRetries: 0, timeout: 10_000 });
    const ask = () => member.chat.completions.create({ model: 'sim-gpt', messages: [{ role: 'user', content: 'one more proof, step by step' }] });
    assert.ok((await ask()).choices[0]?.message.content);

    await blockCampaignFromPanel(page, 'hydra proxy network confirmed');
    await page.locator('table.data td', { hasText: 'hydra proxy network confirmed' }).first().waitFor();

    const stored = await harness.store.getCampaign(targets.campaignId);
    assert.equal(stored?.status, 'blocked');
    const actions = await harness.store.listActions({ targetType: 'campaign', targetId: targets.campaignId });
    assert.ok(actions.some((a) => a.kind === 'block' && a.actor === 'admin:alice' && !a.dryRun && a.reason === 'hydra proxy network confirmed'));
    const audit = await harness.store.listAudit({ targetId: targets.campaignId, action: 'enforce.block' });
    assert.equal(audit[0]?.actor, 'admin:alice');

    // enforcement hears the action (AnalystActions.onAction) and holds the member at its next request
    await assert.rejects(ask(), (error: unknown) => error instanceof OpenAI.PermissionDeniedError && error.status === 403);
  });

  it('opens an account: profile, reasons, exchanges with text, and records an analyst action', async () => {
    await page.getByLabel('Account', { exact: true }).fill(targets.accountId);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByRole('heading', { name: new RegExp(`Account ${targets.accountId}`) }).waitFor();
    assert.ok(await page.getByRole('heading', { name: 'Latest verdict' }).isVisible());
    const firstExchange = page.locator('li.exchange details').first();
    await firstExchange.locator('summary').click();
    assert.ok((await firstExchange.locator('dd pre').first().innerText()).length > 0, 'prompt text shown where retained');
    await page.screenshot({ path: artifactPath('account.png'), fullPage: true });
    await assertAccessible('account detail');

    const panel = page.locator('form.actions-panel');
    await panel.getByLabel('Mark false positive').check();
    await panel.getByLabel('Reason (for the audit log)').fill('shared campus NAT, verified by support');
    await panel.getByRole('button', { name: 'Mark false positive…' }).click();
    await panel.getByRole('button', { name: 'Confirm mark false positive' }).click();
    await panel.getByRole('status').filter({ hasText: 'Mark false positive done' }).waitFor();
    await page.locator('table.data code', { hasText: 'enforce.mark_false_positive' }).waitFor();
    const actions = await harness.store.listActions({ targetType: 'account', targetId: targets.accountId });
    assert.equal(actions[0]?.kind, 'mark_false_positive');
  });

  it('logs out: the session is gone for the browser and the API', async () => {
    const cookie = (await browser.context.cookies()).find((c) => c.name === 'dg_dashboard_session')!;
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    const response = await api('/session', { headers: { cookie: `${cookie.name}=${cookie.value}` } });
    assert.equal(response.status, 401);
    assert.deepEqual(pageErrors, [], 'no script error in the page');
  });
});
