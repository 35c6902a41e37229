/**
 * The online behaviour profile of one account: constant memory per account, updated by each of
 * its exchanges in time order. Everything the scoring reads about an account lives here.
 */

import type { AccountRecord } from '../records/types.js';
import { MAX_KEYS_PER_ACCOUNT } from './indicators.js';
import { AccountBloom } from './templates.js';
import type { IntelMatch, IntelMatchKind } from './types.js';

const MAX_TRACKED = 32;

/** An account's strongest partner-indicator match of each kind, and how many matched in all. */
export interface IntelMatchSummary {
  byKind: Map<IntelMatchKind, IntelMatch>;
  matches: number;
}

/** Adds to a set unless it is full; returns true when the value is new. */
function addBounded<T>(set: Set<T>, value: T, max = MAX_TRACKED): boolean {
  if (set.has(value) || set.size >= max) return false;
  set.add(value);
  return true;
}

/** Counts of one hit kind. */
export interface HitCounts {
  cot_extraction: number;
  grader: number;
  jailbreak: number;
  template: number;
}

export class AccountState {
  readonly accountId: string;
  /** Dense index, used for compact pair keys. */
  readonly index: number;
  record: AccountRecord | undefined;
  readonly bloom = new AccountBloom();
  /** Linking keys this account has used (bounded). */
  readonly keys = new Set<string>();
  /** Tainted template ids it has used, with exchange counts (bounded). */
  readonly templates = new Map<string, number>();

  /** Client facts of the last exchange (keys are only rebuilt when they change). */
  lastIp: string | undefined;
  lastUserAgent: string | undefined;
  lastTls: string | undefined;
  lastAsn: number | undefined;
  lastDevice: string | undefined;

  exchanges = 0;
  firstTs = 0;
  lastTs = 0;
  inputTokens = 0;
  outputTokens = 0;
  reasoningTokens = 0;
  reasoningRequested = 0;
  singleTurn = 0;
  readonly hits: HitCounts = { cot_extraction: 0, grader: 0, jailbreak: 0, template: 0 };
  /** Strongest template seen: users and taint, for the reason text. */
  topTemplate: { id: string; users: number; taint: number } | null = null;
  readonly capabilities = new Map<string, number>();
  readonly languages = new Set<string>();
  readonly asns = new Set<number>();
  /**
   * Sequential evidence of network rotation (log-odds, bounded): up for a request from a network
   * the account never used, down for one from a network it did.
   */
  rotation = 0;
  readonly countries = new Set<string>();
  readonly hours = new Uint16Array(24);
  /** Log inter-arrival statistics (Welford), in log-seconds. */
  gapCount = 0;
  gapMean = 0;
  gapM2 = 0;
  /** Models used, with the first use (ms). */
  readonly models = new Map<string, number>();
  /** Strongest partner-indicator matches so far, one per kind. */
  intel: IntelMatchSummary | null = null;
  /** Strongest lockstep partner: the account it fires together with, and how often. */
  lockstep: { accountId: string; together: number } | null = null;
  /** Strongest release pivot: model and hours after its release. */
  pivot: { model: string; hours: number } | null = null;
  /** Frame shingles new to this account, summed (PRADA-style novelty), and all frame shingles. */
  novelShingles = 0;
  allShingles = 0;

  /** Accumulated exchange evidence, in log-odds (floored). */
  evidence = 0;
  /** Log-odds from links to flagged accounts, by key (recomputed as keys turn into campaign keys). */
  linkEvidence = 0;
  /** The account's earlier template uses have been counted as suspicious (once, when grounded). */
  spreadTaint = false;
  /** The engine's flag epoch when linkEvidence was computed (-1: recompute). */
  linkEpoch = -1;
  score = 0;
  flagged = false;
  firstFlaggedAt: number | null = null;

  constructor(accountId: string, index: number) {
    this.accountId = accountId;
    this.index = index;
  }

