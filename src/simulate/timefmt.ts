/**
 * Fast, exact replacements for `new Date(t).toISOString()` and `t.toString(36)` on the millisecond
 * times of simulated exchanges (two per exchange: the `ts` field and the exchange id). Both cache
 * the part that changes rarely (the date; the high base-36 digits), because times come in
 * non-decreasing order per generator; the results are identical to the built-ins (tested).
 */

const DAY_MS = 86_400_000;
const TWO = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const THREE = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
/** toISOString has the plain `YYYY-MM-DD` form for years 0000–9999 only. */
const MAX_PLAIN_MS = 253_402_300_800_000;

let cachedDay = Number.NaN;
let cachedDate = '';

/** `new Date(t).toISOString()` for an integer millisecond time `t`. */
export function isoTime(t: number): string {
  if (!(t >= 0 && t < MAX_PLAIN_MS) || !Number.isInteger(t)) return new Date(t).toISOString();
  const day = Math.floor(t / DAY_MS);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedDate = new Date(day * DAY_MS).toISOString().slice(0, 11);
  }
  let ms = t - day * DAY_MS;
  const h = Math.floor(ms / 3_600_000);
  ms -= h * 3_600_000;
  const m = Math.floor(ms / 60_000);
  ms -= m * 60_000;
  const s = Math.floor(ms / 1000);
  ms -= s * 1000;
  return `${cachedDate}${TWO[h]!}:${TWO[m]!}:${TWO[s]!}.${THREE[ms]!}Z`;
}

/** 36⁴: the low four base-36 digits change every millisecond, the rest every ~28 minutes. */
const LOW = 1_679_616;
let cachedHigh = Number.NaN;
let cachedHighText = '';

/** `t.toString(36)` for a non-negative integer `t` (a millisecond time). */
export function base36Time(t: number): string {
  if (!(t >= LOW) || !Number.isSafeInteger(t)) return t.toString(36);
  const high = Math.floor(t / LOW);
  if (high !== cachedHigh) {
    cachedHigh = high;
    cachedHighText = high.toString(36);
  }
  return cachedHighText + (t - high * LOW).toString(36).padStart(4, '0');
}
