/**
 * How fast a decision taken on one replica reaches another: a verdict or an analyst's action
 * published on replica A, until replica B's decision cache holds it (B's hot path reads only that).
 *
 *   node --import tsx bench/enforce-propagation.ts [--decisions 300] [--redis redis://127.0.0.1:6379]
 *
 * Three paths, each in this one process (so both replicas share a clock):
 *  - in-process bus (single-node default): the baseline the others are compared with;
 *  - Redis pub/sub between two replicas (separate stores, separate Redis connections);
 *  - no bus at all, two replicas on one SQLite file: B learns from its audit-log poll
 *    (`enforcement.auditPollMs`, 500 ms by default), as when an analyst runs the CLI against the database.
 * Each path: decisions published one at a time, 10 ms apart; then a burst of 1,000 verdicts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { benchArgs } from './args.js';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { defaultConfig, type EnforcementConfig } from '../src/config/schema.js';
import { MemoryBusHub } from '../src/enforce/decisions/memory-bus.js';
import { redisReachable } from '../src/enforce/redis-connection.js';
import { Enforcement } from '../src/enforce/runtime.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import type { Store } from '../src/store/types.js';

const { values: args } = benchArgs(import.meta.url, { options: { decisions: { type: 'string', default: '300' }, redis: { type: 'string', default: 'redis://127.0.0.1:6379' } } });
const DECISIONS = Number(args.decisions);
const logger = pino({ level: 'silent' });
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function stats(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  return `p50 ${at(50).toFixed(2)} ms, p99 ${at(99).toFixed(2)} ms, max ${sorted[sorted.length - 1]!.toFixed(2)} ms (n=${values.length})`;
}

async function replica(config: Partial<EnforcementConfig>, store: Store, hub?: MemoryBusHub): Promise<Enforcement> {
  return Enforcement.start({ config: { ...defaultConfig().enforcement, resyncSeconds: 0, auditPollMs: 0, ...config }, store, logger, registry: new Registry(), ...(hub ? { hub } : {}) });
}

async function seed(store: Store, n: number): Promise<void> {
  for (let i = 0; i < n; i += 1) await store.upsertAccount({ account_id: `acct_${i}`, created_at: '2026-05-01T00:00:00.000Z', verification: 'email' });
}

/** Publishes on A and times until B's cache shows it, by polling B's cache (what B's hot path reads). */
async function measure(label: string, a: Enforcement, b: Enforcement): Promise<number[]> {
  const delays: number[] = [];
  for (let i = 0; i < DECISIONS; i += 1) {
    const account = `acct_${i % 50}`;
    const start = performance.now();
    let landed: () => boolean;
    if (i % 2 === 0) {
      const score = 0.5 + (i % 40) / 100;
      const ts = new Date().toISOString();
      await a.publisher.publishVerdict({ accountId: account, ts, score, flagged: true, campaignId: null, reasons: [] });
      landed = () => b.cache.verdict(account)?.ts === ts;
    } else {
      const action = await a.analyst.onAccount(account, i % 4 === 1 ? 'block' : 'unblock', { reason: 'bench', actor: 'admin:bench' });
      landed = () => b.cache.explicit('account', account).analyst?.actionId === action.actionId;
    }
    while (!landed()) {
      if (performance.now() - start > 5_000) throw new Error(`${label}: decision ${i} did not reach replica B within 5 s`);
      await new Promise((resolve) => setImmediate(resolve));
    }
    delays.push(performance.now() - start);
    await sleep(10);
  }
  process.stdout.write(`  ${label}: one at a time: ${stats(delays)}\n`);
  return delays;
}

