/**
 * The online detection engine. Feed it exchanges in time order (`observe`); it keeps one profile per
 * account, the population's template table, the shared-infrastructure index and the campaign graph,
 * and decides at each exchange with only what it has seen so far. The same engine runs in
 * `distillguard scan` and live inside `distillguard serve`.
 *
 * Scoring is a sum of log-odds (a sequential likelihood-ratio test per account): a prior from the
 * account's sign-up facts, evidence from each exchange (hits of the prompt classifiers and of
 * campaign templates, a small negative term for an ordinary prompt), behaviour (proxy rotation,
 * release pivots) and links to flagged accounts through shared keys. The score is the logistic of
 * the sum; every term is kept as a reason an analyst can check.
 */

import type { AccountRecord, ExchangeRecord } from '../records/types.js';
import { AccountSlab, SUSPECT_REGION_WORDS } from './account-slab.js';
import { AccountState, type IntelMatchSummary } from './account-state.js';
import { CampaignGraph } from './campaigns.js';
import { factEvidence } from './facts.js';
import { accountKeys, CIRCUMSTANTIAL_LINK_TYPES, describeKey, exchangeKeys, IndicatorIndex, ipPrefixKey, keyType, LINK_WEIGHT, MAX_KEYS_PER_ACCOUNT, type IndicatorType } from './indicators.js';
import { SignupWindows } from './signups.js';
import { TemplateTable, type Suspicion, type TaintBar } from './templates.js';
import { LockstepDetector } from './timing.js';
import { PromptMemo } from './prompt-memo.js';
import { observedExchange, type ObservedExchange } from './observed.js';
import { DEFAULT_DETECTION_CONFIG, INTEL_KIND_WEIGHT, type AccountVerdict, type DetectionConfig, type PromptScorer, type Reason, type VerdictChange } from './types.js';
import { buildCampaignRecords, campaignRecordsOf, SUMMARY_LINKS } from './campaign-records.js';
import {
  classifierRateWeight, COHORT_MEMBER_HITS, COHORT_MEMBER_LOG_ODDS, evidenceFloorOf, graderMarginWeight, hasOwnEvidence, JAILBREAK_RUN_MIN, jailbreakRun, logitMargin, sigmoid, templateSpanWeight,
} from './evidence.js';
import type { CampaignRecord } from '../records/types.js';

const HOUR_MS = 3_600_000;
/** A first use of a model this soon after its release counts as a pivot. */
const PIVOT_WINDOW_MS = 24 * HOUR_MS;
/** Most log-odds that links to flagged accounts can add. */
const MAX_LINK_EVIDENCE = 6;
/** Sign-up keys strong enough to assess a dormant account when an account sharing one is flagged. */
const DORMANT_LINK_TYPES: ReadonlySet<string> = new Set(['payment_fp', 'signup_ip', 'org']);
/** Dormant accounts remembered per key: a key shared by more is a public one (a campus NAT), not a mule. */
const MAX_DORMANT_PER_KEY = 256;

/** Link evidence (log-odds) from which an account counts as a suspect for the template table: a sign-up batch or stronger. */
export const LINK_SUSPECT_EVIDENCE = 2;

/**
 * Taint bar (instead of the table's 0.75 and its 8 + 3 % clean users) for the prompts of an account
 * linked to flagged accounts by keys worth LINK_SUSPECT_EVIDENCE or more: wording that at least five
 * suspects and at most one other account have used. The link is prior evidence of membership, so
 * wording only the campaign uses counts before nine of its accounts are caught (the Wilson bound of
 * 9/9 is the first above 0.75); without it, members of a campaign the classifiers barely recognise
 * (multilingual rubrics, coding sweeps) leaked dozens of exchanges each while their sign-up batch
 * was being flagged. Public text keeps its clean users, so it stays out.
 */
export const LINKED_TAINT_BAR: Readonly<TaintBar> = Object.freeze({ taint: 0.5, maxCleanUsers: 1 });

/** Days for which an account counts as young: a member of a sign-up cohort, for cohort wording. */
export const COHORT_AGE_DAYS = 60;
const COHORT_AGE_MS = COHORT_AGE_DAYS * 24 * HOUR_MS;

/**
 * Whether an account is young at `tsMs` (created less than COHORT_AGE_DAYS before). An account
 * without sign-up facts is not: nothing is known of its age, so it neither makes wording cohort
 * wording nor gets evidence from it.
 */
export function isYoung(record: AccountRecord | undefined, tsMs: number): boolean {
  return record !== undefined && tsMs - Date.parse(record.created_at) < COHORT_AGE_MS;
}

