/**
 * Fast paths for the spec's time form (`2026-04-22T09:15:02.123Z`), which readers check and parse
 * once per record: `isDateTime` decides exactly as ajv-formats' "full" `date-time` format, and
 * `parseTime` returns exactly what `Date.parse` returns; both fall back to those for other forms.
 */
import { fullFormats } from 'ajv-formats/dist/formats.js';

const fullDateTime = (fullFormats['date-time'] as { validate: (s: string) => boolean }).validate;
const CANONICAL_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z$/;
const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// module-level helpers, not closures: closures in hot paths are slow under tsx (keepNames)
function twoDigits(s: string, i: number): number {
  return (s.charCodeAt(i) - 48) * 10 + s.charCodeAt(i + 1) - 48;
}

function daysIn(year: number, month: number): number {
  return month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : DAYS_IN_MONTH[month]!;
}

/** RFC 3339 date-time with a time zone, exactly as ajv-formats' "full" mode decides (leap seconds included). */
export function isDateTime(s: string): boolean {
  if (!CANONICAL_UTC.test(s)) return fullDateTime(s);
  const year = twoDigits(s, 0) * 100 + twoDigits(s, 2);
  const month = twoDigits(s, 5);
  const day = twoDigits(s, 8);
  const hour = twoDigits(s, 11);
  const minute = twoDigits(s, 14);
  const second = twoDigits(s, 17);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return false;
  if (hour > 23 || minute > 59) return false;
  return second <= 59 || (second === 60 && hour === 23 && minute === 59);
}

/** Milliseconds since the epoch, identical to `Date.parse(s)` (NaN when unparseable). */
export function parseTime(s: string): number {
  if (!CANONICAL_UTC.test(s)) return Date.parse(s);
  const year = twoDigits(s, 0) * 100 + twoDigits(s, 2);
  const month = twoDigits(s, 5);
  const day = twoDigits(s, 8);
  const hour = twoDigits(s, 11);
  const minute = twoDigits(s, 14);
  const second = twoDigits(s, 17);
  // outside the plain range Date.parse has its own rules (rejects, or years 0-99): let it decide
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) {
    return Date.parse(s);
  }
  let ms = 0;
  if (s.length > 20) {
    // ".d", ".dd", ".ddd", ".dddd…": milliseconds are the first three digits, the rest is ignored
    const c1 = s.charCodeAt(20);
    const c2 = s.charCodeAt(21);
    const c3 = s.charCodeAt(22);
    ms = (c1 - 48) * 100 + (c2 >= 48 && c2 <= 57 ? (c2 - 48) * 10 + (c3 >= 48 && c3 <= 57 ? c3 - 48 : 0) : 0);
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}
