/**
 * End-to-end fixtures for enforcement: the upstream simulator and one or more gateways with a
 * policy, accounts with keys, and official SDK clients per account.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import type { DistillguardConfig } from '../../config/schema.js';
import type { RunningGateway } from '../../gateway/server.js';
import type { AccountRecord, ExchangeRecord } from '../../records/types.js';
import type { SqliteStore } from '../../store/sqlite-store.js';
import type { StoredApiKey } from '../../store/types.js';
import { startUpstreamSimulator, type UpstreamSim } from '../../upstream-sim/index.js';
import type { MemoryBusHub } from '../decisions/memory-bus.js';
import type { PromptScorer } from '../prompt-scorer.js';
import { ADMIN_TOKEN, drainedRecords, eventually, sdkClients, startTestGateway, testGatewayConfig, UPSTREAM_KEY } from '../../testing/gateway-harness.js';

export { ADMIN_TOKEN };

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
  return { accountId, keyId, secret, ...sdkClients(url, secret) };
}

export async function startEnforcedGateway(sim: UpstreamSim, options: GatewayOptions = {}): Promise<GatewayUnderTest> {
  // verdicts are published by the tests themselves, so that the risk is exactly what each step needs
  const config = testGatewayConfig(sim.url, { detection: { live: false } }, 5_000);
  options.configure?.(config);
  const { gateway, store } = await startTestGateway(config, {
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
    records: () => drainedRecords(gateway, store),
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

/** Waits until `predicate` holds, polling every 2 ms; returns how long it took (ms). */
export function waitUntil(predicate: () => Promise<boolean> | boolean, timeoutMs = 5_000): Promise<number> {
  return eventually(predicate, timeoutMs, 2);
}