export { promptOf } from './observed.js';

export class DetectionEngine {
  readonly config: DetectionConfig;
  private readonly scorer: PromptScorer;
  private readonly thresholds: { jailbreak: number; cot_extraction: number; grader: number };
  private readonly accounts = new Map<string, AccountState>();
  /** One arena for every account's typed memory (Bloom filters, shingle ring, histograms), one for suspects' filters. */
  private readonly slab = new AccountSlab();
  private readonly suspectSlab = new AccountSlab(4096, SUSPECT_REGION_WORDS);
  private readonly records = new Map<string, AccountRecord>();
  readonly templates: TemplateTable;
  readonly indicators = new IndicatorIndex();
  readonly graph = new CampaignGraph();
  private readonly signups = new SignupWindows();
  private readonly lockstep = new LockstepDetector();
  private readonly byIndex: AccountState[] = [];
  /** First time each model was seen: its release, as far as traffic tells. */
  private readonly modelFirstSeen = new Map<string, number>();
  private readonly keyScratch: string[] = [];
  /** Classifier scores and frame shingles of recent prompts: the same text comes back often. */
  private readonly prompts: PromptMemo;
  private clock = -Infinity;
  /** Bumped whenever an account is flagged: cached link evidence older than it is recomputed. */
  private flagEpoch = 0;
  /**
   * Registered accounts that have not sent anything yet, by their strong sign-up keys (payment
   * instrument, sign-up address, organisation): when an account sharing such a key is flagged,
   * they are assessed at once (`wakeDormant`). Entries of accounts that have since been seen are skipped.
   */
  private readonly dormant = new Map<string, string[]>();
  /** Dormant accounts to assess, queued by `flag`. */
  private readonly dormantQueue: string[] = [];
  /** Verdicts of dormant accounts flagged on their sign-up facts, for `takeDormantFlags`. */
  private dormantFlags: VerdictChange[] = [];

  constructor(scorer: PromptScorer, config: Partial<DetectionConfig> = {}) {
    this.scorer = scorer;
    this.config = { ...DEFAULT_DETECTION_CONFIG, ...config, hitLogOdds: { ...DEFAULT_DETECTION_CONFIG.hitLogOdds, ...config.hitLogOdds } };
    this.prompts = new PromptMemo(scorer, this.config.promptMemo);
    this.templates = new TemplateTable({}, this.config.publicText ? scorer.publicText ?? null : null);
    // an explicit classifierThreshold overrides the scorer's own thresholds
    const fixed = config.classifierThreshold;
    this.thresholds = scorer.thresholds !== undefined && fixed === undefined
      ? { ...scorer.thresholds }
      : { jailbreak: this.config.classifierThreshold, cot_extraction: this.config.classifierThreshold, grader: this.config.classifierThreshold };
  }

  /** Registers (or updates) what the provider knows about an account. */
  addAccount(record: AccountRecord): void {
    const known = this.records.has(record.account_id);
    this.records.set(record.account_id, record);
    if (!known) this.signups.add(Date.parse(record.created_at));
    const state = this.accounts.get(record.account_id);
    if (state) state.record = record;
    else if (!known && this.config.linkDormant) {
      for (const key of accountKeys(record)) {
        if (!DORMANT_LINK_TYPES.has(keyType(key))) continue;
        const ids = this.dormant.get(key);
        if (ids === undefined) this.dormant.set(key, [record.account_id]);
        else if (ids.length < MAX_DORMANT_PER_KEY) ids.push(record.account_id);
      }
    }
  }

  /**
   * Verdicts of accounts flagged before their first exchange because an account that shares a
   * payment instrument, sign-up address or organisation with them was flagged (since the last call).
   */
  takeDormantFlags(): VerdictChange[] {
    const flags = this.dormantFlags;
    this.dormantFlags = [];
    return flags;
  }

  /**
   * Assesses a new account on its sign-up facts alone, before its first exchange: a payment
   * instrument, sign-up address or organisation it shares with flagged accounts, a sign-up burst,
   * or a partner's indicator. When that is enough to flag it, the account joins the campaign
   * it is linked to, and the verdict is returned, so that enforcement can hold it at its very first
   * request. An account the engine has already seen is left to its exchanges. `tsMs` is when the
   * account became known (it is the flag time).
   */
  assessAccount(record: AccountRecord, tsMs: number): VerdictChange | null {
    this.addAccount(record);
    if (this.accounts.has(record.account_id)) return null;
    const state = this.stateOf(record.account_id);
    // its first request cannot come earlier than now: the age and burst facts are read as of now
    this.advanceClock(tsMs);
    state.firstTs = tsMs;
    this.rescore(state);
    if (state.score < this.config.flagThreshold || !hasOwnEvidence(state) || this.config.allowlist.has(state.accountId)) return null;
    this.flag(state, tsMs);
    this.wakeDormant(tsMs);
    const campaign = this.graph.campaignOf(state.accountId);
    return { verdict: this.verdictOf(state), newlyFlagged: true, joinedCampaign: campaign };
  }

