/**
 * Hand-drawn SVG charts for the HTML report: horizontal bars, grouped columns and a step CDF on a
 * log time axis. Self-contained strings (no scripts, no fonts, no network), so the report opens
 * offline and can be mailed as one file. Every label is XML-escaped.
 */
import { formatDuration } from './stats.js';

/** Escapes text for XML/HTML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

/** Keeps coordinates short and stable in the output. */
function n(value: number): string {
  return String(Math.round(value * 10) / 10);
}

const FONT = 'font-family="system-ui, sans-serif" font-size="12"';
const AXIS = '#888';
const GRID = '#e4e4e4';

function open(width: number, height: number, title: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(title)}" ${FONT}>` +
    `<title>${escapeXml(title)}</title>` +
    `<text x="0" y="14" font-weight="600" font-size="13">${escapeXml(title)}</text>`;
}

/** One bar of a horizontal bar chart. */
export interface BarItem {
  label: string;
  /** Bar length in units of `max`; null draws no bar and prints `text` (e.g. n/a). */
  value: number | null;
  /** Printed right of the bar. */
  text: string;
  color: string;
}

/** Horizontal bars, one row per item, on a 0..max axis (percent ticks when max is 1). */
export function horizontalBarChart(items: readonly BarItem[], options: { title: string; max?: number; width?: number }): string {
  const width = options.width ?? 720;
  const max = options.max ?? 1;
  const row = 22;
  const top = 26;
  const labelW = Math.min(240, Math.max(60, ...items.map((i) => i.label.length * 7 + 12)));
  const textW = 150;
  const plotW = width - labelW - textW;
  const height = top + Math.max(1, items.length) * row + 22;
  const parts: string[] = [open(width, height, options.title)];
  const x = (v: number): number => labelW + (Math.min(max, Math.max(0, v)) / max) * plotW;
  for (let k = 0; k <= 4; k++) {
    const v = (max * k) / 4;
    parts.push(`<line x1="${n(x(v))}" y1="${top}" x2="${n(x(v))}" y2="${top + items.length * row}" stroke="${GRID}"/>`);
    const tick = max === 1 ? `${Math.round(v * 100)}%` : String(Math.round(v * 100) / 100);
    parts.push(`<text x="${n(x(v))}" y="${top + items.length * row + 15}" text-anchor="middle" fill="${AXIS}">${tick}</text>`);
  }
  items.forEach((item, i) => {
    const y = top + i * row;
    parts.push(`<text x="${labelW - 8}" y="${y + 15}" text-anchor="end">${escapeXml(item.label)}</text>`);
    if (item.value !== null) {
      const w = Math.max(item.value > 0 ? 1 : 0, x(item.value) - labelW);
      parts.push(`<rect x="${labelW}" y="${y + 3}" width="${n(w)}" height="${row - 6}" fill="${item.color}"><title>${escapeXml(`${item.label}: ${item.text}`)}</title></rect>`);
    }
    const tx = item.value === null ? labelW + 4 : x(item.value) + 6;
    parts.push(`<text x="${n(tx)}" y="${y + 15}">${escapeXml(item.text)}</text>`);
  });
  parts.push(`<line x1="${labelW}" y1="${top}" x2="${labelW}" y2="${top + items.length * row}" stroke="${AXIS}"/>`, '</svg>');
  return parts.join('');
}

/** One series of a column chart: a value per category. */
export interface Series {
  name: string;
  color: string;
  values: readonly number[];
}

/**
 * A round tick step (1, 2, 2.5 or 5 times a power of ten) giving about four intervals up to `peak`;
 * whole numbers only (at least 1) for counts, so an axis of 0..3 accounts never reads 0, 0.75, 1.5.
 */
export function niceStep(peak: number, integer: boolean): number {
  if (!(peak > 0)) return 1;
  const raw = peak / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const factors = integer ? [1, 2, 5, 10] : [1, 2, 2.5, 5, 10];
  const step = factors.map((f) => f * magnitude).find((s) => s >= raw - 1e-12) ?? 10 * magnitude;
  return integer ? Math.max(1, Math.round(step)) : step;
}