  /** Notes partner-indicator matches, keeping the strongest of each kind. */
  noteIntel(matches: readonly IntelMatch[]): void {
    for (const match of matches) {
      this.intel ??= { byKind: new Map(), matches: 0 };
      this.intel.matches++;
      const held = this.intel.byKind.get(match.kind);
      if (held === undefined || match.confidence > held.confidence) this.intel.byKind.set(match.kind, match);
    }
  }

  /** Prompts this account already sent (1,024-bit Bloom filter over a hash of each prompt). */
  private readonly promptsSeen = new Uint32Array(32);

  /** Notes a prompt's hash; true when the account sent it before (a repeat carries no new evidence). */
  repeatsPrompt(hash: number): boolean {
    const a = hash & 1023;
    const b = (hash >>> 10) & 1023;
    const seen = (this.promptsSeen[a >>> 5]! & (1 << (a & 31))) !== 0 && (this.promptsSeen[b >>> 5]! & (1 << (b & 31))) !== 0;
    this.promptsSeen[a >>> 5]! |= 1 << (a & 31);
    this.promptsSeen[b >>> 5]! |= 1 << (b & 31);
    return seen;
  }

  /** Adds a linking key; true when it is new for this account. */
  addKey(key: string): boolean {
    return addBounded(this.keys, key, MAX_KEYS_PER_ACCOUNT);
  }

  /** Updates the volume, rhythm, model and diversity parts of the profile. */
  noteExchange(tsMs: number, facts: {
    model: string; asn: number | undefined; country: string | undefined; inputTokens: number; outputTokens: number;
    reasoningTokens: number; reasoningRequested: boolean; singleTurn: boolean; capability: string; language: string;
  }): void {
    if (this.exchanges === 0) this.firstTs = tsMs;
    else {
      const gapSeconds = Math.max(0.001, (tsMs - this.lastTs) / 1000);
      const x = Math.log(gapSeconds);
      this.gapCount++;
      const delta = x - this.gapMean;
      this.gapMean += delta / this.gapCount;
      this.gapM2 += delta * (x - this.gapMean);
    }
    this.exchanges++;
    this.lastTs = tsMs;
    this.inputTokens += facts.inputTokens;
    this.outputTokens += facts.outputTokens;
    this.reasoningTokens += facts.reasoningTokens;
    if (facts.reasoningRequested) this.reasoningRequested++;
    if (facts.singleTurn) this.singleTurn++;
    this.capabilities.set(facts.capability, (this.capabilities.get(facts.capability) ?? 0) + 1);
    addBounded(this.languages, facts.language, 16);
    if (facts.asn !== undefined) {
      const isNew = !this.asns.has(facts.asn);
      if (this.exchanges > 1) this.rotation = Math.max(-3, Math.min(6, this.rotation + (isNew ? 1.5 : -1)));
      addBounded(this.asns, facts.asn);
    }
    if (facts.country !== undefined) addBounded(this.countries, facts.country);
    this.hours[new Date(tsMs).getUTCHours()]!++;
  }

  /** Regularity of arrivals: the standard deviation of log inter-arrival times (low = machine-like). */
  gapSpread(): number {
    return this.gapCount < 2 ? Number.NaN : Math.sqrt(this.gapM2 / (this.gapCount - 1));
  }

  /** Share of the busiest capability among this account's prompts. */
  capabilityFocus(): { capability: string; share: number } {
    let best = '';
    let count = 0;
    for (const [capability, n] of this.capabilities) if (n > count) { best = capability; count = n; }
    return { capability: best, share: this.exchanges === 0 ? 0 : count / this.exchanges };
  }

  /** Normalised entropy (0..1) of the hour-of-day histogram: 1 = round the clock. */
  hourEntropy(): number {
    let total = 0;
    for (const n of this.hours) total += n;
    if (total === 0) return 0;
    let entropy = 0;
    for (const n of this.hours) if (n > 0) entropy -= (n / total) * Math.log(n / total);
    return entropy / Math.log(24);
  }

  /** Capabilities ranked by use, most first. */
  topCapabilities(limit: number): string[] {
    return [...this.capabilities].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, limit).map(([c]) => c);
  }
}
