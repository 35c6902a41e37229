/**
 * The online behaviour profile of one account: constant memory per account, updated by each of
 * its exchanges in time order. Everything the scoring reads about an account lives here.
 */

import type { AccountRecord } from '../records/types.js';
import { AccountSlab, REGION } from './account-slab.js';
import { MAX_KEYS_PER_ACCOUNT } from './indicators.js';
import { SmallMap, SmallSet } from './small-collections.js';
import { AccountBloom, type Suspicion } from './templates.js';
import type { IntelMatch, IntelMatchKind } from './types.js';

const MAX_TRACKED = 32;

/** Rotation evidence for a request from a network the account never used. */
export const ROTATION_NEW = 1.5;
/** …when every one of the account's requests so far, this one included, came from a network of its own (third request on). */
export const ROTATION_RUN = 3;
/** Rotation evidence for a request from a network the account used before. */
export const ROTATION_REPEAT = -1;

/**
 * Step of the rotation term for the `requests`-th request (1-based) of an account, given whether
 * its network (ASN) is new to the account and how many distinct networks its earlier requests came
 * from. A person's second request from another network is common (home and office, phone and
 * Wi-Fi); a third network in three requests, a fourth in four, are each much rarer, while rotating
 * residential proxies give a new network for every request: a run of distinct networks counts
 * more than the first change.
 *
 * `sharedEgress`: the request came from an address range that many ordinary accounts use (a
 * carrier's NAT, a VPN provider's exit, an office gateway). Moving onto one is what people do, so
 * it counts for nothing; a rotating residential proxy exits through the home address of one of its
 * peers, which other accounts of ours rarely share.
 */
export function rotationStep(isNew: boolean, earlierNetworks: number, requests: number, sharedEgress = false): number {
  if (requests <= 1) return 0;
  if (!isNew) return ROTATION_REPEAT;
  if (sharedEgress) return 0;
  return requests >= 3 && earlierNetworks === requests - 1 ? ROTATION_RUN : ROTATION_NEW;
}
/** Most distinct template ids remembered per account. */
const MAX_TEMPLATES = 16;
/** Read by accounts without template hits (most of them): no Map each. */
const NO_TEMPLATES: ReadonlyMap<string, number> = new Map();
/**
 * Model names, interned: an account's first use would otherwise keep the string of the exchange
 * record it came from. Bounded, in case a log carries arbitrary model names.
 */
const MODEL_NAMES = new Map<string, string>();
const MAX_MODEL_NAMES = 4096;
const internModel = (model: string): string => {
  const held = MODEL_NAMES.get(model);
  if (held !== undefined) return held;
  if (MODEL_NAMES.size < MAX_MODEL_NAMES) MODEL_NAMES.set(model, model);
  return model;
};

/** An account's strongest partner-indicator match of each kind, and how many matched in all. */
export interface IntelMatchSummary {
  byKind: Map<IntelMatchKind, IntelMatch>;
  matches: number;
}

/**
 * Capability names (from the prompt scorer) get global codes, so that an account counts them in its
 * slab region instead of a Map. The shipped classifiers name 10 areas; names beyond the slab's 16
 * codes (only a scorer with more areas) are counted in a per-account Map.
 */
const CAPABILITY_CODES = new Map<string, number>();
const CAPABILITY_NAMES: string[] = [];
const capabilityCode = (capability: string): number => {
  let code = CAPABILITY_CODES.get(capability);
  if (code === undefined) {
    code = CAPABILITY_NAMES.length;
    if (code >= REGION.capabilitySlots) return -1;
    CAPABILITY_CODES.set(capability, code);
    CAPABILITY_NAMES.push(capability);
  }
  return code;
};

/** Slots of the numeric fields in the account's float64 part of the slab region. */
const N = Object.freeze({
  exchanges: 0,
  firstTs: 1,
  lastTs: 2,
  inputTokens: 3,
  outputTokens: 4,
  reasoningTokens: 5,
  reasoningRequested: 6,
  singleTurn: 7,
  rotation: 8,
  gapCount: 9,
  gapMean: 10,
  gapM2: 11,
  novelShingles: 12,
  allShingles: 13,
  evidence: 14,
  linkEvidence: 15,
  linkEpoch: 16,
  score: 17,
});

/** Counts of one hit kind. */
export interface HitCounts {
  cot_extraction: number;
  grader: number;
  jailbreak: number;
  template: number;
  /** Prompts that used cohort wording (wording only young accounts share) while the account was young. */
  cohort: number;
}

/**
 * Memory layout: most accounts send a handful of exchanges from one network, so the profile avoids
 * one JS collection per facet: the fixed-size typed parts live in a region of a shared AccountSlab
 * chunk, the bounded sets keep their first value inline (SmallSet/SmallMap), and the template map is
 * created at the first template hit. The profile's content and every read of it are unchanged.
 */
