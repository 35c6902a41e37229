/**
 * The terminal report: aligned tables, a unicode bar chart of the flag rate per archetype and a
 * histogram of detection delays. Plain text (no colour codes), so it reads the same in a pipe, a
 * log file or a terminal; every figure shown is also in eval.json.
 */
import { dec, int, pct, secs } from './format.js';
import type { DelaySummary, EvaluationReport } from './types.js';

/** Longest table the terminal shows; the rest is in eval.json. */
const MAX_ROWS = 25;
const BAR_WIDTH = 30;
const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** Left or right alignment of a table column. */
export type Align = 'left' | 'right';

/** Formats rows as a table: header, a rule, then the rows, columns separated by two spaces. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[] = []): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (cells: readonly string[]): string =>
    cells.map((c, i) => ((align[i] ?? 'left') === 'right' ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [fmt(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(fmt)];
}

/** A horizontal bar of `fraction` (0..1) of `width` cells, in eighths of a cell. */
export function bar(fraction: number, width = BAR_WIDTH): string {
  const eighths = Math.round(Math.min(1, Math.max(0, fraction)) * width * 8);
  return '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8]!;
}

function indent(lines: readonly string[], by = '  '): string[] {
  return lines.map((l) => (l === '' ? l : by + l));
}

function capped<T>(rows: readonly T[], what: string): { rows: readonly T[]; more: string[] } {
  if (rows.length <= MAX_ROWS) return { rows, more: [] };
  return { rows: rows.slice(0, MAX_ROWS), more: [`… ${rows.length - MAX_ROWS} more ${what} (see eval.json)`] };
}

function delayText(d: DelaySummary): string {
  if (d.n === 0) return 'n/a';
  return `median ${d.median_human} (${secs(d.median_s)} s), p90 ${d.p90_human} (${secs(d.p90_s)} s)`;
}

