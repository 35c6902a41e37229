/**
 * Shared prompt templates, found online and weighted by rarity across the whole population.
 *
 * Every exchange contributes the frame shingles of its prompt (text.ts). For each shingle the table
 * keeps how many distinct accounts used it (`users`) and how many of those used it in an exchange
 * that was suspicious at the time (a classifier hit, or an account already flagged): `suspects`.
 * A shingle's *taint* is the Wilson lower bound of suspects / users. Rarity weighting falls out of it: a public phrase
 * ("You are a helpful assistant", "Let's think step by step") is used by thousands of ordinary
 * accounts, so its taint stays near zero and it links nobody, while a campaign's wrapper wording is
 * used almost only by the campaign.
 *
 * Tainted shingles that occur in the same prompt are joined into template clusters (union-find), so
 * that an analyst sees one template `t_…` for one wrapper, with its account count and samples.
 *
 * Known public text (public-text.ts: the wording of public evaluation sets) never taints and is never
 * cohort wording, however many campaign accounts paste it into their slots: `match` never counts
 * it, and it joins no cluster.
 *
 * Memory is bounded: the table keeps at most `maxShingles` entries and drops shingles seen by a
 * single account (most are filled-in slots) when it is full; per account, distinct use is tracked
 * in two fixed-size Bloom filters (see AccountBloom).
 */

import { AccountSlab, REGION, SUSPECT_REGION_WORDS } from './account-slab.js';
import type { PublicTextSet } from './public-text.js';
import { ShingleTable } from './shingle-table.js';
import { mix32 } from './text.js';

/** Distinct shingles remembered per account for retroactive taint (4 bytes each). */
const RECENT_SHINGLES = REGION.recentWords;

/**
 * Whether an exchange's (or an account's earlier) shingles count as suspect uses: `true` all of
 * them, `'cohort'` only those that are cohort wording (an account grounded by cohort membership
 * alone: its evidence is about that wording, not about the rest of what it sent), `false` none.
 */
export type Suspicion = boolean | 'cohort';

/**
 * Per-account memory of which shingles it has used (all uses / suspicious uses), plus a ring of the
 * last distinct shingles it used, so that when the account turns out to be an attacker its earlier
 * uses can be counted as suspicious too.
 *
 * A view over the account's region of an AccountSlab chunk: the engine's accounts share large
 * chunks instead of owning small typed arrays each (account-slab.ts); AccountState extends it, so
 * an account carries no separate filter object. The filter of suspicious uses is taken from
 * `suspects` at the first suspicious use: most accounts never have one. Without a slab, it takes a
 * region of its own (tests, one-off use).
 */
export class AccountBloom {
  /** The slab chunk holding the account's region, and the region's first word. */
  protected readonly words: Uint32Array;
  protected readonly base: number;
  private readonly suspects: AccountSlab | null;
  private suspectWords: Uint32Array | null = null;
  private suspectBits = 0;
  /** Shingles ever pushed to the ring of recent ones. */
  recentPushed = 0;

  constructor(slab: AccountSlab = new AccountSlab(1), suspects: AccountSlab | null = null) {
    this.base = slab.allocate();
    this.words = slab.chunk;
    this.suspects = suspects;
  }

  /** Notes a shingle the account used for the first time. */
  remember(shingle: number): void {
    this.words[this.base + REGION.recent + (this.recentPushed % RECENT_SHINGLES)] = shingle;
    this.recentPushed++;
  }

  /** The i-th slot of the ring of recent distinct shingles (0 ≤ i < min(recentPushed, its size)). */
  recentAt(i: number): number {
    return this.words[this.base + REGION.recent + i]!;
  }

