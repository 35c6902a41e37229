/**
 * Dashboard benchmark, two parts, each reported against a baseline run in the same process:
 *
 * 1. Recording cost of migration 5's roll-ups (traffic per minute, model first-seen), kept up by
 *    `insertSerializedExchanges` once per batch: inserting exchanges in the recorder's batches
 *    through it, against the bare insert loop it ran before (same statement, same transaction per
 *    batch, no roll-up). Rounds alternate, medians are compared.
 * 2. The dashboard's read models on a SQLite file of `--exchanges` exchanges spread over 24 h from
 *    `--accounts` accounts, a quarter of them in one campaign with member indicators: overview,
 *    campaign list, campaign detail, campaign graph (aggregation), account detail and the change
 *    stamp, each against `countExchanges` over the same 24 h (the floor of any query that reads
 *    the range).
 * 3. What the request thread feels: the longest event-loop stall while the overview and the
 *    campaign detail are computed by the dashboard's read worker, against computing them inline
 *    (the baseline: what an in-memory store, or no worker, costs the gateway).
 *
 *   node --import tsx bench/dashboard-queries.ts [--exchanges 500000] [--accounts 20000] [--rounds 5]
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchArgs } from './args.js';
import { DashboardQueries } from '../src/dashboard/queries.js';
import type { DashboardReadModels } from '../src/dashboard/read-protocol.js';
import { ReadWorkerClient } from '../src/dashboard/read-worker-client.js';
import type { ExchangeRecord } from '../src/records/types.js';
import { serializeExchange, SqliteStore, type SerializedExchange } from '../src/store/sqlite-store.js';

const { values } = benchArgs(import.meta.url, { options: {
  exchanges: { type: 'string', default: '500000' },
  accounts: { type: 'string', default: '20000' },
  rounds: { type: 'string', default: '5' },
} });
const EXCHANGES = Number(values.exchanges);
const ACCOUNTS = Number(values.accounts);
const ROUNDS = Number(values.rounds);
const NOW = Date.parse('2026-06-01T12:00:00.000Z');
const DAY = 86_400_000;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (ms: number): string => (ms < 10 ? ms.toFixed(2) : ms.toFixed(0));

function rows(count: number, offset: number): SerializedExchange[] {
  const out: SerializedExchange[] = [];
  for (let i = 0; i < count; i++) {
    const n = offset + i;
    const record: ExchangeRecord = {
      id: `ex_${n}`, ts: new Date(NOW - DAY + Math.floor((n * 7919) % DAY)).toISOString(), account_id: `acct_${n % ACCOUNTS}`,
      key_id: `key_${n % ACCOUNTS}`, client: { ip: `10.${n % 200}.0.1` }, model: n % 10 === 0 ? 'sim-gpt-2' : 'sim-gpt', endpoint: 'openai.chat',
      request: { messages: [{ role: 'user', content: `prompt ${n % 5000}` }] }, response: { status: n % 50 === 0 ? 403 : 200, text: 'answer' },
      usage: { input_tokens: 20, output_tokens: 200 },
    };
    out.push(serializeExchange(record));
  }
  return out;
}

/** The insert path before migration 5: the same statement in one transaction per batch, no roll-up. */
function bareInsert(db: Database.Database): (batch: readonly SerializedExchange[]) => number {
  const insert = db.prepare(`INSERT OR IGNORE INTO exchanges
      (id, ts_ms, account_id, key_id, model, endpoint, status, input_tokens, output_tokens, record)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  return db.transaction((batch: readonly SerializedExchange[]) => {
    let inserted = 0;
    for (const row of batch) inserted += insert.run(...row).changes;
    return inserted;
  });
}

async function rollupCost(dir: string): Promise<void> {
  const batch = 256;
  const perRound = 100_000;
  const data = rows(perRound, 0);
  const timings = { rollup: [] as number[], baseline: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const variant of round % 2 === 0 ? ['rollup', 'baseline'] as const : ['baseline', 'rollup'] as const) {
      const path = join(dir, `insert-${variant}-${round}.db`);
      const store = await SqliteStore.open({ path });
      let insertBatch: (rows: readonly SerializedExchange[]) => number = (b) => store.insertSerializedExchanges(b);
      let raw: Database.Database | undefined;
      if (variant === 'baseline') {
        await store.close();
        raw = new Database(path);
        raw.pragma('journal_mode = WAL');
        raw.pragma('synchronous = NORMAL');
        insertBatch = bareInsert(raw);
      }
      const started = performance.now();
      for (let i = 0; i < data.length; i += batch) insertBatch(data.slice(i, i + batch));
      timings[variant].push(performance.now() - started);
      if (raw) raw.close();
      else await store.close();
    }
  }
  const withRollup = median(timings.rollup);
  const without = median(timings.baseline);
  console.log(`\n1. recording ${perRound.toLocaleString('en-US')} exchanges in batches of ${batch} (SQLite file, WAL), median of ${ROUNDS} rounds`);
  console.log(`   bare insert loop (baseline):     ${fmt(without)} ms  = ${Math.round(perRound / (without / 1000)).toLocaleString('en-US')} exchanges/s`);
  console.log(`   insertSerializedExchanges:       ${fmt(withRollup)} ms  = ${Math.round(perRound / (withRollup / 1000)).toLocaleString('en-US')} exchanges/s`);
  console.log(`   ratio with/without roll-ups: ${(withRollup / without).toFixed(3)}`);
}

async function time<T>(run: () => Promise<T>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return median(samples);
}

async function readModels(dir: string): Promise<void> {
  const store = await SqliteStore.open({ path: join(dir, 'read.db') });
  const loadStart = performance.now();
  for (let offset = 0; offset < EXCHANGES; offset += 10_000) store.insertSerializedExchanges(rows(Math.min(10_000, EXCHANGES - offset), offset));
  const members = Array.from({ length: Math.floor(ACCOUNTS / 4) }, (_, i) => `acct_${i * 4}`);
  const memberIndicators = Object.fromEntries(members.map((id, i) => [id, [`asn:${64_500 + (i % 3)}`, `ip_prefix:10.${i % 40}.0.0/16`, `payment_fp:pf${i % 97}`, `template:t${i % 2}`]]));
  for (const [i, accountId] of members.entries()) {
    await store.upsertAccount({ account_id: accountId, created_at: new Date(NOW - 30 * DAY).toISOString() });
    await store.insertVerdict({ accountId, ts: new Date(NOW - DAY / 2).toISOString(), score: 0.9, flagged: true, campaignId: 'cmp_bench',
      reasons: [{ signal: 'template_shared', weight: 0.4, detail: `template t${i % 2}` }, { signal: 'shared_payment', weight: 0.3, detail: `pf${i % 97}` }] });
  }
  await store.upsertCampaign({ campaign_id: 'cmp_bench', accounts: members, first_seen: new Date(NOW - DAY).toISOString(), detected_at: new Date(NOW - DAY / 2).toISOString(),
    score: 0.95, summary: 'bench', indicators: [], capabilities: ['math'], exchanges: EXCHANGES / 4, member_indicators: memberIndicators }, new Date(NOW).toISOString());
  const loadMs = performance.now() - loadStart;
  const queries = new DashboardQueries(store, () => new Date(NOW));
  const since = new Date(NOW - DAY).toISOString();
  const until = new Date(NOW + 15 * 60_000).toISOString();

  const baseline = await time(() => store.countExchanges({ since, until }));
  const measured: Array<[string, number]> = [
    ['overview (24 h)', await time(() => queries.overview('24h'))],
    ['campaigns list', await time(() => queries.campaigns())],
    ['campaign detail', await time(() => queries.campaign('cmp_bench'))],
    ['campaign graph (aggregated)', await time(() => queries.campaignGraph('cmp_bench', []))],
    ['campaign graph, 2 nodes expanded', await time(() => queries.campaignGraph('cmp_bench', ['ind:asn:64500', 'ind:template:t0']))],
    ['account detail', await time(() => queries.account(members[1]!))],
    ['change stamp', await time(() => store.changeStamp())],
  ];
  console.log(`\n2. read models: ${EXCHANGES.toLocaleString('en-US')} exchanges over 24 h, ${ACCOUNTS.toLocaleString('en-US')} accounts, campaign of ${members.length.toLocaleString('en-US')} (loaded in ${(loadMs / 1000).toFixed(1)} s); median of ${ROUNDS}`);
  console.log(`   baseline countExchanges(24 h): ${fmt(baseline)} ms`);
  for (const [name, ms] of measured) console.log(`   ${name.padEnd(34)} ${fmt(ms).padStart(7)} ms   ratio to baseline ${(ms / baseline).toFixed(2)}`);

  // 3. the request thread's longest stall while the dashboard computes, worker against inline.
  // A 1 ms ticker measures the gaps: the inline reads resolve in microtasks and would starve a
  // histogram of samples, so the gap after the last read is waited for and counted too.
  const longestStall = async (work: () => Promise<void>): Promise<number> => {
    let last = performance.now();
    let longest = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 1);
    await work();
    await new Promise((resolve) => setTimeout(resolve, 5));
    clearInterval(ticker);
    return longest;
  };
  const worker = new ReadWorkerClient(join(dir, 'read.db'));
  const viaWorker = worker.models(() => new Date(NOW));
  await viaWorker.overview('24h'); // start the worker outside the measurement
  const stall = async (target: DashboardReadModels): Promise<{ maxMs: number; wallMs: number }> => {
    const started = performance.now();
    const maxMs = await longestStall(async () => {
      for (let i = 0; i < ROUNDS; i++) {
        await target.overview('24h');
        await target.campaign('cmp_bench');
      }
    });
    return { maxMs, wallMs: performance.now() - started };
  };
  const inlineStall = await stall(queries);
  const workerStall = await stall(viaWorker);
  await worker.close();
  console.log(`\n3. longest event-loop stall of the request thread over ${ROUNDS} × (overview + campaign detail)`);
  console.log(`   inline (baseline):  ${fmt(inlineStall.maxMs)} ms  (wall ${fmt(inlineStall.wallMs)} ms)`);
  console.log(`   read worker:        ${fmt(workerStall.maxMs)} ms  (wall ${fmt(workerStall.wallMs)} ms)`);
  console.log(`   ratio worker/inline: ${(workerStall.maxMs / inlineStall.maxMs).toFixed(3)}`);
  await store.close();
}

const dir = mkdtempSync(join(tmpdir(), 'dg-bench-dashboard-'));
try {
  console.log(`dashboard benchmark (node ${process.version}, ${EXCHANGES} exchanges, ${ACCOUNTS} accounts, ${ROUNDS} rounds)`);
  await rollupCost(dir);
  await readModels(dir);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
