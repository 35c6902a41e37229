/**
 * Number formatting shared by the terminal and HTML reports, so both print the same figure the
 * same way: rates as percentages with one decimal, counts with thousands separators, null as `n/a`.
 */

/** `0.4253` → `42.5%`; null → `n/a`. */
export function pct(rate: number | null, digits = 1): string {
  return rate === null ? 'n/a' : `${(rate * 100).toFixed(digits)}%`;
}

/** `0.95238…` → `0.952`; null → `n/a`. */
export function dec(value: number | null, digits = 3): string {
  return value === null ? 'n/a' : value.toFixed(digits);
}

/** `1234567` → `1,234,567`. */
export function int(value: number): string {
  return value.toLocaleString('en-US');
}

/** Seconds with at most one decimal: `303`, `4.5`; null → `n/a`. */
export function secs(value: number | null): string {
  if (value === null) return 'n/a';
  const rounded = Math.round(value * 10) / 10;
  return Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1);
}