export class AccountState extends AccountBloom {
  readonly accountId: string;
  /** Dense index, used for compact pair keys. */
  readonly index: number;
  record: AccountRecord | undefined;
  /** The chunk as float64, and the first slot of this account's numeric fields in it. */
  private readonly numbers: Float64Array;
  private readonly nbase: number;
  /** Capabilities beyond the slab's global codes (only with a scorer that names more than 16). */
  private capabilityOverflow: Map<string, number> | null = null;
  /** Linking keys this account has used (bounded, in first-use order; an array: few, and rarely added). */
  readonly keys: string[] = [];
  private templateCounts: Map<string, number> | null = null;

  /** Client facts of the last exchange (keys are only rebuilt when they change). */
  lastIp: string | undefined;
  lastUserAgent: string | undefined;
  lastTls: string | undefined;
  lastAsn: number | undefined;
  lastDevice: string | undefined;

  readonly hits: HitCounts = { cot_extraction: 0, grader: 0, jailbreak: 0, template: 0, cohort: 0 };
  /** Highest margin over the grader head's threshold (logits) among the account's grader hits, for the reason text. */
  graderMargin = Number.NEGATIVE_INFINITY;
  /** Whether the account's links to flagged accounts (linkEvidence) are all of `CIRCUMSTANTIAL_LINK_TYPES` (its sign-up window). */
  linksCircumstantialOnly = false;
  /** Whether the account's sign-up window is one of its links (then its sign-up burst is not counted again). */
  linksSignupWindow = false;
  /** Most young users of the cohort wording the account used, for the reason text (0: none). */
  cohortUsers = 0;
  /** Strongest template seen: users and taint, for the reason text. */
  topTemplate: { id: string; users: number; taint: number } | null = null;
  private readonly languageSet = new SmallSet<string>();
  private readonly asnSet = new SmallSet<number>();
  private readonly countrySet = new SmallSet<string>();
  /** Models used, with the first use (ms). */
  private readonly modelUse = new SmallMap<string, number>();
  /** Strongest partner-indicator matches so far, one per kind. */
  intel: IntelMatchSummary | null = null;
  /** Strongest lockstep partner: the account it fires together with, and how often. */
  lockstep: { accountId: string; together: number } | null = null;
  /** Strongest release pivot: model and hours after its release. */
  pivot: { model: string; hours: number } | null = null;
  /**
   * How far the account's earlier template uses have been counted as suspicious: not yet, its
   * cohort wording only (a flagged cohort member), or all of them (once grounded).
   */
  spreadTaint: Suspicion = false;
  flagged = false;
  firstFlaggedAt: number | null = null;

  /**
   * `slab`: the engine's arena for the account's typed memory (default: a region of its own);
   * `suspects`: the arena for Bloom filters of suspicious uses (SUSPECT_REGION_WORDS regions).
   */
  constructor(accountId: string, index: number, slab: AccountSlab = new AccountSlab(1), suspects: AccountSlab | null = null) {
    super(slab, suspects);
    this.accountId = accountId;
    this.index = index;
    this.numbers = slab.chunk64;
    this.nbase = (this.base + REGION.numbers) / 2;
    this.numbers[this.nbase + N.linkEpoch] = -1;
  }

  get exchanges(): number {
    return this.numbers[this.nbase + N.exchanges]!;
  }

  set exchanges(value: number) {
    this.numbers[this.nbase + N.exchanges] = value;
  }

  get firstTs(): number {
    return this.numbers[this.nbase + N.firstTs]!;
  }

  set firstTs(value: number) {
    this.numbers[this.nbase + N.firstTs] = value;
  }

  get lastTs(): number {
    return this.numbers[this.nbase + N.lastTs]!;
  }

  set lastTs(value: number) {
    this.numbers[this.nbase + N.lastTs] = value;
  }

  get inputTokens(): number {
    return this.numbers[this.nbase + N.inputTokens]!;
  }

  set inputTokens(value: number) {
    this.numbers[this.nbase + N.inputTokens] = value;
  }

  get outputTokens(): number {
    return this.numbers[this.nbase + N.outputTokens]!;
  }

  set outputTokens(value: number) {
    this.numbers[this.nbase + N.outputTokens] = value;
  }

  get reasoningTokens(): number {
    return this.numbers[this.nbase + N.reasoningTokens]!;
  }

  set reasoningTokens(value: number) {
    this.numbers[this.nbase + N.reasoningTokens] = value;
  }

  get reasoningRequested(): number {
    return this.numbers[this.nbase + N.reasoningRequested]!;
  }

