/**
 * Starts the upstream simulator and a gateway in front of it, with a fresh in-memory store, an
 * account and a key, for end-to-end tests with the official SDKs.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { loadConfig } from '../config/load.js';
import type { DistillguardConfig } from '../config/schema.js';
import { startGateway, type RunningGateway, type StartGatewayOptions } from '../gateway/server.js';
import type { ExchangeRecord } from '../records/types.js';
import { validateRecord } from '../records/validate.js';
import { SqliteStore } from '../store/sqlite-store.js';
import { startUpstreamSimulator, type UpstreamSim, type UpstreamSimOptions } from '../upstream-sim/index.js';
import { pino, type Logger } from 'pino';

export interface Harness {
  sim: UpstreamSim;
  gateway: RunningGateway;
  store: SqliteStore;
  apiKey: string;
  keyId: string;
  accountId: string;
  adminToken: string;
  openai: OpenAI;
  anthropic: Anthropic;
  /** Waits until the recorder has written everything, then returns the records in time order. */
  records(): Promise<ExchangeRecord[]>;
  /** The newest record after draining. */
  lastRecord(): Promise<ExchangeRecord>;
  close(): Promise<void>;
}

export const UPSTREAM_KEY = 'sk-upstream-secret-for-tests';
export const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';

export interface HarnessOptions {
  sim?: UpstreamSimOptions;
  /** Changes to the gateway config (after defaults). */
  configure?: (config: DistillguardConfig) => void;
  /** Logger for the gateway (default: silent). */
  logger?: Logger;
}

/**
 * The gateway settings every end-to-end test starts from: any free port, the simulator as the one
 * upstream (its key from TEST_UPSTREAM_KEY), records flushed every 5 ms, silent logs.
 */
export function testGatewayConfig(simUrl: string, overrides: Record<string, unknown> = {}, upstreamTimeoutMs = 3_000): DistillguardConfig {
  return loadConfig({
    env: {},
    overrides: {
      server: { port: 0, shutdownGraceMs: 2_000 },
      upstreams: [{ baseUrl: simUrl, apiKeyEnv: 'TEST_UPSTREAM_KEY', headersTimeoutMs: upstreamTimeoutMs, bodyTimeoutMs: upstreamTimeoutMs }],
      recording: { flushIntervalMs: 5 },
      logging: { level: 'silent' },
      ...overrides,
    },
  });
}

/** Starts a gateway on a fresh in-memory store with the test upstream key and admin token. */
export async function startTestGateway(config: DistillguardConfig, options: Omit<StartGatewayOptions, 'store' | 'env'> = {}): Promise<{ gateway: RunningGateway; store: SqliteStore }> {
  const store = await SqliteStore.open({ path: ':memory:' });
  const gateway = await startGateway(config, {
    logger: pino({ level: 'silent' }),
    ...options,
    store,
    env: { TEST_UPSTREAM_KEY: UPSTREAM_KEY, DISTILLGUARD_ADMIN_TOKEN: ADMIN_TOKEN },
  });
  return { gateway, store };
}

/** Every record the gateway wrote so far, after draining; each must be a valid spec v1 exchange. */
export async function drainedRecords(gateway: RunningGateway, store: SqliteStore): Promise<ExchangeRecord[]> {
  await gateway.recorder.drain();
  const all = await store.listExchanges();
  for (const record of all) {
    const check = validateRecord('exchange', record);
    if (!check.ok) throw new Error(`gateway wrote an invalid exchange record ${record.id}: ${check.reason}`);
  }
  return all;
}

/** The official SDK clients for a key at a gateway (no retries, 10 s timeout). */
export function sdkClients(gatewayUrl: string, secret: string): { openai: OpenAI; anthropic: Anthropic } {
  return {
    openai: new OpenAI({ baseURL: `${gatewayUrl}/v1`, apiKey: secret, maxRetries: 0, timeout: 10_000 }),
    anthropic: new Anthropic({ baseURL: gatewayUrl, apiKey: secret, maxRetries: 0, timeout: 10_000 }),
  };
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const sim = await startUpstreamSimulator({ recordRequests: 50, requiredApiKey: UPSTREAM_KEY, ...options.sim });
  const config = testGatewayConfig(sim.url);
  options.configure?.(config);
  const { gateway, store } = await startTestGateway(config, options.logger ? { logger: options.logger } : {});
  const accountId = 'acct_e2e';
  const key = await gateway.admin.createKey(accountId, 'test', { createAccount: true });
  // every record the gateway writes, in every test, must be a valid spec v1 exchange
  const records = (): Promise<ExchangeRecord[]> => drainedRecords(gateway, store);
  return {
    sim, gateway, store, apiKey: key.secret, keyId: key.keyId, accountId, adminToken: ADMIN_TOKEN,
    ...sdkClients(gateway.url, key.secret),
    records,
    async lastRecord() {
      const all = await records();
      if (all.length === 0) throw new Error('no exchange recorded');
      return all[all.length - 1]!;
    },
    async close() {
      await gateway.stop();
      await store.close();
      await sim.close();
    },
  };
}

/** Waits until `predicate` holds, polling every `intervalMs`; returns how long it took (ms). */
export async function eventually(predicate: () => Promise<boolean> | boolean, timeoutMs = 5_000, intervalMs = 20): Promise<number> {
  const start = Date.now();
  while (!(await predicate())) {
    if (Date.now() - start > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return Date.now() - start;
}