  /** Sets the bit pair of `shingle` in filter `half` (0: all uses, 1: suspicious uses); true when it was not set before. */
  add(shingle: number, half: 0 | 1): boolean {
    let words = this.words;
    let base = this.base + REGION.bloom;
    if (half === 1) {
      if (this.suspectWords === null) this.allocateSuspect();
      words = this.suspectWords!;
      base = this.suspectBits;
    }
    const a = shingle & 2047;
    const b = mix32(shingle, 0x2545f491) & 2047;
    const wa = base + (a >>> 5);
    const wb = base + (b >>> 5);
    const ma = 1 << (a & 31);
    const mb = 1 << (b & 31);
    const seen = (words[wa]! & ma) !== 0 && (words[wb]! & mb) !== 0;
    words[wa]! |= ma;
    words[wb]! |= mb;
    return !seen;
  }

  /** Whether the account has used `shingle` before (filter 0; a false positive now and then, never a false negative). */
  used(shingle: number): boolean {
    const a = shingle & 2047;
    const b = mix32(shingle, 0x2545f491) & 2047;
    const base = this.base + REGION.bloom;
    return (this.words[base + (a >>> 5)]! & (1 << (a & 31))) !== 0 && (this.words[base + (b >>> 5)]! & (1 << (b & 31))) !== 0;
  }

  private allocateSuspect(): void {
    if (this.suspects === null) {
      this.suspectWords = new Uint32Array(SUSPECT_REGION_WORDS);
      this.suspectBits = 0;
    } else {
      this.suspectBits = this.suspects.allocate();
      this.suspectWords = this.suspects.chunk;
    }
  }
}

/** Tuning of the template table. */
export interface TemplateOptions {
  /** Entries kept before singletons are dropped. */
  maxShingles: number;
  /** Distinct suspicious accounts a shingle needs before it can taint anything. */
  minSuspects: number;
  /** Taint from which a shingle counts as a campaign template's wording. */
  taintThreshold: number;
  /**
   * Most users that were not suspicious when they used it (plus `cleanShare` of all users): a phrase
   * that many ordinary accounts use is public (a benchmark item, a common instruction) and links
   * nobody, however often a campaign also uses it.
   */
  maxCleanUsers: number;
  cleanShare: number;
  /**
   * Cohort wording: a shingle used by at least `cohortMinUsers` young accounts and by at most
   * `cohortMaxEstablished` established ones (`add` says which a user is). `cohortMinUsers` 0 turns
   * it off. Five young users (as many as a taint needs suspects) and no established one: a public phrase is used by established
   * accounts (most ordinary accounts are years old), a new campaign's wrapper only by its members.
   */
  cohortMinUsers: number;
  cohortMaxEstablished: number;
}

export const DEFAULT_TEMPLATE_OPTIONS: TemplateOptions = {
  maxShingles: 4_000_000, minSuspects: 5, taintThreshold: 0.75, maxCleanUsers: 8, cleanShare: 0.03,
  cohortMinUsers: 5, cohortMaxEstablished: 0,
};

const Z = 1.645;

/**
 * Taint of a shingle: the lower bound of the one-sided 95 % Wilson interval of suspects / users,
 * so that three suspicious users out of three (chance, for a rarely used phrase) taints nothing,
 * while four hundred out of four hundred and ten does.
 */
export function taintOf(suspects: number, users: number): number {
  if (users === 0) return 0;
  const p = suspects / users;
  const z2 = Z * Z;
  const centre = p + z2 / (2 * users);
  const margin = Z * Math.sqrt((p * (1 - p)) / users + z2 / (4 * users * users));
  return Math.max(0, (centre - margin) / (1 + z2 / users));
}

/** A taint bar other than the table's own, for one match: least taint, most clean users. */
export interface TaintBar {
  taint: number;
  maxCleanUsers: number;
}

/** What the table says about one prompt. */
export interface TemplateMatch {
  /** Highest taint among the prompt's shingles that have enough suspects (0 when none). */
  taint: number;
  /** How many of its shingles are above the taint threshold. */
  taintedShingles: number;
  /** The strongest tainted shingle (for the template cluster), or 0. */
  shingle: number;
  /** Distinct accounts that used that shingle. */
  users: number;
  /** How many of its shingles are cohort wording (used by young accounts only, see TemplateOptions) new to the account. */
  cohortShingles: number;
  /** The most young users among those cohort shingles (0 when none). */
  cohortUsers: number;
}

