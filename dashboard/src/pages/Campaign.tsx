/** One campaign: what it is, what it took, its graph and timeline, the evidence, and the actions. */
import { useMemo } from 'preact/hooks';
import type { CampaignDetailResponse, TimelineMarker } from '../../../src/dashboard/api-types.ts';
import { ActionPanel, type ActionChoice } from '../components/ActionPanel.tsx';
import { ActionsTable, AuditTable, Chips, ScoreBar, StatusBadge } from '../components/Badges.tsx';
import { CampaignGraph } from '../components/CampaignGraph.tsx';
import { EmptyState, Loaded } from '../components/States.tsx';
import { TimeChart, type ChartMarker, type ChartSeries } from '../components/TimeChart.tsx';
import { formatCompact, formatDuration, formatNumber, formatTime } from '../format.ts';
import { useApi, useTitle } from '../hooks.ts';
import { hrefOf } from '../router.ts';

const MARKER_COLORS: Record<TimelineMarker['kind'], string> = { model_release: '#7c3aed', first_seen: '#64748b', detected: '#d97706', action: '#dc2626' };

function actionChoices(status: string): ActionChoice[] {
  const choices: ActionChoice[] = [];
  if (status !== 'blocked') choices.push({ action: 'block', label: 'Block campaign', dryRunnable: true, effect: 'Every member, and any account linked to the campaign later, is refused at its next request.' });
  choices.push({ action: 'require_verification', label: 'Require verification', dryRunnable: true, effect: 'Members are held until they complete step-up verification.' });
  if (status === 'blocked') choices.push({ action: 'unblock', label: 'Unblock campaign', dryRunnable: false, effect: 'Lifts the campaign block and its holds; the campaign is active again.' });
  if (status !== 'dismissed') choices.push({ action: 'dismiss', label: 'Dismiss as false positive', dryRunnable: false, effect: 'Rules the campaign benign; its members stop counting as flagged.' });
  return choices;
}

function Timeline({ data }: { data: CampaignDetailResponse }) {
  const tl = data.timeline;
  const times = useMemo(() => tl.series.map((b) => Date.parse(b.start)), [tl]);
  const series = useMemo((): ChartSeries[] => [
    { label: 'member exchanges', color: '#2563eb', values: tl.series.map((b) => b.total), fill: true },
    { label: 'answered', color: '#059669', values: tl.series.map((b) => b.answered) },
    { label: 'refused', color: '#dc2626', values: tl.series.map((b) => b.refused) },
  ], [tl]);
  const markers = useMemo((): ChartMarker[] => tl.markers.map((m) => ({ at: Date.parse(m.ts), label: m.label, color: MARKER_COLORS[m.kind] })), [tl]);
  return (
    <section class="panel" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      <TimeChart times={times} series={series} markers={markers} title="Member activity"
        description={`exchanges per ${formatDuration(tl.bucketMs)}; dashed lines mark model releases, first sight, detection and actions`} />
    </section>
  );
}