/** Grouped vertical columns (histograms); `yFormat` prints tick values, `xLabelEvery` thins the category labels. */
export function columnChart(
  categories: readonly string[],
  series: readonly Series[],
  options: { title: string; width?: number; height?: number; yFormat?: (v: number) => string; xLabelEvery?: number; integer?: boolean },
): string {
  const width = options.width ?? 720;
  const height = options.height ?? 260;
  const left = 48;
  const right = 10;
  const top = series.length > 1 ? 44 : 28;
  const bottom = 40;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const yFormat = options.yFormat ?? ((v: number) => String(Math.round(v * 100) / 100));
  const every = options.xLabelEvery ?? 1;
  const peak = Math.max(0, ...series.flatMap((s) => [...s.values]));
  const step = niceStep(peak, options.integer ?? false);
  const yMax = Math.max(step, Math.ceil(peak / step - 1e-9) * step);
  const y = (v: number): number => top + plotH - (v / yMax) * plotH;
  const parts: string[] = [open(width, height, options.title)];
  if (series.length > 1) {
    series.forEach((s, i) => {
      const lx = left + i * 140;
      parts.push(`<rect x="${lx}" y="22" width="10" height="10" fill="${s.color}"/><text x="${lx + 14}" y="31">${escapeXml(s.name)}</text>`);
    });
  }
  for (let k = 0; k * step <= yMax + 1e-9; k++) {
    const v = k * step;
    parts.push(`<line x1="${left}" y1="${n(y(v))}" x2="${width - right}" y2="${n(y(v))}" stroke="${GRID}"/>`);
    parts.push(`<text x="${left - 6}" y="${n(y(v) + 4)}" text-anchor="end" fill="${AXIS}">${escapeXml(yFormat(v))}</text>`);
  }
  const slot = plotW / Math.max(1, categories.length);
  const barW = (slot * 0.8) / Math.max(1, series.length);
  categories.forEach((cat, ci) => {
    const x0 = left + ci * slot + slot * 0.1;
    series.forEach((s, si) => {
      const v = s.values[ci] ?? 0;
      const h = top + plotH - y(v);
      parts.push(`<rect x="${n(x0 + si * barW)}" y="${n(y(v))}" width="${n(Math.max(0.5, barW - 1))}" height="${n(h)}" fill="${s.color}"><title>${escapeXml(`${s.name} · ${cat}: ${yFormat(v)}`)}</title></rect>`);
    });
    if (ci % every === 0) {
      parts.push(`<text x="${n(left + ci * slot + slot / 2)}" y="${top + plotH + 16}" text-anchor="middle" fill="${AXIS}">${escapeXml(cat)}</text>`);
    }
  });
  parts.push(`<line x1="${left}" y1="${top + plotH}" x2="${width - right}" y2="${top + plotH}" stroke="${AXIS}"/>`, '</svg>');
  return parts.join('');
}

/** Tick positions for a log time axis, in seconds. */
const TIME_TICKS = [1, 10, 60, 600, 3600, 6 * 3600, 86400, 7 * 86400, 30 * 86400, 365 * 86400];

/**
 * Empirical CDF of durations (seconds, sorted ascending) as a step line on a log time axis; values
 * under 1 s are drawn at 1 s. Dashed markers show the given quantiles (e.g. median and p90).
 */
export function cdfChart(
  sortedSeconds: readonly number[],
  options: { title: string; width?: number; height?: number; markers?: ReadonlyArray<{ label: string; value: number | null }> },
): string {
  const width = options.width ?? 720;
  const height = options.height ?? 260;
  const left = 48;
  const right = 16;
  const top = 28;
  const bottom = 40;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const parts: string[] = [open(width, height, options.title)];
  const count = sortedSeconds.length;
  const hi = Math.max(60, (sortedSeconds[count - 1] ?? 60) * 1.2);
  const lgMax = Math.log10(hi);
  const x = (s: number): number => left + (Math.log10(Math.max(1, s)) / lgMax) * plotW;
  const y = (f: number): number => top + plotH - f * plotH;
  for (const f of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(`<line x1="${left}" y1="${n(y(f))}" x2="${width - right}" y2="${n(y(f))}" stroke="${GRID}"/>`);
    parts.push(`<text x="${left - 6}" y="${n(y(f) + 4)}" text-anchor="end" fill="${AXIS}">${f * 100}%</text>`);
  }
  for (const t of TIME_TICKS.filter((t) => t <= hi)) {
    parts.push(`<line x1="${n(x(t))}" y1="${top}" x2="${n(x(t))}" y2="${top + plotH}" stroke="${GRID}"/>`);
    parts.push(`<text x="${n(x(t))}" y="${top + plotH + 16}" text-anchor="middle" fill="${AXIS}">${t === 1 ? '≤ 1s' : escapeXml(formatDuration(t))}</text>`);
  }
  if (count === 0) {
    parts.push(`<text x="${n(left + plotW / 2)}" y="${n(top + plotH / 2)}" text-anchor="middle" fill="${AXIS}">no delays measured</text>`);
  } else {
    let d = `M${n(x(sortedSeconds[0]!))} ${n(y(0))}`;
    sortedSeconds.forEach((s, i) => {
      d += ` L${n(x(s))} ${n(y(i / count))} L${n(x(s))} ${n(y((i + 1) / count))}`;
    });
    d += ` L${n(left + plotW)} ${n(y(1))}`;
    parts.push(`<path d="${d}" fill="none" stroke="#e15759" stroke-width="2"/>`);
  }
  for (const m of options.markers ?? []) {
    if (m.value === null) continue;
    const mx = x(m.value);
    parts.push(`<line x1="${n(mx)}" y1="${top}" x2="${n(mx)}" y2="${top + plotH}" stroke="#333" stroke-dasharray="4 3"/>`);
    // labels near the right edge go on the left of their line, so they are not cut off
    const leftSide = mx > left + plotW * 0.8;
    const row = top + 12 + (options.markers ?? []).indexOf(m) * 14;
    parts.push(`<text x="${n(leftSide ? mx - 4 : mx + 4)}" y="${row}"${leftSide ? ' text-anchor="end"' : ''}>${escapeXml(`${m.label} ${formatDuration(m.value)}`)}</text>`);
  }
  parts.push(`<line x1="${left}" y1="${top + plotH}" x2="${width - right}" y2="${top + plotH}" stroke="${AXIS}"/>`, '</svg>');
  return parts.join('');
}