  set reasoningRequested(value: number) {
    this.numbers[this.nbase + N.reasoningRequested] = value;
  }

  get singleTurn(): number {
    return this.numbers[this.nbase + N.singleTurn]!;
  }

  set singleTurn(value: number) {
    this.numbers[this.nbase + N.singleTurn] = value;
  }

  /** Sequential evidence of network rotation (log-odds, bounded): up for a request from a network the account never used, down for one from a network it did. */
  get rotation(): number {
    return this.numbers[this.nbase + N.rotation]!;
  }

  set rotation(value: number) {
    this.numbers[this.nbase + N.rotation] = value;
  }

  /** Log inter-arrival statistics (Welford), in log-seconds. */
  get gapCount(): number {
    return this.numbers[this.nbase + N.gapCount]!;
  }

  set gapCount(value: number) {
    this.numbers[this.nbase + N.gapCount] = value;
  }

  get gapMean(): number {
    return this.numbers[this.nbase + N.gapMean]!;
  }

  set gapMean(value: number) {
    this.numbers[this.nbase + N.gapMean] = value;
  }

  get gapM2(): number {
    return this.numbers[this.nbase + N.gapM2]!;
  }

  set gapM2(value: number) {
    this.numbers[this.nbase + N.gapM2] = value;
  }

  /** Frame shingles new to this account, summed (PRADA-style novelty). */
  get novelShingles(): number {
    return this.numbers[this.nbase + N.novelShingles]!;
  }

  set novelShingles(value: number) {
    this.numbers[this.nbase + N.novelShingles] = value;
  }

  /** All frame shingles of its prompts. */
  get allShingles(): number {
    return this.numbers[this.nbase + N.allShingles]!;
  }

  set allShingles(value: number) {
    this.numbers[this.nbase + N.allShingles] = value;
  }

  /** Accumulated exchange evidence, in log-odds (floored). */
  get evidence(): number {
    return this.numbers[this.nbase + N.evidence]!;
  }

  set evidence(value: number) {
    this.numbers[this.nbase + N.evidence] = value;
  }

  /** Log-odds from links to flagged accounts, by key (recomputed as keys turn into campaign keys). */
  get linkEvidence(): number {
    return this.numbers[this.nbase + N.linkEvidence]!;
  }

  set linkEvidence(value: number) {
    this.numbers[this.nbase + N.linkEvidence] = value;
  }

  /** The engine's flag epoch when linkEvidence was computed (-1: recompute). */
  get linkEpoch(): number {
    return this.numbers[this.nbase + N.linkEpoch]!;
  }

  set linkEpoch(value: number) {
    this.numbers[this.nbase + N.linkEpoch] = value;
  }

  get score(): number {
    return this.numbers[this.nbase + N.score]!;
  }

  set score(value: number) {
    this.numbers[this.nbase + N.score] = value;
  }

  /** The account's Bloom filters of shingles (itself: the filters live in its slab region). */
  get bloom(): AccountBloom {
    return this;
  }

  /** Tainted template ids it has used, with exchange counts (bounded). */
  get templates(): ReadonlyMap<string, number> {
    return this.templateCounts ?? NO_TEMPLATES;
  }

  /** Counts a use of template `id` (a new id only while fewer than 16 are held). */
  noteTemplate(id: string): void {
    const counts = this.templateCounts ??= new Map();
    const held = counts.get(id);
    if (held !== undefined) counts.set(id, held + 1);
    else if (counts.size < MAX_TEMPLATES) counts.set(id, 1);
  }

  /** Whether the account has sent from network `asn` before (among the first MAX_TRACKED it used). */
  usedNetwork(asn: number): boolean {
    return this.asnSet.has(asn);
  }

  /** Networks (ASNs) used, at most 32, in first-use order. */
  get asns(): ReadonlySet<number> {
    return this.asnSet.toSet();
  }

  /** Countries requests came from, at most 32, in first-use order. */
  get countries(): ReadonlySet<string> {
    return this.countrySet.toSet();
  }

  /** Languages of its prompts, at most 16, in first-use order. */
  get languages(): ReadonlySet<string> {
    return this.languageSet.toSet();
  }

  /** Models used, with the first use (ms), in first-use order. */
  get models(): ReadonlyMap<string, number> {
    return this.modelUse.toMap();
  }

  /** How many distinct models it has used. */
  get modelCount(): number {
    return this.modelUse.size;
  }

  /** True when it has used `model` before. */
  usesModel(model: string): boolean {
    return this.modelUse.has(model);
  }

  /** Notes the first use of `model` at `tsMs` (no-op when already used). */
  noteModelUse(model: string, tsMs: number): void {
    if (!this.modelUse.has(model)) this.modelUse.set(internModel(model), tsMs);
  }