/** Bits of TemplateTable's filter of suspected shingles (2^17 bits: 16 KB), and its hash multiplier (murmur3's). */
const SUSPECTED_FILTER_BITS = 17;
const FILTER_MULTIPLIER = 0x85ebca6b | 0;

const NO_MATCH: TemplateMatch = Object.freeze({ taint: 0, taintedShingles: 0, shingle: 0, users: 0, cohortShingles: 0, cohortUsers: 0 });

/** Counts of distinct users per shingle, with union-find clusters over tainted shingles. */
export class TemplateTable {
  private readonly table = new ShingleTable();
  /** Union-find parent over tainted shingles (by shingle value). */
  private readonly parent = new Map<number, number>();
  /**
   * The keys of `parent` again, in a typed table: asked for most shingles of most prompts, and a
   * Map with 32-bit keys boxes and hashes them as doubles (see shingle-table.ts). Members are never
   * removed, as from `parent`.
   */
  private readonly members = new ShingleTable(1024);
  /**
   * The entries of `table` with at least `minSuspects` suspects, with the same counts: all that
   * `match` (asked for every shingle of every prompt) can use, since it skips the others. The main
   * table holds hundreds of thousands of entries (up to `maxShingles`), so each of its lookups is
   * a cache miss; these are a few thousand (10,053 of 216,343 after 150,000 exchanges of `hard`). Kept in step wherever the counts change (`add`,
   * `markSuspect`); never evicted from, like its entries in `table` (they have at least
   * `minSuspects` ≥ 2 users, and eviction drops single-user entries). Unused (and `match` reads
   * `table`) when `minSuspects` < 2.
   */
  private readonly suspected = new ShingleTable(1024);
  private readonly useSuspected: boolean;
  /**
   * One bit per 2^17 hash values, set for every shingle in `suspected` (never cleared: entries are
   * never removed from it): most shingles of a prompt are not there, and this 16 KB filter, in
   * the first-level cache, says so without a lookup. A set bit may be another shingle's: then
   * the table is asked.
   */
  private readonly suspectedBits = new Int32Array(1 << (SUSPECTED_FILTER_BITS - 5));
  /** Accounts and exchanges per cluster member shingle (summed at report time). */
  private readonly clusterUse = new Map<number, { exchanges: number; samples: string[] }>();
  private readonly options: TemplateOptions;
  private readonly publicText: PublicTextSet | null;

  /** `publicText`: shingles of known public text, which never taint (null: none is known). */
  constructor(options: Partial<TemplateOptions> = {}, publicText: PublicTextSet | null = null) {
    this.options = { ...DEFAULT_TEMPLATE_OPTIONS, ...options };
    this.useSuspected = this.options.minSuspects >= 2;
    this.publicText = publicText;
  }

  /** Whether a shingle is known public text. */
  isPublic(shingle: number): boolean {
    return this.publicText !== null && this.publicText.has(shingle);
  }

  /**
   * Copies an entry's new counts into `suspected` once it matters to `match`: enough suspects, or
   * cohort wording. An entry already there is kept in step even when it no longer qualifies
   * (established users can come later and end a cohort): `match` checks the counts again.
   *
   * Returns whether the shingle is known public text, asked only once it qualifies (callers ask
   * only then: a tainted shingle qualifies). Public text is entered in `suspected` once, with zero
   * counts, which `match` skips: later updates find that marker in the small table instead of
   * asking the public-text filter, whose 2 MB are beyond the cache.
   */
  private noteCounts(shingle: number, users: number, established: number, suspects: number): boolean {
    const qualifies = suspects >= this.options.minSuspects || this.isCohort(users, established);
    if (!this.useSuspected) return qualifies && this.isPublic(shingle);
    const bit = Math.imul(shingle, FILTER_MULTIPLIER) >>> (32 - SUSPECTED_FILTER_BITS);
    const filtered = (this.suspectedBits[bit >>> 5]! & (1 << (bit & 31))) !== 0;
    let slot = filtered ? this.suspected.find(shingle) : -1;
    if (slot >= 0) {
      // real entries have at least one user from their insertion on
      if (this.suspected.users(slot) === 0) return true;
    } else {
      if (!qualifies) return false;
      slot = this.suspected.findOrInsert(shingle);
      this.suspectedBits[bit >>> 5]! |= 1 << (bit & 31);
      if (this.isPublic(shingle)) return true;
    }
    this.suspected.setUsersAndEstablished(slot, users, established);
    this.suspected.setSuspects(slot, suspects);
    return false;
  }

