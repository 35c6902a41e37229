/** One account: profile, scores over time and reasons, recent exchanges, audit trail, actions. */
import { useMemo } from 'preact/hooks';
import type { AccountDetailResponse, ExchangeView } from '../../../src/dashboard/api-types.ts';
import { ActionPanel, type ActionChoice } from '../components/ActionPanel.tsx';
import { ActionsTable, AuditTable, ScoreBar, StatusBadge } from '../components/Badges.tsx';
import { EmptyState, Loaded } from '../components/States.tsx';
import { TimeChart, type ChartSeries } from '../components/TimeChart.tsx';
import { formatNumber, formatTime } from '../format.ts';
import { useApi, useTitle } from '../hooks.ts';
import { hrefOf } from '../router.ts';

const CHOICES: ActionChoice[] = [
  { action: 'block', label: 'Block account', dryRunnable: true, effect: 'The account is refused at its next request.' },
  { action: 'allow', label: 'Allow', dryRunnable: false, effect: 'Overrides automatic actions: the account is served normally.' },
  { action: 'mark_false_positive', label: 'Mark false positive', dryRunnable: false, effect: 'Records that this detection was wrong (and allows the account).' },
  { action: 'allowlist', label: 'Allowlist', dryRunnable: false, effect: 'Exempts the account from automatic actions from now on.' },
];

function ScoreChart({ scores }: { scores: AccountDetailResponse['scores'] }) {
  const times = useMemo(() => scores.map((s) => Date.parse(s.ts)), [scores]);
  const series = useMemo((): ChartSeries[] => [{ label: 'score', color: '#d97706', values: scores.map((s) => s.score), stepped: true }], [scores]);
  return <TimeChart times={times} series={series} title="Score over time" description="each verdict's score, 0 (benign) to 1" height={180} yRange={[0, 1]} valueFormat={(n) => n.toFixed(2)} />;
}

function ExchangeRow({ exchange }: { exchange: ExchangeView }) {
  return (
    <li class="exchange">
      <details>
        <summary>
          <span>{formatTime(exchange.ts)}</span> · <code>{exchange.model}</code> · {exchange.endpoint} · <span class={exchange.status >= 400 ? 'bad' : ''}>HTTP {exchange.status}</span>
          {' '}· {formatNumber(exchange.inputTokens)} in / {formatNumber(exchange.outputTokens)} out · {exchange.ip}
          {exchange.prompt ? <span class="preview"> — {exchange.prompt.slice(0, 90)}{exchange.prompt.length > 90 ? '…' : ''}</span> : null}
        </summary>
        {exchange.textRetained ? (
          <dl class="exchange-text">
            {exchange.system ? <><dt>System</dt><dd><pre>{exchange.system}</pre></dd></> : null}
            <dt>Prompt</dt><dd><pre>{exchange.prompt ?? '(none)'}</pre></dd>
            {exchange.reasoning ? <><dt>Reasoning</dt><dd><pre>{exchange.reasoning}</pre></dd></> : null}
            <dt>Response</dt><dd><pre>{exchange.response ?? '(no text: the request was not answered)'}</pre></dd>
            <dt>User agent</dt><dd>{exchange.userAgent ?? '—'}</dd>
          </dl>
        ) : <p class="muted">Text not retained for this exchange (retention settings).</p>}
      </details>
    </li>
  );
}

