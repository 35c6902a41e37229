/**
 * SQL of the SQLite store's read queries for the analyst dashboard, kept apart from the store's
 * write paths. Each query is shaped so that SQLite drives it from an index: a campaign's series
 * starts from its member list, an account's from `exchanges_account_ts`, the whole traffic from
 * `exchanges_ts`.
 */
import { DistillguardError } from '../errors.js';

/** The most buckets one series may have: more would not fit on any screen. */
export const MAX_SERIES_BUCKETS = 5000;

/** Checks a series' range and returns how many buckets it has. */
export function checkSeriesRange(sinceMs: number, untilMs: number, bucketMs: number): number {
  if (!Number.isInteger(bucketMs) || bucketMs < 1) {
    throw new DistillguardError('STORE_INVALID_ARGUMENT', `bucketMs must be a positive whole number of milliseconds, not ${bucketMs}`);
  }
  if (untilMs <= sinceMs) {
    throw new DistillguardError('STORE_INVALID_ARGUMENT', 'a series needs until after since', { hint: 'swap the bounds or widen the range' });
  }
  const buckets = Math.ceil((untilMs - sinceMs) / bucketMs);
  if (buckets > MAX_SERIES_BUCKETS) {
    throw new DistillguardError('STORE_INVALID_ARGUMENT', `a series of ${buckets} buckets is too long (at most ${MAX_SERIES_BUCKETS})`, {
      hint: 'use wider buckets or a shorter range',
    });
  }
  return buckets;
}

/** Accounts counted as flagged: newest verdict flagged, or member of a campaign not dismissed. */
const FLAGGED_ACCOUNTS = `flagged(account_id) AS (
    SELECT v.account_id FROM verdicts v
      JOIN (SELECT account_id, MAX(seq) AS seq FROM verdicts GROUP BY account_id) newest ON newest.seq = v.seq
      WHERE v.flagged = 1
    UNION
    SELECT m.account_id FROM campaign_members m JOIN campaigns c ON c.campaign_id = m.campaign_id
      WHERE c.status != 'dismissed')`;

const BUCKET_COLUMNS = `CAST((e.ts_ms - @since) / @bucket AS INTEGER) AS b, COUNT(*) AS total,
    SUM(e.status BETWEEN 200 AND 299) AS answered,
    SUM(e.status IN (401, 403) AND e.account_id != '') AS refused,
    SUM(e.status = 429) AS throttled,
    SUM(e.account_id IN (SELECT account_id FROM flagged)) AS flagged`;

const seriesSql = (source: string): string => `WITH ${FLAGGED_ACCOUNTS}
  SELECT ${BUCKET_COLUMNS} FROM ${source} GROUP BY b`;

/** Whole-traffic series are read from the per-minute rollup: their bounds and width are whole minutes. */
export const ROLLUP_MS = 60_000;

export function checkRollupRange(sinceMs: number, untilMs: number, bucketMs: number): void {
  if (sinceMs % ROLLUP_MS !== 0 || untilMs % ROLLUP_MS !== 0 || bucketMs % ROLLUP_MS !== 0) {
    throw new DistillguardError('STORE_INVALID_ARGUMENT', 'a series of the whole traffic has minute resolution: since, until and bucketMs must be whole minutes', {
      hint: 'round the range to minutes, or ask for one campaign or account',
    });
  }
}

