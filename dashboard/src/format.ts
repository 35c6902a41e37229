/** Formatting for people: numbers with separators, times in UTC, durations in words. */

const numberFormat = new Intl.NumberFormat('en-US');
const compactFormat = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

export const formatNumber = (n: number | null | undefined): string => (n === null || n === undefined ? '—' : numberFormat.format(n));
export const formatCompact = (n: number): string => compactFormat.format(n);
export const formatScore = (score: number | null | undefined): string => (score === null || score === undefined ? '—' : score.toFixed(2));
export const formatPercent = (part: number, whole: number): string => (whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1)}%`);

/** `2026-05-02 14:05 UTC` */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `3 h ago`, `in 5 min` */
export function formatAgo(iso: string, now = Date.now()): string {
  const seconds = Math.round((now - Date.parse(iso)) / 1000);
  const abs = Math.abs(seconds);
  const [value, unit] = abs < 90 ? [abs, 's'] : abs < 5400 ? [Math.round(abs / 60), 'min'] : abs < 172_800 ? [Math.round(abs / 3600), 'h'] : [Math.round(abs / 86_400), 'd'];
  return seconds >= 0 ? `${value} ${unit} ago` : `in ${value} ${unit}`;
}

export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(ms / 3_600_000);
  return hours < 48 ? `${hours} h` : `${Math.round(ms / 86_400_000)} d`;
}

/** Action kinds in words. */
export const ACTION_LABELS: Record<string, string> = {
  block: 'Block',
  require_verification: 'Require verification',
  unblock: 'Unblock',
  dismiss: 'Dismiss as false positive',
  mark_false_positive: 'Mark false positive',
  allow: 'Allow',
  allowlist: 'Allowlist',
  throttle: 'Throttle',
  monitor: 'Monitor',
  withhold_reasoning: 'Withhold reasoning',
  summarise_reasoning: 'Summarise reasoning',
};
export const actionLabel = (kind: string): string => ACTION_LABELS[kind] ?? kind.replace(/_/g, ' ');
