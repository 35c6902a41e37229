/** Small shared pieces: status badges, capability chips, score bars, actions and audit lists. */
import type { ActionView, AuditEntry, CampaignStatus } from '../../../src/dashboard/api-types.ts';
import { actionLabel, formatAgo, formatScore, formatTime } from '../format.ts';

export function StatusBadge({ status }: { status: CampaignStatus | 'disabled' | 'flagged' | 'not flagged' }) {
  return <span class={`badge badge-${status.replace(' ', '-')}`}>{status}</span>;
}

export function Chips({ items, label }: { items: string[]; label: string }) {
  if (items.length === 0) return <span class="muted">—</span>;
  return <ul class="chips" aria-label={label}>{items.map((item) => <li key={item} class="chip">{item}</li>)}</ul>;
}

export function ScoreBar({ score }: { score: number }) {
  const pct = Math.round(Math.max(0, Math.min(1, score)) * 100);
  return (
    <span class="score">
      <span class="score-value">{formatScore(score)}</span>
      <span class="score-bar" aria-hidden="true"><span class={`score-fill ${score >= 0.8 ? 'high' : score >= 0.5 ? 'mid' : 'low'}`} style={{ width: `${pct}%` }} /></span>
    </span>
  );
}

/** Actions taken, short form for tables. */
export function ActionsTaken({ actions }: { actions: ActionView[] }) {
  if (actions.length === 0) return <span class="muted">none</span>;
  return (
    <ul class="actions-taken">
      {actions.slice(0, 3).map((a) => (
        <li key={a.actionId} class={a.revokedAt ? 'revoked' : ''}>
          {actionLabel(a.kind)}{a.dryRun ? ' (dry run)' : ''}{a.revokedAt ? ' (lifted)' : ''} · <span title={formatTime(a.ts)}>{formatAgo(a.ts)}</span> · {a.actor}
        </li>
      ))}
      {actions.length > 3 ? <li class="muted">and {actions.length - 3} more</li> : null}
    </ul>
  );
}

export function ActionsTable({ actions, caption }: { actions: ActionView[]; caption: string }) {
  return (
    <table class="data">
      <caption>{caption}</caption>
      <thead><tr><th scope="col">When</th><th scope="col">Action</th><th scope="col">Mode</th><th scope="col">By</th><th scope="col">Reason</th><th scope="col">State</th></tr></thead>
      <tbody>
        {actions.map((a) => (
          <tr key={a.actionId}>
            <td>{formatTime(a.ts)}</td>
            <td>{actionLabel(a.kind)}</td>
            <td>{a.dryRun ? <span class="badge badge-dry">dry run</span> : <span class="badge badge-enforce">enforced</span>}</td>
            <td>{a.actor}</td>
            <td>{a.reason}</td>
            <td>{a.revokedAt ? `lifted ${formatTime(a.revokedAt)} by ${a.revokedBy ?? '?'}` : 'in force'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function AuditTable({ entries, caption }: { entries: AuditEntry[]; caption: string }) {
  return (
    <table class="data">
      <caption>{caption}</caption>
      <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Details</th></tr></thead>
      <tbody>
        {entries.map((e, i) => (
          <tr key={`${e.ts}-${i}`}>
            <td>{formatTime(e.ts)}</td>
            <td>{e.actor}</td>
            <td><code>{e.action}</code></td>
            <td class="details">{Object.entries(e.details).filter(([k]) => k !== 'action_id').map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' · ') || '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
