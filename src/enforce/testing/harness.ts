/**
 * End-to-end fixtures for enforcement: the upstream simulator and one or more gateways with a
 * policy, accounts with keys, and official SDK clients per account.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { pino } from 'pino';
import { loadConfig } from '../../config/load.js';
import type { DistillguardConfig } from '../../config/schema.js';
import { startGateway, type RunningGateway } from '../../gateway/server.js';
import type { AccountRecord, ExchangeRecord } from '../../records/types.js';
import { validateRecord } from '../../records/validate.js';
import { SqliteStore } from '../../store/sqlite-store.js';
import type { StoredApiKey } from '../../store/types.js';
import { startUpstreamSimulator, type UpstreamSim } from '../../upstream-sim/index.js';
import type { MemoryBusHub } from '../decisions/memory-bus.js';
import type { PromptScorer } from '../prompt-scorer.js';

export const ADMIN_TOKEN = 'enforcement-admin-token-0123456789';
const UPSTREAM_KEY = 'sk-upstream-enforcement-tests';

export interface Client {
  accountId: string;
  keyId: string;
  secret: string;
  openai: OpenAI;
  anthropic: Anthropic;
}

export interface GatewayUnderTest {
  gateway: RunningGateway;
  store: SqliteStore;
  /** Creates an account with a key (in this gateway's store) and SDK clients for it. */
  account(fields: Partial<AccountRecord> & { account_id: string }): Promise<Client>;
  /** Gives this gateway's store a key that another gateway issued (two replicas, separate stores). */
  adopt(client: Client, record: AccountRecord, key: StoredApiKey): Promise<Client>;
  /** Every record written so far (drained, validated as spec v1). */
  records(): Promise<ExchangeRecord[]>;
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

export interface GatewayOptions {
  configure?: (config: DistillguardConfig) => void;
  scorer?: PromptScorer;
  hub?: MemoryBusHub;
  clock?: () => number;
}

export async function startSim(options: { recordRequests?: number } = {}): Promise<UpstreamSim> {
  return startUpstreamSimulator({ requiredApiKey: UPSTREAM_KEY, ...options });
}

function clientsFor(url: string, accountId: string, keyId: string, secret: string): Client {
  return {
    accountId, keyId, secret,
    openai: new OpenAI({ baseURL: `${url}/v1`, apiKey: secret, maxRetries: 0, timeout: 10_000 }),
    anthropic: new Anthropic({ baseURL: url, apiKey: secret, maxRetries: 0, timeout: 10_000 }),
  };
}

export async function startEnforcedGateway(sim: UpstreamSim, options: GatewayOptions = {}): Promise<GatewayUnderTest> {
  const config = loadConfig({
    env: {},
    overrides: {
      server: { port: 0, shutdownGraceMs: 2_000 },
      upstreams: [{ baseUrl: sim.url, apiKeyEnv: 'TEST_UPSTREAM_KEY', headersTimeoutMs: 5_000, bodyTimeoutMs: 5_000 }],
      recording: { flushIntervalMs: 5 },
      logging: { level: 'silent' },
      // verdicts are published by the tests themselves, so that the risk is exactly what each step needs
      detection: { live: false },
    },
  });
  options.configure?.(config);
  const store = await SqliteStore.open({ path: ':memory:' });
  const gateway = await startGateway(config, {
    store,
    env: { TEST_UPSTREAM_KEY: UPSTREAM_KEY, DISTILLGUARD_ADMIN_TOKEN: ADMIN_TOKEN },
    logger: pino({ level: 'silent' }),
    enforcement: { ...(options.scorer ? { scorer: options.scorer } : {}), ...(options.hub ? { hub: options.hub } : {}), ...(options.clock ? { clock: options.clock } : {}) },
  });
  return {
    gateway, store,
    async account(fields) {
      await gateway.admin.ensureAccount(fields.account_id, 'test', fields);
      const key = await gateway.admin.createKey(fields.account_id, 'test');
      return clientsFor(gateway.url, fields.account_id, key.keyId, key.secret);
    },
    async adopt(client, record, key) {
      await store.upsertAccount(record);
      await store.insertApiKey(key);
      return clientsFor(gateway.url, client.accountId, client.keyId, client.secret);
    },
    async records() {
      await gateway.recorder.drain();
      const all = await store.listExchanges();
      for (const record of all) {
        const check = validateRecord('exchange', record);
        if (!check.ok) throw new Error(`gateway wrote an invalid exchange record ${record.id}: ${check.reason}`);
      }
      return all;
    },
    async admin(method, path, body) {
      const response = await fetch(`${gateway.url}/admin/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'x-distillguard-actor': 'tester', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    async close() {
      await gateway.stop();
      await store.close();
    },
  };
}

/** Waits until `predicate` holds; returns how long it took (ms). */
export async function waitUntil(predicate: () => Promise<boolean> | boolean, timeoutMs = 5_000): Promise<number> {
  const start = Date.now();
  while (!(await predicate())) {
    if (Date.now() - start > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return Date.now() - start;
}