export const DASHBOARD_QUERY_SQL = {
  /** Counts of the whole traffic, from the per-minute rollup (migration 5, kept up at each insert batch). */
  trafficRollup: `SELECT CAST((minute_ms - @since) / @bucket AS INTEGER) AS b, SUM(total) AS total, SUM(answered) AS answered,
      SUM(refused) AS refused, SUM(throttled) AS throttled
    FROM traffic_minutes WHERE minute_ms >= @since AND minute_ms < @until GROUP BY b`,
  /** Exchanges of flagged accounts, read from the account index: cost follows flagged traffic, not all of it. */
  flaggedSeries: `WITH ${FLAGGED_ACCOUNTS}
    SELECT CAST((e.ts_ms - @since) / @bucket AS INTEGER) AS b, COUNT(*) AS flagged
    FROM flagged CROSS JOIN exchanges e ON e.account_id = flagged.account_id AND e.ts_ms >= @since AND e.ts_ms < @until
    GROUP BY b`,
  /** Exchanges of one campaign's members; CROSS JOIN keeps SQLite starting from the member list. */
  campaignSeries: seriesSql(`campaign_members m CROSS JOIN exchanges e
    ON e.account_id = m.account_id AND e.ts_ms >= @since AND e.ts_ms < @until WHERE m.campaign_id = @campaign`),
  /** Exchanges of one account. */
  accountSeries: seriesSql(`exchanges e WHERE e.account_id = @account AND e.ts_ms >= @since AND e.ts_ms < @until`),

  campaignTake: `WITH members(account_id, detected_ms) AS (
      SELECT m.account_id, MIN(c.detected_ms) FROM campaign_members m JOIN campaigns c ON c.campaign_id = m.campaign_id
      WHERE (@campaign IS NULL AND c.status != 'dismissed') OR c.campaign_id = @campaign
      GROUP BY m.account_id)
    SELECT COUNT(DISTINCT e.account_id) AS accounts, COUNT(e.seq) AS exchanges,
      COALESCE(SUM(e.status BETWEEN 200 AND 299), 0) AS answered,
      COALESCE(SUM(e.status BETWEEN 200 AND 299 AND e.ts_ms < members.detected_ms), 0) AS answered_before,
      COALESCE(SUM(CASE WHEN e.status BETWEEN 200 AND 299 THEN e.output_tokens ELSE 0 END), 0) AS tokens
    FROM members CROSS JOIN exchanges e ON e.account_id = members.account_id`,

} as const;

/**
 * The per-batch roll-up of inserted exchanges into `traffic_minutes` and `model_first_seen`:
 * counted in memory while the batch is inserted, written as one upsert per minute and per model.
 */
export class BatchRollup {
  private readonly minutes = new Map<number, [total: number, answered: number, refused: number, throttled: number]>();
  private readonly models = new Map<string, number>();

  /** Counts one exchange that was inserted (not one ignored as already stored). */
  add(tsMs: number, accountId: string, model: string, status: number): void {
    const minute = tsMs - (tsMs % ROLLUP_MS);
    let counts = this.minutes.get(minute);
    if (!counts) this.minutes.set(minute, counts = [0, 0, 0, 0]);
    const answered = status >= 200 && status < 300;
    counts[0] += 1;
    if (answered) counts[1] += 1;
    if ((status === 401 || status === 403) && accountId !== '') counts[2] += 1;
    if (status === 429) counts[3] += 1;
    if (answered && model !== '') {
      const first = this.models.get(model);
      if (first === undefined || tsMs < first) this.models.set(model, tsMs);
    }
  }

  /** Writes the counts (inside the batch's transaction). */
  write(run: (sql: string, ...params: Array<number | string>) => void): void {
    for (const [minute, [total, answered, refused, throttled]] of this.minutes) {
      run(`INSERT INTO traffic_minutes (minute_ms, total, answered, refused, throttled) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (minute_ms) DO UPDATE SET total = total + excluded.total, answered = answered + excluded.answered,
          refused = refused + excluded.refused, throttled = throttled + excluded.throttled`, minute, total, answered, refused, throttled);
    }
    for (const [model, tsMs] of this.models) {
      run(`INSERT INTO model_first_seen (model, first_ts_ms) VALUES (?, ?)
        ON CONFLICT (model) DO UPDATE SET first_ts_ms = MIN(first_ts_ms, excluded.first_ts_ms)`, model, tsMs);
    }
  }
}
