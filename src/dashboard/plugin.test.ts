/**
 * The dashboard's HTTP API on a real Fastify server over a real SQLite store seeded with the
 * dashboard fixtures: authentication, every read model, actions, live events, static files.
 */
import { pino } from 'pino';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { AnalystActions } from '../enforce/decisions/analyst.js';
import { DecisionCache } from '../enforce/decisions/cache.js';
import { MemoryBusHub } from '../enforce/decisions/memory-bus.js';
import { DecisionService } from '../enforce/decisions/service.js';
import { SqliteStore } from '../store/sqlite-store.js';
import { seedDashboardFixtures, type SeededDashboard } from '../testing/dashboard-fixtures.js';
import { makeExchange } from '../testing/fixtures.js';
import type {
  AccountDetailResponse, ActionResponse, CampaignDetailResponse, CampaignGraph, CampaignsResponse, OverviewResponse, SessionInfo,
} from './api-types.js';
import { dashboardRoutes } from './plugin.js';
import { DashboardQueries } from './queries.js';
import { LoginThrottle } from './sessions.js';

const TOKEN = 'dashboard-test-token-0123456789';
const NOW = new Date('2026-06-01T12:00:00.000Z');
const root = mkdtempSync(join(tmpdir(), 'dg-dash-'));

function fakeBuild(): string {
  const dir = join(root, 'app');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>dashboard</title><script type="module" src="/dashboard/assets/app-1.js"></script>');
  writeFileSync(join(dir, 'assets', 'app-1.js'), 'export {};');
  return dir;
}

interface Setup {
  app: FastifyInstance;
  store: SqliteStore;
  seeded: SeededDashboard;
  cookie: string;
}

async function start(options: { token?: string; assetsDir?: string } = {}): Promise<Omit<Setup, 'cookie' | 'seeded'>> {
  const store = await SqliteStore.open({ path: ':memory:' });
  const app = Fastify();
  await dashboardRoutes({
    store, analyst: analystOn(store), auth: { token: options.token }, keepText: true, assetsDir: options.assetsDir ?? fakeBuild(),
    throttle: new LoginThrottle(3, 60_000), feedIntervalMs: 50, now: () => NOW,
  })(app);
  await app.ready();
  return { app, store };
}

const json = <T>(response: LightMyRequestResponse): T => response.json() as T;

/** Analysts' actions as a gateway has them: stored, audited and distributed on an in-process bus. */
function analystOn(store: SqliteStore): AnalystActions {
  return new AnalystActions(new DecisionService({ store, bus: new MemoryBusHub().connect(), cache: new DecisionCache(), logger: pino({ level: 'silent' }), origin: 'test' }));
}

