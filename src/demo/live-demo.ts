/**
 * The live demo: a simulated day of traffic (ordinary customers and a hydra campaign) replayed
 * through the running quick start with the official SDKs, compressed into a few minutes, while the
 * live detection engine flags accounts, groups them into campaigns and the demo policy throttles,
 * withholds reasoning and blocks. Progress lines say what an analyst would see on the dashboard.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runReplay } from '../replay/replay.js';
import type { ProgressSnapshot, ReplayFigures } from '../replay/stats.js';
import type { Speed } from '../replay/scheduler.js';
import { runSimulation } from '../simulate/engine.js';
import { loadScenario } from '../simulate/scenario.js';
import type { Store } from '../store/types.js';
import type { Quickstart } from './quickstart.js';

/** The policy the demo enforces: per-day tier limits (a replayed day is compressed) and graded risk steps. */
export const DEMO_POLICY_FILE: string = fileURLToPath(new URL('../../policies/demo.yaml', import.meta.url));
/** The built-in scenario the demo replays. */
export const DEMO_SCENARIO = 'demo';

export interface LiveDemoOptions {
  /** Folder for the simulated scenario (reused when it already holds this scenario and seed). */
  dir: string;
  scenario?: string;
  seed?: number;
  /** Speed-up of the scenario's clock (default 360: one simulated day in four minutes), or `max`. */
  speed?: Speed;
  /** Where progress lines go. */
  print: (line: string) => void;
  /** Stops the replay early (Ctrl-C). */
  signal?: AbortSignal;
  /** Seconds between progress lines (default 5). */
  progressSeconds?: number;
}

/** What detection and enforcement have done so far, read from the store. */
export interface DemoStatus {
  flaggedAccounts: number;
  campaigns: number;
  blockedCampaigns: number;
  /** The largest campaign not merged into another: id, members, status. */
  largest?: { id: string; accounts: number; status: string };
}

/** Reads the demo's figures from the store (verdicts and campaigns the live engine wrote). */
export async function demoStatus(store: Store): Promise<DemoStatus> {
  const verdicts = await store.listLatestVerdicts();
  const campaigns = (await store.listCampaigns()).filter((c) => c.status !== 'merged' && c.status !== 'dismissed');
  const largest = campaigns.sort((a, b) => b.record.accounts.length - a.record.accounts.length)[0];
  return {
    flaggedAccounts: verdicts.filter((v) => v.flagged).length,
    campaigns: campaigns.length,
    blockedCampaigns: campaigns.filter((c) => c.status === 'blocked').length,
    ...(largest ? { largest: { id: largest.record.campaign_id, accounts: largest.record.accounts.length, status: largest.status } } : {}),
  };
}

const n = (value: number): string => value.toLocaleString('en-US');

/** One progress line: traffic sent and what enforcement answered, then what detection found. */
export function formatDemoProgress(progress: Pick<ProgressSnapshot, 'sent' | 'total' | 'errors' | 'rate'>, status: DemoStatus): string {
  const refused = progress.errors['403'] ?? 0;
  const limited = progress.errors['429'] ?? 0;
  const of = progress.total === undefined ? '' : `/${n(progress.total)}`;
  return `demo: requests sent ${n(progress.sent)}${of} (${progress.rate.toFixed(0)}/s) · refused ${n(refused)} · rate limited ${n(limited)}`
    + ` · flagged accounts ${n(status.flaggedAccounts)} · campaigns ${status.campaigns} · blocked ${status.blockedCampaigns}`;
}

/** Simulates the scenario into `dir/<scenario>-seed<seed>` unless it is already there; returns its files. */
export async function ensureScenario(dir: string, scenario: string, seed: number): Promise<{ exchanges: string; accounts: string; labels: string }> {
  const out = join(dir, `${scenario}-seed${seed}`);
  const files = { exchanges: join(out, 'exchanges.jsonl'), accounts: join(out, 'accounts.jsonl'), labels: join(out, 'labels.jsonl') };
  if (Object.values(files).every((f) => existsSync(f))) return files;
  mkdirSync(out, { recursive: true });
  // one generator thread: deterministic for the seed, and the scenario is small
  await runSimulation({ scenario: loadScenario(scenario), seed, outDir: out, workers: 1 });
  return files;
}

/**
 * Replays the demo scenario through the quick start's gateway and prints progress, then a summary.
 * Resolves with the replay's figures and the final status; a Ctrl-C (`signal`) ends it early.
 */
export async function runLiveDemo(q: Quickstart, options: LiveDemoOptions): Promise<{ figures: ReplayFigures; status: DemoStatus }> {
  const scenario = options.scenario ?? DEMO_SCENARIO;
  const seed = options.seed ?? 1;
  const speed = options.speed ?? 360;
  const files = await ensureScenario(options.dir, scenario, seed);
  options.print(`demo: replaying scenario ${scenario} (seed ${seed}) at ${speed === 'max' ? 'full speed' : `${speed}×`}: customers and a hydra campaign, through the gateway with the official SDKs`);

  let announcedCampaign = false;
  let announcedBlock = false;
  const announce = (status: DemoStatus): void => {
    if (!announcedCampaign && status.largest) {
      announcedCampaign = true;
      options.print(`demo: campaign ${status.largest.id} detected (${status.largest.accounts} accounts so far): ${q.gateway.url}/dashboard/#/campaigns/${status.largest.id}`);
    }
    if (!announcedBlock && status.blockedCampaigns > 0) {
      announcedBlock = true;
      options.print('demo: a campaign is blocked: its members, and accounts linked to it later, are refused with 403 campaign_blocked');
    }
  };
  let lastPrinted = 0;
  let reading = false;
  const figures = await runReplay({
    gateway: q.gateway.url,
    exchanges: files.exchanges,
    accounts: files.accounts,
    adminToken: q.adminToken,
    speed,
    concurrency: 32,
    ...(options.signal ? { signal: options.signal } : {}),
    progressIntervalMs: 1000,
    onWarning: (message) => options.print(`demo: ${message}`),
    onProgress: (progress) => {
      // one store read at a time: a slow read must not pile up behind the next tick
      if (reading) return;
      reading = true;
      void demoStatus(q.gateway.store).then((status) => {
        announce(status);
        const now = Date.now();
        if (now - lastPrinted >= (options.progressSeconds ?? 5) * 1000) {
          lastPrinted = now;
          options.print(formatDemoProgress(progress, status));
        }
      }).catch(() => undefined).finally(() => { reading = false; });
    },
  });
  await q.gateway.recorder.drain();
  // the engine's last verdicts and campaign refreshes land within about a second of the last record
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const status = await demoStatus(q.gateway.store);
  announce(status);
  options.print(formatDemoProgress({ sent: figures.sent, total: figures.read, errors: figures.errors, rate: figures.sent / Math.max(1, figures.durationMs / 1000) }, status));
  return { figures, status };
}