/** Renders the whole report as text for stdout. */
export function renderTerminalReport(report: EvaluationReport): string {
  const out: string[] = [];
  const section = (title: string): void => {
    out.push('', title, '─'.repeat(title.length));
  };
  const t = report.totals;
  const c = report.confusion;

  out.push('distillguard eval');
  if (report.inputs) {
    const i = report.inputs;
    out.push(`labels ${i.labels} · exchanges ${i.exchanges} · scan ${i.scan_dir}`);
  }
  out.push(
    `${int(t.labelled_accounts)} labelled accounts (${int(t.benign_accounts)} benign, ${int(t.distillation_accounts)} distillation) · ` +
      `${int(t.scan_accounts)} scan accounts (${int(t.scan_accounts_unlabelled)} unlabelled) · ${int(t.detected_campaigns)} detected campaigns · ` +
      `${int(t.exchanges)} exchanges`,
  );

  section('Account-level detection');
  out.push(...indent([
    `precision ${dec(c.precision)}   recall ${dec(c.recall)}   F1 ${dec(c.f1)}   benign FPR ${pct(c.benign_fpr, 2)} (${int(c.fp)} of ${int(c.benign)})`,
    '',
    ...formatTable(['label \\ scan', 'flagged', 'not flagged', 'total'], [
      ['distillation', `TP ${int(c.tp)}`, `FN ${int(c.fn)}`, int(c.positives)],
      ['benign', `FP ${int(c.fp)}`, `TN ${int(c.tn)}`, int(c.benign)],
      ['total', int(c.predicted_positive), int(c.fn + c.tn), int(c.positives + c.benign)],
    ], ['left', 'right', 'right', 'right']),
    ...(c.positives_active < c.positives
      ? ['', `${int(c.positives - c.positives_active)} distillation account${c.positives - c.positives_active === 1 ? '' : 's'} sent no request; `
        + `recall over the ${int(c.positives_active)} that did: ${dec(c.recall_active)}`]
      : []),
  ]));

  section('Flag rate per archetype');
  const arch = report.archetypes;
  out.push(...indent(formatTable(
    ['archetype', 'accounts', 'benign', 'distillation', 'flagged', 'rate', ''],
    arch.map((a) => [a.archetype, int(a.accounts), int(a.benign), int(a.distillation), int(a.flagged), pct(a.flag_rate), bar(a.flag_rate)]),
    ['left', 'right', 'right', 'right', 'right', 'right', 'left'],
  )));

  section('Benign false positives by archetype');
  const hit = report.benign_false_positives.filter((b) => b.false_positives > 0);
  if (hit.length === 0) out.push('  none: no benign account was flagged');
  else {
    out.push(...indent(formatTable(
      ['archetype', 'benign', 'flagged', 'rate', 'e.g.'],
      hit.map((b) => [b.archetype, int(b.benign_accounts), int(b.false_positives), pct(b.rate, 2), b.examples.slice(0, 3).join(', ')]),
      ['left', 'right', 'right', 'right', 'left'],
    )));
  }

  section('Campaigns (true, from labels)');
  if (report.campaigns.length === 0) out.push('  none: no label names a campaign');
  else {
    const { rows, more } = capped(report.campaigns, 'campaigns');
    out.push(...indent([...formatTable(
      ['campaign', 'accounts', 'flagged', 'recall', 'exchanges', 'leaked', 'leakage', 'delay p50', 'delay p90'],
      rows.map((k) => [k.campaign, int(k.accounts), int(k.flagged), pct(k.recall), int(k.exchanges), int(k.leaked), pct(k.leakage), k.delay.median_human ?? 'n/a', k.delay.p90_human ?? 'n/a']),
      ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
    ), ...more]));
  }
  const l = report.leakage;
  out.push('', `  attack-exchange leakage: ${pct(l.rate, 2)} (${int(l.leaked)} of ${int(l.attack_exchanges)} exchanges of distillation accounts answered before the account was flagged)`);

  section('Detected campaigns (purity)');
  const p = report.purity;
  out.push(`  purity ${pct(p.member_weighted)} (member-weighted, headline) · mean over campaigns ${pct(p.mean)} · ${int(p.detected_campaigns)} detected campaigns`);
  if (p.per_campaign.length > 0) {
    const { rows, more } = capped(p.per_campaign, 'detected campaigns');
    out.push('', ...indent([...formatTable(
      ['campaign_id', 'members', 'labelled', 'distillation', 'purity', 'dominant campaign', 'share'],
      rows.map((d) => [d.campaign_id, int(d.members), int(d.labelled_members), int(d.distillation_members), pct(d.purity), d.dominant_campaign ?? '-', pct(d.dominant_share)]),
      ['left', 'right', 'right', 'right', 'right', 'left', 'right'],
    ), ...more]));
  }

  section('Detection delay (first exchange → first_flagged_at, flagged distillation accounts)');
  const d = report.delay;
  out.push(`  ${int(d.n)} accounts · ${delayText(d)}${d.clamped > 0 ? ` · ${int(d.clamped)} negative delays clamped to 0` : ''}`);
  if (d.n > 0) {
    const peak = Math.max(...d.histogram.map((b) => b.count));
    out.push('', ...indent(formatTable(
      ['delay', 'accounts', ''],
      d.histogram.map((b) => [b.label, int(b.count), bar(peak === 0 ? 0 : b.count / peak)]),
      ['left', 'right', 'left'],
    )));
  }

  if (report.warnings.length > 0) {
    section('Warnings');
    for (const w of report.warnings) {
      const eg = w.examples.length > 0 ? ` (e.g. ${w.examples.slice(0, 3).join(', ')})` : '';
      out.push(`  ! ${int(w.count)} ${w.message}${eg}`);
    }
  }
  if (report.notes.length > 0) {
    section('Notes');
    for (const n of report.notes) out.push(`  - ${n}`);
  }
  return `${out.join('\n')}\n`;
}
