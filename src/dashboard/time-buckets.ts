/** Time ranges and bucket widths of the dashboard's charts. */
import { DistillguardError } from '../errors.js';
import { OVERVIEW_RANGES, type OverviewRange } from './api-types.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const SPANS: Record<OverviewRange, number> = { '1h': HOUR, '6h': 6 * HOUR, '24h': DAY, '7d': 7 * DAY, '30d': 30 * DAY };

/** Widths a person reads without arithmetic. */
const NICE_WIDTHS = [10_000, 30_000, MINUTE, 5 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 7 * DAY, 30 * DAY];

/** The most bars a chart gets: enough detail, still one pixel column or more each. */
export const MAX_CHART_BUCKETS = 150;

export function isOverviewRange(value: unknown): value is OverviewRange {
  return typeof value === 'string' && (OVERVIEW_RANGES as readonly string[]).includes(value);
}

/** The span of a named range; an unknown name is a coded error naming the valid ones. */
export function rangeSpanMs(range: string): number {
  if (!isOverviewRange(range)) {
    throw new DistillguardError('REQUEST_INVALID_BODY', `unknown range ${JSON.stringify(range)}`, { hint: `use one of ${OVERVIEW_RANGES.join(', ')}` });
  }
  return SPANS[range];
}

/**
 * The narrowest nice width, at least `minWidthMs`, that covers `spanMs` in at most
 * MAX_CHART_BUCKETS buckets. (Whole-traffic series need whole minutes.)
 */
export function pickBucketMs(spanMs: number, minWidthMs = 0): number {
  for (const width of NICE_WIDTHS) if (width >= minWidthMs && spanMs / width <= MAX_CHART_BUCKETS) return width;
  return Math.ceil(spanMs / MAX_CHART_BUCKETS / DAY) * DAY;
}