  /** Whether a shingle is cohort wording now (false when the table does not hold it). */
  private isCohortShingle(shingle: number): boolean {
    const slot = this.table.find(shingle);
    return slot >= 0 && this.isCohort(this.table.users(slot), this.table.established(slot));
  }

  /** Cohort wording: enough young users, (almost) no established one. */
  private isCohort(users: number, established: number): boolean {
    const options = this.options;
    return options.cohortMinUsers > 0 && established <= options.cohortMaxEstablished && users - established >= options.cohortMinUsers;
  }

  private isTainted(suspects: number, users: number, bar: TaintBar | null = null): boolean {
    const options = this.options;
    const maxClean = bar === null ? options.maxCleanUsers + options.cleanShare * users : bar.maxCleanUsers;
    return suspects >= options.minSuspects && users - suspects <= maxClean
      && taintOf(suspects, users) >= (bar === null ? options.taintThreshold : bar.taint);
  }

  /**
   * Share of a prompt's shingles that many ordinary (not suspect) accounts have used: near 1 for a
   * prompt that is public text from end to end (a benchmark item with a common instruction), low for
   * a prompt with wording of its own.
   */
  commonShare(shingles: ArrayLike<number>, minCleanUsers = 10): number {
    if (shingles.length === 0) return 0;
    let common = 0;
    for (let i = 0; i < shingles.length; i++) {
      const slot = this.table.find(shingles[i]!);
      if (slot >= 0 && this.table.users(slot) - this.table.suspects(slot) >= minCleanUsers) common++;
    }
    return common / shingles.length;
  }

  /** Entries currently held. */
  get size(): number {
    return this.table.size;
  }

  /** Entry counts (diagnostics): the main table, its suspected entries, cluster member shingles and cluster-use records. */
  sizes(): { entries: number; suspected: number; clusterShingles: number; clusterUse: number } {
    return { entries: this.table.size, suspected: this.suspected.size, clusterShingles: this.parent.size, clusterUse: this.clusterUse.size };
  }

  /**
   * Scores a prompt's shingles against the table as it stands (before this exchange is added):
   * the decision at time t uses only what was seen before t. `bar` replaces the taint threshold and
   * the clean-user cap for this match only (the least number of suspects stays). `account`: the
   * account sending the prompt; cohort shingles it has used before are not counted (the same
   * wording again says nothing new about it).
   */
  match(shingles: ArrayLike<number>, bar: TaintBar | null = null, account: AccountBloom | null = null): TemplateMatch {
    return this.matchIn(this.useSuspected ? this.suspected : this.table, shingles, this.useSuspected ? this.suspectedBits : null, bar, account);
  }

  /** `match` read from the main table, which holds every entry: the oracle of its shortcut (tests). */
  matchFromAllEntries(shingles: ArrayLike<number>, bar: TaintBar | null = null, account: AccountBloom | null = null): TemplateMatch {
    return this.matchIn(this.table, shingles, null, bar, account);
  }

