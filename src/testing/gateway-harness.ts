/**
 * Starts the upstream simulator and a gateway in front of it, with a fresh in-memory store, an
 * account and a key, for end-to-end tests with the official SDKs.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { loadConfig } from '../config/load.js';
import type { DistillguardConfig } from '../config/schema.js';
import { startGateway, type RunningGateway } from '../gateway/server.js';
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

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const sim = await startUpstreamSimulator({ recordRequests: 50, requiredApiKey: UPSTREAM_KEY, ...options.sim });
  const config = loadConfig({
    env: {},
    overrides: {
      server: { port: 0, shutdownGraceMs: 2_000 },
      upstreams: [{ baseUrl: sim.url, apiKeyEnv: 'TEST_UPSTREAM_KEY', headersTimeoutMs: 3_000, bodyTimeoutMs: 3_000 }],
      recording: { flushIntervalMs: 5 },
      logging: { level: 'silent' },
    },
  });
  options.configure?.(config);
  const store = await SqliteStore.open({ path: ':memory:' });
  const gateway = await startGateway(config, {
    store,
    env: { TEST_UPSTREAM_KEY: UPSTREAM_KEY, DISTILLGUARD_ADMIN_TOKEN: ADMIN_TOKEN },
    logger: options.logger ?? pino({ level: 'silent' }),
  });
  const accountId = 'acct_e2e';
  const key = await gateway.admin.createKey(accountId, 'test', { createAccount: true });
  const records = async (): Promise<ExchangeRecord[]> => {
    await gateway.recorder.drain();
    const all = await store.listExchanges();
    // every record the gateway writes, in every test, must be a valid spec v1 exchange
    for (const record of all) {
      const check = validateRecord('exchange', record);
      if (!check.ok) throw new Error(`gateway wrote an invalid exchange record ${record.id}: ${check.reason}`);
    }
    return all;
  };
  return {
    sim, gateway, store, apiKey: key.secret, keyId: key.keyId, accountId, adminToken: ADMIN_TOKEN,
    openai: new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key.secret, maxRetries: 0, timeout: 10_000 }),
    anthropic: new Anthropic({ baseURL: gateway.url, apiKey: key.secret, maxRetries: 0, timeout: 10_000 }),
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

/** Waits until `predicate` holds, polling. */
export async function eventually(predicate: () => Promise<boolean> | boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await predicate()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}