function CampaignBody({ data, reload }: { data: CampaignDetailResponse; reload: () => void }) {
  const c = data.campaign;
  return (
    <>
      <div class="page-head">
        <h1 id="campaign-title">Campaign {c.campaignId} <StatusBadge status={c.status} /></h1>
      </div>
      <p class="summary-lead">{c.summary}</p>
      <dl class="facts">
        <div><dt>Score</dt><dd><ScoreBar score={c.score} /></dd></div>
        <div><dt>Accounts</dt><dd>{formatNumber(c.accounts)}</dd></div>
        <div><dt>Exchanges taken</dt><dd>{formatNumber(c.exchanges)}</dd></div>
        <div><dt>Answered</dt><dd>{formatNumber(data.take.answered)} ({formatNumber(data.take.answeredBeforeDetection)} before detection, {formatNumber(data.take.answeredAfterDetection)} after) · {formatCompact(data.take.outputTokens)} output tokens</dd></div>
        <div><dt>First seen</dt><dd>{formatTime(c.firstSeen)}</dd></div>
        <div><dt>Detected</dt><dd>{formatTime(c.detectedAt)}</dd></div>
        <div><dt>Capabilities targeted</dt><dd><Chips items={c.capabilities} label="capabilities targeted" /></dd></div>
      </dl>

      <ActionPanel endpoint={`/campaigns/${encodeURIComponent(c.campaignId)}/actions`} choices={actionChoices(c.status)}
        targetLabel={`campaign ${c.campaignId} (${formatNumber(c.accounts)} ${c.accounts === 1 ? 'account' : 'accounts'})`} onDone={reload} />

      <CampaignGraph campaignId={c.campaignId} version={`${c.accounts}:${c.score}`} />
      <Timeline data={data} />

      <section class="panel" aria-labelledby="reasons-title">
        <h2 id="reasons-title">Reasons</h2>
        {data.reasons.length === 0 ? <EmptyState title="No member verdict gives reasons yet." /> : (
          <table class="data">
            <thead><tr><th scope="col">Signal</th><th scope="col">Members</th><th scope="col">Mean weight</th><th scope="col">Strongest evidence</th></tr></thead>
            <tbody>{data.reasons.map((r) => <tr key={r.signal}><th scope="row"><code>{r.signal}</code></th><td>{formatNumber(r.accounts)}</td><td>{r.meanWeight.toFixed(2)}</td><td>{r.example}</td></tr>)}</tbody>
          </table>
        )}
      </section>

      <div class="columns">
        <section class="panel" aria-labelledby="indicators-title">
          <h2 id="indicators-title">Indicators</h2>
          {c.indicators.length === 0 ? <EmptyState title="No indicator recorded." /> : (
            <table class="data">
              <thead><tr><th scope="col">Type</th><th scope="col">Value</th></tr></thead>
              <tbody>{c.indicators.map((i) => <tr key={`${i.type}:${i.value}`}><td>{i.type}</td><td><code>{i.value}</code></td></tr>)}</tbody>
            </table>
          )}
        </section>
        <section class="panel" aria-labelledby="members-title">
          <h2 id="members-title">Members by score</h2>
          {data.members.length === 0 ? <EmptyState title="No member verdict yet." /> : (
            <div class="table-scroll tall"><table class="data">
              <caption>{data.members.length} of {formatNumber(data.membersTotal)} members</caption>
              <thead><tr><th scope="col">Account</th><th scope="col">Score</th></tr></thead>
              <tbody>{data.members.map((m) => <tr key={m.accountId}><td><a href={hrefOf.account(m.accountId)}>{m.accountId}</a></td><td><ScoreBar score={m.score} /></td></tr>)}</tbody>
            </table></div>
          )}
        </section>
      </div>

      <section class="panel" aria-labelledby="templates-title">
        <h2 id="templates-title">Sample prompts by template cluster</h2>
        {c.templateClusters.length === 0 ? <EmptyState title="No template cluster recorded for this campaign." /> : c.templateClusters.map((t) => (
          <details key={t.templateId} class="cluster" open={c.templateClusters.length <= 2}>
            <summary><code>{t.templateId}</code>: {formatNumber(t.accounts)} accounts, {formatNumber(t.exchanges)} exchanges</summary>
            {t.samples.length === 0
              ? <p class="muted">No samples: prompt text is not retained on this gateway.</p>
              : <ol class="samples">{t.samples.map((s, i) => <li key={i}><pre>{s}</pre></li>)}</ol>}
          </details>
        ))}
      </section>

      <section class="panel" aria-labelledby="history-title">
        <h2 id="history-title">Actions and audit trail</h2>
        {c.actions.length === 0 ? <EmptyState title="No action taken yet." /> : <ActionsTable actions={c.actions} caption="Actions on this campaign, newest first" />}
        {data.audit.length === 0 ? null : <AuditTable entries={data.audit} caption="Audit log entries for this campaign" />}
      </section>
    </>
  );
}

export function Campaign({ campaignId }: { campaignId: string }) {
  useTitle(`Campaign ${campaignId}`);
  const campaign = useApi<CampaignDetailResponse>(`/campaigns/${encodeURIComponent(campaignId)}`);
  return (
    <section aria-labelledby="campaign-title">
      <p class="crumbs"><a href={hrefOf.campaigns()}>Campaigns</a> / {campaignId}</p>
      <Loaded resource={campaign} what={`campaign ${campaignId}`}>{(data) => <CampaignBody data={data} reload={campaign.reload} />}</Loaded>
    </section>
  );
}
