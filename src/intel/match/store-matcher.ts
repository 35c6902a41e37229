/**
 * The live engine's view of imported intelligence: an `IntelIndex` rebuilt from the store when
 * imports change (the store's intel stamp moves) or an indicator ages out. The engine holds this
 * object for its whole life; a refresh swaps the index under it.
 */
import type { AccountRecord, ExchangeRecord } from '../../records/types.js';
import type { IntelMatch, IntelMatcher } from '../../detect/types.js';
import type { Store, StoredIntelIndicator } from '../../store/types.js';
import type { SharingKey } from '../fingerprints.js';
import { IntelIndex } from './intel-index.js';

const DAY_MS = 86_400_000;

export interface StoreMatcherOptions {
  /** Indicators are dropped this many days after their import (intel.maxAgeDays). */
  maxAgeDays: number;
  /** The clock (tests). */
  now?: () => number;
}

/** The indicators still in force at `now`, and when the next of them ages out. */
export function activeIndicators(indicators: readonly StoredIntelIndicator[], now: number, maxAgeDays: number): { active: StoredIntelIndicator[]; nextExpiry: number } {
  const active: StoredIntelIndicator[] = [];
  let nextExpiry = Infinity;
  for (const indicator of indicators) {
    const until = Math.min(indicator.validUntil === null ? Infinity : Date.parse(indicator.validUntil), Date.parse(indicator.importedAt) + maxAgeDays * DAY_MS);
    if (until <= now) continue;
    active.push(indicator);
    nextExpiry = Math.min(nextExpiry, until);
  }
  return { active, nextExpiry };
}

export class StoreIntelMatcher implements IntelMatcher {
  private index: IntelIndex;
  private stamp: string | null = null;
  private nextExpiry = Infinity;
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;

  constructor(private readonly store: Store, private readonly key: SharingKey | null, private readonly options: StoreMatcherOptions) {
    this.index = new IntelIndex([], key);
    this.now = options.now ?? Date.now;
  }

  /** Indicators in force. */
  get size(): number {
    return this.index.size;
  }

  /** Rebuilds the index when imports changed or an indicator aged out; returns true when it did. */
  async refresh(): Promise<boolean> {
    const now = this.now();
    const stamp = await this.store.intelStamp();
    if (stamp === this.stamp && now < this.nextExpiry) return false;
    const { active, nextExpiry } = activeIndicators(await this.store.listIntelIndicators({ activeAt: new Date(now).toISOString() }), now, this.options.maxAgeDays);
    this.index = new IntelIndex(active, this.key);
    this.stamp = stamp;
    this.nextExpiry = nextExpiry;
    return true;
  }

  /** Refreshes every `intervalMs` until `stop` (the timer does not keep the process alive). */
  start(intervalMs: number, onError: (error: unknown) => void): void {
    this.stop();
    this.timer = setInterval(() => { this.refresh().catch(onError); }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  matchAccount(record: AccountRecord): IntelMatch[] {
    return this.index.matchAccount(record);
  }

  matchExchange(record: Pick<ExchangeRecord, 'client'>, frameShingles: Uint32Array): IntelMatch[] {
    return this.index.matchExchange(record, frameShingles);
  }
}