  /** `match` over `table`; `filter`: suspectedBits when `table` is `suspected` (a clear bit: not there). */
  private matchIn(table: ShingleTable, shingles: ArrayLike<number>, filter: Int32Array | null, bar: TaintBar | null, account: AccountBloom | null = null): TemplateMatch {
    let best = 0;
    let bestShingle = 0;
    let bestUsers = 0;
    let tainted = 0;
    let cohort = 0;
    let cohortUsers = 0;
    for (let i = 0; i < shingles.length; i++) {
      const shingle = shingles[i]!;
      if (filter !== null) {
        const bit = Math.imul(shingle, FILTER_MULTIPLIER) >>> (32 - SUSPECTED_FILTER_BITS);
        if ((filter[bit >>> 5]! & (1 << (bit & 31))) === 0) continue;
      }
      const slot = table.find(shingle);
      if (slot < 0) continue;
      // public text in the shortcut table has zero counts (noteCounts); the main table has its counts
      if (filter === null && this.isPublic(shingle)) continue;
      const suspects = table.suspects(slot);
      const users = table.users(slot);
      const options = this.options;
      if (options.cohortMinUsers > 0) {
        const established = table.established(slot);
        if (this.isCohort(users, established) && (account === null || !account.used(shingle))) {
          cohort++;
          if (users - established > cohortUsers) cohortUsers = users - established;
        }
      }
      if (suspects < options.minSuspects) continue;
      // isTainted, written out so that the taint is computed once
      const maxClean = bar === null ? options.maxCleanUsers + options.cleanShare * users : bar.maxCleanUsers;
      if (users - suspects > maxClean) continue;
      const taint = taintOf(suspects, users);
      if (taint < (bar === null ? options.taintThreshold : bar.taint)) continue;
      tainted++;
      if (taint > best || (taint === best && users > bestUsers)) {
        best = taint;
        bestShingle = shingle;
        bestUsers = users;
      }
    }
    if (best === 0 && cohort === 0) return NO_MATCH;
    return { taint: best, taintedShingles: tainted, shingle: bestShingle, users: bestUsers, cohortShingles: cohort, cohortUsers };
  }

  /**
   * Adds an exchange's shingles for an account. `suspicious`: which of them count towards taint
   * (`Suspicion`: all, the cohort wording among them, or none).
   * `established`: the account is not young (a new user of a shingle counts against its being cohort wording).
   * Tainted shingles of the same prompt are joined into one template cluster. Returns how many of
   * the shingles are new to the account (its novelty, in the spirit of PRADA).
   */
  add(shingles: ArrayLike<number>, bloom: AccountBloom, suspicious: Suspicion, sample: string | null, established = true): number {
    let firstTainted = 0;
    let novel = 0;
    for (let i = 0; i < shingles.length; i++) {
      const shingle = shingles[i]!;
      const newUser = bloom.add(shingle, 0);
      if (newUser) {
        bloom.remember(shingle);
        novel++;
      }
      const newSuspect = (suspicious === true || (suspicious === 'cohort' && this.isCohortShingle(shingle))) && bloom.add(shingle, 1);
      if (!newUser && !newSuspect) {
        if (firstTainted === 0 && this.isMember(shingle)) firstTainted = shingle;
        continue;
      }
      let slot = this.table.find(shingle);
      if (slot < 0) {
        if (!newUser) continue; // evicted earlier; its distinct count restarts only with a new user
        if (this.table.size >= this.options.maxShingles) this.evictSingletons();
        slot = this.table.findOrInsert(shingle);
      }
      const table = this.table;
      const users = newUser ? table.users(slot) + 1 : table.users(slot);
      if (newUser) {
        table.setUsers(slot, users);
        if (established) table.addEstablished(slot);
      }
      let suspects = table.suspects(slot);
      if (newSuspect) table.setSuspects(slot, suspects = Math.min(users, suspects + 1));
      const publicText = this.noteCounts(shingle, users, table.established(slot), suspects);
      if (!publicText && this.isTainted(suspects, users)) {
        this.addMember(shingle);
        if (firstTainted === 0) firstTainted = shingle;
        else this.union(firstTainted, shingle);
      }
    }
    if (firstTainted !== 0) {
      const root = this.find(firstTainted);
      let use = this.clusterUse.get(root);
      if (!use) {
        use = { exchanges: 0, samples: [] };
        this.clusterUse.set(root, use);
      }
      use.exchanges++;
      if (sample !== null && use.samples.length < 3) use.samples.push(sample);
    }
    return novel;
  }

