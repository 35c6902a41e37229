import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../config/load.js';
import { startGateway, type RunningGateway } from '../gateway/server.js';
import { startUpstreamSimulator, type UpstreamSim } from '../upstream-sim/index.js';
import { randomBase62 } from '../util/crypto.js';

export interface QuickstartOptions {
  /** Folder for the SQLite file and spill file. */
  dir: string;
  /** Gateway port; 0 picks a free one. */
  port: number;
  /** Simulator port; 0 picks a free one. */
  simPort: number;
  host?: string;
  /** Enforcement policy file (default: the built-in policy, no risk steps). */
  policyFile?: string;
  /** Addresses whose X-Forwarded-For and client headers the gateway honours (the replaying host). */
  trustedProxies?: string[];
  /** Start from an empty database (the demo's own folder: earlier runs are discarded). */
  fresh?: boolean;
}

export interface Quickstart {
  gateway: RunningGateway;
  sim: UpstreamSim;
  dbPath: string;
  adminToken: string;
  accountId: string;
  apiKey: string;
  /** A first request made through the gateway, proving the path works end to end. */
  selfCheck: { status: number; model: string; recorded: boolean };
  stop(): Promise<void>;
}

/** Tries `port`, and a free port when it is taken (a demo should start, not argue). */
async function withPortFallback<T>(port: number, start: (port: number) => Promise<T>): Promise<T> {
  try {
    return await start(port);
  } catch (error) {
    if ((error as { code?: string }).code === 'EADDRINUSE' && port !== 0) return start(0);
    throw error;
  }
}

/**
 * The quick start's main job on the embedded default: the upstream simulator, the gateway on a
 * SQLite file, a demo account with a fresh key, and one request through the whole path.
 */
export async function startQuickstart(options: QuickstartOptions): Promise<Quickstart> {
  const dir = resolve(options.dir);
  mkdirSync(dir, { recursive: true });
  const host = options.host ?? '127.0.0.1';
  const sim = await withPortFallback(options.simPort, (port) => startUpstreamSimulator({ host, port, latencyMs: 50, tokensPerSecond: 400 }));
  const adminToken = `dga_${randomBase62(32)}`;
  const dbPath = join(dir, 'distillguard.db');
  if (options.fresh) for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true });
  const config = loadConfig({
    // the instructions are the demo's output: keep routine logs out of them unless asked for
    env: { DISTILLGUARD_LOG_LEVEL: 'warn', ...process.env, DISTILLGUARD_UPSTREAM: sim.url },
    overrides: {
      server: { host, port: options.port, ...(options.trustedProxies ? { trustedProxies: options.trustedProxies } : {}) },
      ...(options.policyFile ? { enforcement: { policyFile: options.policyFile } } : {}),
      store: { path: dbPath },
      recording: { spillPath: join(dir, 'distillguard-unwritten.jsonl') },
    },
  });
  const env = { ...process.env, DISTILLGUARD_ADMIN_TOKEN: adminToken };
  let gateway: RunningGateway;
  try {
    gateway = await withPortFallback(options.port, (port) => startGateway({ ...config, server: { ...config.server, port } }, { env }));
  } catch (error) {
    await sim.close();
    throw error;
  }
  const accountId = 'demo';
  const key = await gateway.admin.createKey(accountId, 'demo', { createAccount: true, label: 'quick start' });

  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key.secret}`, 'content-type': 'application/json', 'user-agent': 'distillguard-demo-selfcheck' },
    body: JSON.stringify({ model: 'sim-gpt', messages: [{ role: 'user', content: 'Say hello to distillguard.' }] }),
  });
  await response.arrayBuffer();
  await gateway.recorder.drain();
  const recorded = (await gateway.store.countExchanges({ accountId })) > 0;

  return {
    gateway, sim, dbPath, adminToken, accountId, apiKey: key.secret,
    selfCheck: { status: response.status, model: 'sim-gpt', recorded },
    async stop() {
      await gateway.stop();
      await sim.close();
    },
  };
}

/** What the demo prints: where things are and how to send a first request. */
export function quickstartInstructions(q: Quickstart): string {
  const url = q.gateway.url;
  return `
