/**
 * Replay-driven end-to-end support: a simulated scenario (written once per seed into a temporary
 * folder), a gateway with the live detection engine and a policy that trusts the replaying host,
 * and the analysis of what enforcement did to each account, from the exchange records and the
 * scenario's labels.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DistillguardConfig } from '../config/schema.js';
import type { ExchangeRecord, LabelRecord } from '../records/types.js';
import { runSimulation } from '../simulate/engine.js';
import { loadScenario } from '../simulate/scenario.js';
import { REPO_ROOT } from './dashboard-browser.js';

/** The demo policy (`policies/demo.yaml`): tier limits scaled for compressed replays, graded risk steps. */
export const DEMO_POLICY = join(REPO_ROOT, 'policies', 'demo.yaml');

/** Paths of a simulated scenario's three files. */
export interface SimulatedScenario {
  dir: string;
  exchanges: string;
  accounts: string;
  labels: string;
}

/** Simulates a built-in scenario (or file) into `dir` with one generator thread (deterministic per seed). */
export async function simulateInto(scenario: string, seed: number, dir: string): Promise<SimulatedScenario> {
  mkdirSync(dir, { recursive: true });
  await runSimulation({ scenario: loadScenario(scenario), seed, outDir: dir, workers: 1 });
  return { dir, exchanges: join(dir, 'exchanges.jsonl'), accounts: join(dir, 'accounts.jsonl'), labels: join(dir, 'labels.jsonl') };
}

/** Reads labels.jsonl into a map account id → label. */
export function readLabels(path: string): Map<string, LabelRecord> {
  const labels = new Map<string, LabelRecord>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const label = JSON.parse(line) as LabelRecord;
    labels.set(label.account_id, label);
  }
  return labels;
}

/** Gateway settings for a replay: the replaying host (loopback) is a trusted proxy, detection is live, the policy applies. */
export function replayGatewayConfig(policyFile: string = DEMO_POLICY): (config: DistillguardConfig) => void {
  return (config) => {
    config.server.trustedProxies = ['127.0.0.1'];
    config.detection.live = true;
    config.enforcement.policyFile = policyFile;
  };
}

/** The `enforcement` field the gateway writes into a record (docs/POLICY.md). */
export interface EnforcementNote {
  policy?: string;
  tier?: string;
  measures?: string[];
  reasoning?: 'summary' | 'none';
  denied?: string;
  dry_run?: string[];
  exempt?: string;
}

/** How one exchange was treated, from the client's side. */
export type Treatment = 'served' | 'throttled' | 'rate_limited' | 'reasoning_removed' | 'refused';

export function enforcementOf(record: ExchangeRecord): EnforcementNote | undefined {
  return (record as { enforcement?: EnforcementNote }).enforcement;
}

/**
 * The strongest thing enforcement did to one exchange: refused (403 of a block or a verification
 * hold), rate limited (429), reasoning summarised or withheld, throttled (served, but under a
 * throttle step), or served untouched (a `monitor` step does not count).
 */
export function treatmentOf(record: ExchangeRecord): Treatment {
  const note = enforcementOf(record);
  if (note?.denied === 'rate_limited') return 'rate_limited';
  if (note?.denied) return 'refused';
  if (note?.reasoning) return 'reasoning_removed';
  if (note?.measures?.some((m) => m.startsWith('risk:') && /throttle|slow/.test(m))) return 'throttled';
  return 'served';
}

/**
 * Whether a benign customer's exchange was degraded in any way: not answered 200, refused or
 * rate limited by enforcement, a countermeasure other than `monitor` applied, reasoning summarised
 * or withheld, or reasoning that the request asked for and the upstream produced missing from the
 * answer. The Responses API shows reasoning text only when a summary is asked for (replay does not
 * ask), so its answers carry none with or without enforcement: those count through the
 * `enforcement` field only.
 */
export function isDegraded(record: ExchangeRecord): boolean {
  const note = enforcementOf(record);
  if (record.response.status !== 200) return true;
  if (note?.denied || note?.reasoning) return true;
  if (note?.measures?.some((m) => !m.startsWith('risk:watch'))) return true;
  return record.endpoint !== 'openai.responses' && record.request.reasoning === true && (record.usage.reasoning_tokens ?? 0) > 0 && !record.response.reasoning;
}

/** Per-label figures of a replayed run. */
export interface ReplayOutcome {
  benign: { accounts: number; requests: number; degraded: number; degradedAccounts: string[]; flaggedAccounts: string[] };
  attackers: {
    accounts: number;
    requests: number;
    /** Accounts with at least one exchange of each treatment. */
    reached: Record<Treatment, number>;
    /** Attack accounts that never got anything but `served`. */
    untouched: string[];
    /** Requests refused (403) and rate limited (429). */
    refused: number;
    rateLimited: number;
  };
}

/** Figures of the run, from every record the gateway wrote and the scenario's labels (unlabelled accounts are left out). */
export function replayOutcome(records: readonly ExchangeRecord[], labels: Map<string, LabelRecord>, flagged: ReadonlySet<string>): ReplayOutcome {
  const benignAccounts = new Set<string>();
  const degradedAccounts = new Set<string>();
  const attackAccounts = new Map<string, Set<Treatment>>();
  let benignRequests = 0;
  let degraded = 0;
  let attackRequests = 0;
  let refused = 0;
  let rateLimited = 0;
  for (const record of records) {
    const label = labels.get(record.account_id);
    if (!label) continue;
    if (label.label === 'benign') {
      benignAccounts.add(record.account_id);
      benignRequests += 1;
      if (isDegraded(record)) {
        degraded += 1;
        degradedAccounts.add(record.account_id);
      }
      continue;
    }
    attackRequests += 1;
    const treatment = treatmentOf(record);
    if (treatment === 'refused') refused += 1;
    if (treatment === 'rate_limited') rateLimited += 1;
    const seen = attackAccounts.get(record.account_id) ?? new Set<Treatment>();
    seen.add(treatment);
    attackAccounts.set(record.account_id, seen);
  }
  const reached: Record<Treatment, number> = { served: 0, throttled: 0, rate_limited: 0, reasoning_removed: 0, refused: 0 };
  const untouched: string[] = [];
  for (const [account, seen] of attackAccounts) {
    for (const treatment of seen) reached[treatment] += 1;
    if (seen.size === 1 && seen.has('served')) untouched.push(account);
  }
  return {
    benign: {
      accounts: benignAccounts.size, requests: benignRequests, degraded, degradedAccounts: [...degradedAccounts].sort(),
      flaggedAccounts: [...benignAccounts].filter((a) => flagged.has(a)).sort(),
    },
    attackers: { accounts: attackAccounts.size, requests: attackRequests, reached, untouched: untouched.sort(), refused, rateLimited },
  };
}

/** The treatments of one account's exchanges, in time order. */
export function treatmentsOf(records: readonly ExchangeRecord[], accountId: string): Treatment[] {
  return records.filter((r) => r.account_id === accountId).sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0)).map(treatmentOf);
}