  /** Moves the engine's clock forward (never back): sign-ups created up to `tsMs` count from now on. */
  private advanceClock(tsMs: number): void {
    if (tsMs > this.clock) {
      this.clock = tsMs;
      this.signups.advance(tsMs);
    }
  }

  /** Whether many ordinary accounts already send from the /24 (or /48) of `ip`: see DetectionConfig.sharedEgressAccounts. */
  private isSharedEgress(ip: string): boolean {
    const least = this.config.sharedEgressAccounts;
    return least > 0 && this.indicators.unflaggedAccounts(ipPrefixKey(ip)) >= least;
  }

  /** Registered, not flagged, and has sent nothing yet (it may have been assessed before). */
  private isDormant(accountId: string): boolean {
    const state = this.accounts.get(accountId);
    return state === undefined || (state.exchanges === 0 && !state.flagged);
  }

  /**
   * Assesses the dormant accounts that share a strong sign-up key with accounts flagged just now:
   * those whose sign-up facts now tip them are flagged before they send anything. Only accounts
   * created by `tsMs` are considered (a scan knows every account record from the start, and must
   * not act on one before it exists).
   */
  private wakeDormant(tsMs: number): void {
    while (this.dormantQueue.length > 0) {
      const id = this.dormantQueue.pop()!;
      if (!this.isDormant(id)) continue;
      const record = this.records.get(id);
      if (record === undefined || !(Date.parse(record.created_at) <= tsMs)) continue;
      const state = this.stateOf(id);
      state.firstTs = tsMs;
      this.rescore(state);
      if (state.score < this.config.flagThreshold || !hasOwnEvidence(state) || this.config.allowlist.has(id)) continue;
      this.flag(state, tsMs);
      this.dormantFlags.push({ verdict: this.verdictOf(state), newlyFlagged: true, joinedCampaign: this.graph.campaignOf(id) });
    }
  }

  /** Accounts the engine holds state for: seen in exchanges, or flagged on sign-up facts (assessAccount). */
  get accountCount(): number {
    return this.accounts.size;
  }

  /**
   * Feeds one exchange; returns the account's verdict when this exchange flagged it or changed its
   * campaign. `tsMs` is `Date.parse(record.ts)`, passed by callers that have it already (the reader).
   */
  observe(record: ExchangeRecord, tsMs = Date.parse(record.ts)): VerdictChange | null {
    return this.observeExchange(observedExchange(record), tsMs);
  }