distillguard is running (embedded SQLite, local upstream simulator)

  gateway        ${url}
  upstream sim   ${q.sim.url}   (a simulator, not a real model)
  database       ${q.dbPath}
  metrics        ${url}/metrics
  admin API      ${url}/admin/v1   (Authorization: Bearer ${q.adminToken})
  demo account   ${q.accountId}
  demo API key   ${q.apiKey}
  self-check     HTTP ${q.selfCheck.status}, exchange recorded: ${q.selfCheck.recorded ? 'yes' : 'NO'}

Send a first request with curl:

  curl -s ${url}/v1/chat/completions \\
    -H "Authorization: Bearer ${q.apiKey}" -H "Content-Type: application/json" \\
    -d '{"model":"sim-gpt","messages":[{"role":"user","content":"Explain TCP slow start."}]}'

  curl -s ${url}/v1/messages \\
    -H "x-api-key: ${q.apiKey}" -H "anthropic-version: 2023-06-01" -H "Content-Type: application/json" \\
    -d '{"model":"sim-claude","max_tokens":256,"messages":[{"role":"user","content":"Hello"}]}'

With the official SDKs (Node):

  import OpenAI from 'openai';
  const openai = new OpenAI({ baseURL: '${url}/v1', apiKey: '${q.apiKey}' });
  console.log((await openai.chat.completions.create({ model: 'sim-gpt',
    messages: [{ role: 'user', content: 'Hello' }] })).choices[0].message.content);

  import Anthropic from '@anthropic-ai/sdk';
  const anthropic = new Anthropic({ baseURL: '${url}', apiKey: '${q.apiKey}' });
  console.log((await anthropic.messages.create({ model: 'sim-claude', max_tokens: 256,
    messages: [{ role: 'user', content: 'Hello' }] })).content);

Python: OpenAI(base_url="${url}/v1", api_key=...) and Anthropic(base_url="${url}", api_key=...).

Recorded exchanges:  distillguard export --db ${q.dbPath} --out exchanges.jsonl
Press Ctrl-C to stop (every record is written before exit).
`;
}

/** The dashboard's answer to the self-check: its page, a login with the admin token, the overview. */
export interface DashboardCheck {
  ok: boolean;
  /** Why not, in words, when `ok` is false. */
  problem?: string;
}

/**
 * Checks that the dashboard answers: the page is served (built), the admin token logs in, and the
 * overview API answers with that session. The login is audited as `admin:demo-selfcheck`.
 */
export async function dashboardCheck(q: Quickstart): Promise<DashboardCheck> {
  const base = `${q.gateway.url}/dashboard`;
  try {
    const page = await fetch(`${base}/`);
    await page.arrayBuffer();
    if (page.status !== 200) return { ok: false, problem: `GET /dashboard/ answered ${page.status}${page.status === 503 ? ' (not built: run npm run build)' : ''}` };
    const login = await fetch(`${base}/api/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'demo-selfcheck', token: q.adminToken }),
    });
    await login.arrayBuffer();
    const cookie = login.headers.get('set-cookie')?.split(';')[0];
    if (login.status !== 200 || !cookie) return { ok: false, problem: `the dashboard login answered ${login.status}` };
    const overview = await fetch(`${base}/api/overview`, { headers: { cookie } });
    await overview.arrayBuffer();
    await fetch(`${base}/api/logout`, { method: 'POST', headers: { cookie } }).then((r) => r.arrayBuffer());
    return overview.status === 200 ? { ok: true } : { ok: false, problem: `the dashboard overview answered ${overview.status}` };
  } catch (error) {
    return { ok: false, problem: `the dashboard did not answer: ${(error as Error).message}` };
  }
}

/** What the demo prints about the dashboard and the live replay. */
export function liveDemoInstructions(q: Quickstart, dashboard: DashboardCheck): string {
  return `
The analyst dashboard:

  dashboard      ${q.gateway.url}/dashboard/
  login          any name (for the audit log) + admin token ${q.adminToken}
  self-check     ${dashboard.ok ? 'dashboard answers, login works' : `FAILED: ${dashboard.problem ?? 'unknown'}`}

Next (unless --once): a simulated day of traffic, ordinary customers and a hydra campaign of
proxy-rotating accounts, is replayed through the gateway with the official SDKs in a few minutes.
Watch the dashboard: the campaign appears, the live engine flags its accounts, the demo policy
(policies/demo.yaml) throttles them, withholds their reasoning and blocks them, then blocks the
campaign as a whole. Progress lines follow here.
`;
}
