/**
 * The one streaming pass over the exchange file (possibly tens of millions of lines, `.gz` or not):
 * it keeps three numbers per account (`AccountExchangeStats`), so memory grows with accounts, never
 * with exchanges. The leakage cut-off (`first_flagged_at`) must be known before the pass, which is
 * why the scan output is read first.
 */
import { readRecordBatches } from '../records/reader.js';
import type { RecordSource } from '../records/sources.js';
import type { AccountExchangeStats, ScanAccountInput } from './types.js';

/** What the exchange pass needs besides the file. */
export interface ExchangeStatsOptions {
  /**
   * Per account, `first_flagged_at` in ms since the epoch: exchanges strictly before it are counted
   * in `beforeFirstFlag`. Accounts absent here have no cut-off (every exchange counts).
   */
  cutoffs: ReadonlyMap<string, number>;
  /** Called after each batch with the number of exchanges read so far. */
  onProgress?: (records: number) => void;
}

/** What the exchange pass returns. */
export interface ExchangeStatsResult {
  /** Aggregates of every account that has at least one exchange. */
  accounts: Map<string, AccountExchangeStats>;
  /** Exchanges read. */
  records: number;
}

/** The internal mutable form: the cut-off rides along so each record costs one map lookup. */
interface Accumulator extends AccountExchangeStats {
  cutoff: number;
}

/** `first_flagged_at` of every scan account that has one, in ms: the cut-offs for `collectExchangeStats`. */
export function flagCutoffs(accounts: Iterable<ScanAccountInput>): Map<string, number> {
  const cutoffs = new Map<string, number>();
  for (const a of accounts) {
    if (a.first_flagged_at !== null) cutoffs.set(a.account_id, Date.parse(a.first_flagged_at));
  }
  return cutoffs;
}

/**
 * Streams a spec v1 exchange file once and aggregates it per account: exchange count, earliest `ts`
 * and the count of exchanges with `ts` strictly before the account's cut-off. Every line is
 * validated by the records reader, so a malformed one stops the pass with a DistillguardError at
 * file:line (spec v1: never skip silently). Times are compared in whole milliseconds.
 */
export async function collectExchangeStats(source: RecordSource, options: ExchangeStatsOptions): Promise<ExchangeStatsResult> {
  const accounts = new Map<string, Accumulator>();
  const { cutoffs, onProgress } = options;
  let records = 0;
  for await (const batch of readRecordBatches(source, { kind: 'exchange' })) {
    for (let i = 0; i < batch.length; i++) {
      const entry = batch[i]!;
      const id = entry.record.account_id;
      let acc = accounts.get(id);
      if (acc === undefined) {
        acc = { count: 0, firstMs: Infinity, beforeFirstFlag: 0, cutoff: cutoffs.get(id) ?? Infinity };
        accounts.set(id, acc);
      }
      // `time` is the parsed `ts`, already computed by the reader for its order check
      const t = entry.time;
      acc.count++;
      if (t < acc.firstMs) acc.firstMs = t;
      if (t < acc.cutoff) acc.beforeFirstFlag++;
    }
    records += batch.length;
    onProgress?.(records);
  }
  // handed out as is (the extra `cutoff` field is harmless) rather than copied: no second map of every account
  return { accounts, records };
}