async function burst(label: string, a: Enforcement, b: Enforcement): Promise<number> {
  const ts = new Date(Date.now() + 1000).toISOString();
  const verdicts = Array.from({ length: 1000 }, (_, i) => ({ accountId: `burst_${i}`, ts, score: 0.6, flagged: true, campaignId: null, reasons: [] }));
  const start = performance.now();
  for (const verdict of verdicts) void a.publisher.publishVerdict(verdict);
  while (b.cache.verdict('burst_999')?.ts !== ts || verdicts.some((v) => b.cache.verdict(v.accountId)?.ts !== ts)) {
    if (performance.now() - start > 10_000) throw new Error(`${label}: burst did not arrive within 10 s`);
    await new Promise((resolve) => setImmediate(resolve));
  }
  const ms = performance.now() - start;
  process.stdout.write(`  ${label}: burst of 1,000 verdicts fully applied on B after ${ms.toFixed(1)} ms\n`);
  return ms;
}

process.stdout.write(`decision propagation to a second replica (${DECISIONS} decisions, half verdicts, half analysts' actions)\n`);
// baseline: in-process bus
{
  const store = await SqliteStore.open({ path: ':memory:' });
  await seed(store, 50);
  const hub = new MemoryBusHub();
  const a = await replica({ bus: 'memory' }, store, hub);
  const b = await replica({ bus: 'memory' }, store, hub);
  const base = await measure('in-process bus (baseline)', a, b);
  await burst('in-process bus', a, b);
  await a.close();
  await b.close();
  await store.close();

  if (await redisReachable(args.redis!)) {
    const storeA = await SqliteStore.open({ path: ':memory:' });
    const storeB = await SqliteStore.open({ path: ':memory:' });
    await seed(storeA, 50);
    const redis = { url: args.redis!, keyPrefix: `distillguard-bench:${Date.now()}:`, channel: `distillguard-bench:${Date.now()}` };
    const ra = await replica({ bus: 'redis', redis }, storeA);
    const rb = await replica({ bus: 'redis', redis }, storeB);
    const viaRedis = await measure('Redis pub/sub', ra, rb);
    await burst('Redis pub/sub', ra, rb);
    const p99 = (v: number[]): number => [...v].sort((x, y) => x - y)[Math.ceil(0.99 * v.length) - 1]!;
    process.stdout.write(`  ratio Redis/in-process at p99: ${(p99(viaRedis) / p99(base)).toFixed(1)}; bar: within 1 s → ${Math.max(...viaRedis) < 1000 ? 'PASS' : 'FAIL'} (max ${Math.max(...viaRedis).toFixed(2)} ms)\n`);
    await ra.close();
    await rb.close();
    await storeA.close();
    await storeB.close();
  } else {
    process.stdout.write(`  Redis at ${args.redis} not reachable: Redis path skipped\n`);
  }
}
// no bus: a shared SQLite file, the audit-log poll
{
  const dir = mkdtempSync(join(tmpdir(), 'dg-propagation-'));
  const file = join(dir, 'shared.db');
  const storeA = await SqliteStore.open({ path: file });
  const storeB = await SqliteStore.open({ path: file });
  await seed(storeA, 50);
  const poll = defaultConfig().enforcement.auditPollMs;
  const a = await replica({ bus: 'memory', auditPollMs: poll }, storeA);
  const b = await replica({ bus: 'memory', auditPollMs: poll }, storeB);
  // only analysts' actions travel this way (verdicts reach a bus-less replica at its periodic resync)
  const delays: number[] = [];
  for (let i = 0; i < Math.min(20, DECISIONS); i += 1) {
    const account = `acct_${i}`;
    const start = performance.now();
    const action = await a.analyst.onAccount(account, 'block', { reason: 'bench', actor: 'cli' });
    while (b.cache.explicit('account', account).analyst?.actionId !== action.actionId) {
      if (performance.now() - start > 5_000) throw new Error('audit poll path: not within 5 s');
      await sleep(1);
    }
    delays.push(performance.now() - start);
  }
  process.stdout.write(`  shared SQLite file, no bus (audit-log poll every ${poll} ms): ${stats(delays)}; bar: within 1 s → ${Math.max(...delays) < 1000 ? 'PASS' : 'FAIL'}\n`);
  await a.close();
  await b.close();
  await storeA.close();
  await storeB.close();
  rmSync(dir, { recursive: true, force: true });
}