function AccountBody({ data, reload, keepText }: { data: AccountDetailResponse; reload: () => void; keepText: boolean }) {
  const a = data.account;
  const r = a.record;
  return (
    <>
      <div class="page-head">
        <h1 id="account-title">Account {a.accountId} <StatusBadge status={a.status === 'disabled' ? 'disabled' : data.latest?.flagged ? 'flagged' : 'not flagged'} /></h1>
      </div>
      <div class="columns">
        <section class="panel" aria-labelledby="profile-title">
          <h2 id="profile-title">Profile</h2>
          <dl class="facts">
            <div><dt>Created</dt><dd>{formatTime(r.created_at)}</dd></div>
            <div><dt>Status</dt><dd>{a.status}</dd></div>
            <div><dt>Verification</dt><dd>{r.verification ?? '—'}</dd></div>
            <div><dt>Programme</dt><dd>{r.program ?? '—'}</dd></div>
            <div><dt>Organisation</dt><dd>{r.org_id ?? '—'}</dd></div>
            <div><dt>E-mail domain</dt><dd>{r.email_domain ?? '—'}</dd></div>
            <div><dt>Payment fingerprint</dt><dd>{r.payment_fp ? <code>{r.payment_fp}</code> : '—'}</dd></div>
            <div><dt>Billing country</dt><dd>{r.billing_country ?? '—'}</dd></div>
            <div><dt>Sign-up address</dt><dd>{r.signup_ip ?? '—'}</dd></div>
            <div><dt>API keys</dt><dd>{data.keys.length === 0 ? 'none' : data.keys.map((k) => `${k.prefix}…${k.revokedAt ? ' (revoked)' : ''}`).join(', ')}</dd></div>
            <div><dt>Campaigns</dt><dd>{data.campaigns.length === 0 ? 'none' : data.campaigns.map((c, i) => <span key={c.campaignId}>{i > 0 ? ', ' : ''}<a href={hrefOf.campaign(c.campaignId)}>{c.campaignId}</a> ({c.status})</span>)}</dd></div>
          </dl>
        </section>
        <section class="panel" aria-labelledby="verdict-title">
          <h2 id="verdict-title">Latest verdict</h2>
          {data.latest ? (
            <>
              <p><ScoreBar score={data.latest.score} /> {data.latest.flagged ? 'flagged' : 'not flagged'} · {formatTime(data.latest.ts)}</p>
              {data.latest.reasons.length === 0 ? <p class="muted">No reasons given.</p> : (
                <ul class="reasons">{data.latest.reasons.map((reason, i) => <li key={i}><code>{reason.signal}</code> <span class="muted">({reason.weight.toFixed(2)})</span>: {reason.detail}</li>)}</ul>
              )}
            </>
          ) : <EmptyState title="No verdict yet.">The detection engine has not scored this account.</EmptyState>}
        </section>
      </div>
      {data.scores.length > 1 ? <section class="panel" aria-label="Scores over time"><ScoreChart scores={data.scores} /></section> : null}

      <ActionPanel endpoint={`/accounts/${encodeURIComponent(a.accountId)}/actions`} choices={CHOICES} targetLabel={`account ${a.accountId}`} onDone={reload} />

      <section class="panel" aria-labelledby="exchanges-title">
        <h2 id="exchanges-title">Recent exchanges</h2>
        {!keepText ? <p class="muted">This gateway does not keep prompt and response text.</p> : null}
        {data.exchanges.length === 0 ? <EmptyState title="No exchange recorded for this account." /> : (
          <>
            <p class="muted">The newest {data.exchanges.length} of {formatNumber(data.exchangesTotal)}. Open one to read it.</p>
            <ul class="exchanges">{data.exchanges.map((e) => <ExchangeRow key={e.id} exchange={e} />)}</ul>
          </>
        )}
      </section>

      <section class="panel" aria-labelledby="account-history-title">
        <h2 id="account-history-title">Actions and audit trail</h2>
        {data.actions.length === 0 ? <EmptyState title="No action taken on this account." /> : <ActionsTable actions={data.actions} caption="Actions on this account, newest first" />}
        {data.audit.length === 0 ? <p class="muted">No audit entry for this account.</p> : <AuditTable entries={data.audit} caption="Audit log entries for this account" />}
      </section>
    </>
  );
}

export function Account({ accountId, keepText }: { accountId: string; keepText: boolean }) {
  useTitle(`Account ${accountId}`);
  const account = useApi<AccountDetailResponse>(`/accounts/${encodeURIComponent(accountId)}`);
  return (
    <section aria-labelledby="account-title">
      <p class="crumbs"><a href={hrefOf.overview()}>Overview</a> / account {accountId}</p>
      <Loaded resource={account} what={`account ${accountId}`}>{(data) => <AccountBody data={data} reload={account.reload} keepText={keepText} />}</Loaded>
    </section>
  );
}
