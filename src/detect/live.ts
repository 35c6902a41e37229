/**
 * The engine running live beside the gateway: each recorded exchange updates it, and every verdict
 * change and campaign change lands in the store at once (the recorder flushes every few tens of
 * milliseconds, so a verdict is stored well within a second of the exchange that caused it).
 *
 * `LiveDetector` knows nothing of threads: the gateway runs it inside the recording worker for a
 * database file (off the request thread), or on the main thread for an in-memory store.
 */

import type { CampaignRecord, ExchangeRecord } from '../records/types.js';
import type { Store, StoredVerdict } from '../store/types.js';
import { DetectionEngine } from './engine.js';
import type { AccountVerdict, DetectionConfig, PromptScorer } from './types.js';

/** What one batch changed. */
export interface DetectionUpdate {
  verdicts: StoredVerdict[];
  campaigns: CampaignRecord[];
}

/** How much stored history rebuilds the engine's state at start. */
export interface WarmupOptions {
  /** Exchanges from this time on (RFC 3339); default: all stored. */
  since?: string;
  /** Most exchanges replayed (newest are kept in mind by time order; default 2,000,000). */
  limit?: number;
}

/** A campaign's stored record is refreshed at most this often (a big campaign is costly to rebuild). */
const CAMPAIGN_REFRESH_MS = 1000;

/** Accounts read from the store per query. */
const ACCOUNT_PAGE = 5000;

export class LiveDetector {
  private readonly knownAccounts = new Set<string>();
  /** Arrival position of the newest account read from the store (`Store.listAccountsByArrival`). */
  private accountCursor = 0;
  private readonly dirtyCampaigns = new Set<string>();
  private readonly campaignWrittenAt = new Map<string, number>();
  /** The campaign each flagged account's last stored verdict named. */
  private readonly lastCampaign = new Map<string, string | null>();
  /** Merges seen while observing, applied to stored campaigns at the next flush. */
  private pendingRetired = new Map<string, string>();

  private constructor(private readonly store: Store, readonly engine: DetectionEngine) {}

  /**
   * Builds a detector on a store: loads the account records, then replays stored exchanges through
   * the engine (without storing verdicts again) so that a restarted gateway keeps its memory.
   */
  static async create(store: Store, scorer: PromptScorer, config: Partial<DetectionConfig>, warmup: WarmupOptions = {}): Promise<LiveDetector> {
    const detector = new LiveDetector(store, new DetectionEngine(scorer, config));
    for (;;) {
      const page = await store.listAccountsByArrival({ afterSeq: detector.accountCursor, limit: ACCOUNT_PAGE });
      for (const account of page) {
        detector.engine.addAccount(account.record);
        detector.knownAccounts.add(account.record.account_id);
        detector.accountCursor = account.seq;
      }
      if (page.length < ACCOUNT_PAGE) break;
    }
    for await (const record of store.iterateExchanges({ ...(warmup.since === undefined ? {} : { since: warmup.since }), limit: warmup.limit ?? 2_000_000 })) {
      detector.engine.observe(record);
    }
    // warm-up decisions were stored when first made
    detector.engine.takeDormantFlags();
    return detector;
  }

  /**
   * Assesses the accounts stored since the last call (sign-ups, imports, `keys create`) on their
   * sign-up facts, before they send anything, and stores the verdicts of those it flags: a new
   * account that pays with a blocked campaign's card is held at its first request.
   */
  async assessNewAccounts(nowMs = Date.now()): Promise<DetectionUpdate> {
    const verdicts: StoredVerdict[] = [];
    const ts = new Date(nowMs).toISOString();
    for (;;) {
      const page = await this.store.listAccountsByArrival({ afterSeq: this.accountCursor, limit: ACCOUNT_PAGE });
      for (const account of page) {
        this.accountCursor = account.seq;
        const id = account.record.account_id;
        if (this.knownAccounts.has(id)) continue; // first seen in an exchange that raced ahead of this poll
        this.knownAccounts.add(id);
        const change = this.engine.assessAccount(account.record, nowMs);
        if (change !== null) this.note(change.verdict, ts, verdicts);
        for (const dormant of this.engine.takeDormantFlags()) this.note(dormant.verdict, ts, verdicts);
      }
      if (page.length < ACCOUNT_PAGE) break;
    }
    for (const verdict of verdicts) await this.store.insertVerdict(verdict);
    // the campaign's stored record names its new members at once (the dashboard reads it)
    return { verdicts, campaigns: verdicts.length > 0 ? await this.flushCampaigns(true) : [] };
  }