  /**
   * `observe` on the fields of an exchange the engine reads (`observedExchange(record)`): what
   * `distillguard scan` holds in its time window instead of whole records. `tsMs` is the record's time.
   */
  observeExchange(record: ObservedExchange, tsMs: number): VerdictChange | null {
    this.advanceClock(tsMs);
    const state = this.stateOf(record.account_id);
    const campaignBefore = state.flagged ? this.graph.campaignOf(state.accountId) : null;
    const prompt = record.prompt;
    const system = record.system;
    const { signals, shingles, repeatHash } = this.prompts.of(prompt, system);
    // An account already tied to a campaign by its sign-up facts or infrastructure (a suspect for the
    // table) reads shared wording against a lower taint bar: its link is prior evidence of membership.
    const linked = state.linkEvidence >= LINK_SUSPECT_EVIDENCE;
    // A young account is a member of a sign-up cohort: its uses count towards cohort wording (wording
    // only young accounts share), and cohort wording new to it is evidence (below).
    const young = isYoung(state.record, tsMs);
    const match = this.templates.match(shingles, linked ? LINKED_TAINT_BAR : null, young ? state.bloom : null);
    if (this.config.intel) state.noteIntel(this.config.intel.matchExchange(record, shingles));

    // exchange evidence: the strongest hit of this prompt, or a small step down for an ordinary one
    const config = this.config;
    let hit = 0;
    const thresholds = this.thresholds;
    // The same prompt again (a student resending the homework, a retry) cannot be a classifier hit
    // twice: otherwise one classifier false positive, repeated, would count as many. It still counts
    // as an ordinary prompt.
    const repeat = state.repeatsPrompt(repeatHash);
    // A classifier hit on a prompt that is public text from end to end (a benchmark item with a
    // common instruction, sent by many ordinary accounts) says less than one with wording of its own.
    const publicText = !repeat && (signals.cot_extraction >= thresholds.cot_extraction || signals.grader >= thresholds.grader)
      && this.templates.commonShare(shingles, 5) >= 0.6;
    let discount = publicText ? 0.25 : 1;
    if (!repeat) {
      const cot = signals.cot_extraction >= thresholds.cot_extraction;
      const grader = signals.grader >= thresholds.grader;
      if (cot) state.hits.cot_extraction++;
      if (grader) state.hits.grader++;
      // A hit's weight assumes the head's calibrated benign rate (about 1 % of prompts). Some ordinary
      // accounts send whole runs of the prompts a head is weakest on (a benchmark run of maths word
      // problems trips the grader head on one prompt in ten): for them a hit is expected, not news.
      // So a hit counts in full only while hits are a real share of what the account sends.
      if (cot || grader) discount *= classifierRateWeight(state.hits.cot_extraction + state.hits.grader, state.exchanges + 1);
      if (cot) hit = Math.max(hit, config.hitLogOdds.cot_extraction * discount);
      if (grader) {
        const margin = logitMargin(signals.grader, thresholds.grader);
        if (margin > state.graderMargin) state.graderMargin = margin;
        hit = Math.max(hit, config.hitLogOdds.grader * discount * graderMarginWeight(margin));
      }
      if (signals.jailbreak >= thresholds.jailbreak) {
        // A jailbreak is not distillation by itself (people try them for many reasons): each counts
        // for nothing, and an account only stands out when jailbreaks are most of what it sends.
        state.hits.jailbreak++;
        if (jailbreakRun(state.hits.jailbreak, state.exchanges)) hit = Math.max(hit, config.hitLogOdds.jailbreak);
      }
    }
    if (match.taintedShingles >= 2) {
      state.hits.template++;
      hit = Math.max(hit, config.hitLogOdds.template * match.taint * templateSpanWeight(match.taintedShingles));
      const id = this.templates.templateId(match.shingle);
      state.noteTemplate(id);
      if (state.topTemplate === null || match.users > state.topTemplate.users) state.topTemplate = { id, users: match.users, taint: match.taint };
    }
    // Cold start: before any member of a new campaign is flagged, its wrapper wording taints nothing,
    // but its members are young (created in the campaign's sign-up batches) and no established
    // account uses that wording. For a young account, a prompt with two or more such shingles it has
    // not used before is a hit, weighted by span as a template hit is; once the campaign's members are
    // flagged, the template table's taint takes over.
    if (young && match.cohortShingles >= 2 && config.hitLogOdds.cohort > 0) {
      state.hits.cohort++;
      if (match.cohortUsers > state.cohortUsers) state.cohortUsers = match.cohortUsers;
      hit = Math.max(hit, config.hitLogOdds.cohort * templateSpanWeight(match.cohortShingles));
    }
    state.evidence = Math.max(evidenceFloorOf(config.evidenceFloor, linked), state.evidence + (hit > 0 ? hit : config.missLogOdds));

    this.noteModel(state, record.model, tsMs);
    const asn = record.client.asn;
    state.noteExchange(tsMs, {
      model: record.model,
      asn,
      // asked only when the account moves to a network it has not used (few requests do)
      sharedEgress: asn !== undefined && state.exchanges > 0 && !state.usedNetwork(asn) && this.isSharedEgress(record.client.ip),
      country: record.client.country,
      inputTokens: record.usage.input_tokens,
      outputTokens: record.usage.output_tokens,
      reasoningTokens: record.usage.reasoning_tokens ?? 0,
      reasoningRequested: record.reasoning,
      singleTurn: record.turns <= 1,
      capability: signals.capability,
      language: signals.language,
    });

    // Most accounts repeat their client facts; building the key strings again would only feed the GC.
    const client = record.client;
    if (state.keys.length < MAX_KEYS_PER_ACCOUNT && (client.ip !== state.lastIp || client.user_agent !== state.lastUserAgent
      || client.tls_fp !== state.lastTls || client.asn !== state.lastAsn || client.device_id !== state.lastDevice)) {
      for (const key of exchangeKeys(record, this.keyScratch)) this.useKey(state, key, tsMs);
      state.lastIp = client.ip;
      state.lastUserAgent = client.user_agent;
      state.lastTls = client.tls_fp;
      state.lastAsn = client.asn;
      state.lastDevice = client.device_id;
    }
    this.noteLockstep(state, tsMs);

    let newlyFlagged = false;
    if (!state.flagged) {
      this.rescore(state);
      if (state.score >= config.flagThreshold && hasOwnEvidence(state) && !config.allowlist.has(state.accountId)) {
        this.flag(state, tsMs);
        newlyFlagged = true;
      }
    } else {
      for (const id of state.templates.keys()) this.graph.link(state.accountId, `template:${id}`, tsMs);
    }
    // The exchange joins the template table after the decision, so that it counts as suspicious when
    // it flagged its account, but a template hit alone never feeds the taint that caused it.
    // Only accounts flagged on evidence other than a template hit or two spread taint: otherwise one
    // public phrase shared by a few look-alikes could flag them, and they would taint the next one.
    // Taint comes from accounts, not from this prompt's own classifier score: counting the score
    // here as well would let one classifier false positive, repeated by many users of one public
    // prompt, taint that prompt and then hit it twice.
    const grounded = state.hits.cot_extraction + state.hits.grader >= 2 || state.linkEvidence > 0 || state.hits.template >= 3
      || state.rotation >= 3;
    // An account that shares a campaign's card, device, sign-up address, organisation or sign-up batch
    // (keys mostly used by flagged accounts) is a suspect for the template table before its own score
    // tips: otherwise a campaign whose members send little the classifiers recognise (multilingual
    // rubrics, coding sweeps) would have to flag each member on its own before its wording could taint,
    // and every member would leak its traffic meanwhile. One such account cannot taint anything alone
    // (a shingle needs at least five suspects and a Wilson bound of 0.75).
    const suspect = (state.flagged && grounded) || state.linkEvidence >= LINK_SUSPECT_EVIDENCE;
    // A flagged cohort member (three cohort-wording hits) with nothing else against it is a suspect
    // for the cohort wording only: its evidence is that wording, so it may taint that wording, but
    // not the resold customer prompts it sends beside it (counting those tainted ordinary wording and
    // flagged customers: EVALUATION.md, ninth pass).
    const suspicion: Suspicion = suspect ? true : state.flagged && state.hits.cohort >= COHORT_MEMBER_HITS ? 'cohort' : false;
    // spreadTaint only ever rises, false → 'cohort' → true: each step counts the earlier uses it adds
    if (suspicion !== false && state.spreadTaint !== true && suspicion !== state.spreadTaint) {
      state.spreadTaint = suspicion;
      this.templates.markSuspect(state.bloom, suspicion);
    }
    state.novelShingles += this.templates.add(shingles, state.bloom, suspicion, config.keepSamples ? prompt.slice(0, 400) : null, !young);
    state.allShingles += shingles.length;
    if (this.dormantQueue.length > 0) this.wakeDormant(tsMs);
    const campaignAfter = state.flagged ? this.graph.campaignOf(state.accountId) : null;
    if (!newlyFlagged && campaignAfter === campaignBefore) return null;
    return { verdict: this.verdictOf(state), newlyFlagged, joinedCampaign: campaignAfter !== campaignBefore ? campaignAfter : null };
  }