describe('dashboard API', () => {
  let s: Setup;
  const get = (url: string, cookie = s.cookie) => s.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
  const post = (url: string, payload: unknown, cookie = s.cookie) => s.app.inject({ method: 'POST', url, payload: payload as object, headers: cookie ? { cookie } : {} });

  before(async () => {
    const { app, store } = await start({ token: TOKEN });
    const seeded = await seedDashboardFixtures(store, { now: NOW });
    const login = await app.inject({ method: 'POST', url: '/dashboard/api/login', payload: { name: 'alice', token: TOKEN } });
    assert.equal(login.statusCode, 200, login.body);
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    s = { app, store, seeded, cookie };
  });
  after(async () => {
    await s.app.close();
    await s.store.close();
  });

  it('refuses every API call without a session, in the dashboard error format', async () => {
    const routes: Array<[string, string]> = [
      ['GET', '/dashboard/api/session'], ['GET', '/dashboard/api/overview'], ['GET', '/dashboard/api/campaigns'],
      ['GET', `/dashboard/api/campaigns/${s.seeded.campaigns.hydra}`], ['GET', `/dashboard/api/campaigns/${s.seeded.campaigns.hydra}/graph`],
      ['GET', `/dashboard/api/accounts/${s.seeded.hydraMember}`], ['GET', '/dashboard/api/events'],
      ['POST', `/dashboard/api/campaigns/${s.seeded.campaigns.hydra}/actions`], ['POST', `/dashboard/api/accounts/${s.seeded.hydraMember}/actions`],
    ];
    for (const [method, url] of routes) {
      for (const cookie of [undefined, 'dg_dashboard_session=forged-token']) {
        const response = await s.app.inject({ method: method as 'GET', url, headers: cookie ? { cookie } : {}, ...(method === 'POST' ? { payload: { action: 'block', reason: 'x' } } : {}) });
        assert.equal(response.statusCode, 401, `${method} ${url}`);
        assert.equal(json<{ error: { code: string } }>(response).error.code, 'DASHBOARD_SESSION_REQUIRED');
        assert.equal(response.headers['cache-control'], 'no-store');
      }
    }
    assert.equal((await s.store.getCampaign(s.seeded.campaigns.hydra))?.status, 'active', 'nothing was done');
  });

  it('refuses a bad login clearly, and logs in with the admin token as admin:<name>', async () => {
    const wrong = await s.app.inject({ method: 'POST', url: '/dashboard/api/login', payload: { name: 'mallory', token: 'guess' }, remoteAddress: '10.1.1.1' });
    assert.equal(wrong.statusCode, 401);
    assert.deepEqual(json<{ error: object }>(wrong).error, {
      code: 'DASHBOARD_LOGIN_FAILED', message: 'the admin token is wrong',
      hint: 'use the admin token this gateway was started with (DISTILLGUARD_ADMIN_TOKEN)', param: 'token',
    });
    assert.equal(wrong.headers['set-cookie'], undefined);
    const noName = await s.app.inject({ method: 'POST', url: '/dashboard/api/login', payload: { name: 'a b', token: TOKEN } });
    assert.equal(noName.statusCode, 400);
    assert.equal(json<{ error: { param: string } }>(noName).error.param, 'name');
    const session = json<SessionInfo>(await get('/dashboard/api/session'));
    assert.equal(session.actor, 'admin:alice');
    assert.equal(session.keepText, true);
    const login = await s.app.inject({ method: 'POST', url: '/dashboard/api/login', payload: { name: 'bob', token: TOKEN } });
    assert.match(String(login.headers['set-cookie']), /^dg_dashboard_session=[\w-]{43}; Path=\/dashboard; HttpOnly; SameSite=Strict; Max-Age=43200$/);
    assert.ok((await s.store.listAudit({ action: 'dashboard.login' })).some((e) => e.actor === 'admin:bob'));
  });

  it('throttles an address after repeated failures, even for the right token', async () => {
    const attempt = (token: string) => s.app.inject({ method: 'POST', url: '/dashboard/api/login', payload: { name: 'eve', token }, remoteAddress: '10.9.9.9' });
    for (let i = 0; i < 3; i++) assert.equal((await attempt('wrong')).statusCode, 401);
    const throttled = await attempt(TOKEN);
    assert.equal(throttled.statusCode, 429);
    assert.equal(json<{ error: { code: string } }>(throttled).error.code, 'DASHBOARD_LOGIN_THROTTLED');
    assert.ok(Number(throttled.headers['retry-after']) > 0);
  });

  it('answers the overview from the store', async () => {
    const overview = json<OverviewResponse>(await get('/dashboard/api/overview?range=24h'));
    const count = await s.store.countExchanges({ since: overview.range.since, until: overview.range.until });
    assert.equal(overview.totals.exchanges, count);
    assert.ok(count > 1000);
    assert.equal(overview.traffic.length, 96, '24 h in 15 min buckets');
    assert.ok(Date.parse(overview.range.until) >= NOW.getTime());
    assert.deepEqual(overview.campaigns.map((c) => c.campaignId), [s.seeded.campaigns.hydra, s.seeded.campaigns.cot], 'active only, most exchanges first');
    assert.deepEqual([overview.totals.activeCampaigns, overview.totals.blockedCampaigns], [2, 1]);
    assert.deepEqual(overview.leakage, await s.store.campaignTake());
    assert.equal(overview.topSignals[0]?.signal, 'cot_coercion', 'the signal of the most flagged accounts first');
    assert.ok(overview.totals.flagged > 0 && overview.totals.flagged < overview.totals.exchanges);
    const bad = await get('/dashboard/api/overview?range=2y');
    assert.equal(bad.statusCode, 400);
    assert.match(json<{ error: { hint: string } }>(bad).error.hint, /1h, 6h, 24h, 7d or 30d/);
  });

  it('lists campaigns with their capabilities, status and actions, filtered by status', async () => {
    const all = json<CampaignsResponse>(await get('/dashboard/api/campaigns')).campaigns;
    assert.deepEqual(all.map((c) => [c.campaignId, c.status]), [
      [s.seeded.campaigns.hydra, 'active'], [s.seeded.campaigns.cot, 'active'], [s.seeded.campaigns.grader, 'blocked'],
    ]);
    const hydra = all[0]!;
    assert.deepEqual(hydra.capabilities, ['math', 'coding', 'reasoning']);
    assert.equal(hydra.accounts, 1500);
    assert.equal(hydra.exchanges, await s.store.countExchanges({}).then(async () => {
      let n = 0;
      for (const id of (await s.store.getCampaign(hydra.campaignId))!.record.accounts) n += await s.store.countExchanges({ accountId: id });
      return n;
    }));
    assert.deepEqual(all[2]?.actions.map((a) => [a.kind, a.actor]), [['block', 'admin:oncall']]);
    const blocked = json<CampaignsResponse>(await get('/dashboard/api/campaigns?status=blocked')).campaigns;
    assert.deepEqual(blocked.map((c) => c.campaignId), [s.seeded.campaigns.grader]);
    assert.equal((await get('/dashboard/api/campaigns?status=nope')).statusCode, 400);
  });

  it('details a campaign: take, timeline with the model release, reasons, members, clusters', async () => {
    const detail = json<CampaignDetailResponse>(await get(`/dashboard/api/campaigns/${s.seeded.campaigns.hydra}`));
    assert.deepEqual(detail.take, await s.store.campaignTake({ campaignId: s.seeded.campaigns.hydra }));
    const kinds = detail.timeline.markers.map((m) => m.kind);
    assert.ok(kinds.includes('first_seen') && kinds.includes('detected'));
    assert.ok(detail.timeline.markers.some((m) => m.kind === 'model_release' && m.label === `${s.seeded.newModel} released`));
    assert.equal(detail.timeline.series.reduce((n, b) => n + b.total, 0), detail.campaign.exchanges, 'the timeline covers every member exchange');
    // every member gives the four reasons: ties are broken by the heavier mean weight
    assert.deepEqual(detail.reasons.map((r) => [r.signal, r.accounts]), [
      ['template_shared', 1500], ['shared_payment', 1500], ['proxy_network', 1500], ['cot_coercion', 1500],
    ]);
    assert.equal(detail.members.length, 50);
    assert.equal(detail.membersTotal, 1500);
    assert.ok(detail.members.every((m, i) => i === 0 || detail.members[i - 1]!.score >= m.score), 'members by score');
    assert.equal(detail.campaign.templateClusters.length, 2);
    assert.ok(detail.campaign.templateClusters[0]!.samples[0]!.includes('world-class professor'));
    const missing = await get('/dashboard/api/campaigns/cmp_nope');
    assert.equal(missing.statusCode, 404);
    assert.equal(json<{ error: { code: string } }>(missing).error.code, 'STORE_NOT_FOUND');
  });

  it('draws the campaign graph aggregated, and expands the nodes asked for', async () => {
    const url = `/dashboard/api/campaigns/${s.seeded.campaigns.hydra}/graph`;
    const graph = json<CampaignGraph>(await get(url));
    assert.equal(graph.totals.accounts, 1500);
    assert.ok(graph.nodes.length <= 66, `${graph.nodes.length} nodes for 1500 accounts`);
    assert.equal(graph.nodes.filter((n) => n.kind === 'account').length, 0);
    const groups = graph.nodes.filter((n) => n.kind === 'group');
    const expanded = json<CampaignGraph>(await get(`${url}?expand=${encodeURIComponent(groups[0]!.id)}&expand=${encodeURIComponent('ind:asn:64512')}`));
    const accounts = expanded.nodes.filter((n) => n.kind === 'account');
    assert.ok(accounts.length > groups[0]!.count, 'the group and the indicator both opened');
    assert.ok(accounts.every((n) => n.label.startsWith('hydra_')));
  });

  it('details an account: profile, scores over time, reasons, newest exchanges with text, audit', async () => {
    const account = json<AccountDetailResponse>(await get(`/dashboard/api/accounts/${s.seeded.hydraMember}`));
    assert.equal(account.account.accountId, s.seeded.hydraMember);
    assert.equal(account.account.record.verification, 'none');
    assert.deepEqual(account.scores.map((v) => v.flagged), [false, true], 'oldest first');
    assert.equal(account.latest?.reasons[0]?.signal, 'template_shared');
    assert.deepEqual(account.campaigns.map((c) => c.campaignId), [s.seeded.campaigns.hydra]);
    assert.equal(account.exchanges.length, account.exchangesTotal);
    assert.ok(account.exchanges.every((e, i) => i === 0 || account.exchanges[i - 1]!.ts >= e.ts), 'newest first');
    assert.ok(account.exchanges[0]?.prompt?.includes('world-class professor'));
    assert.equal(account.exchanges[0]?.textRetained, true);
    assert.equal((await get('/dashboard/api/accounts/nobody')).statusCode, 404);
  });

  it('shows no text for exchanges whose text was not retained', async () => {
    await s.store.insertExchanges([makeExchange({ account_id: s.seeded.benignAccount, ts: NOW.toISOString(),
      request: { messages: [{ role: 'user', content: '' }] }, response: { status: 200, text: '' },
      text_dropped: { message_chars: [120], response_chars: 400 } })]);
    const account = json<AccountDetailResponse>(await get(`/dashboard/api/accounts/${s.seeded.benignAccount}`));
    assert.deepEqual([account.exchanges[0]?.textRetained, account.exchanges[0]?.prompt, account.exchanges[0]?.response], [false, null, null]);
  });

  it('blocks a campaign (audited as the analyst), records dry runs, and refuses malformed actions', async () => {
    const url = `/dashboard/api/campaigns/${s.seeded.campaigns.cot}/actions`;
    const dry = json<ActionResponse>(await post(url, { action: 'require_verification', reason: 'check first', dryRun: true }));
    assert.equal(dry.action.dryRun, true);
    assert.equal((await s.store.getCampaign(s.seeded.campaigns.cot))?.status, 'active');
    const block = await post(url, { action: 'block', reason: 'CoT harvesting confirmed', dryRun: false });
    assert.equal(block.statusCode, 200);
    const blocked = json<ActionResponse>(block);
    assert.deepEqual([blocked.action.kind, blocked.action.actor, blocked.audit], ['block', 'admin:alice', 'enforce.block']);
    assert.equal((await s.store.getCampaign(s.seeded.campaigns.cot))?.status, 'blocked');
    const [entry] = await s.store.listAudit({ targetId: s.seeded.campaigns.cot, action: 'enforce.block' });
    assert.equal(entry?.actor, 'admin:alice');
    const detail = json<CampaignDetailResponse>(await get(`/dashboard/api/campaigns/${s.seeded.campaigns.cot}`));
    assert.deepEqual(detail.campaign.actions.map((a) => [a.kind, a.dryRun]), [['block', false], ['require_verification', true]]);
    for (const [payload, param] of [[{ action: 'nuke', reason: 'x' }, 'action'], [{ action: 'block', reason: ' ' }, 'reason'], [{ action: 'block', reason: 'x', dryRun: 'yes' }, 'dryRun']] as const) {
      const refused = await post(url, payload);
      assert.equal(refused.statusCode, 400);
      assert.equal(json<{ error: { param: string } }>(refused).error.param, param);
    }
    assert.equal((await post('/dashboard/api/campaigns/cmp_nope/actions', { action: 'block', reason: 'x' })).statusCode, 404);
    const account = json<ActionResponse>(await post(`/dashboard/api/accounts/${s.seeded.benignAccount}/actions`, { action: 'mark_false_positive', reason: 'known customer' }));
    assert.deepEqual([account.action.kind, account.action.targetType, account.audit], ['mark_false_positive', 'account', 'enforce.mark_false_positive']);
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const response = await get('/dashboard/api/nothing');
    assert.equal(response.statusCode, 404);
    assert.equal(json<{ error: { code: string } }>(response).error.code, 'NOT_FOUND');
  });

  it('serves the built app with security headers, and its files only', async () => {
    assert.equal((await s.app.inject('/dashboard')).headers.location, '/dashboard/');
    const index = await s.app.inject('/dashboard/');
    assert.equal(index.statusCode, 200);
    assert.match(String(index.headers['content-security-policy']), /default-src 'self'.*frame-ancestors 'none'/);
    assert.equal(index.headers['x-frame-options'], 'DENY');
    assert.equal((await s.app.inject('/dashboard/assets/app-1.js')).headers['content-type'], 'text/javascript; charset=utf-8');
    for (const url of ['/dashboard/../package.json', '/dashboard/%2e%2e/%2e%2e/package.json', '/dashboard/assets/..%2f..%2fpackage.json', '/dashboard/assets/%2e%2e/index.html/../../x']) {
      const response = await s.app.inject(url);
      assert.ok(response.statusCode === 404 || response.statusCode === 400, `${url}: ${response.statusCode}`);
      assert.ok(!response.body.includes('"name": "distillguard"'));
    }
  });

  it('ends a session at logout', async () => {
    const login = await s.app.inject({ method: 'POST', url: '/dashboard/api/login', payload: { name: 'carol', token: TOKEN } });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    assert.equal((await get('/dashboard/api/session', cookie)).statusCode, 200);
    const logout = await post('/dashboard/api/logout', {}, cookie);
    assert.equal(logout.statusCode, 204);
    assert.match(String(logout.headers['set-cookie']), /Max-Age=0/);
    const after = await get('/dashboard/api/session', cookie);
    assert.equal(after.statusCode, 401);
    assert.equal(json<{ error: { message: string } }>(after).error.message, 'your session has ended');
  });
});