  /** Observes a batch of exchanges in order and stores what changed. */
  async process(records: readonly ExchangeRecord[]): Promise<DetectionUpdate> {
    const verdicts: StoredVerdict[] = [];
    for (const record of records) {
      if (!this.knownAccounts.has(record.account_id)) {
        this.knownAccounts.add(record.account_id);
        const stored = await this.store.getAccount(record.account_id);
        if (stored) this.engine.addAccount(stored.record);
      }
      const change = this.engine.observe(record);
      // A merge moves the absorbed campaign's members into the surviving one: say so for each of
      // them now (enforcement holds members through their verdict's campaign), not at their next request.
      if (this.engine.graph.retiredCount > 0) this.noteMerges(this.engine.graph.takeRetired(), record.ts, verdicts);
      if (change !== null) this.note(change.verdict, record.ts, verdicts);
      // accounts that have not sent anything yet, flagged with this one on shared sign-up facts
      for (const dormant of this.engine.takeDormantFlags()) this.note(dormant.verdict, record.ts, verdicts);
    }
    for (const verdict of verdicts) await this.store.insertVerdict(verdict);
    return { verdicts, campaigns: await this.flushCampaigns(false) };
  }

  private note(verdict: AccountVerdict, ts: string, verdicts: StoredVerdict[]): void {
    verdicts.push({ accountId: verdict.accountId, ts, score: verdict.score, flagged: verdict.flagged, campaignId: verdict.campaignId, reasons: verdict.reasons });
    if (verdict.campaignId !== null) this.dirtyCampaigns.add(verdict.campaignId);
    this.lastCampaign.set(verdict.accountId, verdict.campaignId);
  }

  private noteMerges(retired: Map<string, string>, ts: string, verdicts: StoredVerdict[]): void {
    const survivors = new Set(retired.values());
    for (const [from, into] of retired) this.pendingRetired.set(from, into);
    // members only: no link keys
    for (const campaign of this.engine.graph.campaigns(0)) {
      if (!survivors.has(campaign.id)) continue;
      for (const member of campaign.members) {
        if (this.lastCampaign.get(member) === campaign.id) continue;
        const verdict = this.engine.verdict(member);
        if (!verdict) continue;
        verdicts.push({ accountId: member, ts, score: verdict.score, flagged: verdict.flagged, campaignId: campaign.id, reasons: verdict.reasons });
        this.lastCampaign.set(member, campaign.id);
      }
      this.dirtyCampaigns.add(campaign.id);
    }
  }

  /** Stores the campaigns that changed (those refreshed less than a second ago wait, unless `all`). */
  async flushCampaigns(all: boolean): Promise<CampaignRecord[]> {
    const retiredNow = this.pendingRetired;
    this.pendingRetired = new Map();
    for (const [retired, into] of this.engine.graph.takeRetired()) retiredNow.set(retired, into);
    for (const [retired, into] of retiredNow) {
      this.dirtyCampaigns.delete(retired);
      this.dirtyCampaigns.add(into);
      const stored = await this.store.getCampaign(retired);
      if (!stored) continue;
      await this.store.upsertCampaign({ ...stored.record, merged_into: into }, new Date().toISOString());
      await this.store.setCampaignStatus(retired, 'merged', new Date().toISOString());
      // a block on either part holds for the whole merged campaign
      if (stored.status === 'blocked' && (await this.store.getCampaign(into))) await this.store.setCampaignStatus(into, 'blocked', new Date().toISOString());
    }
    if (this.dirtyCampaigns.size === 0) return [];
    const nowMs = Date.now();
    const due = new Set<string>();
    for (const id of this.dirtyCampaigns) {
      if (all || nowMs - (this.campaignWrittenAt.get(id) ?? 0) >= CAMPAIGN_REFRESH_MS) due.add(id);
    }
    if (due.size === 0) return [];
    const campaigns = this.engine.campaignRecords(due);
    const now = new Date(nowMs).toISOString();
    for (const campaign of campaigns) {
      await this.store.upsertCampaign(campaign, now);
      this.campaignWrittenAt.set(campaign.campaign_id, nowMs);
    }
    for (const id of due) this.dirtyCampaigns.delete(id);
    return campaigns;
  }
}