  /**
   * Entry counts of the engine's structures that grow with traffic (diagnostics for memory work,
   * docs/PERFORMANCE.md "Memory"; `distillguard scan` prints them with DISTILLGUARD_SCAN_SIZES=1).
   * Walks every account: for an occasional sample, not per exchange.
   */
  memorySizes(): Record<string, number> {
    let accountKeys = 0;
    let templateMaps = 0;
    let templateEntries = 0;
    for (const state of this.accounts.values()) {
      accountKeys += state.keys.length;
      const templates = state.templates;
      if (templates.size > 0) {
        templateMaps++;
        templateEntries += templates.size;
      }
    }
    const index = this.indicators.sizesByType();
    const graph = this.graph.sizes();
    const templates = this.templates.sizes();
    const out: Record<string, number> = {
      accounts: this.accounts.size, account_records: this.records.size, account_keys: accountKeys, account_template_maps: templateMaps,
      account_template_entries: templateEntries, index_keys: this.indicators.size, index_key_chars: index.chars,
    };
    for (const [type, n] of Object.entries(index.byType)) out[`index_${type}`] = n;
    Object.assign(out, {
      graph_nodes: graph.nodes, graph_components: graph.components, graph_anchors: graph.anchors, graph_component_links: graph.componentLinks,
      template_entries: templates.entries, template_suspected: templates.suspected, template_cluster_shingles: templates.clusterShingles,
      template_cluster_use: templates.clusterUse, prompt_memo: this.prompts.size, dormant_keys: this.dormant.size,
    });
    for (const [type, n] of Object.entries(graph.anchorsByType)) out[`graph_anchors_${type}`] = n;
    return out;
  }