describe('dashboard live events', () => {
  it('streams a change event when the store changes, to logged-in sessions only', async () => {
    const { app, store } = await start({ token: TOKEN });
    try {
      const url = await app.listen({ host: '127.0.0.1', port: 0 });
      const refused = await fetch(`${url}/dashboard/api/events`);
      assert.equal(refused.status, 401);
      const login = await fetch(`${url}/dashboard/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'alice', token: TOKEN }) });
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const controller = new AbortController();
      const events = await fetch(`${url}/dashboard/api/events`, { headers: { cookie }, signal: controller.signal });
      assert.equal(events.headers.get('content-type'), 'text/event-stream; charset=utf-8');
      const reader = events.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      // the first poll records the starting stamp; a change after it must be announced
      await new Promise((resolve) => setTimeout(resolve, 150));
      await store.insertExchanges([makeExchange({ ts: NOW.toISOString() })]);
      const deadline = Date.now() + 3000;
      while (!text.includes('event: change') && Date.now() < deadline) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
      assert.match(text, /event: change\ndata: \{"stamp":"[^"]+"\}/);
      controller.abort();
    } finally {
      await app.close();
      await store.close();
    }
  });
});

describe('dashboard reads on a worker thread (file database)', () => {
  it('answers as the same reads on this thread would, coded errors included', async () => {
    const path = join(root, 'worker.db');
    const store = await SqliteStore.open({ path });
    const seeded = await seedDashboardFixtures(store, { now: NOW, hydraAccounts: 60, benignAccounts: 8 });
    const app = Fastify();
    await dashboardRoutes({ store, analyst: analystOn(store), auth: { token: TOKEN }, keepText: true, assetsDir: fakeBuild(),
      readFrom: path, now: () => NOW })(app);
    try {
      const login = await app.inject({ method: 'POST', url: '/dashboard/api/login', payload: { name: 'alice', token: TOKEN } });
      const cookie = String(login.headers['set-cookie']).split(';')[0]!;
      const get = (url: string) => app.inject({ url, headers: { cookie } });
      const inline = new DashboardQueries(store, () => NOW);
      assert.deepEqual((await get('/dashboard/api/overview?range=24h')).json(), JSON.parse(JSON.stringify(await inline.overview('24h'))));
      assert.deepEqual((await get(`/dashboard/api/campaigns/${seeded.campaigns.hydra}`)).json(),
        JSON.parse(JSON.stringify(await inline.campaign(seeded.campaigns.hydra))));
      const missing = await get('/dashboard/api/accounts/nobody');
      assert.equal(missing.statusCode, 404);
      assert.equal((missing.json() as { error: { code: string } }).error.code, 'STORE_NOT_FOUND');
      // an action goes through the writing connection; the worker reads it at the next request
      await app.inject({ method: 'POST', url: `/dashboard/api/campaigns/${seeded.campaigns.cot}/actions`, headers: { cookie }, payload: { action: 'block', reason: 'r' } });
      assert.equal(((await get(`/dashboard/api/campaigns/${seeded.campaigns.cot}`)).json() as CampaignDetailResponse).campaign.status, 'blocked');
    } finally {
      await app.close();
      await store.close();
    }
  });
});

describe('dashboard without an admin token, or without a build', () => {
  it('says the dashboard is off, and that the files are not built', async () => {
    const { app, store } = await start({ assetsDir: join(root, 'not-built') });
    try {
      const login = await app.inject({ method: 'POST', url: '/dashboard/api/login', payload: { name: 'alice', token: 'x' } });
      assert.equal(login.statusCode, 404);
      assert.equal((login.json() as { error: { code: string } }).error.code, 'ADMIN_DISABLED');
      assert.equal((await app.inject('/dashboard/api/overview')).statusCode, 404);
      const page = await app.inject('/dashboard/');
      assert.equal(page.statusCode, 503);
      assert.match(page.body, /npm run build/);
    } finally {
      await app.close();
      await store.close();
    }
  });
});

after(() => rmSync(root, { recursive: true, force: true }));