  /** The hour-of-day histogram of its requests (UTC; 16-bit counters). */
  get hours(): Uint16Array {
    const out = new Uint16Array(REGION.hourWords);
    for (let h = 0; h < REGION.hourWords; h++) out[h] = this.words[this.base + REGION.hours + h]!;
    return out;
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

  /** Notes a prompt's hash; true when the account sent it before (a repeat carries no new evidence). */
  repeatsPrompt(hash: number): boolean {
    // prompts sent so far: a 1,024-bit Bloom filter over a hash of each prompt, in the slab region
    const words = this.words;
    const base = this.base + REGION.prompts;
    const a = hash & 1023;
    const b = (hash >>> 10) & 1023;
    const wa = base + (a >>> 5);
    const wb = base + (b >>> 5);
    const seen = (words[wa]! & (1 << (a & 31))) !== 0 && (words[wb]! & (1 << (b & 31))) !== 0;
    words[wa]! |= 1 << (a & 31);
    words[wb]! |= 1 << (b & 31);
    return seen;
  }

  /** Adds a linking key; true when it is new for this account. */
  addKey(key: string): boolean {
    // keys are interned by the engine (IndicatorIndex.intern), so the search mostly compares pointers
    if (this.keys.length >= MAX_KEYS_PER_ACCOUNT || this.keys.includes(key)) return false;
    this.keys.push(key);
    return true;
  }

  /** Updates the volume, rhythm, model and diversity parts of the profile. */
  noteExchange(tsMs: number, facts: {
    model: string; asn: number | undefined; country: string | undefined; inputTokens: number; outputTokens: number;
    reasoningTokens: number; reasoningRequested: boolean; singleTurn: boolean; capability: string; language: string;
    /** The address range is a shared egress (see rotationStep); read only when the network is new to the account. */
    sharedEgress?: boolean;
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
    this.countCapability(facts.capability);
    this.languageSet.addBounded(facts.language, 16);
    if (facts.asn !== undefined) {
      const isNew = !this.asnSet.has(facts.asn);
      if (this.exchanges > 1) this.rotation = Math.max(-3, Math.min(6, this.rotation + rotationStep(isNew, this.asnSet.size, this.exchanges, facts.sharedEgress)));
      this.asnSet.addBounded(facts.asn, MAX_TRACKED);
    }
    if (facts.country !== undefined) this.countrySet.addBounded(facts.country, MAX_TRACKED);
    const hour = this.base + REGION.hours + new Date(tsMs).getUTCHours();
    this.words[hour] = (this.words[hour]! + 1) & 0xffff; // a 16-bit counter, as the histogram always was
  }

  /** Regularity of arrivals: the standard deviation of log inter-arrival times (low = machine-like). */
  gapSpread(): number {
    return this.gapCount < 2 ? Number.NaN : Math.sqrt(this.gapM2 / (this.gapCount - 1));
  }

  /** Counts one prompt of `capability`. */
  private countCapability(capability: string): void {
    const code = capabilityCode(capability);
    if (code < 0) {
      const overflow = this.capabilityOverflow ??= new Map();
      overflow.set(capability, (overflow.get(capability) ?? 0) + 1);
      return;
    }
    const words = this.words;
    const counts = this.base + REGION.capabilityCounts;
    if (words[counts + code] === 0) {
      // first use: append the code to the first-use order (stored as code + 1, 0 = free)
      const order = this.base + REGION.capabilityOrder;
      let i = 0;
      while (words[order + i] !== 0) i++;
      words[order + i] = code + 1;
    }
    words[counts + code]!++;
  }

  /** Prompts per capability area, in first-use order. */
  get capabilities(): ReadonlyMap<string, number> {
    const out = new Map<string, number>();
    const words = this.words;
    const order = this.base + REGION.capabilityOrder;
    for (let i = 0; i < REGION.capabilitySlots && words[order + i] !== 0; i++) {
      const code = words[order + i]! - 1;
      out.set(CAPABILITY_NAMES[code]!, words[this.base + REGION.capabilityCounts + code]!);
    }
    if (this.capabilityOverflow !== null) for (const [capability, n] of this.capabilityOverflow) out.set(capability, n);
    return out;
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
    const hours = this.hours;
    let total = 0;
    for (const n of hours) total += n;
    if (total === 0) return 0;
    let entropy = 0;
    for (const n of hours) if (n > 0) entropy -= (n / total) * Math.log(n / total);
    return entropy / Math.log(24);
  }

  /** Capabilities ranked by use, most first. */
  topCapabilities(limit: number): string[] {
    return [...this.capabilities].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, limit).map(([c]) => c);
  }
}