  /** The current verdict of an account, or undefined when it has no exchanges. */
  verdict(accountId: string): AccountVerdict | undefined {
    const state = this.accounts.get(accountId);
    return state === undefined ? undefined : this.verdictOf(state);
  }

  /** Verdicts of every account seen, in first-seen order. */
  *verdicts(): IterableIterator<AccountVerdict> {
    for (const state of this.accounts.values()) yield this.verdictOf(state);
  }

  /** The frame shingles of a template cluster (for fingerprints shared with partners). */
  templateShingles(templateId: string): number[] {
    return this.templates.clusterShingles(templateId);
  }

  /** Campaigns (all, or those with the given ids) as spec v1 campaign records with the dashboard's extra fields. */
  campaignRecords(ids?: ReadonlySet<string>): CampaignRecord[] {
    const all = this.graph.campaigns(SUMMARY_LINKS);
    const campaigns = ids === undefined ? all : all.filter((c) => ids.has(c.id));
    return buildCampaignRecords(campaigns, (id) => this.accounts.get(id), this.templates, this.indicators);
  }

  /**
   * Every campaign as a spec v1 campaign record, built one at a time as the iterator is read (the
   * records `campaignRecords()` returns, in the same order): what `distillguard scan` writes, so
   * that only one record at a time is held beside the engine.
   */
  campaignRecordStream(): IterableIterator<CampaignRecord> {
    return campaignRecordsOf(this.graph.campaigns(SUMMARY_LINKS), (id) => this.accounts.get(id), this.templates, this.indicators);
  }

  private stateOf(accountId: string): AccountState {
    let state = this.accounts.get(accountId);
    if (state) return state;
    state = new AccountState(accountId, this.accounts.size, this.slab, this.suspectSlab);
    state.record = this.records.get(accountId);
    this.accounts.set(accountId, state);
    this.byIndex.push(state);
    if (state.record) {
      for (const key of accountKeys(state.record)) this.useKey(state, key, this.clock);
      if (this.config.intel) state.noteIntel(this.config.intel.matchAccount(state.record));
    }
    return state;
  }

  private useKey(state: AccountState, fresh: string, tsMs: number): void {
    // the index's copy of the string: each account would otherwise keep its own copy of every key
    const key = this.indicators.intern(fresh);
    if (!state.addKey(key)) return;
    state.linkEpoch = -1;
    this.indicators.addUse(key, state.flagged);
    if (state.flagged && this.linksCampaigns(key)) this.graph.link(state.accountId, key, tsMs);
  }

  /** A key joins flagged accounts into one campaign when it is mostly theirs. */
  private linksCampaigns(key: string): boolean {
    const stats = this.indicators.get(key);
    if (stats === undefined) return false;
    const type = keyType(key);
    if (type === 'ua_tls') return stats.flagged >= this.config.linkMinFlagged && stats.flagged / stats.accounts >= 0.9;
    return stats.flagged / stats.accounts >= this.config.linkMinShare;
  }

  /** Keeps an account's strongest lockstep partner: far more co-firing than chance allows. */
  private noteLockstep(state: AccountState, tsMs: number): void {
    const link = this.lockstep.observe(state.index, tsMs, state.exchanges, (i) => this.byIndex[i]!.exchanges);
    if (link === null) return;
    const other = this.byIndex[link.other]!;
    const span = Math.max(60_000, tsMs - Math.max(state.firstTs, other.firstTs));
    const chance = (state.exchanges * other.exchanges * 2000) / span;
    if (link.together < 5 * chance) return;
    for (const party of [state, other]) {
      const partner = party === state ? other : state;
      if (party.lockstep === null || link.together > party.lockstep.together) {
        party.lockstep = { accountId: partner.accountId, together: link.together };
      }
    }
    if (state.flagged && other.flagged) {
      this.graph.linkPair(state.accountId, state.index, other.accountId, other.index, tsMs);
    }
  }

  private noteModel(state: AccountState, model: string, tsMs: number): void {
    let release = this.modelFirstSeen.get(model);
    if (release === undefined) {
      release = tsMs;
      this.modelFirstSeen.set(model, tsMs);
    }
    if (!state.usesModel(model)) {
      // a pivot: an account that was already using older models moves to a new one within a day
      if (state.modelCount > 0 && tsMs - release <= PIVOT_WINDOW_MS && release > state.firstTs) {
        state.pivot = { model, hours: (tsMs - release) / HOUR_MS };
      }
      state.noteModelUse(model, tsMs);
    }
  }