  /**
   * Counts an account's remembered earlier shingles as suspicious uses (`only`: all of them, or the
   * cohort wording among them): called when the account becomes a suspect, and once more if a
   * cohort-only suspect becomes a full one (shingles already counted are skipped). Without it, every
   * campaign account's uses before its flag would count as clean users and keep the campaign's own
   * wrapper from ever tainting.
   */
  markSuspect(bloom: AccountBloom, only: Exclude<Suspicion, false> = true): void {
    const count = Math.min(bloom.recentPushed, RECENT_SHINGLES);
    for (let i = 0; i < count; i++) {
      const shingle = bloom.recentAt(i) >>> 0;
      if (only === 'cohort' && !this.isCohortShingle(shingle)) continue;
      if (!bloom.add(shingle, 1)) continue;
      const slot = this.table.find(shingle);
      if (slot < 0) continue;
      const users = this.table.users(slot);
      const suspects = Math.min(users, this.table.suspects(slot) + 1);
      this.table.setSuspects(slot, suspects);
      const publicText = this.noteCounts(shingle, users, this.table.established(slot), suspects);
      if (!publicText && this.isTainted(suspects, users)) this.addMember(shingle);
    }
  }

  /** The template id (`t_` + 8 hex) of the cluster a tainted shingle belongs to. */
  templateId(shingle: number): string {
    const root = this.isMember(shingle) ? this.find(shingle) : shingle;
    return `t_${root.toString(16).padStart(8, '0')}`;
  }

  /** Every tainted shingle of a template cluster, ascending. */
  clusterShingles(templateId: string): number[] {
    const shingle = Number.parseInt(templateId.slice(2), 16);
    if (!this.parent.has(shingle)) return [];
    const root = this.find(shingle);
    const out: number[] = [];
    for (const member of this.parent.keys()) if (this.find(member) === root) out.push(member);
    return out.sort((a, b) => a - b);
  }

  /** Distinct users of a shingle (0 when unknown). */
  usersOf(shingle: number): number {
    const slot = this.table.find(shingle);
    return slot < 0 ? 0 : this.table.users(slot);
  }

  /** Exchanges and sample prompts of a template cluster. */
  clusterInfo(templateId: string): { exchanges: number; samples: string[] } {
    const shingle = Number.parseInt(templateId.slice(2), 16);
    const root = this.parent.has(shingle) ? this.find(shingle) : shingle;
    let exchanges = 0;
    const samples: string[] = [];
    // clusterUse keys can be stale roots after a union: fold them in.
    for (const [key, use] of this.clusterUse) {
      if (this.find(key) !== root) continue;
      exchanges += use.exchanges;
      for (const sample of use.samples) if (samples.length < 3) samples.push(sample);
    }
    return { exchanges, samples };
  }

  /** Whether a shingle is in a cluster (a key of `parent`). */
  private isMember(shingle: number): boolean {
    return this.members.find(shingle) >= 0;
  }

  /** Makes a tainted shingle a cluster of its own, unless it is in one already. */
  private addMember(shingle: number): void {
    if (this.isMember(shingle)) return;
    this.parent.set(shingle, shingle);
    this.members.findOrInsert(shingle);
  }

  private find(shingle: number): number {
    let root = shingle;
    for (let up = this.parent.get(root); up !== undefined && up !== root; up = this.parent.get(root)) root = up;
    // path compression
    let node = shingle;
    while (node !== root) {
      const up = this.parent.get(node)!;
      this.parent.set(node, root);
      node = up;
    }
    return root;
  }

  private union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    // the smaller value becomes the root, so ids do not depend on arrival order within a prompt
    if (ra < rb) this.parent.set(rb, ra);
    else this.parent.set(ra, rb);
  }

  /** Drops every shingle that only one account has used (filled slots, one-off wording). */
  private evictSingletons(): void {
    this.table.retain((users, _suspects, shingle) => users > 1 || this.isMember(shingle));
  }
}
