/** Overview: traffic, flagged and refused traffic over time; active campaigns by take; leakage; top signals. */
import { useMemo, useState } from 'preact/hooks';
import { OVERVIEW_RANGES, type OverviewRange, type OverviewResponse } from '../../../src/dashboard/api-types.ts';
import { Chips, ScoreBar } from '../components/Badges.tsx';
import { EmptyState, Loaded } from '../components/States.tsx';
import { TimeChart, type ChartSeries } from '../components/TimeChart.tsx';
import { formatAgo, formatCompact, formatDuration, formatNumber, formatPercent, formatTime } from '../format.ts';
import { useApi, useTitle } from '../hooks.ts';
import { hrefOf } from '../router.ts';

function TrafficChart({ data }: { data: OverviewResponse }) {
  const times = useMemo(() => data.traffic.map((b) => Date.parse(b.start)), [data]);
  const series = useMemo((): ChartSeries[] => [
    { label: 'all exchanges', color: '#2563eb', values: data.traffic.map((b) => b.total), fill: true },
    { label: 'flagged', color: '#d97706', values: data.traffic.map((b) => b.flagged) },
    { label: 'refused (blocked, held)', color: '#dc2626', values: data.traffic.map((b) => b.refused) },
    { label: 'throttled', color: '#7c3aed', values: data.traffic.map((b) => b.throttled) },
  ], [data]);
  return (
    <TimeChart times={times} series={series} title="Traffic"
      description={`exchanges per ${formatDuration(data.range.bucketMs)}, ${formatTime(data.range.since)} to ${formatTime(data.range.until)}`} />
  );
}

function Stat({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <div class="stat">
      <dt>{label}</dt>
      <dd><span class="stat-value">{value}</span>{detail ? <span class="stat-detail">{detail}</span> : null}</dd>
    </div>
  );
}

function OverviewBody({ data }: { data: OverviewResponse }) {
  const t = data.totals;
  const leak = data.leakage;
  return (
    <>
      <dl class="stats" aria-label="Totals">
        <Stat label="Exchanges" value={formatNumber(t.exchanges)} detail={`${formatNumber(t.answered)} answered`} />
        <Stat label="Flagged traffic" value={formatPercent(t.flagged, t.exchanges)} detail={`${formatNumber(t.flagged)} exchanges · ${formatNumber(t.flaggedAccounts)} flagged accounts`} />
        <Stat label="Refused" value={formatNumber(t.refused)} detail={`${formatNumber(t.throttled)} throttled`} />
        <Stat label="Campaigns" value={formatNumber(t.activeCampaigns)} detail={`active · ${t.blockedCampaigns} blocked · ${t.dismissedCampaigns} dismissed`} />
      </dl>
      {t.exchanges === 0
        ? <EmptyState title={`No traffic in the last ${data.range.name}.`}>Send requests through the gateway (or replay a scenario), or choose a longer range.</EmptyState>
        : <TrafficChart data={data} />}

      <div class="columns">
        <section class="panel" aria-labelledby="active-title">
          <h2 id="active-title">Active campaigns, by exchanges taken</h2>
          {data.campaigns.length === 0 ? (
            <EmptyState title="No active campaign.">Campaigns appear here as soon as the detection engine links accounts into one.</EmptyState>
          ) : (
            <table class="data">
              <thead><tr><th scope="col">Campaign</th><th scope="col">Exchanges</th><th scope="col">Accounts</th><th scope="col">Score</th><th scope="col">Targets</th><th scope="col">Detected</th></tr></thead>
              <tbody>
                {data.campaigns.map((c) => (
                  <tr key={c.campaignId}>
                    <th scope="row"><a href={hrefOf.campaign(c.campaignId)}>{c.campaignId}</a></th>
                    <td>{formatNumber(c.exchanges)}</td>
                    <td>{formatNumber(c.accounts)}</td>
                    <td><ScoreBar score={c.score} /></td>
                    <td><Chips items={c.capabilities} label="capabilities targeted" /></td>
                    <td title={formatTime(c.detectedAt)}>{formatAgo(c.detectedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>

        <section class="panel" aria-labelledby="leak-title">
          <h2 id="leak-title">Leakage estimate</h2>
          {leak.exchanges === 0 ? (
            <EmptyState title="Nothing taken by detected campaigns yet." />
          ) : (
            <>
              <p class="big" data-testid="leakage-answered">{formatNumber(leak.answered)} answers</p>
              <p>went to {formatNumber(leak.accounts)} members of detected campaigns: {formatCompact(leak.outputTokens)} output tokens.</p>
              <ul>
                <li><strong>{formatNumber(leak.answeredBeforeDetection)}</strong> before detection</li>
                <li><strong>{formatNumber(leak.answeredAfterDetection)}</strong> after detection{leak.answeredAfterDetection > 0 ? ' (taken while detected but not yet stopped)' : ''}</li>
                <li>{formatNumber(leak.exchanges - leak.answered)} of their requests were refused or failed</li>
              </ul>
              <p class="muted">Counts every campaign not dismissed, each account once.</p>
            </>
          )}
        </section>
      </div>

      <section class="panel" aria-labelledby="signals-title">
        <h2 id="signals-title">Top signals</h2>
        {data.topSignals.length === 0 ? (
          <EmptyState title="No flagged account yet." />
        ) : (
          <table class="data">
            <thead><tr><th scope="col">Signal</th><th scope="col">Flagged accounts</th><th scope="col">Mean weight</th><th scope="col">Strongest evidence</th></tr></thead>
            <tbody>
              {data.topSignals.map((s) => (
                <tr key={s.signal}>
                  <th scope="row"><code>{s.signal}</code></th>
                  <td>{formatNumber(s.accounts)}</td>
                  <td>{s.meanWeight.toFixed(2)}</td>
                  <td>{s.example}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

export function Overview() {
  useTitle('Overview');
  const [range, setRange] = useState<OverviewRange>('24h');
  const overview = useApi<OverviewResponse>(`/overview?range=${range}`);
  return (
    <section aria-labelledby="overview-title">
      <div class="page-head">
        <h1 id="overview-title">Overview</h1>
        <div class="segmented" role="group" aria-label="Time range">
          {OVERVIEW_RANGES.map((r) => (
            <button key={r} type="button" aria-pressed={r === range} onClick={() => setRange(r)}>{r}</button>
          ))}
        </div>
      </div>
      <Loaded resource={overview} what="the overview">{(data) => <OverviewBody data={data} />}</Loaded>
    </section>
  );
}