  /**
   * Partner-indicator evidence: the strongest match of each kind, weighted by how specific the kind
   * is, strongest first. Kinds add up because each is a different fact, but each next one counts
   * half as much as the one before: they come from the same partner reports, so they are not
   * independent.
   */
  private intelEvidence(intel: IntelMatchSummary, reasons: Reason[] | null): number {
    const weighted = [...intel.byKind.values()]
      .map((match) => ({ match, weight: this.config.intelLogOdds * match.confidence * INTEL_KIND_WEIGHT[match.kind] }))
      .sort((x, y) => y.weight - x.weight);
    let total = 0;
    weighted.forEach(({ match, weight }, rank) => {
      const counted = weight / 2 ** rank;
      total += counted;
      reasons?.push({ signal: 'partner_intel', weight: counted, detail: `matches indicator ${match.indicatorId} shared by ${match.source} (${match.report}): ${match.detail}${rank === 0 && intel.matches > 1 ? `; ${intel.matches} matches in all` : ''}` });
    });
    return total;
  }

  private rescore(state: AccountState): void {
    state.score = sigmoid(this.logOdds(state, null));
  }

  /** Total log-odds of an account; fills `reasons` when given. */
  private logOdds(state: AccountState, reasons: Reason[] | null): number {
    // links to flagged accounts through keys that are mostly theirs (recomputed only when a flag or a key changed)
    if (reasons !== null || state.linkEpoch !== this.flagEpoch) {
      this.computeLinks(state, reasons);
      state.linkEpoch = this.flagEpoch;
    }
    const created = state.record ? Date.parse(state.record.created_at) : Number.NaN;
    // A sign-up burst and a sign-up window shared with flagged accounts are one fact seen twice (the
    // campaign's batch is the burst): once the window links the account, the burst is not added.
    const burst = Number.isNaN(created) || state.linksSignupWindow ? null : this.signups.burstOf(created);
    let total = this.config.priorLogOdds + factEvidence(state.record, state.firstTs, burst, reasons) + state.evidence + state.linkEvidence;

    // exchange evidence, explained by its parts
    if (reasons) this.exchangeReasons(state, reasons);

    if (state.hits.cohort >= COHORT_MEMBER_HITS) total += COHORT_MEMBER_LOG_ODDS;

    // proxy rotation: a new network for most requests, across many ASNs (hydra exits)
    if (state.rotation > 0) {
      total += state.rotation;
      reasons?.push({ signal: 'proxy_rotation', weight: state.rotation, detail: `came from ${state.asns.size}${state.asns.size >= 32 ? '+' : ''} networks (ASNs) in ${state.exchanges} requests, ${state.countries.size} countries: a new network for most requests, as rotating residential proxies give` });
    }
    if (state.intel !== null) total += this.intelEvidence(state.intel, reasons);
    if (state.lockstep !== null) {
      const partner = this.accounts.get(state.lockstep.accountId);
      if (partner?.flagged) {
        total += 2;
        reasons?.push({ signal: 'lockstep_timing', weight: 2, detail: `fired within a second of flagged account ${partner.accountId} ${state.lockstep.together} times` });
      }
    }
    if (state.pivot) {
      total += 1;
      reasons?.push({ signal: 'model_pivot', weight: 1, detail: `moved to ${state.pivot.model} ${state.pivot.hours.toFixed(1)} h after it was first served` });
    }

    return total;
  }

  private computeLinks(state: AccountState, reasons: Reason[] | null): void {
    let links = 0;
    let strongest: { key: string; weight: number } | null = null;
    const bestPerType = new Map<IndicatorType, number>();
    let circumstantialOnly = true;
    for (const key of state.keys) {
      if (!this.indicators.isCampaignKey(key, this.config.linkMinFlagged, this.config.linkMinShare)) continue;
      const type = keyType(key);
      const weight = type === 'ua_tls' && !this.linksCampaigns(key) ? 0 : LINK_WEIGHT[type];
      if (weight <= (bestPerType.get(type) ?? 0)) continue;
      links += weight - (bestPerType.get(type) ?? 0);
      bestPerType.set(type, weight);
      if (!CIRCUMSTANTIAL_LINK_TYPES.has(type)) circumstantialOnly = false;
      if (strongest === null || weight > strongest.weight) strongest = { key, weight };
    }
    state.linkEvidence = Math.min(MAX_LINK_EVIDENCE, links);
    state.linksCircumstantialOnly = circumstantialOnly;
    state.linksSignupWindow = bestPerType.has('signup_window');
    if (reasons && strongest !== null) {
      const stats = this.indicators.get(strongest.key)!;
      reasons.push({ signal: 'shared_infrastructure', weight: state.linkEvidence, detail: `shares ${describeKey(strongest.key)} with ${stats.flagged} flagged accounts (${stats.accounts} accounts in all)` });
    }
  }

  private exchangeReasons(state: AccountState, reasons: Reason[]): void {
    const hits = state.hits;
    const n = state.exchanges;
    const config = this.config.hitLogOdds;
    if (hits.template > 0 && state.topTemplate) {
      const top = state.topTemplate;
      reasons.push({ signal: 'template_shared', weight: config.template * Math.min(hits.template, 3), detail: `${hits.template} of ${n} prompts use prompt template ${top.id}, shared with ${top.users} accounts, ${(top.taint * 100).toFixed(0)}% of them suspicious` });
    }
    if (hits.cohort > 0) {
      const member = hits.cohort >= COHORT_MEMBER_HITS;
      reasons.push({
        signal: 'cohort_wording',
        weight: config.cohort * Math.min(hits.cohort, 3) + (member ? COHORT_MEMBER_LOG_ODDS : 0),
        detail: `${hits.cohort} of ${n} prompts use wording that only young accounts share: ${state.cohortUsers} accounts created less than ${COHORT_AGE_DAYS} days before they used it, and no older account${member ? `; ${COHORT_MEMBER_HITS} or more such wordings, which no ordinary account is expected to reach` : ''}`,
      });
    }
    if (hits.cot_extraction > 0) reasons.push({ signal: 'cot_extraction', weight: config.cot_extraction * Math.min(hits.cot_extraction, 3), detail: `${hits.cot_extraction} of ${n} prompts ask the model to write out its internal reasoning` });
    if (hits.grader > 0) {
      const strongest = graderMarginWeight(state.graderMargin);
      reasons.push({
        signal: 'grader_use',
        weight: config.grader * strongest * Math.min(hits.grader, 3),
        detail: `${hits.grader} of ${n} prompts use the model as a grader or reward model (the strongest scored ${state.graderMargin.toFixed(1)} logits over the head's threshold${strongest < 1 ? `, where a hit counts ${strongest} of a full one` : ''})`,
      });
    }
    if (jailbreakRun(hits.jailbreak, n)) reasons.push({ signal: 'jailbreak', weight: config.jailbreak * Math.min(hits.jailbreak - JAILBREAK_RUN_MIN + 1, 3), detail: `${hits.jailbreak} of ${n} prompts are jailbreak attempts` });
  }

  private flag(state: AccountState, tsMs: number): void {
    state.flagged = true;
    this.flagEpoch++;
    state.firstFlaggedAt = tsMs;
    if (this.dormant.size > 0 && state.record !== undefined) {
      for (const key of accountKeys(state.record)) {
        const ids = this.dormant.get(key);
        if (ids === undefined) continue;
        for (const id of ids) if (this.isDormant(id)) this.dormantQueue.push(id);
      }
    }
    this.graph.addAccount(state.accountId);
    for (const key of state.keys) this.indicators.markFlagged(key);
    for (const key of state.keys) if (this.linksCampaigns(key)) this.graph.link(state.accountId, key, tsMs);
    for (const id of state.templates.keys()) this.graph.link(state.accountId, `template:${id}`, tsMs);
    const partner = state.lockstep === null ? undefined : this.accounts.get(state.lockstep.accountId);
    if (partner?.flagged) this.graph.linkPair(partner.accountId, partner.index, state.accountId, state.index, tsMs);
  }

  private verdictOf(state: AccountState): AccountVerdict {
    const reasons: Reason[] = [];
    const logOdds = this.logOdds(state, reasons);
    const score = state.flagged ? Math.max(state.score, sigmoid(logOdds)) : sigmoid(logOdds);
    const ranked = reasons.filter((r) => r.weight > 0).sort((a, b) => b.weight - a.weight || (a.signal < b.signal ? -1 : 1));
    return {
      accountId: state.accountId,
      score: Math.round(score * 1e4) / 1e4,
      flagged: state.flagged,
      firstFlaggedAt: state.firstFlaggedAt,
      campaignId: state.flagged ? this.graph.campaignOf(state.accountId) : null,
      reasons: ranked.map((r) => ({ ...r, weight: Math.round(r.weight * 100) / 100 })),
    };
  }
}
